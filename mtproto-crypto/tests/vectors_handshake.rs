//! Known-answer tests for the auth-key handshake: the official samples (MTPROTO.md §5.1, §5.2),
//! the grammers deterministic flow (§5.3), RSA (§5.4, §4.10), nonce-derived keys (§5.5(f)) and
//! pq (§5.10).

mod common;

#[path = "common/handshake_values.rs"]
mod values;

use common::{arr, hex, seq};
use mtproto_crypto::auth_key::DhGenResult;
use mtproto_crypto::dh::{DhGroup, DhSecret, TELEGRAM_DH_PRIME};
use mtproto_crypto::handshake::{self, TmpAesKey};
use mtproto_crypto::rsa::RsaPublicKey;
use mtproto_crypto::{AuthKey, ige, pq};
use values::*;

/// MTPROTO.md §5.1: core.telegram.org/mtproto/samples-auth_key (2024): tmp AES key/IV, the
/// server's answer, the DH values, the client's encrypted answer, the auth key and its hashes.
#[test]
fn official_sample_2024() {
    let server_nonce: [u8; 16] = arr(S51_SERVER_NONCE);
    let new_nonce: [u8; 32] = arr(S51_NEW_NONCE);
    let tmp = TmpAesKey::from_nonces(&server_nonce, &new_nonce);
    assert_eq!(tmp.key, arr(S51_TMP_AES_KEY));
    assert_eq!(tmp.iv, arr(S51_TMP_AES_IV));

    // Step 6: decrypt server_DH_params_ok.encrypted_answer; SHA1 covers the 564-byte answer.
    let mut answer = hex(S51_ENCRYPTED_ANSWER);
    ige::decrypt(&tmp.key, &tmp.iv, &mut answer).unwrap();
    assert_eq!(answer, hex(S51_ANSWER_WITH_HASH));
    assert!(handshake::check_data_with_hash(&answer, 564));
    assert!(!handshake::check_data_with_hash(&answer, 560));

    // g = 3 with Telegram's prime validates; g_a passes the range check.
    let group = DhGroup::validate(&TELEGRAM_DH_PRIME, 3, &mut common::rng(1)).unwrap();
    group.check_public(&hex(S51_G_A)).unwrap();

    // Step 7: g_b = g^b, auth_key = g_a^b.
    let secret = DhSecret::from_bytes(&group, &hex(S51_B)).unwrap();
    assert_eq!(secret.public().to_vec(), hex(S51_G_B));
    let auth_key = AuthKey::from_bytes(secret.shared_key(&group, &hex(S51_G_A)).unwrap());
    assert_eq!(auth_key.as_bytes().to_vec(), hex(S51_AUTH_KEY));

    // set_client_DH_params.encrypted_data = IGE(SHA1(data) ‖ data ‖ padding).
    let inner = hex(S51_CLIENT_DH_INNER_DATA);
    let mut with_hash = {
        use sha1::Digest;
        sha1::Sha1::digest(&inner).to_vec()
    };
    with_hash.extend_from_slice(&inner);
    with_hash.extend_from_slice(&hex(S51_PADDING));
    ige::encrypt(&tmp.key, &tmp.iv, &mut with_hash).unwrap();
    assert_eq!(with_hash, hex(S51_SET_CLIENT_ENCRYPTED));

    // Step 9: ids and hashes.
    assert_eq!(auth_key.aux_hash(), arr::<8>("20b5c361a4f5a3d0"));
    assert_eq!(auth_key.id().to_bytes(), arr::<8>("65588b3350ef784e"));
    assert_eq!(auth_key.id().0, 5654532459904850021);
    let hashes = [
        (DhGenResult::Ok, S51_NEW_NONCE_HASH1),
        (DhGenResult::Retry, S51_NEW_NONCE_HASH2),
        (DhGenResult::Fail, S51_NEW_NONCE_HASH3),
    ];
    for (n, expected) in hashes {
        assert_eq!(
            auth_key.new_nonce_hash(&new_nonce, n),
            arr(expected),
            "{n:?}"
        );
    }
    let salt = handshake::initial_server_salt(&new_nonce, &server_nonce);
    assert_eq!(salt, arr::<8>("49a6747298503dce"));
    assert_eq!(i64::from_le_bytes(salt), -3585621112631548343);

    // Step 3: pq.
    let f = pq::factorize(2694724800268887959).unwrap();
    assert_eq!((f.p, f.q), (1513098571, 1780931429));
    assert_eq!(
        pq::from_be(&hex("256595edb7766797")).unwrap(),
        2694724800268887959
    );
    assert_eq!(pq::to_minimal_be(f.p), hex("5a300d4b"));
}

