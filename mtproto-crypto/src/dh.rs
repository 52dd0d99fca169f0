//! Diffie–Hellman for the auth-key handshake and secret chats
//! (<https://core.telegram.org/mtproto/security_guidelines#g-a-and-g-b-validation>,
//! <https://core.telegram.org/api/end-to-end#sending-a-request>).

use num_bigint::BigUint;
use num_traits::One;
use rand_core::CryptoRng;

use crate::error::DhError;
use crate::hex_const;
use crate::prime::is_probable_prime;

/// Telegram's 2048-bit safe prime (big-endian), sent by the servers with g = 3.
pub const TELEGRAM_DH_PRIME: [u8; 256] = hex_const::decode(
    "c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4dbfa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f642477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b",
);

/// Miller–Rabin rounds for p and (p − 1)/2 (the guidelines accept 15).
const MR_ROUNDS: usize = 15;

/// A validated DH group `(p, g)`: p a 2048-bit safe prime, g in 2..=7 generating the subgroup of
/// order (p − 1)/2. Validation of an unknown prime costs tens of milliseconds: keep the result
/// (per `messages.getDhConfig` version, for instance).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DhGroup {
    p: BigUint,
    g: u32,
}

/// The quadratic-residue condition under which g generates the subgroup of order (p − 1)/2.
fn residue_condition(p: &BigUint, g: u32) -> bool {
    let m = |k: u32| (p % k).try_into().unwrap_or(u32::MAX);
    match g {
        2 => m(8) == 7,
        3 => m(3) == 2,
        4 => true,
        5 => matches!(m(5), 1 | 4),
        6 => matches!(m(24), 19 | 23),
        7 => matches!(m(7), 3 | 5 | 6),
        _ => false,
    }
}

impl DhGroup {
    /// Telegram's prime with g = 3 (no check needed: the constants are known good).
    pub fn telegram() -> Self {
        Self {
            p: BigUint::from_bytes_be(&TELEGRAM_DH_PRIME),
            g: 3,
        }
    }

    /// Validates `(p, g)` as received (`server_DH_inner_data`, `messages.dhConfig`): size,
    /// g range, the residue condition, then p and (p − 1)/2 prime (skipped when p is
    /// [`TELEGRAM_DH_PRIME`]). `rng` picks the Miller–Rabin bases.
    pub fn validate(p: &[u8], g: i64, rng: &mut impl CryptoRng) -> Result<Self, DhError> {
        let p = BigUint::from_bytes_be(p);
        if p.bits() != 2048 {
            return Err(DhError::PrimeSize(p.bits()));
        }
        let g = u32::try_from(g)
            .ok()
            .filter(|g| (2..=7).contains(g))
            .ok_or(DhError::GeneratorOutOfRange(g))?;
        if !residue_condition(&p, g) {
            return Err(DhError::GeneratorNotResidue(g));
        }
        let known = p.to_bytes_be() == TELEGRAM_DH_PRIME;
        if !known && !is_safe_prime(&p, rng) {
            return Err(DhError::NotSafePrime);
        }
        Ok(Self { p, g })
    }

    /// The prime.
    pub fn p(&self) -> &BigUint {
        &self.p
    }

    /// The generator.
    pub fn g(&self) -> u32 {
        self.g
    }

    /// Checks a peer's `g_a` / `g_b` (big-endian) with [`check_public_value`].
    pub fn check_public(&self, value: &[u8]) -> Result<(), DhError> {
        check_public_value(&self.p, &BigUint::from_bytes_be(value))
    }

    /// A fresh 2048-bit secret exponent whose public value passes the range checks.
    pub fn generate_secret(&self, rng: &mut impl CryptoRng) -> DhSecret {
        loop {
            let mut bytes = [0u8; 256];
            rng.fill_bytes(&mut bytes);
            if let Some(secret) = DhSecret::from_bytes(self, &bytes) {
                return secret;
            }
        }
    }
}

/// Whether p and (p − 1)/2 are both (probable) primes.
pub fn is_safe_prime(p: &BigUint, rng: &mut impl CryptoRng) -> bool {
    let q = (p - 1u32) >> 1;
    // The cheap half first: most non-safe candidates fail on q.
    is_probable_prime(&q, MR_ROUNDS, rng) && is_probable_prime(p, MR_ROUNDS, rng)
}

/// The range check on a DH public value:
/// `1 < v < p − 1` and `2^(2048−64) ≤ v ≤ p − 2^(2048−64)`.
pub fn check_public_value(p: &BigUint, value: &BigUint) -> Result<(), DhError> {
    let margin = BigUint::one() << (2048 - 64);
    let one = BigUint::one();
    let ok = value > &one
        && value < &(p - &one)
        && value >= &margin
        && p >= &margin
        && value <= &(p - &margin);
    if ok {
        Ok(())
    } else {
        Err(DhError::PublicValueOutOfRange)
    }
}

/// `base^exp mod modulus` as exactly `N` big-endian bytes (left-padded with zeros; the value
/// must fit, which holds whenever `modulus` has at most `8·N` bits).
pub fn modpow_be<const N: usize>(base: &BigUint, exp: &BigUint, modulus: &BigUint) -> [u8; N] {
    to_be_fixed(&base.modpow(exp, modulus))
}

/// `n` as exactly `N` big-endian bytes, left-padded with zeros (`n` must fit: callers reduce it
/// modulo an `8·N`-bit number first).
pub(crate) fn to_be_fixed<const N: usize>(n: &BigUint) -> [u8; N] {
    let bytes = n.to_bytes_be();
    let mut out = [0u8; N];
    let take = bytes.len().min(N);
    out[N - take..].copy_from_slice(&bytes[bytes.len() - take..]);
    out
}

/// A secret exponent `a` with its public value `g^a mod p`.
#[derive(Clone)]
pub struct DhSecret {
    a: BigUint,
    public: [u8; 256],
}

impl std::fmt::Debug for DhSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DhSecret(..)")
    }
}

impl DhSecret {
    /// The secret from its big-endian bytes (e.g. a published test value); `None` if its
    /// public value fails the range check.
    pub fn from_bytes(group: &DhGroup, a: &[u8]) -> Option<Self> {
        let a = BigUint::from_bytes_be(a);
        let public = BigUint::from(group.g).modpow(&a, &group.p);
        check_public_value(&group.p, &public).ok()?;
        Some(Self {
            a,
            public: to_be_fixed(&public),
        })
    }

    /// `g^a mod p`, 256 big-endian bytes (what goes into `g_a` / `g_b`).
    pub fn public(&self) -> &[u8; 256] {
        &self.public
    }

    /// The shared key `peer^a mod p` as 256 big-endian bytes, after checking `peer`'s range.
    pub fn shared_key(&self, group: &DhGroup, peer: &[u8]) -> Result<[u8; 256], DhError> {
        let peer = BigUint::from_bytes_be(peer);
        check_public_value(&group.p, &peer)?;
        Ok(modpow_be(&peer, &self.a, &group.p))
    }
}
