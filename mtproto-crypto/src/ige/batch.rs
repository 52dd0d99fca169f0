//! Batched AES-256-IGE: several independent messages at once.
//!
//! IGE is serial inside one message (each block needs the previous one), so one message leaves
//! most of the AES unit idle: an AES round has a latency of several cycles but the unit accepts
//! new rounds every cycle. Interleaving independent messages — step `i` takes block `i` of every
//! message — keeps up to [`LANES`] dependency chains in flight, and the out-of-order core
//! overlaps them. Each message keeps its own key (MTProto derives a fresh AES key per message).
//!
//! On x86-64 CPUs with AES-NI the batch runs in `super::aesni`: every lane's round keys in hand
//! and, at each step, the 14 rounds of all lanes issued round by round.
//!
//! Elsewhere the portable path resolves the `aes` crate's backend (AES-NI, VAES, or software)
//! once per message by nesting the messages' `encrypt_with_backend` calls; each backend is kept
//! as a `&dyn Fn` so the nesting does not multiply monomorphisations (one per backend kind, not
//! one per combination). It overlaps the chains less well (an indirect call per block).

use aes::cipher::consts::U16;
use aes::cipher::{
    BlockCipherDecBackend, BlockCipherDecClosure, BlockCipherDecrypt, BlockCipherEncBackend,
    BlockCipherEncClosure, BlockCipherEncrypt, BlockSizeUser, KeyInit,
};
use aes::{Aes256Dec, Aes256Enc, Block};

#[cfg(target_arch = "x86_64")]
use super::aesni::AesNi;
use super::{Chain, check_aligned};
use crate::error::IgeError;

/// How many messages run interleaved; larger batches are processed in groups of this size.
pub const LANES: usize = 8;

/// One message of a batch: its key, its IV (updated to the final chaining state) and its data
/// (a multiple of 16 bytes), processed in place.
#[derive(Debug)]
pub struct IgeJob<'a> {
    /// The AES-256 key.
    pub key: [u8; 32],
    /// `c₀ ‖ p₀`; after the call, the chaining state after the last block.
    pub iv: [u8; 32],
    /// The data, encrypted or decrypted in place.
    pub data: &'a mut [u8],
}

/// One lane's block function: the resolved backend of that lane's key.
type BlockFn<'f> = &'f dyn Fn(&mut Block);

