//! RSA keys and both schemes in both roles, with OpenSSL as the oracle for PEM and key
//! validity; bad blobs give typed errors.

mod common;

use std::sync::OnceLock;

use mtproto_crypto::error::RsaError;
use mtproto_crypto::rsa::{RsaPrivateKey, RsaPublicKey, RsaScheme};
use num_bigint::BigUint;
use openssl::bn::BigNum;
use openssl::pkey::PKey;
use openssl::rsa::Rsa;

/// One generated key per test binary (generation costs a fraction of a second).
fn generated() -> &'static RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| RsaPrivateKey::generate(&mut common::rng(7), 2048).unwrap())
}

fn big(bn: &openssl::bn::BigNumRef) -> BigUint {
    BigUint::from_bytes_be(&bn.to_vec())
}

#[test]
fn generated_key_is_valid_for_openssl() {
    let key = generated();
    assert_eq!(key.public().n().bits(), 2048);
    let pem = key.to_pkcs1_pem().unwrap();
    let ossl = Rsa::private_key_from_pem(pem.as_bytes()).unwrap();
    assert!(
        ossl.check_key().unwrap(),
        "OpenSSL rejects the generated key"
    );
    assert_eq!(big(ossl.n()), *key.public().n());
    assert_eq!(big(ossl.e()), BigUint::from(65537u32));
    // And our primes are primes by OpenSSL's test.
    let mut ctx = openssl::bn::BigNumContext::new().unwrap();
    assert!(ossl.p().unwrap().is_prime(64, &mut ctx).unwrap());
    assert!(ossl.q().unwrap().is_prime(64, &mut ctx).unwrap());
}

#[test]
fn loads_openssl_pkcs1_and_pkcs8_pem() {
    let ossl = Rsa::generate(2048).unwrap();
    let pkcs1 = String::from_utf8(ossl.private_key_to_pem().unwrap()).unwrap();
    assert!(pkcs1.starts_with("-----BEGIN RSA PRIVATE KEY-----"));
    let pkcs8 = String::from_utf8(
        PKey::from_rsa(ossl.clone())
            .unwrap()
            .private_key_to_pem_pkcs8()
            .unwrap(),
    )
    .unwrap();
    assert!(pkcs8.starts_with("-----BEGIN PRIVATE KEY-----"));
    for pem in [&pkcs1, &pkcs8] {
        let key = RsaPrivateKey::from_pem(pem).unwrap();
        assert_eq!(*key.public().n(), big(ossl.n()));
        // Client encrypts with the public half, server decrypts with the loaded key.
        let blob = key
            .public()
            .encrypt_rsa_pad(b"inner data", &mut common::rng(1))
            .unwrap();
        let got = key.decrypt_inner(&blob, &mut common::rng(2)).unwrap();
        assert_eq!(got.scheme, RsaScheme::RsaPad);
        assert_eq!(&got.data[..10], b"inner data");
    }
}

#[test]
fn public_pem_round_trips_through_openssl() {
    let key = generated().public();
    let pem = key.to_pkcs1_pem().unwrap();
    assert!(pem.starts_with("-----BEGIN RSA PUBLIC KEY-----"));
    let ossl = Rsa::public_key_from_pem_pkcs1(pem.as_bytes()).unwrap();
    assert_eq!(big(ossl.n()), *key.n());
    assert_eq!(RsaPublicKey::from_pkcs1_pem(&pem).unwrap(), *key);
    // Telegram's keys survive the round trip with their fingerprints.
    let prod = RsaPublicKey::telegram_production();
    let back = RsaPublicKey::from_pkcs1_pem(&prod.to_pkcs1_pem().unwrap()).unwrap();
    assert_eq!(back.fingerprint(), prod.fingerprint());
}

