//! Errors of the store's operations. Bad client input gets a precise variant and changes nothing.

use thiserror::Error;

use crate::codec::CodecError;
use crate::engine::EngineError;
use crate::ids::{AuthKeyId, FileId, MsgId, Peer, Pts, SecretChatId, UserId};

/// Why an operation failed.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The engine failed; the operation was not applied (or, if the barrier failed, the store
    /// stopped accepting writes: see [`StoreError::Stopped`]).
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// Stored bytes did not decode (disk corruption or a newer format).
    #[error("corrupt record in tree {tree}: {source}")]
    Corrupt {
        /// The tree.
        tree: &'static str,
        /// The decoding error.
        source: CodecError,
    },
    /// The writer thread is gone (after a failed durability barrier or a shutdown).
    #[error("the store's writer has stopped: {0}")]
    Stopped(&'static str),
    /// No such user.
    #[error("user {0:?} not found")]
    UserNotFound(UserId),
    /// A user with this id already exists.
    #[error("user {0:?} already exists")]
    UserExists(UserId),
    /// The phone number belongs to another user.
    #[error("phone number already registered")]
    PhoneTaken,
    /// The username belongs to another user.
    #[error("username already taken")]
    UsernameTaken,
    /// The peer does not exist or is not visible to the caller.
    #[error("peer {0:?} not found")]
    PeerNotFound(Peer),
    /// A chat or channel with this id already exists.
    #[error("chat {0:?} already exists")]
    ChatExists(Peer),
    /// The caller is not a member of the chat or channel.
    #[error("user {user:?} is not a member of {peer:?}")]
    NotMember {
        /// The caller.
        user: UserId,
        /// The chat.
        peer: Peer,
    },
    /// The message does not exist in the caller's box.
    #[error("message {0:?} not found")]
    MessageNotFound(MsgId),
    /// The caller may not do this (edit someone else's message, post in a broadcast…).
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// A value is longer than its limit.
    #[error("{field} is {len} long, the limit is {max}")]
    TooLong {
        /// The field.
        field: &'static str,
        /// Its length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// An argument is malformed.
    #[error("invalid {field}: {reason}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// What is wrong.
        reason: &'static str,
    },
    /// A conditional edit saw a newer version.
    #[error("edit conflict: the message is at version {current}")]
    EditConflict {
        /// The message's current version.
        current: u32,
    },
    /// A difference was asked from below the trimmed log floor (the client must refetch state:
    /// `updates.differenceTooLong` / `channelDifferenceTooLong`).
    #[error("log trimmed up to pts {floor:?}")]
    LogTrimmed {
        /// The floor.
        floor: Pts,
    },
    /// The sequence cannot advance (TL int range exhausted).
    #[error("sequence exhausted: {0}")]
    Sequence(String),
    /// No such auth key.
    #[error("auth key {0:?} not found")]
    AuthKeyNotFound(AuthKeyId),
    /// The auth key already exists.
    #[error("auth key {0:?} already exists")]
    AuthKeyExists(AuthKeyId),
    /// No such file, or not visible to the caller.
    #[error("file {0:?} not found")]
    FileNotFound(FileId),
    /// No such secret chat, or not visible to the caller.
    #[error("secret chat {0:?} not found")]
    SecretChatNotFound(SecretChatId),
    /// The secret chat is not in a state that allows this.
    #[error("secret chat {0:?} is not in the required state")]
    SecretChatState(SecretChatId),
}

/// Checks `len <= max` for a client-supplied value.
pub(crate) fn check_len(field: &'static str, len: usize, max: usize) -> Result<(), StoreError> {
    if len > max {
        Err(StoreError::TooLong { field, len, max })
    } else {
        Ok(())
    }
}
