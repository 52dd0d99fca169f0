//! Unencrypted messages (<https://core.telegram.org/mtproto/description#unencrypted-message>):
//!
//! ```text
//! auth_key_id = 0 (8) | message_id (8) | message_data_length (4) | message_data
//! ```
//! Only the auth-key exchange travels like this.

use crate::msg_id::MsgId;

/// Bytes before `message_data`.
pub const HEADER_LEN: usize = 20;

/// A decoded unencrypted message (a view into the payload).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlainMessage<'a> {
    /// The message id.
    pub msg_id: MsgId,
    /// The TL object.
    pub body: &'a [u8],
}

/// Why a payload is not a valid unencrypted message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PlainError {
    /// Shorter than the 20-byte header.
    #[error("unencrypted message of {0} bytes is shorter than its header")]
    TooShort(usize),
    /// `auth_key_id` is not zero (the payload is an encrypted message).
    #[error("auth_key_id is not zero")]
    NotPlain,
    /// `message_data_length` does not match the payload (or is not a multiple of 4).
    #[error("message_data_length {declared} does not fit a payload of {payload} bytes")]
    BadLength {
        /// Declared length.
        declared: u32,
        /// Payload length.
        payload: usize,
    },
}

impl<'a> PlainMessage<'a> {
    /// Appends the encoded message to `out`.
    pub fn encode(msg_id: MsgId, body: &[u8], out: &mut Vec<u8>) {
        out.extend_from_slice(&[0; 8]);
        out.extend_from_slice(&msg_id.0.to_le_bytes());
        out.extend_from_slice(&(body.len() as u32).to_le_bytes());
        out.extend_from_slice(body);
    }

    /// Decodes a payload; the length field must cover the rest of it exactly.
    pub fn decode(payload: &'a [u8]) -> Result<Self, PlainError> {
        if payload.len() < HEADER_LEN {
            return Err(PlainError::TooShort(payload.len()));
        }
        if payload[..8] != [0; 8] {
            return Err(PlainError::NotPlain);
        }
        let mut id = [0u8; 8];
        id.copy_from_slice(&payload[8..16]);
        let declared = u32::from_le_bytes([payload[16], payload[17], payload[18], payload[19]]);
        let body = &payload[HEADER_LEN..];
        if declared as usize != body.len() || !declared.is_multiple_of(4) {
            return Err(PlainError::BadLength {
                declared,
                payload: payload.len(),
            });
        }
        Ok(Self {
            msg_id: MsgId(i64::from_le_bytes(id)),
            body,
        })
    }
}

/// Whether a transport payload is an unencrypted message (its auth_key_id is zero).
pub fn is_plain(payload: &[u8]) -> bool {
    payload.len() >= 8 && payload[..8] == [0; 8]
}
