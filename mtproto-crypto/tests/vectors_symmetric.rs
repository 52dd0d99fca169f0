//! Known-answer tests for the symmetric primitives, each citing where its vector comes from
//! (all collected in shared/protocol/MTPROTO.md §5).

mod common;

use common::{arr, hex, seq};
use mtproto_crypto::ige::{self, AesIge};
use mtproto_crypto::kdf::{self, MsgKey};

/// MTPROTO.md §5.7(b): grammers `verify_ige_encryption` / `verify_ige_decryption` (Telethon has
/// the same): key = iv = input = bytes 0x00..0x1f.
#[test]
fn ige_grammers_vectors() {
    let k: [u8; 32] = seq();
    let mut data = seq::<32>();
    ige::encrypt(&k, &k, &mut data).unwrap();
    assert_eq!(
        data.to_vec(),
        hex("e28112a53e5c89c7b1ea8071c133699fd4e86b26c4bac9fc5af1ab8ce27a44a4")
    );
    let mut data = seq::<32>();
    ige::decrypt(&k, &k, &mut data).unwrap();
    assert_eq!(
        data.to_vec(),
        hex("e5777afacd7b2c16f7ac40cae61ef603fee6098fb8a8860ab9ee672cd7e5bacc")
    );
}

/// The vectors in this file reach the AES-NI implementation (`ige::aesni`) through the public
/// API whenever the CPU has AES-NI; `AesIge`'s `Debug` names the path the dispatch picked.
#[cfg(target_arch = "x86_64")]
#[test]
fn ige_dispatch_picks_aes_ni_when_available() {
    let expected = if std::is_x86_feature_detected!("aes") {
        "AesIge(AES-NI)"
    } else {
        "AesIge(portable)"
    };
    assert_eq!(format!("{:?}", AesIge::new(&[0; 32])), expected);
}

/// MTPROTO.md §5.7(b2): mtcute `packages/wasm/tests/ige.test.ts` (AES-256 with OpenSSL's
/// igetest.c IV and plaintext).
#[test]
fn ige_mtcute_vector() {
    let key = arr("5468697320697320616e20696d706c655468697320697320616e20696d706c65");
    let iv = arr("6d656e746174696f6e206f6620494745206d6f646520666f72204f70656e5353");
    let pt = hex("99706487a1cde613bc6de0b6f24b1c7aa448c8b9c3403e3467a8cad89340f53b");
    let ct = hex("792ea8ae577b1a66cb3bd92679b8030ca54ee631976bd3a04547fdcb4639fa69");
    let mut data = pt.clone();
    ige::encrypt(&key, &iv, &mut data).unwrap();
    assert_eq!(data, ct);
    let ige = AesIge::new(&key);
    ige.decrypt(&mut iv.clone(), &mut data).unwrap();
    assert_eq!(data, pt);
}

/// The TDLib LCG generator of MTPROTO.md §5.7(c) (`tdutils/test/crypto.cpp`).
fn tdlib_lcg(seed: &mut u32, len: usize) -> Vec<u8> {
    (0..len)
        .map(|_| {
            *seed = seed.wrapping_mul(123457567).wrapping_add(987651241);
            ((*seed >> 23) & 255) as u8
        })
        .collect()
}

