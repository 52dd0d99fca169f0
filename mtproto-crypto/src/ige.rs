//! AES-256-IGE, the block mode MTProto uses for every encrypted message
//! (<https://core.telegram.org/mtproto/description#defining-aes-key-and-initialization-vector>).
//!
//! The 32-byte IV is `c₀ ‖ p₀` (OpenSSL's `AES_ige_encrypt` convention):
//! ```text
//! encrypt:  c_i = E_K(p_i ⊕ c_{i−1}) ⊕ p_{i−1}
//! decrypt:  p_i = D_K(c_i ⊕ p_{i−1}) ⊕ c_{i−1}
//! ```
//! Both directions are one serial dependency chain, so a single message runs at the AES
//! latency bound. To stay there the chain runs inside one call of the cipher's backend
//! (`encrypt_with_backend`): the CPU-feature dispatch happens once per message and every AES
//! call inlines. [`batch`] interleaves independent messages to fill the AES pipeline.

pub mod batch;

use aes::cipher::consts::U16;
use aes::cipher::{
    BlockCipherDecBackend, BlockCipherDecClosure, BlockCipherDecrypt, BlockCipherEncBackend,
    BlockCipherEncClosure, BlockCipherEncrypt, BlockSizeUser, KeyInit,
};
use aes::{Aes256, Aes256Dec, Aes256Enc, Block};

use crate::error::IgeError;

/// A 16-byte block as a `u128` (native byte order): XOR on whole registers.
#[inline(always)]
pub(crate) fn load(bytes: &[u8]) -> u128 {
    let mut b = [0u8; 16];
    b.copy_from_slice(&bytes[..16]);
    u128::from_ne_bytes(b)
}

#[inline(always)]
pub(crate) fn to_block(x: u128) -> Block {
    Block::from(x.to_ne_bytes())
}

#[inline(always)]
pub(crate) fn from_block(b: &Block) -> u128 {
    let arr: [u8; 16] = (*b).into();
    u128::from_ne_bytes(arr)
}

/// The IGE chaining state: the previous ciphertext and plaintext blocks.
#[derive(Clone, Copy)]
pub(crate) struct Chain {
    pub(crate) c_prev: u128,
    pub(crate) p_prev: u128,
}

impl Chain {
    pub(crate) fn from_iv(iv: &[u8; 32]) -> Self {
        Self {
            c_prev: load(&iv[..16]),
            p_prev: load(&iv[16..]),
        }
    }

    pub(crate) fn write_iv(&self, iv: &mut [u8; 32]) {
        iv[..16].copy_from_slice(&self.c_prev.to_ne_bytes());
        iv[16..].copy_from_slice(&self.p_prev.to_ne_bytes());
    }

    /// One encryption step over a 16-byte block in place; `aes` encrypts one block.
    #[inline(always)]
    pub(crate) fn encrypt_step(&mut self, block: &mut [u8], aes: impl FnOnce(&mut Block)) {
        let p = load(block);
        let mut x = to_block(p ^ self.c_prev);
        aes(&mut x);
        let c = from_block(&x) ^ self.p_prev;
        block[..16].copy_from_slice(&c.to_ne_bytes());
        self.c_prev = c;
        self.p_prev = p;
    }

    /// One decryption step over a 16-byte block in place; `aes` decrypts one block.
    #[inline(always)]
    pub(crate) fn decrypt_step(&mut self, block: &mut [u8], aes: impl FnOnce(&mut Block)) {
        let c = load(block);
        let mut x = to_block(c ^ self.p_prev);
        aes(&mut x);
        let p = from_block(&x) ^ self.c_prev;
        block[..16].copy_from_slice(&p.to_ne_bytes());
        self.c_prev = c;
        self.p_prev = p;
    }
}

struct EncryptChain<'a> {
    iv: &'a mut [u8; 32],
    data: &'a mut [u8],
}

impl BlockSizeUser for EncryptChain<'_> {
    type BlockSize = U16;
}

impl BlockCipherEncClosure for EncryptChain<'_> {
    #[inline(always)]
    fn call<B: BlockCipherEncBackend<BlockSize = U16>>(self, backend: &B) {
        let mut chain = Chain::from_iv(self.iv);
        for block in self.data.chunks_exact_mut(16) {
            chain.encrypt_step(block, |x| backend.encrypt_block_inplace(x));
        }
        chain.write_iv(self.iv);
    }
}

struct DecryptChain<'a> {
    iv: &'a mut [u8; 32],
    data: &'a mut [u8],
}

