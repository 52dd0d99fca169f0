//! Why a handshake failed. Every variant aborts the exchange; the server answers any of them
//! with transport error −404, except [`HandshakeError::InvalidDc`] (−444).

use crate::envelope::PlainError;
use crate::tl::DecodeError;

/// A failed auth-key exchange.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandshakeError {
    /// The unencrypted envelope is malformed.
    #[error("bad unencrypted message: {0}")]
    Envelope(#[from] PlainError),
    /// The TL object is malformed or unexpected in this state.
    #[error("bad handshake message: {0}")]
    Tl(#[from] DecodeError),
    /// nonce or server_nonce differs from the one of this exchange.
    #[error("nonce mismatch")]
    NonceMismatch,
    /// The server offered no key we know.
    #[error("no known RSA key among the server's fingerprints")]
    UnknownFingerprint,
    /// pq is not a product of two primes, or p/q do not factor it.
    #[error("bad pq or factors")]
    BadPq,
    /// RSA decryption or encryption failed.
    #[error("rsa: {0}")]
    Rsa(#[from] mtproto_crypto::error::RsaError),
    /// The encrypted answer or data has a bad length or hash.
    #[error("encrypted handshake data fails its SHA1 or length check")]
    BadHash,
    /// dh_prime, g, g_a or g_b failed validation.
    #[error("dh: {0}")]
    Dh(#[from] mtproto_crypto::error::DhError),
    /// `server_DH_params_fail` (its hash checked).
    #[error("server refused the DH parameters")]
    ServerRefused,
    /// A `dh_gen_*` answer whose new_nonce_hash does not match.
    #[error("new_nonce_hash mismatch")]
    BadNewNonceHash,
    /// `dh_gen_fail`: start again.
    #[error("server answered dh_gen_fail")]
    GenFailed,
    /// retry_id does not match the previous attempt.
    #[error("bad retry_id")]
    BadRetryId,
    /// A DC id for the wrong environment (a test DC on production or vice versa): −444.
    #[error("invalid DC id {0}")]
    InvalidDc(i32),
    /// Too many dh_gen_retry rounds.
    #[error("too many retries")]
    TooManyRetries,
    /// A message arrived after the exchange failed.
    #[error("handshake already failed")]
    Failed,
}
