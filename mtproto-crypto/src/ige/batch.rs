//! Batched AES-256-IGE: several independent messages at once.
//!
//! IGE is serial inside one message (each block needs the previous one), so one message leaves
//! most of the AES unit idle: an AES round has a latency of several cycles but the unit accepts
//! a new round every cycle or two. Interleaving independent messages — step `i` takes block `i`
//! of every message — keeps up to [`LANES`] dependency chains in flight, and the out-of-order core
//! overlaps them. Each message keeps its own key (MTProto derives a fresh AES key per message).

use aes::cipher::{BlockCipherDecrypt, BlockCipherEncrypt, KeyInit};
use aes::{Aes256Dec, Aes256Enc};

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

/// Encrypts every job; the result is the same as [`crate::ige::encrypt`] on each one.
/// Fails (touching nothing) if any job's data is not a multiple of 16 bytes.
pub fn encrypt(jobs: &mut [IgeJob<'_>]) -> Result<(), IgeError> {
    jobs.iter().try_for_each(|j| check_aligned(j.data))?;
    for group in jobs.chunks_mut(LANES) {
        let ciphers: [Option<Aes256Enc>; LANES] =
            std::array::from_fn(|i| group.get(i).map(|j| Aes256Enc::new(&j.key.into())));
        run(group, |lane, chain, block| {
            if let Some(cipher) = &ciphers[lane] {
                chain.encrypt_step(block, |x| cipher.encrypt_block(x));
            }
        });
    }
    Ok(())
}

/// Decrypts every job; the result is the same as [`crate::ige::decrypt`] on each one.
/// Fails (touching nothing) if any job's data is not a multiple of 16 bytes.
pub fn decrypt(jobs: &mut [IgeJob<'_>]) -> Result<(), IgeError> {
    jobs.iter().try_for_each(|j| check_aligned(j.data))?;
    for group in jobs.chunks_mut(LANES) {
        let ciphers: [Option<Aes256Dec>; LANES] =
            std::array::from_fn(|i| group.get(i).map(|j| Aes256Dec::new(&j.key.into())));
        run(group, |lane, chain, block| {
            if let Some(cipher) = &ciphers[lane] {
                chain.decrypt_step(block, |x| cipher.decrypt_block(x));
            }
        });
    }
    Ok(())
}

/// Runs `step` over the group block by block: step `i` handles block `i` of every lane that
/// still has one, so the lanes' chains are independent neighbours in the instruction stream.
#[inline(always)]
fn run(group: &mut [IgeJob<'_>], mut step: impl FnMut(usize, &mut Chain, &mut [u8])) {
    let mut chains: [Chain; LANES] = std::array::from_fn(|i| match group.get(i) {
        Some(job) => Chain::from_iv(&job.iv),
        None => Chain {
            c_prev: 0,
            p_prev: 0,
        },
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
