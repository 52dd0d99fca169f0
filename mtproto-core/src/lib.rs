//! mtproto-core: the MTProto TL runtime and generated types ([`tl`]) and the typed server
//! dispatcher ([`dispatch`]); transports, sessions and the handshake live beside them. Sans-IO.
#![forbid(unsafe_code)]

pub mod dispatch;
pub mod tl;

/// Fuzz-target bodies: called by `fuzz/fuzz_targets/*.rs` and by `tests/fuzz_seeds.rs`. Built
/// for cargo-fuzz (`--cfg fuzzing`) and for the tests (feature `proptest`), not for normal use.
#[cfg(any(fuzzing, feature = "proptest"))]
#[doc(hidden)]
pub mod fuzzing;
