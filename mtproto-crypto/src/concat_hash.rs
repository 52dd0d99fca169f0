//! SHA-1 and SHA-256 over a concatenation of byte strings: the `SHA(a ‖ b ‖ …)` that every
//! MTProto key derivation is written in.

use sha1::Sha1;
use sha2::{Digest, Sha256};

/// `SHA1(parts[0] ‖ parts[1] ‖ …)`.
pub(crate) fn sha1_concat(parts: &[&[u8]]) -> [u8; 20] {
    parts
        .iter()
        .fold(Sha1::new(), |h, p| h.chain_update(p))
        .finalize()
        .into()
}

/// `SHA256(parts[0] ‖ parts[1] ‖ …)`.
pub(crate) fn sha256_concat(parts: &[&[u8]]) -> [u8; 32] {
    parts
        .iter()
        .fold(Sha256::new(), |h, p| h.chain_update(p))
        .finalize()
        .into()
}
