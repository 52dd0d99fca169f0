//! mtproto-core: the MTProto TL runtime and generated types ([`tl`]) and the typed server
//! dispatcher ([`dispatch`]); transports, sessions and the handshake live beside them. Sans-IO.
#![forbid(unsafe_code)]

pub mod dispatch;
pub mod tl;

/// Fuzz-target bodies: called by `fuzz/fuzz_targets/*.rs` and by `tests/fuzz_seeds.rs`.
#[doc(hidden)]
pub mod fuzzing;
