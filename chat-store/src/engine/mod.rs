//! The storage-engine seam: a narrow, synchronous, ordered key-value interface.
//!
//! Everything above this trait (keys, records, operations, the writer) is engine-agnostic. An
//! engine offers named trees ([`Tree`]), point reads, ordered range scans in both directions, one
//! atomic write across several trees ([`WriteBatch`]), a durability barrier and statistics. The
//! contract follows `docs/storage.md` ("Engine contract").

mod memory;
mod sled;

pub use self::memory::MemoryEngine;
pub use self::sled::{SledConfig, SledEngine};

use thiserror::Error;

/// The fixed catalogue of keyspaces ("trees"). Every key in every tree starts with its virtual
/// shard (see [`crate::keys`]), except [`Tree::Meta`], which holds node-local metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Tree {
    /// Node-local metadata (schema version, shard count).
    Meta = 0,
    /// Users by id.
    User,
    /// Unique index: phone → user id.
    Phone,
    /// Unique index: lower-cased username → user id.
    Username,
    /// Auth keys by key id.
    AuthKey,
    /// Sessions of an auth key.
    Session,
    /// Index: user → auth key ids bound to it.
    UserAuth,
    /// Sequence owners' state (pts, next message id, log floor).
    Box,
    /// Messages of a box (user common box or channel).
    Msg,
    /// Index: (user, peer, msg id) inside a common box.
    PeerMsg,
    /// Send idempotency: (sender box, random id) → message id.
    Rand,
    /// Copies of one sent message in other boxes (for edits and revokes).
    Copies,
    /// The update log of each owner.
    Log,
    /// Dialogs of a user.
    Dialog,
    /// Dialog ordering index for pagination.
    DialogOrder,
    /// Channels and basic groups by id.
    Chat,
    /// Membership: (chat, user) → member record.
    Member,
    /// Index: user → chats and channels they belong to.
    UserChat,
    /// Contacts of a user.
    Contact,
    /// File metadata by id.
    File,
    /// Unique index: content hash → file id.
    FileHash,
    /// Access grants: (user, file id).
    FileAccess,
    /// Secret chats by id.
    SecretChat,
}

impl Tree {
    /// Every tree, in discriminant order.
    pub const ALL: [Tree; 23] = [
        Tree::Meta,
        Tree::User,
        Tree::Phone,
        Tree::Username,
        Tree::AuthKey,
        Tree::Session,
        Tree::UserAuth,
        Tree::Box,
        Tree::Msg,
        Tree::PeerMsg,
        Tree::Rand,
        Tree::Copies,
        Tree::Log,
        Tree::Dialog,
        Tree::DialogOrder,
        Tree::Chat,
        Tree::Member,
        Tree::UserChat,
        Tree::Contact,
        Tree::File,
        Tree::FileHash,
        Tree::FileAccess,
        Tree::SecretChat,
    ];

    /// The tree's stable on-disk name.
    pub fn name(self) -> &'static str {
        match self {
            Tree::Meta => "meta",
            Tree::User => "user",
            Tree::Phone => "phone",
            Tree::Username => "username",
            Tree::AuthKey => "auth_key",
            Tree::Session => "session",
            Tree::UserAuth => "user_auth",
            Tree::Box => "box",
            Tree::Msg => "msg",
            Tree::PeerMsg => "peer_msg",
            Tree::Rand => "rand",
            Tree::Copies => "copies",
            Tree::Log => "log",
            Tree::Dialog => "dialog",
            Tree::DialogOrder => "dialog_order",
            Tree::Chat => "chat",
            Tree::Member => "member",
            Tree::UserChat => "user_chat",
            Tree::Contact => "contact",
            Tree::File => "file",
            Tree::FileHash => "file_hash",
            Tree::FileAccess => "file_access",
            Tree::SecretChat => "secret_chat",
        }
    }

    /// The tree's index in [`Tree::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Scan direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Ascending key order.
    Forward,
    /// Descending key order.
    Reverse,
}

/// One write of a [`WriteBatch`]: `Some(value)` puts, `None` deletes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Write {
    /// The tree.
    pub tree: Tree,
    /// The key.
    pub key: Vec<u8>,
    /// The new value, or `None` to delete.
    pub value: Option<Vec<u8>>,
}

/// Writes across several trees applied atomically by [`Engine::commit`]: after a crash either
/// all of them are present or none. Later writes to the same key win.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteBatch {
    writes: Vec<Write>,
}

impl WriteBatch {
    /// An empty batch.
    pub fn new() -> Self {
        Self::default()
    }