/// MTPROTO.md §5.2: the 2013 sample as pinned by gotd `crypto/temp_keys_test.go`: tmp key and
/// the decrypted answer (symmetric steps only; its g = 2 fails today's residue check).
#[test]
fn official_sample_2013() {
    let tmp = TmpAesKey::from_nonces(&arr(S52_SERVER_NONCE), &arr(S52_NEW_NONCE));
    assert_eq!(tmp.key, arr(S52_TMP_AES_KEY));
    assert_eq!(tmp.iv, arr(S52_TMP_AES_IV));
    let mut answer = hex(S52_ENCRYPTED_ANSWER);
    ige::decrypt(&tmp.key, &tmp.iv, &mut answer).unwrap();
    assert_eq!(answer, hex(S52_ANSWER_WITH_HASH));
    assert!(handshake::check_data_with_hash(&answer, 564));
    let f = pq::factorize(0x17ed48941a08f981).unwrap();
    assert_eq!((f.p, f.q), (0x494c553b, 0x53911073));
}

/// MTPROTO.md §5.3: grammers `emulate_successful_auth_key_gen_flow`: the RSA_PAD output inside
/// `req_DH_params` (test-DC key, legacy `p_q_inner_data`), the tmp key, the auth key id and the
/// first salt.
#[test]
fn grammers_flow() {
    let step1 = hex(S53_STEP1_RESPONSE);
    let server_nonce: [u8; 16] = step1[20..36].try_into().unwrap();
    let random = hex(S53_STEP2_RANDOM);
    let new_nonce: [u8; 32] = random[..32].try_into().unwrap();
    let data = hex(S53_P_Q_INNER_DATA);
    let r = &random[32..];
    let temp_key: [u8; 32] = r[192..224].try_into().unwrap();
    let key = RsaPublicKey::telegram_test();
    assert_eq!(key.fingerprint().to_bytes(), arr::<8>("03268d20df9858b2"));
    let encrypted = key
        .encrypt_rsa_pad_with(&data, &r[..192 - data.len()], &temp_key)
        .unwrap();
    assert_eq!(&encrypted[..], &hex(S53_STEP2_REQUEST)[64..320]);

    let tmp = TmpAesKey::from_nonces(&server_nonce, &new_nonce);
    assert_eq!(tmp.key, arr(S53_TMP_AES_KEY));
    assert_eq!(tmp.iv, arr(S53_TMP_AES_IV));
    let auth_key = AuthKey::from_bytes(arr(S53_AUTH_KEY));
    assert_eq!(auth_key.id().to_bytes(), arr(S53_AUTH_KEY_ID));
    let salt = handshake::initial_server_salt(&new_nonce, &server_nonce);
    assert_eq!(i64::from_le_bytes(salt), 4459407212920268508);
    let f = pq::factorize(1825206431143503757).unwrap();
    assert_eq!((f.p, f.q), (1152574733, 1583590529));
}

/// MTPROTO.md §5.4(a): grammers `test_rsa_encryption` (test-DC key): padding = the first 96
/// random bytes, temp_key = the last 32 plus one (grammers' retry rule; the first try is ≥ n).
#[test]
fn rsa_pad_grammers() {
    let key = RsaPublicKey::telegram_test();
    let data = hex(S54_DATA);
    let random = hex(S54_RANDOM_BYTES);
    let first_try: [u8; 32] = random[192..].try_into().unwrap();
    assert_eq!(
        key.encrypt_rsa_pad_with(&data, &random[..96], &first_try),
        Err(mtproto_crypto::error::RsaError::TempKeyTooLarge)
    );
    let temp_key: [u8; 32] = arr(S54_TEMP_KEY);
    let out = key
        .encrypt_rsa_pad_with(&data, &random[..96], &temp_key)
        .unwrap();
    assert_eq!(out.to_vec(), hex(S54_ENCRYPTED_DATA));
}

