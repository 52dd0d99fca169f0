//! pq of the auth-key handshake (<https://core.telegram.org/mtproto/auth_key#proof-of-work>):
//! the client factors a 64-bit `pq` into primes `p < q`; the server makes one.

use rand_core::CryptoRng;

use crate::error::PqError;
use crate::prime::is_prime_u64;

/// A factored pq: `pq = p · q`, `p < q`, both prime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pq {
    /// The product.
    pub pq: u64,
    /// The smaller prime.
    pub p: u64,
    /// The larger prime.
    pub q: u64,
}

/// The minimal big-endian encoding of `n` (TL `bytes` for p, q and pq; non-minimal encodings
/// get `-404` from Telegram).
pub fn to_minimal_be(n: u64) -> Vec<u8> {
    let bytes = n.to_be_bytes();
    let skip = bytes.iter().take_while(|&&b| b == 0).count().min(7);
    bytes[skip..].to_vec()
}

/// Reads a big-endian pq of at most 8 bytes.
pub fn from_be(bytes: &[u8]) -> Result<u64, PqError> {
    if bytes.len() > 8 {
        return Err(PqError::TooLong(bytes.len()));
    }
    Ok(bytes.iter().fold(0u64, |acc, &b| (acc << 8) | b as u64))
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

fn mul_mod(a: u64, b: u64, m: u64) -> u64 {
    ((a as u128 * b as u128) % m as u128) as u64
}

/// Brent's variant of Pollard's rho with `f(y) = y² + c`: a non-trivial factor of the odd
/// composite `n`, or `None` if this `c` cycles without finding one.
fn brent(n: u64, c: u64) -> Option<u64> {
    const BATCH: u64 = 128;
    // Bounded work: for 64-bit n a factor shows up after about n^(1/4) ≈ 2^16 steps.
    const MAX_STEPS: u64 = 1 << 26;
    let f = |y: u64| (mul_mod(y, y, n) + c) % n;
    let (mut x, mut y, mut ys) = (0u64, 2u64, 2u64);
    let (mut g, mut q, mut r) = (1u64, 1u64, 1u64);
    let mut steps = 0;
    while g == 1 {
        x = y;
        for _ in 0..r {
            y = f(y);
        }
        let mut k = 0;
        while k < r && g == 1 {
            ys = y;
            for _ in 0..BATCH.min(r - k) {
                y = f(y);
                q = mul_mod(q, x.abs_diff(y), n);
            }
            g = gcd(q, n);
            k += BATCH;
        }
        r *= 2;
        steps += r;
        if steps > MAX_STEPS {
            return None;
        }
    }
    if g == n {
        // The batch overshot: redo it one step at a time.
        loop {
            ys = f(ys);
            g = gcd(x.abs_diff(ys), n);
            if g > 1 {
                break;
            }
        }
    }
    (g != n).then_some(g)
}

/// Factors `pq` into two primes `p < q`. Fails on anything that is not a product of two
/// distinct primes (a prime, a prime power, three factors...): a hostile server cannot make this
/// loop.
pub fn factorize(pq: u64) -> Result<Pq, PqError> {
    let fail = PqError::NotSemiprime(pq);
    if pq < 6 || is_prime_u64(pq) {
        return Err(fail);
    }
    let d = if pq.is_multiple_of(2) {
        2
    } else {
        (1..64).find_map(|c| brent(pq, c)).ok_or(fail)?
    };
    let (p, q) = (d.min(pq / d), d.max(pq / d));
    if p == q || !is_prime_u64(p) || !is_prime_u64(q) {
        return Err(fail);
    }
    Ok(Pq { pq, p, q })
}

/// Server side: pq from two distinct random primes in `2^30..2^31`, so p and q are below 2^32
/// (some clients encode them in exactly 4 bytes) and pq is below 2^62.
pub fn generate(rng: &mut impl CryptoRng) -> Pq {
    let mut prime = || loop {
        let candidate = (rng.next_u32() >> 2) | (1 << 30) | 1;
        if is_prime_u64(candidate as u64) {
            break candidate as u64;
        }
    };
    let a = prime();
    let b = loop {
        let b = prime();
        if b != a {
            break b;
        }
    };
    Pq {
        pq: a * b,
        p: a.min(b),
        q: a.max(b),
    }
}
