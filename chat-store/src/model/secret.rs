//! Secret chats (end-to-end encrypted; the server sees only DH values and ciphertext).
//! <https://core.telegram.org/api/end-to-end>

use crate::codec::{CodecError, Dec, Enc, Record};
use crate::ids::{AuthKeyId, Date, UserId};
use crate::limits::MAX_DH_BYTES;

/// A secret chat's state (TL `encryptedChatRequested` / `encryptedChat` / `encryptedChatDiscarded`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretState {
    /// Requested by the admin, waiting for the participant.
    Requested,
    /// Accepted: both sides can send.
    Accepted,
    /// Discarded by either side.
    Discarded,
}

/// One secret chat. Each side is one device (auth key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretChat {
    /// State.
    pub state: SecretState,
    /// The initiator.
    pub admin: UserId,
    /// The initiator's device.
    pub admin_device: AuthKeyId,
    /// The invited user.
    pub participant: UserId,
    /// The invited user's device, once accepted.
    pub participant_device: Option<AuthKeyId>,
    /// The initiator's DH value `g_a`.
    pub g_a: Vec<u8>,
    /// The participant's DH value `g_b` once accepted.
    pub g_b: Vec<u8>,
    /// The key fingerprint both sides agreed on.
    pub key_fingerprint: i64,
    /// Creation date.
    pub date: Date,
}

impl Record for SecretChat {
    const TAG: u8 = 13;
    const VERSION: u8 = 1;

    fn write(&self, e: &mut Enc) {
        let state = match self.state {
            SecretState::Requested => 0,
            SecretState::Accepted => 1,
            SecretState::Discarded => 2,
        };
        e.u8(state)
            .i64(self.admin.0)
            .i64(self.admin_device.0)
            .i64(self.participant.0);
        crate::model::put_opt_i64(e, self.participant_device.map(|k| k.0));
        e.bytes(&self.g_a)
            .bytes(&self.g_b)
            .i64(self.key_fingerprint)
            .u32(self.date.0);
    }

    fn read(d: &mut Dec<'_>) -> Result<Self, CodecError> {
        let state = match d.u8("secret.state")? {
            0 => SecretState::Requested,
            1 => SecretState::Accepted,
            2 => SecretState::Discarded,
            v => {
                return Err(CodecError::Invalid {
                    field: "secret.state",
                    value: i64::from(v),
                });
            }
        };
        Ok(SecretChat {
            state,
            admin: UserId(d.i64("secret.admin")?),
            admin_device: AuthKeyId(d.i64("secret.admin_device")?),
            participant: UserId(d.i64("secret.participant")?),
            participant_device: crate::model::get_opt_i64(d, "secret.participant_device")?
                .map(AuthKeyId),
            g_a: d.bytes("secret.g_a", MAX_DH_BYTES)?.to_vec(),
            g_b: d.bytes("secret.g_b", MAX_DH_BYTES)?.to_vec(),
            key_fingerprint: d.i64("secret.fingerprint")?,
            date: Date(d.u32("secret.date")?),
        })
    }
}
