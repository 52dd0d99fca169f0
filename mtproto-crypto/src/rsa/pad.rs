//! RSA_PAD, the current encryption of `p_q_inner_data`
//! (<https://core.telegram.org/mtproto/auth_key#presenting-proof-of-work-server-authentication>):
//! ```text
//! data_with_padding = data ‖ random(192 − len(data))
//! data_with_hash    = reverse(data_with_padding) ‖ SHA256(temp_key ‖ data_with_padding)
//! aes_encrypted     = AES256_IGE(data_with_hash, temp_key, iv = 0)
//! key_aes_encrypted = (temp_key ⊕ SHA256(aes_encrypted)) ‖ aes_encrypted   // retry while ≥ n
//! encrypted_data    = key_aes_encrypted^e mod n
//! ```

use num_bigint::BigUint;
use rand_core::CryptoRng;
use sha2::{Digest, Sha256};

use super::{RSA_BYTES, RsaPublicKey};
use crate::concat_hash::sha256_concat;
use crate::error::RsaError;
use crate::ige;

/// The most data RSA_PAD carries.
pub const MAX_DATA: usize = 144;
const PADDED: usize = 192;

impl RsaPublicKey {
    /// RSA_PAD with random padding and temp_key from `rng` (redrawn until the value is below n).
    pub fn encrypt_rsa_pad(
        &self,
        data: &[u8],
        rng: &mut impl CryptoRng,
    ) -> Result<[u8; RSA_BYTES], RsaError> {
        if data.len() > MAX_DATA {
            return Err(RsaError::DataTooLong {
                len: data.len(),
                max: MAX_DATA,
            });
        }
        let mut padding = [0u8; PADDED];
        let padding = &mut padding[..PADDED - data.len()];
        rng.fill_bytes(padding);
        loop {
            let mut temp_key = [0u8; 32];
            rng.fill_bytes(&mut temp_key);
            match self.encrypt_rsa_pad_with(data, padding, &temp_key) {
                Err(RsaError::TempKeyTooLarge) => continue,
                result => return result,
            }
        }
    }

    /// RSA_PAD with the caller's padding (exactly `192 − len(data)` bytes) and temp_key; fails
    /// with [`RsaError::TempKeyTooLarge`] when this temp_key gives a value not below n.
    pub fn encrypt_rsa_pad_with(
        &self,
        data: &[u8],
        padding: &[u8],
        temp_key: &[u8; 32],
    ) -> Result<[u8; RSA_BYTES], RsaError> {
        if data.len() > MAX_DATA {
            return Err(RsaError::DataTooLong {
                len: data.len(),
                max: MAX_DATA,
            });
        }
        if data.len() + padding.len() != PADDED {
            return Err(RsaError::BadPaddingLength {
                len: padding.len(),
                need: PADDED - data.len(),
            });
        }
        let mut with_padding = [0u8; PADDED];
        with_padding[..data.len()].copy_from_slice(data);
        with_padding[data.len()..].copy_from_slice(padding);

        let mut key_aes_encrypted = [0u8; RSA_BYTES];
        let (temp_key_xor, aes_encrypted) = key_aes_encrypted.split_at_mut(32);
        aes_encrypted[..PADDED].copy_from_slice(&with_padding);
        aes_encrypted[..PADDED].reverse();
        let hash = sha256_concat(&[temp_key, &with_padding]);
        aes_encrypted[PADDED..].copy_from_slice(&hash);
        ige::EncSchedule::new(temp_key).encrypt_blocks(&mut [0; 32], aes_encrypted);
        let mask = Sha256::digest(&*aes_encrypted);
        for (out, (k, m)) in temp_key_xor.iter_mut().zip(temp_key.iter().zip(mask)) {
            *out = k ^ m;
        }

        let value = BigUint::from_bytes_be(&key_aes_encrypted);
        if value >= self.n {
            return Err(RsaError::TempKeyTooLarge);
        }
        Ok(self.encrypt_raw(&value))
    }
}

/// Undoes RSA_PAD on the decrypted 256 bytes; `None` unless the SHA256 checks out.
pub(crate) fn unpad(m: &[u8; RSA_BYTES]) -> Option<[u8; PADDED]> {
    let (temp_key_xor, aes_encrypted) = m.split_at(32);
    let mask = Sha256::digest(aes_encrypted);
    let temp_key: [u8; 32] = std::array::from_fn(|i| temp_key_xor[i] ^ mask[i]);
    let mut data_with_hash = [0u8; RSA_BYTES - 32];
    data_with_hash.copy_from_slice(aes_encrypted);
    ige::DecSchedule::new(&temp_key).decrypt_blocks(&mut [0; 32], &mut data_with_hash);
    let mut with_padding = [0u8; PADDED];
    with_padding.copy_from_slice(&data_with_hash[..PADDED]);
    with_padding.reverse();
    let hash = sha256_concat(&[&temp_key, &with_padding]);
    (hash[..] == data_with_hash[PADDED..]).then_some(with_padding)
}
