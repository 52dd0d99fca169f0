//! AES-256-IGE with AES-NI intrinsics: the only `unsafe` code in the workspace.
//!
//! # Why this module exists
//!
//! Issue 3 forbids `unsafe` "unless a benchmark proves a need". The safe path on top of the
//! `aes` 0.9 crate (kept in [`super`] and [`super::batch`] as the fallback) missed two goals
//! on the project's 2-vCPU Zen 4 VM (docs/benchmarks/mtproto-crypto.md, before this module):
//!
//! * single-stream IGE against the OpenSSL AES-256-CBC bound (goal ≥ 0.9×): 0.57× at 64 B and
//!   0.84× at 352 B. Every `encrypt_with_backend` call re-checks CPU features and broadcasts all
//!   15 round keys into 512-bit registers that a serial chain never uses;
//! * 8 independent messages of 352 B batched against our single stream (goal ≥ 3×): 1.3–2.2×.
//!   Each message has its own key, and the safe API hands out one backend per key only inside a
//!   closure, so the batch nested eight backend calls and paid an indirect call per block.
//!
//! ../shared/PERF-ANCHORS.md measured an intrinsics IGE at the CBC bound (≈1 GB/s) and eight
//! interleaved messages at ≈4.1 GB/s. This module is that design: the round keys are expanded
//! here (FIPS-197 §5.2 with `AESKEYGENASSIST`; the decryption schedule is the equivalent
//! inverse cipher of §5.3.5, `AESIMC` of the middle keys), the CPU is checked once when a key
//! schedule is built, and the chain runs in one `#[target_feature]` function per call. With it
//! (same VM, loaded): the batch runs at 3.5–4.1× our single stream, and single-stream IGE at
//! ≈1.9× the CBC bound at 64 B and 0.88–2.0× at 352 B (docs/benchmarks/mtproto-crypto.md).
//!
//! # The safety argument, in one place
//!
//! * [`AesNi`] can only be obtained from [`AesNi::detect`], which checks AES-NI and SSE2 at run
//!   time; [`EncKey`] and [`DecKey`] can only be built through an `AesNi`. So every method of
//!   these types runs on a CPU that has the features its `#[target_feature]` functions enable:
//!   the `unsafe` calls into them are sound.
//! * Memory is only touched through [`load`] and [`store`], which take `&[u8; 16]` /
//!   `&mut [u8; 16]` and use the unaligned SSE2 load/store (SSE2 is part of every x86-64 CPU).
//!
//! Everything else is safe Rust: the arithmetic intrinsics are safe inside functions that enable
//! their feature.

#![deny(
    clippy::undocumented_unsafe_blocks,
    clippy::multiple_unsafe_ops_per_block
)]

use core::arch::x86_64::{
    __m128i, _mm_aesdec_si128, _mm_aesdeclast_si128, _mm_aesenc_si128, _mm_aesenclast_si128,
    _mm_aesimc_si128, _mm_aeskeygenassist_si128, _mm_loadu_si128, _mm_setzero_si128,
    _mm_shuffle_epi32, _mm_slli_si128, _mm_storeu_si128, _mm_xor_si128,
};

use super::batch::{IgeJob, LANES};

/// AES-256 round keys: 14 rounds plus the initial whitening key.
type RoundKeys = [__m128i; 15];

/// Proof that this CPU has AES-NI (and SSE2): the only way to reach the intrinsic code.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AesNi(());

impl AesNi {
    /// `Some` when the CPU supports AES-NI. `std` caches the CPUID answer, so this is one load.
    pub(crate) fn detect() -> Option<Self> {
        (is_x86_feature_detected!("aes") && is_x86_feature_detected!("sse2")).then_some(Self(()))
    }

    /// The encryption schedule of `key`.
    pub(crate) fn enc_key(self, key: &[u8; 32]) -> EncKey {
        // SAFETY: `self` proves the CPU has AES-NI and SSE2, the features `expand` enables.
        EncKey(unsafe { expand(key) })
    }

