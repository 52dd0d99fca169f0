//! Key material of the auth-key handshake besides RSA and DH
//! (<https://core.telegram.org/mtproto/auth_key>).
//!
//! Nonces are hashed as their raw fixed-size bytes, never through an integer (a conversion
//! could drop leading zero bytes).

use sha1::{Digest, Sha1};

use crate::concat_hash::sha1_concat;

/// The temporary AES-256-IGE key and IV that protect `server_DH_inner_data` and
/// `client_DH_inner_data` (steps 6–7).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct TmpAesKey {
    /// `tmp_aes_key`.
    pub key: [u8; 32],
    /// `tmp_aes_iv`.
    pub iv: [u8; 32],
}

impl std::fmt::Debug for TmpAesKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TmpAesKey(..)")
    }
}

impl TmpAesKey {
    /// Derives the key and IV from the nonces:
    /// ```text
    /// tmp_aes_key = SHA1(new_nonce ‖ server_nonce) ‖ SHA1(server_nonce ‖ new_nonce)[0..12]
    /// tmp_aes_iv  = SHA1(server_nonce ‖ new_nonce)[12..20] ‖ SHA1(new_nonce ‖ new_nonce) ‖ new_nonce[0..4]
    /// ```
    pub fn from_nonces(server_nonce: &[u8; 16], new_nonce: &[u8; 32]) -> Self {
        let ns = sha1_concat(&[new_nonce, server_nonce]);
        let sn = sha1_concat(&[server_nonce, new_nonce]);
        let nn = sha1_concat(&[new_nonce, new_nonce]);
        let mut out = TmpAesKey {
            key: [0; 32],
            iv: [0; 32],
        };
        out.key[..20].copy_from_slice(&ns);
        out.key[20..].copy_from_slice(&sn[..12]);
        out.iv[..8].copy_from_slice(&sn[12..]);
        out.iv[8..28].copy_from_slice(&nn);
        out.iv[28..].copy_from_slice(&new_nonce[..4]);
        out
    }
}

/// The first server salt: `new_nonce[0..8] XOR server_nonce[0..8]`, as the 8 wire bytes.
pub fn initial_server_salt(new_nonce: &[u8; 32], server_nonce: &[u8; 16]) -> [u8; 8] {
    std::array::from_fn(|i| new_nonce[i] ^ server_nonce[i])
}

/// `new_nonce_hash` of `server_DH_params_fail`: `SHA1(new_nonce)[4..20]`.
pub fn params_fail_nonce_hash(new_nonce: &[u8; 32]) -> [u8; 16] {
    let h: [u8; 20] = Sha1::digest(new_nonce).into();
    std::array::from_fn(|i| h[4 + i])
}

/// `answer_with_hash` / `data_with_hash` check: the first 20 bytes are SHA1 of the `len` bytes
/// that follow them. The TL layer finds `len` by parsing the object after the hash.
pub fn check_data_with_hash(data_with_hash: &[u8], len: usize) -> bool {
    match data_with_hash.get(20..20 + len) {
        Some(data) => {
            let h: [u8; 20] = Sha1::digest(data).into();
            h[..] == data_with_hash[..20]
        }
        None => false,
    }
}
