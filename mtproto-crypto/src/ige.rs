//! AES-256-IGE, the block mode MTProto uses for every encrypted message
//! (<https://core.telegram.org/mtproto/description#defining-aes-key-and-initialization-vector>).
//!
//! The 32-byte IV is `c₀ ‖ p₀` (OpenSSL's `AES_ige_encrypt` convention):
//! ```text
//! encrypt:  c_i = E_K(p_i ⊕ c_{i−1}) ⊕ p_{i−1}
//! decrypt:  p_i = D_K(c_i ⊕ p_{i−1}) ⊕ c_{i−1}
//! ```
//! Both directions are one serial dependency chain, so a single message runs at the AES
//! latency bound. Two implementations, chosen once per key schedule:
//! * on x86-64 CPUs with AES-NI, `aesni` (the workspace's one `unsafe` module, isolated and
//!   documented there): round keys expanded with the AES-NI instructions and the whole chain in
//!   one `#[target_feature]` function;
//! * everywhere else, the portable path below on the `aes` crate: the chain runs inside one
//!   call of the cipher's backend (`encrypt_with_backend`), so the CPU-feature dispatch happens
//!   once per message and every AES call inlines.
//!
//! Both give identical results (property-tested against each other). [`batch`] interleaves
//! independent messages to fill the AES pipeline.

#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
mod aesni;
#[cfg(all(test, target_arch = "x86_64"))]
mod aesni_equivalence;
pub mod batch;
mod schedule;

pub(crate) use schedule::{DecSchedule, EncSchedule};

use aes::Block;
use aes::cipher::consts::U16;
use aes::cipher::{
    BlockCipherDecBackend, BlockCipherDecClosure, BlockCipherDecrypt, BlockCipherEncBackend,
    BlockCipherEncClosure, BlockCipherEncrypt, BlockSizeUser,
};

use crate::error::IgeError;

/// `a ⊕ b` on 16-byte blocks, written bytewise so the compiler keeps the chain in vector
/// registers (a `u128` would bounce through general-purpose registers on every block).
#[inline(always)]
pub(crate) fn xor(a: &Block, b: &Block) -> Block {
    let mut out = Block::default();
    for i in 0..16 {
        out[i] = a[i] ^ b[i];
    }
    out
}

#[inline(always)]
pub(crate) fn load(bytes: &[u8]) -> Block {
    let mut b = Block::default();
    b.copy_from_slice(&bytes[..16]);
    b
}

/// The IGE chaining state: the previous ciphertext and plaintext blocks.
#[derive(Clone, Copy)]
pub(crate) struct Chain {
    pub(crate) c_prev: Block,
    pub(crate) p_prev: Block,
}

impl Chain {
    pub(crate) fn from_iv(iv: &[u8; 32]) -> Self {
        Self {
            c_prev: load(&iv[..16]),
            p_prev: load(&iv[16..]),
        }
    }

    pub(crate) fn write_iv(&self, iv: &mut [u8; 32]) {
        iv[..16].copy_from_slice(&self.c_prev);
        iv[16..].copy_from_slice(&self.p_prev);
    }

    /// One encryption step over a 16-byte block in place; `aes` encrypts one block.
    #[inline(always)]
    pub(crate) fn encrypt_step(&mut self, block: &mut [u8], aes: impl FnOnce(&mut Block)) {
        let p = load(block);
        let mut x = xor(&p, &self.c_prev);
        aes(&mut x);
        let c = xor(&x, &self.p_prev);
        block[..16].copy_from_slice(&c);
        self.c_prev = c;
        self.p_prev = p;
    }

    /// One decryption step over a 16-byte block in place; `aes` decrypts one block.
    #[inline(always)]
    pub(crate) fn decrypt_step(&mut self, block: &mut [u8], aes: impl FnOnce(&mut Block)) {
        let c = load(block);
        let mut x = xor(&c, &self.p_prev);
        aes(&mut x);
        let p = xor(&x, &self.c_prev);
        block[..16].copy_from_slice(&p);
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
        let chain = Chain::from_iv(self.iv);
        let chain = run_chain(
            self.data,
            chain,
            |x| backend.encrypt_block_inplace(x),
            |_| {},
        );
        chain.write_iv(self.iv);
    }
}

struct DecryptChain<'a, O> {
    iv: &'a mut [u8; 32],
    data: &'a mut [u8],
    observe: O,
}

impl<O> BlockSizeUser for DecryptChain<'_, O> {
    type BlockSize = U16;
}

impl<O: FnMut(&[u8])> BlockCipherDecClosure for DecryptChain<'_, O> {
    #[inline(always)]
    fn call<B: BlockCipherDecBackend<BlockSize = U16>>(self, backend: &B) {
        // Decryption is the same chain with the roles of the two IV halves swapped:
        // p_i = D(c_i ⊕ p_{i−1}) ⊕ c_{i−1}.
        let mut chain = Chain::from_iv(self.iv);
        std::mem::swap(&mut chain.c_prev, &mut chain.p_prev);
        let mut chain = run_chain(
            self.data,
            chain,
            |x| backend.decrypt_block_inplace(x),
            self.observe,
        );
        std::mem::swap(&mut chain.c_prev, &mut chain.p_prev);
        chain.write_iv(self.iv);
    }
}

