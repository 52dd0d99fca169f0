//! pq generation and factoring, DH validation and range checks: round trips and typed errors.

mod common;

use mtproto_crypto::dh::{self, DhGroup, TELEGRAM_DH_PRIME};
use mtproto_crypto::error::{DhError, PqError};
use mtproto_crypto::pq;
use num_bigint::BigUint;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn generated_pq_factors_back(seed in any::<u64>()) {
        let made = pq::generate(&mut common::rng(seed));
        prop_assert!(made.p < made.q && made.q < 1 << 32);
        prop_assert_eq!(pq::to_minimal_be(made.p).len(), 4);
        prop_assert_eq!(pq::factorize(made.pq).unwrap(), made);
        prop_assert_eq!(pq::from_be(&pq::to_minimal_be(made.pq)).unwrap(), made.pq);
    }
}

#[test]
fn non_semiprimes_are_rejected() {
    for n in [
        0u64,
        1,
        2,
        3,
        4,
        5,
        7,
        9,
        105,
        3 * 5 * 7 * 11,
        (1 << 61) - 1,
        1_000_000_007 * 1_000_000_007,
    ] {
        assert_eq!(pq::factorize(n), Err(PqError::NotSemiprime(n)), "{n}");
    }
    assert_eq!(pq::factorize(6).unwrap().p, 2);
    assert_eq!(pq::from_be(&[1; 9]), Err(PqError::TooLong(9)));
}

#[test]
fn telegram_prime_is_a_safe_prime_by_the_slow_path() {
    let p = BigUint::from_bytes_be(&TELEGRAM_DH_PRIME);
    assert!(dh::is_safe_prime(&p, &mut common::rng(1)));
    // p + 2 is even-free but not a safe prime (it is divisible by 3 or fails Miller-Rabin).
    assert!(!dh::is_safe_prime(&(&p + 2u32), &mut common::rng(1)));
}

#[test]
fn dh_params_validation() {
    let mut rng = common::rng(2);
    // Residues mod 3, 5, 7, 8, 24 of Telegram's prime: only g in {3, 4, 7} pass (MTPROTO.md 4.5).
    for g in 2..=7 {
        let ok = DhGroup::validate(&TELEGRAM_DH_PRIME, g, &mut rng);
        if [3, 4, 7].contains(&g) {
            assert_eq!(ok.unwrap().g(), g as u32);
        } else {
            assert_eq!(ok, Err(DhError::GeneratorNotResidue(g as u32)), "g = {g}");
        }
    }
    for g in [-1, 0, 1, 8, 1 << 40] {
        assert_eq!(
            DhGroup::validate(&TELEGRAM_DH_PRIME, g, &mut rng),
            Err(DhError::GeneratorOutOfRange(g))
        );
    }
    assert_eq!(
        DhGroup::validate(&TELEGRAM_DH_PRIME[1..], 3, &mut rng),
        Err(DhError::PrimeSize(2037))
    );
    // A 2048-bit prime that is not safe: OpenSSL makes one; g = 4 passes the residue test.
    let prime = {
        let mut bn = openssl::bn::BigNum::new().unwrap();
        bn.generate_prime(2048, false, None, None).unwrap();
        bn.to_vec()
    };
    assert_eq!(
        DhGroup::validate(&prime, 4, &mut rng),
        Err(DhError::NotSafePrime)
    );
    // A composite of the right size.
    let mut composite = TELEGRAM_DH_PRIME;
    composite[255] ^= 0x18;
    assert_eq!(
        DhGroup::validate(&composite, 4, &mut rng),
        Err(DhError::NotSafePrime)
    );
}

#[test]
fn public_value_range() {
    let group = DhGroup::telegram();
    let p = group.p().clone();
    let margin: BigUint = BigUint::from(1u32) << (2048u32 - 64);
    let bad = [
        BigUint::from(0u32),
        BigUint::from(1u32),
        BigUint::from(2u32),
        &margin - 1u32,
        &p - &margin + 1u32,
        &p - 1u32,
        p.clone(),
        &p + 1u32,
    ];
    for v in bad {
        assert_eq!(
            group.check_public(&v.to_bytes_be()),
            Err(DhError::PublicValueOutOfRange)
        );
    }
    for v in [margin.clone(), &p - &margin, &p >> 1] {
        assert_eq!(group.check_public(&v.to_bytes_be()), Ok(()));
    }
}

#[test]
fn dh_exchange_agrees() {
    let group = DhGroup::telegram();
    let mut rng = common::rng(3);
    let a = group.generate_secret(&mut rng);
    let b = group.generate_secret(&mut rng);
    let k1 = a.shared_key(&group, b.public()).unwrap();
    let k2 = b.shared_key(&group, a.public()).unwrap();
    assert_eq!(k1, k2);
    assert_eq!(
        a.shared_key(&group, &[1]),
        Err(DhError::PublicValueOutOfRange)
    );
}