/// MTPROTO.md §5.4(b): Telethon `client/tests/rsa_test.py` legacy SHA1 layout ("Hello!", zero
/// padding, old Telegram key), and its fingerprint as listed in the 2024 sample's resPQ.
#[test]
fn rsa_legacy_telethon() {
    let key = RsaPublicKey::from_be_bytes(&hex(S54_N), &[1, 0, 1]).unwrap();
    let out = key.encrypt_legacy_with(b"Hello!", &[0; 229]).unwrap();
    assert_eq!(out.to_vec(), hex(S54_EXPECTED));
    assert_eq!(key.fingerprint().to_bytes(), arr::<8>("a5b7f709355fc30b"));
}

/// MTPROTO.md §4.10: Telegram's production and test key fingerprints.
#[test]
fn telegram_fingerprints() {
    let prod = RsaPublicKey::telegram_production().fingerprint();
    assert_eq!(prod.0 as u64, 0xd09d1d85de64fd85);
    assert_eq!(prod.0, -3414540481677951611);
    assert_eq!(prod.to_bytes(), arr::<8>("85fd64de851d9dd0"));
    let test = RsaPublicKey::telegram_test().fingerprint();
    assert_eq!(test.0, -5595554452916591101);
}

/// MTPROTO.md §5.5(f): grammers `key_from_nonce` and `auth_key.rs` tests (server_nonce =
/// 0x00..0x0f, new_nonce = 0x00..0x1f, auth_key = 0x00..0xff), and gotd
/// `crypto/temp_keys_test.go` TestTempAESKeysLeadingZeroNonce.
#[test]
fn nonce_keys_grammers_gotd() {
    let tmp = TmpAesKey::from_nonces(&seq(), &seq());
    assert_eq!(
        tmp.key,
        arr("0758f1533b615d24f6e8a94a6fcbee0a55eaab2217d7295ca9213d1a2d7d16a6")
    );
    assert_eq!(
        tmp.iv,
        arr("5a84108e9805656ce864070e166e6218f6783e8511471a5ab7802cf200010203")
    );
    let key = AuthKey::from_bytes(seq());
    let new_nonce: [u8; 32] = seq();
    assert_eq!(
        key.new_nonce_hash(&new_nonce, DhGenResult::Ok),
        arr("c2ced2b33e593a55d27f4a5dabee7c67")
    );
    assert_eq!(
        key.new_nonce_hash(&new_nonce, DhGenResult::Retry),
        arr("f4318e85bd2ff3be84d9fefce3dce39f")
    );
    assert_eq!(
        key.new_nonce_hash(&new_nonce, DhGenResult::Fail),
        arr("4bf9d7b37db413ee431d28517631cb3d")
    );
    assert_eq!(key.id().to_bytes(), arr::<8>("32d1586ea457dfc8"));
    assert_eq!(key.aux_hash(), arr::<8>("4916d6bdb7f78e68"));

    let server_nonce: [u8; 16] = std::array::from_fn(|i| if i == 0 { 0 } else { 0x20 + i as u8 });
    let tmp = TmpAesKey::from_nonces(&server_nonce, &seq());
    assert_eq!(
        tmp.key,
        arr("0a2d0f607499a866848e41798a34315e4922c39fe55c6caf5bc322c4b8c08c6a")
    );
    assert_eq!(
        tmp.iv,
        arr("9cb702d4fd6e5d25e864070e166e6218f6783e8511471a5ab7802cf200010203")
    );
}

/// MTPROTO.md §5.10: pq examples from the official samples, grammers, gotd and mtcute.
#[test]
fn pq_examples() {
    let cases = [
        (2694724800268887959u64, 1513098571u64, 1780931429u64),
        (1724114033281923457, 1229739323, 1402015859),
        (1825206431143503757, 1152574733, 1583590529),
        (1470626929934143021, 1206429347, 1218991343),
        (2363612107535801713, 1518968219, 1556064227),
        (2804275833720261793, 1555252417, 1803100129),
        (2090522174869285481, 1112973847, 1878321023),
        (378221, 613, 617),
        (15, 3, 5),
    ];
    for (n, p, q) in cases {
        let f = pq::factorize(n).unwrap();
        assert_eq!((f.pq, f.p, f.q), (n, p, q), "{n}");
    }
}
