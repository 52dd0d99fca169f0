//! Primality tests: Miller–Rabin on big integers (DH safe-prime validation, RSA key generation)
//! and a deterministic test for 64-bit integers (pq).

use num_bigint::BigUint;
use num_traits::{One, ToPrimitive, Zero};
use rand_core::CryptoRng;

/// Primes below 2000, for trial division before Miller–Rabin.
pub(crate) const SMALL_PRIMES: [u32; 303] = small_primes();

const fn small_primes() -> [u32; 303] {
    let mut out = [0u32; 303];
    let mut count = 0;
    let mut n = 2u32;
    while n < 2000 {
        let mut d = 2;
        let mut prime = true;
        while d * d <= n {
            if n.is_multiple_of(d) {
                prime = false;
                break;
            }
            d += 1;
        }
        if prime {
            out[count] = n;
            count += 1;
        }
        n += 1;
    }
    assert!(count == 303);
    out
}

/// `Some(verdict)` when trial division by [`SMALL_PRIMES`] settles the question.
fn trial_division(n: &BigUint) -> Option<bool> {
    if let Some(small) = n.to_u32() {
        if small < 2 {
            return Some(false);
        }
        if small < 2000 {
            return Some(SMALL_PRIMES.contains(&small));
        }
    }
    SMALL_PRIMES
        .iter()
        .any(|&p| (n % p).is_zero())
        .then_some(false)
}

/// A uniform-enough random integer in `2..=n-2` (n > 4): 64 extra bits before the reduction
/// make the bias negligible.
fn random_base(n: &BigUint, rng: &mut impl CryptoRng) -> BigUint {
    let mut bytes = vec![0u8; (n.bits() as usize).div_ceil(8) + 8];
    rng.fill_bytes(&mut bytes);
    BigUint::from_bytes_be(&bytes) % (n - 3u32) + 2u32
}

/// Miller–Rabin with `rounds` random bases after trial division: a composite passes with
/// probability at most 4^-rounds.
pub(crate) fn is_probable_prime(n: &BigUint, rounds: usize, rng: &mut impl CryptoRng) -> bool {
    if let Some(verdict) = trial_division(n) {
        return verdict;
    }
    let one = BigUint::one();
    let n_minus_1 = n - &one;
    let s = n_minus_1.trailing_zeros().unwrap_or(0);
    let d = &n_minus_1 >> s;
    'rounds: for _ in 0..rounds {
        let mut x = random_base(n, rng).modpow(&d, n);
        if x == one || x == n_minus_1 {
            continue;
        }
        for _ in 1..s {
            x = (&x * &x) % n;
            if x == n_minus_1 {
                continue 'rounds;
            }
        }
        return false;
    }
    true
}

fn mul_mod(a: u64, b: u64, m: u64) -> u64 {
    ((a as u128 * b as u128) % m as u128) as u64
}

pub(crate) fn pow_mod(mut base: u64, mut exp: u64, m: u64) -> u64 {
    let mut acc = 1 % m;
    base %= m;
    while exp > 0 {
        if exp & 1 == 1 {
            acc = mul_mod(acc, base, m);
        }
        base = mul_mod(base, base, m);
        exp >>= 1;
    }
    acc
}

/// Deterministic primality for 64-bit integers: Miller–Rabin with the first twelve primes as
/// bases is exact below 3.3·10^24.
pub(crate) fn is_prime_u64(n: u64) -> bool {
    const BASES: [u64; 12] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];
    if n < 2 {
        return false;
    }
    for p in BASES {
        if n.is_multiple_of(p) {
            return n == p;
        }
    }
    let s = (n - 1).trailing_zeros();
    let d = (n - 1) >> s;
    'bases: for a in BASES {
        let mut x = pow_mod(a, d, n);
        if x == 1 || x == n - 1 {
            continue;
        }
        for _ in 1..s {
            x = mul_mod(x, x, n);
            if x == n - 1 {
                continue 'bases;
            }
        }
        return false;
    }
    true
}
