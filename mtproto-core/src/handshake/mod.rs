//! Authorization-key creation for both roles (<https://core.telegram.org/mtproto/auth_key>).
//!
//! The client is a chain of state types ([`client::AwaitResPq`] → [`client::AwaitServerDh`] →
//! [`client::AwaitDhGen`]), each consumed by the transition that reads the server's answer, so
//! a message can only be handled in the state that expects it. The server is one
//! [`server::ServerHandshake`] per connection. Both exchange unencrypted messages
//! ([`crate::envelope::PlainMessage`]) whose bodies are the generated [`crate::tl::mtproto`]
//! types; randomness comes from the caller's RNG and time from
//! the caller, so a whole exchange replays from a seed.

pub mod bind;
pub mod client;
mod error;
mod inner;
pub mod server;

pub use error::HandshakeError;
pub use inner::InnerDataKind;

use mtproto_crypto::AuthKey;
use mtproto_crypto::rsa::RsaScheme;

/// A key both sides agreed on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedKey {
    /// The auth key.
    pub key: AuthKey,
    /// The first server salt: `new_nonce[0..8] XOR server_nonce[0..8]` read as LE i64.
    pub first_salt: i64,
    /// Expiry (Unix seconds) of a temporary key.
    pub expires_at: Option<i64>,
    /// The DC id the client named, if its inner data carried one.
    pub dc: Option<i32>,
    /// The RSA scheme the client used.
    pub scheme: RsaScheme,
    /// `server_time − local time` in seconds as the client measured it (0 on the server).
    pub time_offset: i64,
}

/// SHA1 of `data`.
fn sha1(data: &[u8]) -> [u8; 20] {
    use sha1::Digest;
    sha1::Sha1::digest(data).into()
}
