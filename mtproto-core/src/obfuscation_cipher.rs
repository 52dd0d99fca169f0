//! AES-256-CTR keystream for transport obfuscation (128-bit big-endian counter, OpenSSL
//! semantics; MTPROTO.md §1.7).

use ctr::cipher::{KeyIvInit, StreamCipher};

type Aes256Ctr = ctr::Ctr128BE<aes::Aes256>;

/// One direction's keystream.
pub(crate) struct CtrStream(Aes256Ctr);

impl CtrStream {
    pub(crate) fn new(key: &[u8; 32], iv: &[u8; 16]) -> Self {
        Self(Aes256Ctr::new(key.into(), iv.into()))
    }

    /// XORs the next `bytes.len()` keystream bytes into `bytes`.
    pub(crate) fn apply(&mut self, bytes: &mut [u8]) {
        self.0.apply_keystream(bytes);
    }
}