/// The IGE chain over every whole block of `data`, written as
/// `out_i = F(in_i ⊕ out_{i−1}) ⊕ in_{i−1}` (encryption: F = E, in = p, out = c; decryption:
/// F = D, in = c, out = p). `chain.c_prev` holds `out_{i−1}`, `chain.p_prev` holds `in_{i−1}`.
///
/// The next cipher input is `in_{i+1} ⊕ out_i = F(x_i) ⊕ (in_{i−1} ⊕ in_{i+1})`: the bracket is
/// computed off the dependency chain, so only one XOR separates two AES calls (as in CBC).
///
/// `observe` sees the output in 64-byte pieces as soon as each is final (and the remainder at the
/// end): a hash fed this way runs on the SHA unit while the AES chain continues, and the
/// out-of-order core overlaps the two dependency chains.
#[inline(always)]
fn run_chain(
    data: &mut [u8],
    mut chain: Chain,
    mut f: impl FnMut(&mut Block),
    mut observe: impl FnMut(&[u8]),
) -> Chain {
    let n = data.len() / 16;
    if n == 0 {
        return chain;
    }
    let mut input = load(&data[..16]);
    let mut x = xor(&input, &chain.c_prev);
    for i in 0..n {
        f(&mut x);
        let out = xor(&x, &chain.p_prev);
        let next = if i + 1 < n {
            load(&data[(i + 1) * 16..])
        } else {
            Block::default()
        };
        x = xor(&x, &xor(&chain.p_prev, &next));
        data[i * 16..i * 16 + 16].copy_from_slice(&out);
        chain.c_prev = out;
        chain.p_prev = input;
        input = next;
        if i % 4 == 3 {
            observe(&data[(i - 3) * 16..(i + 1) * 16]);
        }
    }
    observe(&data[n / 4 * 64..n * 16]);
    chain
}

pub(crate) fn check_aligned(data: &[u8]) -> Result<(), IgeError> {
    if data.len().is_multiple_of(16) {
        Ok(())
    } else {
        Err(IgeError::NotBlockAligned(data.len()))
    }
}

/// The portable chain over every whole block of `data` (callers guarantee alignment).
fn encrypt_blocks<C: BlockCipherEncrypt<BlockSize = U16>>(
    cipher: &C,
    iv: &mut [u8; 32],
    data: &mut [u8],
) {
    cipher.encrypt_with_backend(EncryptChain { iv, data });
}

/// The portable decryption chain, handing each finished 64-byte piece of plaintext to
/// `observe` while the chain goes on (message decryption hashes the plaintext this way).
fn decrypt_blocks_observed<C: BlockCipherDecrypt<BlockSize = U16>>(
    cipher: &C,
    iv: &mut [u8; 32],
    data: &mut [u8],
    observe: impl FnMut(&[u8]),
) {
    cipher.decrypt_with_backend(DecryptChain { iv, data, observe });
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
///
/// `Debug` shows which implementation runs (`AesIge(AES-NI)` or `AesIge(portable)`), never
/// the key.
#[derive(Clone)]
pub struct AesIge {
    enc: EncSchedule,
    dec: DecSchedule,
}

impl std::fmt::Debug for AesIge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AesIge({})", self.dec.path())
    }
}

impl AesIge {
    /// Expands `key` once; the schedule serves any number of calls.
    pub fn new(key: &[u8; 32]) -> Self {
        Self {
            enc: EncSchedule::new(key),
            dec: DecSchedule::new(key),
        }
    }

    /// Encrypts `data` (a multiple of 16 bytes) in place. `iv` (`c₀ ‖ p₀`) is updated to the
    /// chaining state after the last block.
    pub fn encrypt(&self, iv: &mut [u8; 32], data: &mut [u8]) -> Result<(), IgeError> {
        check_aligned(data)?;
        self.enc.encrypt_blocks(iv, data);
        Ok(())
    }

    /// Decrypts `data` (a multiple of 16 bytes) in place. `iv` is updated like
    /// [`AesIge::encrypt`].
    pub fn decrypt(&self, iv: &mut [u8; 32], data: &mut [u8]) -> Result<(), IgeError> {
        check_aligned(data)?;
        self.dec.decrypt_blocks(iv, data);
        Ok(())
    }
}

/// One-shot IGE encryption in place (expands only the encryption key schedule).
pub fn encrypt(key: &[u8; 32], iv: &[u8; 32], data: &mut [u8]) -> Result<(), IgeError> {
    check_aligned(data)?;
    EncSchedule::new(key).encrypt_blocks(&mut iv.clone(), data);
    Ok(())
}

/// One-shot IGE decryption in place (expands only the decryption key schedule).
pub fn decrypt(key: &[u8; 32], iv: &[u8; 32], data: &mut [u8]) -> Result<(), IgeError> {
    check_aligned(data)?;
    DecSchedule::new(key).decrypt_blocks(&mut iv.clone(), data);
    Ok(())
}
