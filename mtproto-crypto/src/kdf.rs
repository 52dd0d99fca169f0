//! Key derivation: msg_key and the per-message AES key/IV, MTProto 2.0 and 1.0.
//!
//! * 2.0: <https://core.telegram.org/mtproto/description#defining-aes-key-and-initialization-vector>
//! * 1.0: <https://core.telegram.org/mtproto/description_v1#defining-aes-key-and-initialization-vector>
//!   (still needed for `auth.bindTempAuthKey` and secret chats with peers below layer 73).
//!
//! Both take the 256-byte key (an auth_key or a secret-chat key) and `x` from the direction.

use sha1::{Digest, Sha1};
use subtle::ConstantTimeEq;

use crate::concat_hash::{sha1_concat, sha256_concat};

/// The 128-bit message key that travels in clear in front of every encrypted message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MsgKey(pub [u8; 16]);

impl MsgKey {
    /// Constant-time comparison (a receiver must not leak how many bytes matched).
    pub fn ct_eq(&self, other: &MsgKey) -> bool {
        self.0.ct_eq(&other.0).into()
    }
}

/// The AES-256 key and IGE IV of one message.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct MessageKeys {
    /// AES-256 key.
    pub key: [u8; 32],
    /// IGE IV (`c₀ ‖ p₀`).
    pub iv: [u8; 32],
}

impl std::fmt::Debug for MessageKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MessageKeys(..)")
    }
}

/// MTProto 2.0 `msg_key_large = SHA256(substr(auth_key, 88 + x, 32) ‖ plaintext ‖ padding)`.
pub fn msg_key_large_v2(key: &[u8; 256], x: usize, padded_plaintext: &[u8]) -> [u8; 32] {
    sha256_concat(&[&key[88 + x..120 + x], padded_plaintext])
}

/// MTProto 2.0 `msg_key = substr(msg_key_large, 8, 16)`.
pub fn msg_key_v2(key: &[u8; 256], x: usize, padded_plaintext: &[u8]) -> MsgKey {
    msg_key_from_large(&msg_key_large_v2(key, x, padded_plaintext))
}

/// `msg_key = substr(msg_key_large, 8, 16)`.
pub fn msg_key_from_large(large: &[u8; 32]) -> MsgKey {
    let mut k = [0; 16];
    k.copy_from_slice(&large[8..24]);
    MsgKey(k)
}

/// MTProto 2.0 AES key and IV for `msg_key`.
pub fn derive_v2(key: &[u8; 256], x: usize, msg_key: &MsgKey) -> MessageKeys {
    // sha256_a = SHA256(msg_key ‖ substr(auth_key, x, 36))
    let a = sha256_concat(&[&msg_key.0, &key[x..x + 36]]);
    // sha256_b = SHA256(substr(auth_key, 40 + x, 36) ‖ msg_key)
    let b = sha256_concat(&[&key[40 + x..76 + x], &msg_key.0]);
    let mut out = MessageKeys {
        key: [0; 32],
        iv: [0; 32],
    };
    // aes_key = substr(a, 0, 8) ‖ substr(b, 8, 16) ‖ substr(a, 24, 8)
    out.key[..8].copy_from_slice(&a[..8]);
    out.key[8..24].copy_from_slice(&b[8..24]);
    out.key[24..].copy_from_slice(&a[24..]);
    // aes_iv = substr(b, 0, 8) ‖ substr(a, 8, 16) ‖ substr(b, 24, 8)
    out.iv[..8].copy_from_slice(&b[..8]);
    out.iv[8..24].copy_from_slice(&a[8..24]);
    out.iv[24..].copy_from_slice(&b[24..]);
    out
}

/// MTProto 1.0 `msg_key = SHA1(plaintext_without_padding)[4..20]`.
pub fn msg_key_v1(plaintext: &[u8]) -> MsgKey {
    let h: [u8; 20] = Sha1::digest(plaintext).into();
    let mut k = [0; 16];
    k.copy_from_slice(&h[4..]);
    MsgKey(k)
}

/// MTProto 1.0 AES key and IV for `msg_key`.
pub fn derive_v1(key: &[u8; 256], x: usize, msg_key: &MsgKey) -> MessageKeys {
    let m = &msg_key.0;
    // sha1_a = SHA1(msg_key ‖ substr(auth_key, x, 32))
    let a = sha1_concat(&[m, &key[x..x + 32]]);
    // sha1_b = SHA1(substr(auth_key, 32+x, 16) ‖ msg_key ‖ substr(auth_key, 48+x, 16))
    let b = sha1_concat(&[&key[32 + x..48 + x], m, &key[48 + x..64 + x]]);
    // sha1_c = SHA1(substr(auth_key, 64+x, 32) ‖ msg_key)
    let c = sha1_concat(&[&key[64 + x..96 + x], m]);
    // sha1_d = SHA1(msg_key ‖ substr(auth_key, 96+x, 32))
    let d = sha1_concat(&[m, &key[96 + x..128 + x]]);
    let mut out = MessageKeys {
        key: [0; 32],
        iv: [0; 32],
    };
    // aes_key = sha1_a[0..8] ‖ sha1_b[8..20] ‖ sha1_c[4..16]
    out.key[..8].copy_from_slice(&a[..8]);
    out.key[8..20].copy_from_slice(&b[8..20]);
    out.key[20..].copy_from_slice(&c[4..16]);
    // aes_iv = sha1_a[8..20] ‖ sha1_b[0..8] ‖ sha1_c[16..20] ‖ sha1_d[0..8]
    out.iv[..12].copy_from_slice(&a[8..20]);
    out.iv[12..20].copy_from_slice(&b[..8]);
    out.iv[20..24].copy_from_slice(&c[16..20]);
    out.iv[24..].copy_from_slice(&d[..8]);
    out
}
