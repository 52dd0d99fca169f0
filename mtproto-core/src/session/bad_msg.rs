//! `bad_msg_notification` error codes
//! (<https://core.telegram.org/mtproto/service_messages_about_messages#notice-of-ignored-error-message>).

/// Why a message was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum BadMsgCode {
    /// 16: msg_id too low (the sender's clock is behind).
    IdTooLow = 16,
    /// 17: msg_id too high (the sender's clock is ahead).
    IdTooHigh = 17,
    /// 18: the two low bits of msg_id are wrong.
    IdParity = 18,
    /// 19: a container's msg_id repeats an earlier msg_id.
    ContainerIdReused = 19,
    /// 20: the message is too old to tell whether it was received.
    TooOld = 20,
    /// 32: seq_no too low.
    SeqNoTooLow = 32,
    /// 33: seq_no too high.
    SeqNoTooHigh = 33,
    /// 34: odd seq_no for a message that is not content-related.
    SeqNoOddForService = 34,
    /// 35: even seq_no for a content-related message.
    SeqNoEvenForContent = 35,
    /// 48: wrong server salt (sent as `bad_server_salt`).
    BadServerSalt = 48,
    /// 64: invalid container.
    InvalidContainer = 64,
}

impl BadMsgCode {
    /// The code for a number received on the wire.
    pub fn from_code(code: i32) -> Option<Self> {
        Some(match code {
            16 => Self::IdTooLow,
            17 => Self::IdTooHigh,
            18 => Self::IdParity,
            19 => Self::ContainerIdReused,
            20 => Self::TooOld,
            32 => Self::SeqNoTooLow,
            33 => Self::SeqNoTooHigh,
            34 => Self::SeqNoOddForService,
            35 => Self::SeqNoEvenForContent,
            48 => Self::BadServerSalt,
            64 => Self::InvalidContainer,
            _ => return None,
        })
    }
}
