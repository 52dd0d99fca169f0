//! The 2048-bit authorization key with its precomputed id and aux hash
//! (<https://core.telegram.org/mtproto/auth_key#9-dh-key-exchange-complete>).

use sha1::{Digest, Sha1};

use crate::concat_hash::sha1_concat;

/// `auth_key_id = SHA1(auth_key)[12..20]` read as a little-endian 64-bit integer; on the wire it
/// is written back little-endian, i.e. the same 8 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AuthKeyId(pub u64);

impl AuthKeyId {
    /// The 8 bytes as they appear on the wire.
    pub const fn to_bytes(self) -> [u8; 8] {
        self.0.to_le_bytes()
    }

    /// Reads the id from its 8 wire bytes.
    pub const fn from_bytes(bytes: [u8; 8]) -> Self {
        Self(u64::from_le_bytes(bytes))
    }
}

/// A 256-byte authorization key (cloud chats) with `auth_key_id` and `auth_key_aux_hash`
/// computed once.
#[derive(Clone)]
pub struct AuthKey {
    bytes: [u8; 256],
    id: AuthKeyId,
    aux_hash: [u8; 8],
}

impl std::fmt::Debug for AuthKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthKey")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl PartialEq for AuthKey {
    fn eq(&self, other: &Self) -> bool {
        use subtle::ConstantTimeEq;
        self.bytes.ct_eq(&other.bytes).into()
    }
}

impl Eq for AuthKey {}

impl AuthKey {
    /// Wraps the 256 key bytes (`g_ab mod dh_prime`, big-endian, left-padded with zeros).
    pub fn from_bytes(bytes: [u8; 256]) -> Self {
        let h: [u8; 20] = Sha1::digest(bytes).into();
        let mut id = [0; 8];
        id.copy_from_slice(&h[12..20]);
        let mut aux_hash = [0; 8];
        aux_hash.copy_from_slice(&h[..8]);
        Self {
            bytes,
            id: AuthKeyId::from_bytes(id),
            aux_hash,
        }
    }

    /// The key bytes.
    pub fn as_bytes(&self) -> &[u8; 256] {
        &self.bytes
    }

    /// `auth_key_id`: the lower 64 bits of SHA1(auth_key).
    pub fn id(&self) -> AuthKeyId {
        self.id
    }

    /// `auth_key_aux_hash`: the higher 64 bits of SHA1(auth_key), as raw bytes (the handshake's
    /// `retry_id` is these bytes read as a little-endian long).
    pub fn aux_hash(&self) -> [u8; 8] {
        self.aux_hash
    }

    /// `new_nonce_hashN = SHA1(new_nonce ‖ byte(N) ‖ auth_key_aux_hash)[4..20]`, N = 1 (`dh_gen_ok`),
    /// 2 (`dh_gen_retry`) or 3 (`dh_gen_fail`)
    /// (<https://core.telegram.org/mtproto/auth_key#dh-key-exchange-complete>).
    pub fn new_nonce_hash(&self, new_nonce: &[u8; 32], n: DhGenResult) -> [u8; 16] {
        let h = sha1_concat(&[new_nonce, &[n as u8], &self.aux_hash]);
        let mut out = [0; 16];
        out.copy_from_slice(&h[4..]);
        out
    }
}

/// The three answers to `set_client_DH_params`; the discriminant is the byte N in
/// `new_nonce_hashN`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DhGenResult {
    /// `dh_gen_ok` (new_nonce_hash1).
    Ok = 1,
    /// `dh_gen_retry` (new_nonce_hash2).
    Retry = 2,
    /// `dh_gen_fail` (new_nonce_hash3).
    Fail = 3,
}
