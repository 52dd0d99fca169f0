//! chat-store: a sharded embedded chat database with Telegram's data model.
//!
//! - [`engine`]: the narrow storage seam ([`engine::Engine`]) with the sled 0.34.7 engine and an
//!   in-memory one (the model in property tests). Nothing above it knows which is used.
//! - [`shard`] and [`keys`]: every key starts with its virtual shard, so a shard moves between
//!   nodes as a unit ([`Store::export_shard`], [`Store::import_shard`]).
//! - [`codec`] and [`model`]: a small versioned binary codec and the records of users, auth keys,
//!   messages, dialogs, channels, contacts, files and secret chats.
//! - [`Store`]: the operations. Every write runs on one writer thread that groups commits and
//!   passes the durability barrier before any result (and so any pts) is handed out; the pts or
//!   qts of each change comes from `updates`' allocation in the same atomic write
//!   (<https://core.telegram.org/api/updates>). Reads run on any thread.
//!
//! The layout, shard moves, the durability rule and the edit-conflict rule are in
//! `docs/storage.md`.
#![forbid(unsafe_code)]

pub mod codec;
pub mod engine;
pub mod error;
pub mod ids;
pub mod keys;
pub mod limits;
pub mod model;
pub mod shard;

mod api;
mod check;
mod export;
mod log_view;
mod ops;
mod store;
mod txn;
mod writer;

#[doc(hidden)]
pub mod fuzzing;

pub use error::StoreError;
pub use export::ShardDump;
pub use log_view::StoreLog;
pub use ops::chats::{NewChannel, NewChat};
pub use ops::dialogs::{DialogCursor, DialogView};
pub use ops::history::HistoryQuery;
pub use ops::messages::{Affected, EditMessage, SendMessage, Sent};
pub use ops::secret::{RequestSecretChat, SendEncrypted};
pub use store::{SCHEMA_VERSION, Store};
pub use writer::MAX_GROUP;
