//! mtproto-core: transports, envelopes, sessions and the auth-key handshake of MTProto 2.0, for
//! clients and servers, Sans-IO (<https://core.telegram.org/mtproto>).
#![forbid(unsafe_code)]

pub mod envelope;
pub mod msg_id;
pub mod time;
pub mod transport;

#[doc(hidden)]
pub mod fuzzing;
pub mod handshake;
pub mod session;
pub mod tl_wire;
