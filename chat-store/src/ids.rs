//! Newtypes for the ids of the data model, so that a message id cannot be passed where a user id
//! or a pts is expected. Sequence-related types (users, channels, pts, dates, owners) come from
//! the `updates` crate so both crates speak the same numbers.

pub use updates::server::Owner;
pub use updates::{ChannelId, Date, Pts, PtsCount, Seq, UserId};

/// A basic group ("legacy chat") id, as in TL `long chat_id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ChatId(pub i64);

/// A message id inside one box (a user's common box or a channel): TL `int id`, always `>= 1`.
/// Each participant's copy of a private or basic-group message has its own id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct MsgId(pub i32);

/// The client's idempotency key of a send (TL `long random_id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RandomId(pub i64);

/// An auth key id: the low 64 bits of SHA-1 of the key (core.telegram.org/mtproto/description).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AuthKeyId(pub i64);

/// An MTProto session id chosen by the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SessionId(pub i64);

/// A file id (TL `long id` of `inputFile`/`document`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub i64);

/// A secret chat id (TL `int chat_id` of `encryptedChat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SecretChatId(pub i32);

/// The other side of a dialog, as seen from one user (TL `Peer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Peer {
    /// A private chat with a user (the user themself for "Saved Messages").
    User(UserId),
    /// A basic group.
    Chat(ChatId),
    /// A channel or supergroup.
    Channel(ChannelId),
}

impl Peer {
    /// The peer's kind byte in keys and records.
    pub fn kind(self) -> u8 {
        match self {
            Peer::User(_) => 1,
            Peer::Chat(_) => 2,
            Peer::Channel(_) => 3,
        }
    }

    /// The peer's raw id.
    pub fn raw_id(self) -> i64 {
        match self {
            Peer::User(UserId(id)) | Peer::Chat(ChatId(id)) | Peer::Channel(ChannelId(id)) => id,
        }
    }

    /// The peer from a kind byte and raw id, if the kind is known.
    pub fn from_parts(kind: u8, id: i64) -> Option<Peer> {
        match kind {
            1 => Some(Peer::User(UserId(id))),
            2 => Some(Peer::Chat(ChatId(id))),
            3 => Some(Peer::Channel(ChannelId(id))),
            _ => None,
        }
    }
}
