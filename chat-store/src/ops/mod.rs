//! The operations: each write is a function over a [`crate::txn::Txn`] that the writer thread
//! runs and commits atomically; each read is a function over the engine's committed state.

pub mod auth;
pub mod chats;
pub mod contacts;
pub mod dialogs;
pub mod files;
pub mod history;
pub mod log;
pub mod messages;
pub mod read;
pub mod secret;
pub mod users;
