//! Users (TL `user`): id, access hash, unique phone, names, unique username, status.
//! <https://core.telegram.org/constructor/user>

use crate::codec::{CodecError, Dec, Enc, Record};
use crate::ids::UserId;
use crate::limits::{MAX_NAME_BYTES, MAX_PHONE_BYTES, MAX_USERNAME_BYTES};

/// Whether `name` is a well-formed username: 5–32 characters of `[a-zA-Z0-9_]`
/// (<https://core.telegram.org/method/account.updateUsername>). Usernames compare
/// case-insensitively.
pub fn valid_username(name: &str) -> bool {
    (5..=MAX_USERNAME_BYTES as usize).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// A user's presence (TL `UserStatus`, reduced to what the server stores).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserStatus {
    /// Never seen or hidden (`userStatusEmpty`).
    Empty,
    /// Online until `expires` (`userStatusOnline`).
    Online {
        /// Unix time the online status expires.
        expires: u32,
    },
    /// Offline since `was_online` (`userStatusOffline`).
    Offline {
        /// Unix time last seen.
        was_online: u32,
    },
}

/// A stored user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// The user id.
    pub id: UserId,
    /// The access hash other users need to address this one.
    pub access_hash: i64,
    /// The phone number (unique).
    pub phone: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Username (unique, compared case-insensitively), if set.
    pub username: Option<String>,
    /// Presence.
    pub status: UserStatus,
}

impl Record for User {
    const TAG: u8 = 1;
    const VERSION: u8 = 1;

    fn write(&self, e: &mut Enc) {
        e.i64(self.id.0)
            .i64(self.access_hash)
            .str(&self.phone)
            .str(&self.first_name);
        e.str(&self.last_name)
            .str(self.username.as_deref().unwrap_or(""));
        match self.status {
            UserStatus::Empty => e.u8(0).u32(0),
            UserStatus::Online { expires } => e.u8(1).u32(expires),
            UserStatus::Offline { was_online } => e.u8(2).u32(was_online),
        };
    }

    fn read(d: &mut Dec<'_>) -> Result<Self, CodecError> {
        let id = UserId(d.i64("user.id")?);
        let access_hash = d.i64("user.access_hash")?;
        let phone = d.str("user.phone", MAX_PHONE_BYTES)?;
        let first_name = d.str("user.first_name", MAX_NAME_BYTES)?;
        let last_name = d.str("user.last_name", MAX_NAME_BYTES)?;
        let username = Some(d.str("user.username", MAX_USERNAME_BYTES)?).filter(|u| !u.is_empty());
        let kind = d.u8("user.status")?;
        let at = d.u32("user.status")?;
        let status = match kind {
            0 => UserStatus::Empty,
            1 => UserStatus::Online { expires: at },
            2 => UserStatus::Offline { was_online: at },
            v => {
                return Err(CodecError::Invalid {
                    field: "user.status",
                    value: i64::from(v),
                });
            }
        };
        Ok(User {
            id,
            access_hash,
            phone,
            first_name,
            last_name,
            username,
            status,
        })
    }
}
