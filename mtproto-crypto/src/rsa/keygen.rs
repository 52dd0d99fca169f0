//! Generation of a 2048-bit RSA key from the caller's RNG: two 1024-bit primes with their top
//! two bits set (so `n` has exactly 2048 bits), `e = 65537`, `d = e⁻¹ mod lcm(p − 1, q − 1)`.

use num_bigint::BigUint;
use num_integer::Integer;
use rand_core::CryptoRng;

use super::RsaPrivateKey;
use crate::error::RsaError;
use crate::prime::is_probable_prime;

/// Miller–Rabin rounds for random 1024-bit candidates (FIPS 186-5 asks for 4 or more at this
/// size for an error below 2^-100; random candidates are far from the worst case).
const ROUNDS: usize = 8;

fn random_prime(rng: &mut impl CryptoRng, e: &BigUint) -> BigUint {
    loop {
        let mut bytes = [0u8; 128];
        rng.fill_bytes(&mut bytes);
        bytes[0] |= 0xc0;
        bytes[127] |= 1;
        let candidate = BigUint::from_bytes_be(&bytes);
        // gcd(e, p − 1) = 1 keeps e invertible; e is prime, so p mod e ≠ 1 suffices.
        if &candidate % e != BigUint::from(1u32) && is_probable_prime(&candidate, ROUNDS, rng) {
            return candidate;
        }
    }
}

impl RsaPrivateKey {
    /// Generates a fresh key of `bits` bits (MTProto uses 2048, the only size supported).
    pub fn generate(rng: &mut impl CryptoRng, bits: u64) -> Result<Self, RsaError> {
        if bits != 2048 {
            return Err(RsaError::UnsupportedKeySize(bits));
        }
        let e = BigUint::from(65537u32);
        loop {
            let p = random_prime(rng, &e);
            let q = random_prime(rng, &e);
            if p == q {
                continue;
            }
            let one = BigUint::from(1u32);
            let lambda = (&p - &one).lcm(&(&q - &one));
            let Some(d) = e.modinv(&lambda) else { continue };
            return Self::from_parts(p, q, e, d);
        }
    }
}