    /// Puts `value` under `key`.
    pub fn put(&mut self, tree: Tree, key: Vec<u8>, value: Vec<u8>) {
        self.writes.push(Write {
            tree,
            key,
            value: Some(value),
        });
    }

    /// Deletes `key`.
    pub fn delete(&mut self, tree: Tree, key: Vec<u8>) {
        self.writes.push(Write {
            tree,
            key,
            value: None,
        });
    }

    /// The writes in order.
    pub fn writes(&self) -> &[Write] {
        &self.writes
    }

    /// Whether the batch holds no write.
    pub fn is_empty(&self) -> bool {
        self.writes.is_empty()
    }

    /// The pending value of `key` if this batch writes it (`Some(None)` for a pending delete).
    pub fn pending(&self, tree: Tree, key: &[u8]) -> Option<Option<&[u8]>> {
        self.writes
            .iter()
            .rev()
            .find(|w| w.tree == tree && w.key == key)
            .map(|w| w.value.as_deref())
    }
}

/// Engine statistics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EngineStats {
    /// Bytes the engine occupies on disk (0 for the in-memory engine).
    pub disk_bytes: u64,
    /// Entries per tree, indexed like [`Tree::ALL`] (counting is O(entries)).
    pub entries: Vec<u64>,
    /// Sum of key and value lengths over all trees.
    pub logical_bytes: u64,
}

/// A failure inside an engine.
#[derive(Debug, Error)]
pub enum EngineError {
    /// The underlying engine reported an error.
    #[error("storage engine failure during {during}: {message}")]
    Backend {
        /// The operation that failed.
        during: &'static str,
        /// The engine's message.
        message: String,
    },
    /// A key or value exceeded the engine's size limits.
    #[error("{what} of {len} bytes exceeds the limit of {max}")]
    TooLarge {
        /// "key" or "value".
        what: &'static str,
        /// Its length.
        len: usize,
        /// The limit.
        max: usize,
    },
}

/// The largest key an engine accepts.
pub const MAX_KEY_LEN: usize = 512;
/// The largest value an engine accepts.
pub const MAX_VALUE_LEN: usize = 1 << 20;

/// Checks the size limits of every write in `batch`.
pub fn check_sizes(batch: &WriteBatch) -> Result<(), EngineError> {
    for w in batch.writes() {
        if w.key.len() > MAX_KEY_LEN {
            return Err(EngineError::TooLarge {
                what: "key",
                len: w.key.len(),
                max: MAX_KEY_LEN,
            });
        }
        if let Some(v) = &w.value
            && v.len() > MAX_VALUE_LEN
        {
            return Err(EngineError::TooLarge {
                what: "value",
                len: v.len(),
                max: MAX_VALUE_LEN,
            });
        }
    }
    Ok(())
}

/// The visitor a scan calls for each entry; return `false` to stop.
pub type Visit<'a> = dyn FnMut(&[u8], &[u8]) -> bool + 'a;

/// Feeds the items of an ascending `range` to `step` in `direction` order until `step` returns
/// `Ok(false)` or an error (which is returned): the common loop of every engine's
/// [`Engine::scan`].
fn walk<I: DoubleEndedIterator>(
    range: I,
    direction: Direction,
    step: impl FnMut(I::Item) -> Result<bool, EngineError>,
) -> Result<(), EngineError> {
    fn until<T>(
        items: impl Iterator<Item = T>,
        mut step: impl FnMut(T) -> Result<bool, EngineError>,
    ) -> Result<(), EngineError> {
        for item in items {
            if !step(item)? {
                break;
            }
        }
        Ok(())
    }
    match direction {
        Direction::Forward => until(range, step),
        Direction::Reverse => until(range.rev(), step),
    }
}

/// A storage engine: the only way chat-store touches the disk.
pub trait Engine: Send + Sync + 'static {
    /// Reads one key.
    fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, EngineError>;

    /// Visits the entries with `lo <= key < hi` in `direction` order until `visit` returns
    /// `false`.
    fn scan(
        &self,
        tree: Tree,
        lo: &[u8],
        hi: &[u8],
        direction: Direction,
        visit: &mut Visit<'_>,
    ) -> Result<(), EngineError>;

    /// Applies `batch` atomically (all or nothing, also across a crash). Visible to readers
    /// when it returns; durable only after the next [`Engine::barrier`].
    fn commit(&self, batch: &WriteBatch) -> Result<(), EngineError>;

    /// Returns once everything committed before the call is durable.
    fn barrier(&self) -> Result<(), EngineError>;

    /// Statistics (O(entries)).
    fn stats(&self) -> Result<EngineStats, EngineError>;
}
