//! The legacy SHA1 scheme for `p_q_inner_data` (before RSA_PAD; Telethon 1.45 and other widely
//! used clients still send it, so a server must accept it):
//! ```text
//! encrypted_data = (SHA1(data) ‖ data ‖ random(235 − len(data)))^e mod n      // 255 bytes < n
//! ```

use num_bigint::BigUint;
use rand_core::CryptoRng;
use sha1::{Digest, Sha1};

use super::{RSA_BYTES, RsaPublicKey};
use crate::error::RsaError;

/// The most data the legacy scheme carries.
pub const MAX_DATA: usize = 235;

impl RsaPublicKey {
    /// Legacy encryption with random padding from `rng`.
    pub fn encrypt_legacy(
        &self,
        data: &[u8],
        rng: &mut impl CryptoRng,
    ) -> Result<[u8; RSA_BYTES], RsaError> {
        let mut padding = [0u8; MAX_DATA];
        let padding = &mut padding[..MAX_DATA.saturating_sub(data.len())];
        rng.fill_bytes(padding);
        self.encrypt_legacy_with(data, padding)
    }

    /// Legacy encryption with the caller's padding (exactly `235 − len(data)` bytes).
    pub fn encrypt_legacy_with(
        &self,
        data: &[u8],
        padding: &[u8],
    ) -> Result<[u8; RSA_BYTES], RsaError> {
        if data.len() > MAX_DATA {
            return Err(RsaError::DataTooLong {
                len: data.len(),
                max: MAX_DATA,
            });
        }
        if data.len() + padding.len() != MAX_DATA {
            return Err(RsaError::BadPaddingLength {
                len: padding.len(),
                need: MAX_DATA - data.len(),
            });
        }
        let mut block = [0u8; RSA_BYTES];
        block[1..21].copy_from_slice(&Sha1::digest(data));
        block[21..21 + data.len()].copy_from_slice(data);
        block[21 + data.len()..].copy_from_slice(padding);
        // A 255-byte value is below any 2048-bit modulus.
        Ok(self.encrypt_raw(&BigUint::from_bytes_be(&block)))
    }
}

/// Finds the data in a decrypted legacy block: `m[0] = 0`, `m[1..21] = SHA1(data)`, then `data`
/// and padding. The length is not encoded, so every candidate length is tried; a false match
/// would need a SHA1 collision.
pub(crate) fn unpad(m: &[u8; RSA_BYTES]) -> Option<&[u8]> {
    if m[0] != 0 {
        return None;
    }
    let rest = &m[21..];
    (0..=rest.len())
        .rev()
        .map(|len| &rest[..len])
        .find(|data| Sha1::digest(data)[..] == m[1..21])
}