/// Encrypts every job; the result is the same as [`crate::ige::encrypt`] on each one.
/// Fails (touching nothing) if any job's data is not a multiple of 16 bytes.
pub fn encrypt(jobs: &mut [IgeJob<'_>]) -> Result<(), IgeError> {
    jobs.iter().try_for_each(|j| check_aligned(j.data))?;
    #[cfg(target_arch = "x86_64")]
    if let Some(ni) = AesNi::detect() {
        jobs.chunks_mut(LANES)
            .for_each(|group| ni.encrypt_batch(group));
        return Ok(());
    }
    jobs.chunks_mut(LANES).for_each(encrypt_portable);
    Ok(())
}

/// Decrypts every job; the result is the same as [`crate::ige::decrypt`] on each one.
/// Fails (touching nothing) if any job's data is not a multiple of 16 bytes.
pub fn decrypt(jobs: &mut [IgeJob<'_>]) -> Result<(), IgeError> {
    jobs.iter().try_for_each(|j| check_aligned(j.data))?;
    #[cfg(target_arch = "x86_64")]
    if let Some(ni) = AesNi::detect() {
        jobs.chunks_mut(LANES)
            .for_each(|group| ni.decrypt_batch(group));
        return Ok(());
    }
    jobs.chunks_mut(LANES).for_each(decrypt_portable);
    Ok(())
}

/// The portable encryption of one group of at most [`LANES`] block-aligned jobs.
pub(super) fn encrypt_portable(group: &mut [IgeJob<'_>]) {
    let ciphers: [Option<Aes256Enc>; LANES] =
        std::array::from_fn(|i| group.get(i).map(|j| Aes256Enc::new(&j.key.into())));
    let ciphers: &[Option<Aes256Enc>] = &ciphers[..group.len()];
    let body = |fns: &[Option<BlockFn<'_>>]| {
        run(group, |lane, chain, block| {
            if let Some(f) = fns[lane] {
                chain.encrypt_step(block, f);
            }
        })
    };
    if let Some((Some(first), rest)) = ciphers.split_first() {
        first.encrypt_with_backend(OpenEnc {
            rest,
            fns: [None; LANES],
            n: 0,
            body,
        });
    }
}

/// The portable decryption of one group of at most [`LANES`] block-aligned jobs.
pub(super) fn decrypt_portable(group: &mut [IgeJob<'_>]) {
    let ciphers: [Option<Aes256Dec>; LANES] =
        std::array::from_fn(|i| group.get(i).map(|j| Aes256Dec::new(&j.key.into())));
    let ciphers: &[Option<Aes256Dec>] = &ciphers[..group.len()];
    let body = |fns: &[Option<BlockFn<'_>>]| {
        run(group, |lane, chain, block| {
            if let Some(f) = fns[lane] {
                chain.decrypt_step(block, f);
            }
        })
    };
    if let Some((Some(first), rest)) = ciphers.split_first() {
        first.decrypt_with_backend(OpenDec {
            rest,
            fns: [None; LANES],
            n: 0,
            body,
        });
    }
}

/// Opens the backend of lane `n`, then the next lane's inside it; the innermost call runs
/// `body` with every lane's block function.
struct OpenEnc<'s, F> {
    rest: &'s [Option<Aes256Enc>],
    fns: [Option<BlockFn<'s>>; LANES],
    n: usize,
    body: F,
}

impl<F> BlockSizeUser for OpenEnc<'_, F> {
    type BlockSize = U16;
}

impl<F: FnOnce(&[Option<BlockFn<'_>>])> BlockCipherEncClosure for OpenEnc<'_, F> {
    fn call<B: BlockCipherEncBackend<BlockSize = U16>>(self, backend: &B) {
        let f = |x: &mut Block| backend.encrypt_block_inplace(x);
        let mut fns: [Option<BlockFn<'_>>; LANES] = self.fns;
        fns[self.n] = Some(&f);
        match self.rest.split_first() {
            Some((Some(next), rest)) => next.encrypt_with_backend(OpenEnc {
                rest,
                fns,
                n: self.n + 1,
                body: self.body,
            }),
            _ => (self.body)(&fns),
        }
    }
}

/// The decryption twin of [`OpenEnc`].
struct OpenDec<'s, F> {
    rest: &'s [Option<Aes256Dec>],
    fns: [Option<BlockFn<'s>>; LANES],
    n: usize,
    body: F,
}

impl<F> BlockSizeUser for OpenDec<'_, F> {
    type BlockSize = U16;
}

impl<F: FnOnce(&[Option<BlockFn<'_>>])> BlockCipherDecClosure for OpenDec<'_, F> {
    fn call<B: BlockCipherDecBackend<BlockSize = U16>>(self, backend: &B) {
        let f = |x: &mut Block| backend.decrypt_block_inplace(x);
        let mut fns: [Option<BlockFn<'_>>; LANES] = self.fns;
        fns[self.n] = Some(&f);
        match self.rest.split_first() {
            Some((Some(next), rest)) => next.decrypt_with_backend(OpenDec {
                rest,
                fns,
                n: self.n + 1,
                body: self.body,
            }),
            _ => (self.body)(&fns),
        }
    }
}

/// Runs `step` over the group block by block: step `i` handles block `i` of every lane that
/// still has one, so the lanes' chains are independent neighbours in the instruction stream.
#[inline(always)]
fn run(group: &mut [IgeJob<'_>], mut step: impl FnMut(usize, &mut Chain, &mut [u8])) {
    let mut chains: [Chain; LANES] = std::array::from_fn(|i| match group.get(i) {
        Some(job) => Chain::from_iv(&job.iv),
        None => Chain::from_iv(&[0; 32]),
    });
    let longest = group.iter().map(|j| j.data.len()).max().unwrap_or(0);
    for offset in (0..longest).step_by(16) {
        for (lane, job) in group.iter_mut().enumerate() {
            if let Some(block) = job.data.get_mut(offset..offset + 16) {
                step(lane, &mut chains[lane], block);
            }
        }
    }
    for (job, chain) in group.iter_mut().zip(&chains) {
        chain.write_iv(&mut job.iv);
    }
}
