//! mtproto-core: MTProto 2.0 for clients and servers, Sans-IO (<https://core.telegram.org/mtproto>).
//!
//! - [`tl`]: the TL runtime and the types generated from the schemas (service, API layer,
//!   end-to-end), and [`dispatch`], the typed server dispatcher.
//! - [`transport`], [`envelope`], [`msg_id`], [`time`]: framing of the byte stream and of messages.
//! - [`handshake`] and [`session`]: the auth-key exchange and the encrypted sessions, both roles.
#![forbid(unsafe_code)]

pub mod dispatch;
pub mod envelope;
pub mod handshake;
pub mod msg_id;
pub mod session;
pub mod time;
pub mod tl;
pub mod transport;

/// Fuzz-target bodies: called by `fuzz/fuzz_targets/*.rs` and by the seed-replay tests. Built
/// for cargo-fuzz (`--cfg fuzzing`) and for the tests (feature `proptest`), not for normal use.
#[cfg(any(fuzzing, feature = "proptest"))]
#[doc(hidden)]
pub mod fuzzing;