    /// The decryption schedule of `key` (equivalent inverse cipher).
    pub(crate) fn dec_key(self, key: &[u8; 32]) -> DecKey {
        // SAFETY: `self` proves the CPU has AES-NI and SSE2, the features `expand_dec` enables.
        DecKey(unsafe { expand_dec(key) })
    }

    /// Encrypts up to [`LANES`] jobs interleaved, each with its own key; the data must be
    /// block-aligned (trailing partial blocks are left alone). Callers pass groups of at most
    /// [`LANES`] jobs (`chunks_mut(LANES)`); jobs past that are not touched.
    pub(crate) fn encrypt_batch(self, jobs: &mut [IgeJob<'_>]) {
        // SAFETY: `self` proves the CPU has AES-NI and SSE2, the features `batch` enables.
        unsafe { batch::<false>(jobs) }
    }

    /// Decrypts up to [`LANES`] jobs interleaved, like [`AesNi::encrypt_batch`].
    pub(crate) fn decrypt_batch(self, jobs: &mut [IgeJob<'_>]) {
        // SAFETY: `self` proves the CPU has AES-NI and SSE2, the features `batch` enables.
        unsafe { batch::<true>(jobs) }
    }
}

/// An AES-256 encryption schedule; exists only on CPUs with AES-NI (built by [`AesNi`]).
#[derive(Clone)]
pub(crate) struct EncKey(RoundKeys);

impl EncKey {
    /// IGE-encrypts every whole block of `data` in place; `iv` becomes the final chaining state.
    pub(crate) fn encrypt(&self, iv: &mut [u8; 32], data: &mut [u8]) {
        // SAFETY: an `EncKey` is only built through `AesNi`, so the CPU has the features
        // `chain` enables.
        unsafe { chain::<false>(&self.0, iv, data, |_| {}) }
    }
}

/// An AES-256 decryption schedule; exists only on CPUs with AES-NI (built by [`AesNi`]).
#[derive(Clone)]
pub(crate) struct DecKey(RoundKeys);

impl DecKey {
    /// IGE-decrypts every whole block of `data` in place, handing `observe` each finished
    /// 64-byte piece of plaintext and then the remainder (as the portable path does).
    pub(crate) fn decrypt(&self, iv: &mut [u8; 32], data: &mut [u8], observe: impl FnMut(&[u8])) {
        // SAFETY: a `DecKey` is only built through `AesNi`, so the CPU has the features
        // `chain` enables.
        unsafe { chain::<true>(&self.0, iv, data, observe) }
    }
}

#[inline(always)]
fn load(bytes: &[u8; 16]) -> __m128i {
    // SAFETY: `bytes` is 16 readable bytes and `loadu` has no alignment requirement; SSE2 is
    // enabled on every x86-64 target.
    unsafe { _mm_loadu_si128(bytes.as_ptr().cast()) }
}

#[inline(always)]
fn store(bytes: &mut [u8; 16], v: __m128i) {
    // SAFETY: `bytes` is 16 writable bytes and `storeu` has no alignment requirement; SSE2 is
    // enabled on every x86-64 target.
    unsafe { _mm_storeu_si128(bytes.as_mut_ptr().cast(), v) }
}

#[target_feature(enable = "sse2")]
fn xor(a: __m128i, b: __m128i) -> __m128i {
    _mm_xor_si128(a, b)
}

/// The two 16-byte halves of a key or an IV (`c₀ ‖ p₀`).
#[inline(always)]
fn halves(bytes: &[u8; 32]) -> (__m128i, __m128i) {
    let (h, _) = bytes.as_chunks::<16>();
    (load(&h[0]), load(&h[1]))
}

#[inline(always)]
fn join_halves(bytes: &mut [u8; 32], first: __m128i, second: __m128i) {
    let (h, _) = bytes.as_chunks_mut::<16>();
    store(&mut h[0], first);
    store(&mut h[1], second);
}

/// Prefix XOR of the four 32-bit words: `(w0, w0⊕w1, w0⊕w1⊕w2, w0⊕w1⊕w2⊕w3)`.
#[target_feature(enable = "sse2")]
fn prefix_xor(a: __m128i) -> __m128i {
    let a = xor(a, _mm_slli_si128::<4>(a));
    xor(a, _mm_slli_si128::<8>(a))
}

/// FIPS-197 §5.2 for Nk = 8, four words at a time: `w[i] = w[i−8] ⊕ temp`, where
/// `temp = SubWord(RotWord(w[i−1])) ⊕ Rcon` when `i ≡ 0 (mod 8)` (`ROTATE`, word 3 of
/// `AESKEYGENASSIST`) and `temp = SubWord(w[i−1])` when `i ≡ 4 (mod 8)` (word 2, `RCON` = 0).
#[target_feature(enable = "aes,sse2")]
fn next_key<const RCON: i32, const ROTATE: bool>(older: __m128i, prev: __m128i) -> __m128i {
    let assist = _mm_aeskeygenassist_si128::<RCON>(prev);
    let temp = if ROTATE {
        _mm_shuffle_epi32::<0xff>(assist)
    } else {
        _mm_shuffle_epi32::<0xaa>(assist)
    };
    xor(prefix_xor(older), temp)
}

/// The AES-256 encryption key schedule.
#[target_feature(enable = "aes,sse2")]
fn expand(key: &[u8; 32]) -> RoundKeys {
    let [rk] = expand_many(std::array::from_ref(key));
    rk
}

/// The encryption schedules of `N` keys, computed step by step across the keys: each schedule
/// is one serial chain of `AESKEYGENASSIST`s, so `N` of them side by side overlap.
#[target_feature(enable = "aes,sse2")]
fn expand_many<const N: usize>(keys: &[[u8; 32]; N]) -> [RoundKeys; N] {
    let mut rk = [[_mm_setzero_si128(); 15]; N];
    for (rk, key) in rk.iter_mut().zip(keys) {
        (rk[0], rk[1]) = halves(key);
    }
    next_keys::<0x01, true>(&mut rk, 2);
    next_keys::<0x00, false>(&mut rk, 3);
    next_keys::<0x02, true>(&mut rk, 4);
    next_keys::<0x00, false>(&mut rk, 5);
    next_keys::<0x04, true>(&mut rk, 6);
    next_keys::<0x00, false>(&mut rk, 7);
    next_keys::<0x08, true>(&mut rk, 8);
    next_keys::<0x00, false>(&mut rk, 9);
    next_keys::<0x10, true>(&mut rk, 10);
    next_keys::<0x00, false>(&mut rk, 11);
    next_keys::<0x20, true>(&mut rk, 12);
    next_keys::<0x00, false>(&mut rk, 13);
    next_keys::<0x40, true>(&mut rk, 14);
    rk
}

/// Round key `i` (2..=14) of every schedule.
#[target_feature(enable = "aes,sse2")]
fn next_keys<const RCON: i32, const ROTATE: bool>(rk: &mut [RoundKeys], i: usize) {
    for rk in rk {
        rk[i] = next_key::<RCON, ROTATE>(rk[i - 2], rk[i - 1]);
    }
}

/// The decryption schedule for `AESDEC` (FIPS-197 §5.3.5, equivalent inverse cipher): the
/// encryption keys in reverse order, `InvMixColumns` applied to all but the first and last.
#[target_feature(enable = "aes,sse2")]
fn invert(rk: &RoundKeys) -> RoundKeys {
    let mut dk = [_mm_setzero_si128(); 15];
    dk[0] = rk[14];
    for r in 1..14 {
        dk[r] = _mm_aesimc_si128(rk[14 - r]);
    }
    dk[14] = rk[0];
    dk
}

/// The AES-256 decryption key schedule.
#[target_feature(enable = "aes,sse2")]
fn expand_dec(key: &[u8; 32]) -> RoundKeys {
    invert(&expand(key))
}

/// One middle round in the chosen direction.
#[target_feature(enable = "aes,sse2")]
fn round<const DECRYPT: bool>(x: __m128i, k: __m128i) -> __m128i {
    if DECRYPT {
        _mm_aesdec_si128(x, k)
    } else {
        _mm_aesenc_si128(x, k)
    }
}

/// The last round in the chosen direction.
#[target_feature(enable = "aes,sse2")]
fn last_round<const DECRYPT: bool>(x: __m128i, k: __m128i) -> __m128i {
    if DECRYPT {
        _mm_aesdeclast_si128(x, k)
    } else {
        _mm_aesenclast_si128(x, k)
    }
}

/// The IGE chain of one message, `out_i = F(in_i ⊕ out_{i−1}) ⊕ in_{i−1}` (encryption: F = E,
/// in = p, out = c; decryption: F = D, in = c, out = p; the IV is `c₀ ‖ p₀` either way).
///
/// The last AES round ends by XORing its key, so the key can carry everything the next cipher
/// input needs: with `w = in_{i+1} ⊕ k₀` (off the chain),
/// `x_{i+1} = LastRound(s, k₁₄ ⊕ in_{i−1} ⊕ w)` is already the whitened next input and
/// `out_i = x_{i+1} ⊕ w`. Between two AES rounds of the chain there is then no other instruction.
#[target_feature(enable = "aes,sse2")]
fn chain<const DECRYPT: bool>(
    rk: &RoundKeys,
    iv: &mut [u8; 32],
    data: &mut [u8],
    mut observe: impl FnMut(&[u8]),
) {
    let (c0, p0) = halves(iv);
    let (mut out_prev, mut in_prev) = if DECRYPT { (p0, c0) } else { (c0, p0) };
    let (blocks, _) = data.as_chunks_mut::<16>();
    let n = blocks.len();
    if n == 0 {
        return;
    }
    let mut input = load(&blocks[0]);
    let mut x = xor(xor(input, rk[0]), out_prev);
    for i in 0..n {
        for &k in &rk[1..14] {
            x = round::<DECRYPT>(x, k);
        }
        let next = blocks.get(i + 1).map_or(_mm_setzero_si128(), load);
        let w = xor(next, rk[0]);
        x = last_round::<DECRYPT>(x, xor(xor(rk[14], in_prev), w));
        out_prev = xor(x, w);
        store(&mut blocks[i], out_prev);
        in_prev = input;
        input = next;
        if i % 4 == 3 {
            observe(blocks[i - 3..=i].as_flattened());
        }
    }
    observe(blocks[n / 4 * 4..].as_flattened());
    let (c, p) = if DECRYPT {
        (in_prev, out_prev)
    } else {
        (out_prev, in_prev)
    };
    join_halves(iv, c, p);
}

/// One message of a batch: its round keys, chaining state and the blocks still to process.
struct Lane<'a> {
    rk: RoundKeys,
    out_prev: __m128i,
    in_prev: __m128i,
    blocks: &'a mut [[u8; 16]],
    iv: Option<&'a mut [u8; 32]>,
}

/// Runs up to [`LANES`] messages interleaved. Each pass takes the lanes that still have blocks
/// and advances all of them by the shortest one's remaining length, so the kernel always
/// works on a fixed number of equally long lanes.
#[target_feature(enable = "aes,sse2")]
fn batch<const DECRYPT: bool>(jobs: &mut [IgeJob<'_>]) {
    let zero = _mm_setzero_si128();
    let mut lanes: [Lane<'_>; LANES] = std::array::from_fn(|_| Lane {
        rk: [zero; 15],
        out_prev: zero,
        in_prev: zero,
        blocks: &mut [],
        iv: None,
    });
    // Missing lanes get a zero key: expanding it alongside costs less than a dispatch on N.
    let keys: [[u8; 32]; LANES] = std::array::from_fn(|i| jobs.get(i).map_or([0; 32], |j| j.key));
    let schedules = expand_many(&keys);
    for ((lane, job), rk) in lanes.iter_mut().zip(jobs.iter_mut()).zip(&schedules) {
        lane.rk = if DECRYPT { invert(rk) } else { *rk };
        let (c0, p0) = halves(&job.iv);
        (lane.out_prev, lane.in_prev) = if DECRYPT { (p0, c0) } else { (c0, p0) };
        lane.blocks = job.data.as_chunks_mut::<16>().0;
        lane.iv = Some(&mut job.iv);
    }
    loop {
        lanes.sort_unstable_by_key(|l| std::cmp::Reverse(l.blocks.len()));
        let active = lanes.iter().take_while(|l| !l.blocks.is_empty()).count();
        let Some(steps) = lanes[..active].iter().map(|l| l.blocks.len()).min() else {
            break;
        };
        match active {
            1 => interleave::<DECRYPT, 1>(&mut lanes, steps),
            2 => interleave::<DECRYPT, 2>(&mut lanes, steps),
            3 => interleave::<DECRYPT, 3>(&mut lanes, steps),
            4 => interleave::<DECRYPT, 4>(&mut lanes, steps),
            5 => interleave::<DECRYPT, 5>(&mut lanes, steps),
            6 => interleave::<DECRYPT, 6>(&mut lanes, steps),
            7 => interleave::<DECRYPT, 7>(&mut lanes, steps),
            _ => interleave::<DECRYPT, LANES>(&mut lanes, steps),
        }
    }
    for lane in &mut lanes {
        if let Some(iv) = lane.iv.take() {
            let (c, p) = if DECRYPT {
                (lane.in_prev, lane.out_prev)
            } else {
                (lane.out_prev, lane.in_prev)
            };
            join_halves(iv, c, p);
        }
    }
}

/// `steps` blocks of the first `N` lanes: at step `i` the 14 rounds of all `N` lanes are issued
/// round by round, so `N` independent chains fill the AES pipeline. The caller guarantees that
/// each of these lanes has at least `steps` blocks; afterwards its `blocks` start after them.
#[target_feature(enable = "aes,sse2")]
#[expect(
    clippy::needless_range_loop,
    reason = "step `i` indexes block `i` of every lane at once"
)]
fn interleave<const DECRYPT: bool, const N: usize>(lanes: &mut [Lane<'_>], steps: usize) {
    let Some(lanes) = lanes.first_chunk_mut::<N>() else {
        return;
    };
    let zero = _mm_setzero_si128();
    let mut out_prev = [zero; N];
    let mut in_prev = [zero; N];
    // Each lane's next `steps` blocks, split off so that their length is `steps` exactly.
    let mut blocks: [&mut [[u8; 16]]; N] = std::array::from_fn(|_| Default::default());
    for l in 0..N {
        let lane = &mut lanes[l];
        out_prev[l] = lane.out_prev;
        in_prev[l] = lane.in_prev;
        let (head, tail) = std::mem::take(&mut lane.blocks).split_at_mut(steps);
        blocks[l] = head;
        lane.blocks = tail;
    }
    for i in 0..steps {
        let mut input = [zero; N];
        let mut x = [zero; N];
        for l in 0..N {
            input[l] = load(&blocks[l][i]);
            x[l] = xor(xor(input[l], lanes[l].rk[0]), out_prev[l]);
        }
        for r in 1..14 {
            for l in 0..N {
                x[l] = round::<DECRYPT>(x[l], lanes[l].rk[r]);
            }
        }
        for l in 0..N {
            out_prev[l] = last_round::<DECRYPT>(x[l], xor(lanes[l].rk[14], in_prev[l]));
            store(&mut blocks[l][i], out_prev[l]);
            in_prev[l] = input[l];
        }
    }
    for l in 0..N {
        lanes[l].out_prev = out_prev[l];
        lanes[l].in_prev = in_prev[l];
    }
}
