//! Auth keys and their sessions. <https://core.telegram.org/mtproto/auth_key>,
//! <https://core.telegram.org/api/invoking#layers> (the layer a key's client speaks).

use crate::codec::{CodecError, Dec, Enc, Record};
use crate::ids::{AuthKeyId, Date, UserId};
use crate::limits::{AUTH_KEY_BYTES, MAX_NAME_BYTES};
use crate::model::{get_opt_i64, put_opt_i64};

/// A stored auth key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthKey {
    /// The key id.
    pub id: AuthKeyId,
    /// The 2048-bit key.
    pub key: Vec<u8>,
    /// The user it is bound to after sign-in.
    pub user: Option<UserId>,
    /// The API layer the client declared (`invokeWithLayer`).
    pub layer: u32,
    /// Device model (`initConnection.device_model`).
    pub device_model: String,
    /// Operating system version.
    pub system_version: String,
    /// App version.
    pub app_version: String,
    /// Creation date.
    pub created: Date,
    /// Last activity.
    pub last_active: Date,
}

impl Record for AuthKey {
    const TAG: u8 = 14;
    const VERSION: u8 = 1;

    fn write(&self, e: &mut Enc) {
        e.i64(self.id.0).bytes(&self.key);
        put_opt_i64(e, self.user.map(|u| u.0));
        e.u32(self.layer)
            .str(&self.device_model)
            .str(&self.system_version)
            .str(&self.app_version);
        e.u32(self.created.0).u32(self.last_active.0);
    }

    fn read(d: &mut Dec<'_>) -> Result<Self, CodecError> {
        Ok(AuthKey {
            id: AuthKeyId(d.i64("auth.id")?),
            key: d.bytes("auth.key", AUTH_KEY_BYTES)?.to_vec(),
            user: get_opt_i64(d, "auth.user")?.map(UserId),
            layer: d.u32("auth.layer")?,
            device_model: d.str("auth.device_model", MAX_NAME_BYTES)?,
            system_version: d.str("auth.system_version", MAX_NAME_BYTES)?,
            app_version: d.str("auth.app_version", MAX_NAME_BYTES)?,
            created: Date(d.u32("auth.created")?),
            last_active: Date(d.u32("auth.last_active")?),
        })
    }
}

/// One MTProto session of an auth key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Session {
    /// When the session was first seen.
    pub created: Date,
    /// When it was last active.
    pub last_seen: Date,
}

impl Record for Session {
    const TAG: u8 = 15;
    const VERSION: u8 = 1;

    fn write(&self, e: &mut Enc) {
        e.u32(self.created.0).u32(self.last_seen.0);
    }

    fn read(d: &mut Dec<'_>) -> Result<Self, CodecError> {
        Ok(Session {
            created: Date(d.u32("session.created")?),
            last_seen: Date(d.u32("session.last_seen")?),
        })
    }
}