fn crc32(data: &[u8]) -> u32 {
    // Bitwise CRC-32 (zlib polynomial), enough for a test oracle.
    let mut crc = !0u32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// MTPROTO.md §5.7(c): TDLib TEST(Crypto, AesIgeState): IGE over LCG data, CRC32 of the result.
#[test]
fn ige_tdlib_checksums() {
    let cases = [
        (0, 0u32),
        (16, 2045698207),
        (32, 2423540300),
        (256, 525522475),
        (1024, 1545267325),
        (65536, 724143417),
    ];
    for (len, expected) in cases {
        let mut seed = len as u32;
        let mut data = tdlib_lcg(&mut seed, len);
        let key: [u8; 32] = tdlib_lcg(&mut seed, 32).try_into().unwrap();
        let iv: [u8; 32] = tdlib_lcg(&mut seed, 32).try_into().unwrap();
        let plain = data.clone();
        ige::encrypt(&key, &iv, &mut data).unwrap();
        assert_eq!(crc32(&data), expected, "length {len}");
        ige::decrypt(&key, &iv, &mut data).unwrap();
        assert_eq!(data, plain);
    }
}

/// MTPROTO.md §5.7(c): TDLib TEST(Crypto, AesCtrState): CTR over LCG data, CRC32 of the result,
/// with the LCG IV and with an all-ff IV (the 128-bit counter must wrap).
#[test]
fn ctr_tdlib_checksums() {
    let lengths = [0usize, 1, 31, 32, 33, 9999, 10000, 10001, 999999, 1000001];
    let lcg_iv = [
        0u32, 1141589763, 596296607, 3673001485, 2302125528, 330967191, 2047392231, 3537459563,
        307747798, 2149598133,
    ];
    let ff_iv = [
        0u32, 2053451992, 1384063362, 3266188502, 2893295118, 780356167, 1904947434, 2043402406,
        472080809, 1807109488,
    ];
    for (i, &len) in lengths.iter().enumerate() {
        for (use_ff, expected) in [(false, lcg_iv[i]), (true, ff_iv[i])] {
            let mut seed = len as u32;
            let mut data = tdlib_lcg(&mut seed, len);
            let key: [u8; 32] = tdlib_lcg(&mut seed, 32).try_into().unwrap();
            let lcg: [u8; 16] = tdlib_lcg(&mut seed, 16).try_into().unwrap();
            let iv = if use_ff { [0xff; 16] } else { lcg };
            // Apply in uneven pieces: the stream must continue across calls.
            let mut stream = mtproto_crypto::ctr::CtrStream::new(&key, &iv);
            let (a, b) = data.split_at_mut(len / 3);
            stream.apply(a);
            stream.apply(b);
            assert_eq!(crc32(&data), expected, "length {len}, ff iv {use_ff}");
        }
    }
}

/// MTPROTO.md §5.5(a): grammers `calc_client_key` / `calc_server_key` (also Telethon
/// `crypto_test.py`): auth_key = 0x00..0xff, msg_key = 0x00..0x0f.
#[test]
fn kdf_v2_grammers() {
    let key: [u8; 256] = seq();
    let mk = MsgKey(seq());
    let c = kdf::derive_v2(&key, 0, &mk);
    assert_eq!(
        c.key,
        arr("704ed09c8b41668ae8f99d244738f71dbddc44469b6bbd4aa8573dd042bd059e")
    );
    assert_eq!(
        c.iv,
        arr("4d266000a550edabbf4c7ce40fd0043cc92230184cd317a5cc9c2482fd3b9318")
    );
    let s = kdf::derive_v2(&key, 8, &mk);
    assert_eq!(
        s.key,
        arr("217725799b245806458174a1fcfbc883906807b15033fdd0ea2b4d69cf9c364e")
    );
    assert_eq!(
        s.iv,
        arr("669a6538917a4fa56ca32360a431c9160be4ad887140980dab91ce7bdc47ffbc")
    );
}

fn mtcute_key() -> [u8; 256] {
    let chunk = hex("98cb29c6ffa89e79da695a54f572e6cb101e81c688b63a4bf73c3622dec230e0");
    chunk.repeat(8).try_into().unwrap()
}

/// MTPROTO.md §5.5(b): mtcute `packages/core/src/utils/crypto/mtproto.test.ts`, v2 and v1.
#[test]
fn kdf_v2_v1_mtcute() {
    let key = mtcute_key();
    let mk = MsgKey(arr("25d701f2a29205526757825a99eb2d32"));
    let cases = [
        (
            kdf::derive_v2(&key, 0, &mk),
            "af3f8e1ffa75f4c981eec33a3e5bbaa2ea48f9bb93e91597627eb1f67960a0c9",
            "9874d77f95155b35221bff94b7df4594c6996e2a62e44fcb7d93c8c4e41b79ee",
        ),
        (
            kdf::derive_v2(&key, 8, &mk),
            "d4b378e1e0525f10ff9d4c42807ccce5b30a033a8088c0b922b5259421751648",
            "4d7194f42f0135d2fd83050b403265b4c40ee3e9e9fba56f0f4d8ea6bcb121f5",
        ),
        (
            kdf::derive_v1(&key, 0, &mk),
            "1fc7b40b1d9ffbdaf4d652525a748864259698f89214abf27c0d36cb9d4cd5db",
            "7251fbda39ec5e6e089f15ded5963b03d6d8d0f7078898431fc7b40b1d9ffbda",
        ),
        (
            kdf::derive_v1(&key, 8, &mk),
            "af0e4e01318654be40ab42b125909d43b44bdeef571ff1a5dfb81474ae26d467",
            "15c9ba6021d2c5cf04f0842540ae216a970b4eac8f46ef01af0e4e01318654be",
        ),
    ];
    for (i, (got, key_hex, iv_hex)) in cases.into_iter().enumerate() {
        assert_eq!(got.key, arr(key_hex), "case {i}");
        assert_eq!(got.iv, arr(iv_hex), "case {i}");
    }
}

/// MTPROTO.md §5.6: gotd `crypto/kdf_v1_test.go` and `crypto/keys_old_test.go`
/// (auth_key = 0x00..0xff, msg_key = 0x00..0x0f).
#[test]
fn kdf_v1_gotd() {
    assert_eq!(
        kdf::msg_key_v1(b"bind-message-test-payload").0,
        arr("fc11a3669566de22b87f66550dc3de6d")
    );
    let key: [u8; 256] = seq();
    let mk = MsgKey(seq());
    let c = kdf::derive_v1(&key, 0, &mk);
    assert_eq!(
        c.key,
        arr("17d7295ca9213d1ab656acdb1ad48b2ea7f3a8f7095098d5508b900bbd5fccfc")
    );
    assert_eq!(
        c.iv,
        arr("2d7d16a65a84108e9805656caa474501cc580aa2edc33abfd0bfad785464d1c6")
    );
    let s = kdf::derive_v1(&key, 8, &mk);
    assert_eq!(
        s.key,
        arr("bb17b07eb91110647098b069bd1a9b6fe5c4bcc3c31f8e67e831d07a61085f68")
    );
    assert_eq!(
        s.iv,
        arr("5197fc1e25b41fe36f18b5a3a8b2b36cb2cb061f1f157b3514fe42e74fb58359")
    );
}

/// MTPROTO.md §5.5(c): msg_key_large of grammers `encrypt_client_data_v2` (its first 4 bytes
/// are also the quick-ACK token of §5.8).
#[test]
fn msg_key_large_grammers() {
    let key: [u8; 256] = seq();
    let mut padded = b"Hello, world! This data should remain secure!".to_vec();
    padded.resize(64, 0);
    assert_eq!(
        kdf::msg_key_large_v2(&key, 0, &padded),
        arr("021d57cdcecd9b33a81729d46db54019a2bfd7f744f9b96c8d744ce4734566db")
    );
}