impl BlockSizeUser for DecryptChain<'_> {
    type BlockSize = U16;
}

impl BlockCipherDecClosure for DecryptChain<'_> {
    #[inline(always)]
    fn call<B: BlockCipherDecBackend<BlockSize = U16>>(self, backend: &B) {
        let mut chain = Chain::from_iv(self.iv);
        for block in self.data.chunks_exact_mut(16) {
            chain.decrypt_step(block, |x| backend.decrypt_block_inplace(x));
        }
        chain.write_iv(self.iv);
    }
}

pub(crate) fn check_aligned(data: &[u8]) -> Result<(), IgeError> {
    if data.len() % 16 == 0 {
        Ok(())
    } else {
        Err(IgeError::NotBlockAligned(data.len()))
    }
}

/// Encrypts `data` in place with any AES-256 encryptor; `iv` is updated to the chaining state
/// after the last block, so consecutive calls continue one stream.
pub(crate) fn encrypt_with<C: BlockCipherEncrypt<BlockSize = U16>>(
    cipher: &C,
    iv: &mut [u8; 32],
    data: &mut [u8],
) -> Result<(), IgeError> {
    check_aligned(data)?;
    encrypt_blocks(cipher, iv, data);
    Ok(())
}

/// The chain over every whole block of `data` (callers guarantee alignment).
pub(crate) fn encrypt_blocks<C: BlockCipherEncrypt<BlockSize = U16>>(
    cipher: &C,
    iv: &mut [u8; 32],
    data: &mut [u8],
) {
    cipher.encrypt_with_backend(EncryptChain { iv, data });
}

/// Decrypts `data` in place with any AES-256 decryptor; `iv` is updated like [`encrypt_with`].
pub(crate) fn decrypt_with<C: BlockCipherDecrypt<BlockSize = U16>>(
    cipher: &C,
    iv: &mut [u8; 32],
    data: &mut [u8],
) -> Result<(), IgeError> {
    check_aligned(data)?;
    decrypt_blocks(cipher, iv, data);
    Ok(())
}

/// The chain over every whole block of `data` (callers guarantee alignment).
pub(crate) fn decrypt_blocks<C: BlockCipherDecrypt<BlockSize = U16>>(
    cipher: &C,
    iv: &mut [u8; 32],
    data: &mut [u8],
) {
    cipher.decrypt_with_backend(DecryptChain { iv, data });
}

/// A reusable AES-256 key schedule for IGE in both directions.
///
/// ```
/// use mtproto_crypto::ige::AesIge;
/// let ige = AesIge::new(&[7; 32]);
/// let mut data = *b"sixteen byte msgsixteen byte msg";
/// let mut iv = [1; 32];
/// ige.encrypt(&mut iv.clone(), &mut data).unwrap();
/// ige.decrypt(&mut iv, &mut data).unwrap();
/// assert_eq!(&data, b"sixteen byte msgsixteen byte msg");
/// ```
#[derive(Clone)]
pub struct AesIge {
    cipher: Aes256,
}

impl std::fmt::Debug for AesIge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AesIge(..)")
    }
}

impl AesIge {
    /// Expands `key` once; the schedule serves any number of calls.
    pub fn new(key: &[u8; 32]) -> Self {
        Self {
            cipher: Aes256::new(key.into()),
        }
    }

    /// Encrypts `data` (a multiple of 16 bytes) in place. `iv` (`c₀ ‖ p₀`) is updated to the
    /// chaining state after the last block.
    pub fn encrypt(&self, iv: &mut [u8; 32], data: &mut [u8]) -> Result<(), IgeError> {
        encrypt_with(&self.cipher, iv, data)
    }

    /// Decrypts `data` (a multiple of 16 bytes) in place. `iv` is updated like
    /// [`AesIge::encrypt`].
    pub fn decrypt(&self, iv: &mut [u8; 32], data: &mut [u8]) -> Result<(), IgeError> {
        decrypt_with(&self.cipher, iv, data)
    }
}

/// One-shot IGE encryption in place (expands only the encryption key schedule).
pub fn encrypt(key: &[u8; 32], iv: &[u8; 32], data: &mut [u8]) -> Result<(), IgeError> {
    encrypt_with(&Aes256Enc::new(key.into()), &mut iv.clone(), data)
}

/// One-shot IGE decryption in place (expands only the decryption key schedule).
pub fn decrypt(key: &[u8; 32], iv: &[u8; 32], data: &mut [u8]) -> Result<(), IgeError> {
    decrypt_with(&Aes256Dec::new(key.into()), &mut iv.clone(), data)
}
