//! Message envelopes (<https://core.telegram.org/mtproto/description>): the unencrypted messages of
//! the handshake, encrypted cloud messages, content-related `seq_no` and containers.

pub mod container;
pub mod plain;
pub mod seq_no;

pub use plain::{PlainError, PlainMessage};
pub use seq_no::SeqNoCounter;