#[test]
fn server_accepts_both_schemes_and_reports_which() {
    let key = generated();
    let data: Vec<u8> = (0..96u8).collect();
    let pad = key
        .public()
        .encrypt_rsa_pad(&data, &mut common::rng(3))
        .unwrap();
    let got = key.decrypt_inner(&pad, &mut common::rng(4)).unwrap();
    assert_eq!(got.scheme, RsaScheme::RsaPad);
    assert_eq!(got.data.len(), 192);
    assert_eq!(&got.data[..96], &data[..]);

    let legacy = key
        .public()
        .encrypt_legacy(&data, &mut common::rng(5))
        .unwrap();
    let got = key.decrypt_inner(&legacy, &mut common::rng(6)).unwrap();
    assert_eq!(got.scheme, RsaScheme::LegacySha1);
    assert_eq!(got.data, data);
}

#[test]
fn legacy_encryption_matches_raw_openssl_rsa() {
    // The legacy scheme is raw RSA over SHA1(data) ‖ data ‖ padding: OpenSSL's unpadded public
    // encryption of the same block must agree.
    let key = generated();
    let ours = key
        .public()
        .encrypt_legacy_with(b"Hello!", &[0x11; 229])
        .unwrap();
    let ossl = Rsa::from_public_components(
        BigNum::from_slice(&key.public().n().to_bytes_be()).unwrap(),
        BigNum::from_u32(65537).unwrap(),
    )
    .unwrap();
    let mut block = vec![0u8];
    use sha1::Digest;
    block.extend_from_slice(&sha1::Sha1::digest(b"Hello!"));
    block.extend_from_slice(b"Hello!");
    block.extend_from_slice(&[0x11; 229]);
    let mut out = vec![0u8; 256];
    ossl.public_encrypt(&block, &mut out, openssl::rsa::Padding::NONE)
        .unwrap();
    assert_eq!(&ours[..], &out[..]);
}

#[test]
fn bad_blobs_are_typed_errors() {
    let key = generated();
    let mut rng = common::rng(8);
    for len in [0usize, 1, 255, 257, 512] {
        assert_eq!(
            key.decrypt_inner(&vec![1u8; len], &mut rng),
            Err(RsaError::BadCiphertextLength(len))
        );
    }
    assert_eq!(
        key.decrypt_inner(&[0xff; 256], &mut rng),
        Err(RsaError::CiphertextOutOfRange)
    );
    let mut blob = key.public().encrypt_rsa_pad(b"x", &mut rng).unwrap();
    blob[200] ^= 1;
    assert_eq!(key.decrypt_inner(&blob, &mut rng), Err(RsaError::Malformed));
    assert_eq!(
        key.decrypt_inner(&[0; 256], &mut rng),
        Err(RsaError::Malformed)
    );

    let public = key.public();
    assert_eq!(
        public.encrypt_rsa_pad(&[0; 145], &mut rng),
        Err(RsaError::DataTooLong { len: 145, max: 144 })
    );
    assert_eq!(
        public.encrypt_legacy(&[0; 236], &mut rng),
        Err(RsaError::DataTooLong { len: 236, max: 235 })
    );
    assert_eq!(
        public.encrypt_rsa_pad_with(&[0; 10], &[0; 10], &[0; 32]),
        Err(RsaError::BadPaddingLength { len: 10, need: 182 })
    );
    assert!(matches!(
        RsaPublicKey::from_be_bytes(&[0xff; 128], &[1, 0, 1]),
        Err(RsaError::BadModulusSize(1024))
    ));
    assert!(matches!(
        RsaPrivateKey::generate(&mut rng, 1024),
        Err(RsaError::UnsupportedKeySize(1024))
    ));
    assert!(matches!(
        RsaPrivateKey::from_pem("not a pem"),
        Err(RsaError::Encoding(_))
    ));
    let ec = PKey::ec_gen("prime256v1")
        .unwrap()
        .private_key_to_pem_pkcs8()
        .unwrap();
    assert!(matches!(
        RsaPrivateKey::from_pem(std::str::from_utf8(&ec).unwrap()),
        Err(RsaError::NotRsa)
    ));
}
