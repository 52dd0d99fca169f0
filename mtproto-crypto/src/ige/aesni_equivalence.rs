//! The AES-NI path equals the portable `aes`-crate path: property tests over keys, IVs, lengths
//! and lane counts, and the published IGE vectors through both. (The integration tests reach
//! the AES-NI path through the public API on CPUs that have it; these compare the two paths
//! directly.)

use aes::cipher::KeyInit;
use aes::{Aes256Dec, Aes256Enc};
use proptest::prelude::*;

use super::aesni::AesNi;
use super::batch::{IgeJob, LANES, decrypt_portable, encrypt_portable};
use super::{decrypt_blocks_observed, encrypt_blocks};

fn aes_ni() -> AesNi {
    AesNi::detect().expect("these tests compare the AES-NI path and need an x86-64 CPU with AES-NI")
}

/// Encrypts on the AES-NI path: (data, final IV).
fn ni_encrypt(key: &[u8; 32], iv: &[u8; 32], data: &[u8]) -> (Vec<u8>, [u8; 32]) {
    let (mut data, mut iv) = (data.to_vec(), *iv);
    aes_ni().enc_key(key).encrypt(&mut iv, &mut data);
    (data, iv)
}

fn portable_encrypt(key: &[u8; 32], iv: &[u8; 32], data: &[u8]) -> (Vec<u8>, [u8; 32]) {
    let (mut data, mut iv) = (data.to_vec(), *iv);
    encrypt_blocks(&Aes256Enc::new(key.into()), &mut iv, &mut data);
    (data, iv)
}

/// Decrypts on the AES-NI path: (data, final IV, the pieces `observe` saw).
fn ni_decrypt(key: &[u8; 32], iv: &[u8; 32], data: &[u8]) -> (Vec<u8>, [u8; 32], Vec<Vec<u8>>) {
    let (mut data, mut iv, mut pieces) = (data.to_vec(), *iv, Vec::new());
    aes_ni()
        .dec_key(key)
        .decrypt(&mut iv, &mut data, |p| pieces.push(p.to_vec()));
    (data, iv, pieces)
}

fn portable_decrypt(
    key: &[u8; 32],
    iv: &[u8; 32],
    data: &[u8],
) -> (Vec<u8>, [u8; 32], Vec<Vec<u8>>) {
    let (mut data, mut iv, mut pieces) = (data.to_vec(), *iv, Vec::new());
    let cipher = Aes256Dec::new(key.into());
    decrypt_blocks_observed(&cipher, &mut iv, &mut data, |p| pieces.push(p.to_vec()));
    (data, iv, pieces)
}

type Batch = Vec<([u8; 32], [u8; 32], Vec<u8>)>;

/// Runs `f` over the batch as jobs and returns every job's data and final IV.
fn run_batch(batch: &Batch, f: impl FnOnce(&mut [IgeJob<'_>])) -> Vec<(Vec<u8>, [u8; 32])> {
    let mut datas: Vec<Vec<u8>> = batch.iter().map(|(_, _, d)| d.clone()).collect();
    let mut jobs: Vec<IgeJob<'_>> = batch
        .iter()
        .zip(datas.iter_mut())
        .map(|((key, iv, _), data)| IgeJob {
            key: *key,
            iv: *iv,
            data,
        })
        .collect();
    f(&mut jobs);
    let ivs: Vec<[u8; 32]> = jobs.iter().map(|j| j.iv).collect();
    drop(jobs);
    datas.into_iter().zip(ivs).collect()
}

fn blocks(max_blocks: usize) -> impl Strategy<Value = Vec<u8>> {
    (0..=max_blocks).prop_flat_map(|n| proptest::collection::vec(any::<u8>(), n * 16))
}

proptest! {
    #[test]
    fn single_stream_equals_portable(key in any::<[u8; 32]>(), iv in any::<[u8; 32]>(), data in blocks(40)) {
        let encrypted = ni_encrypt(&key, &iv, &data);
        prop_assert_eq!(&encrypted, &portable_encrypt(&key, &iv, &data));
        let decrypted = ni_decrypt(&key, &iv, &encrypted.0);
        prop_assert_eq!(&decrypted, &portable_decrypt(&key, &iv, &encrypted.0));
        prop_assert_eq!(&decrypted.0, &data);
        prop_assert_eq!(decrypted.1, encrypted.1);
    }

    #[test]
    fn batch_equals_portable(batch in proptest::collection::vec((any::<[u8; 32]>(), any::<[u8; 32]>(), blocks(12)), 0..=LANES)) {
        let ni = aes_ni();
        let encrypted = run_batch(&batch, |jobs| ni.encrypt_batch(jobs));
        prop_assert_eq!(&encrypted, &run_batch(&batch, encrypt_portable));
        for ((key, iv, data), (ct, _)) in batch.iter().zip(&encrypted) {
            prop_assert_eq!(&ni_encrypt(key, iv, data).0, ct);
        }
        let sealed: Batch = batch.iter().zip(&encrypted)
            .map(|((key, iv, _), (ct, _))| (*key, *iv, ct.clone()))
            .collect();
        let decrypted = run_batch(&sealed, |jobs| ni.decrypt_batch(jobs));
        prop_assert_eq!(&decrypted, &run_batch(&sealed, decrypt_portable));
        for ((_, _, data), (pt, _)) in batch.iter().zip(&decrypted) {
            prop_assert_eq!(pt, data);
        }
    }
}

fn seq32() -> [u8; 32] {
    std::array::from_fn(|i| i as u8)
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap_or_default())
        .collect()
}

/// shared/protocol/MTPROTO.md §5.7(b): grammers `verify_ige_encryption` /
/// `verify_ige_decryption` (key = iv = input = bytes 0x00..0x1f), on both paths, single stream
/// and batched.
#[test]
fn grammers_vector_on_both_paths() {
    let k = seq32();
    let enc = unhex("e28112a53e5c89c7b1ea8071c133699fd4e86b26c4bac9fc5af1ab8ce27a44a4");
    let dec = unhex("e5777afacd7b2c16f7ac40cae61ef603fee6098fb8a8860ab9ee672cd7e5bacc");
    assert_eq!(ni_encrypt(&k, &k, &k).0, enc);
    assert_eq!(portable_encrypt(&k, &k, &k).0, enc);
    assert_eq!(ni_decrypt(&k, &k, &k).0, dec);
    assert_eq!(portable_decrypt(&k, &k, &k).0, dec);
    let batch: Batch = vec![(k, k, k.to_vec()); 3];
    let ni = aes_ni();
    for (out, _) in run_batch(&batch, |jobs| ni.encrypt_batch(jobs)) {
        assert_eq!(out, enc);
    }
    for (out, _) in run_batch(&batch, |jobs| ni.decrypt_batch(jobs)) {
        assert_eq!(out, dec);
    }
}

/// shared/protocol/MTPROTO.md §5.7(b2): mtcute `packages/wasm/tests/ige.test.ts` (AES-256 with
/// OpenSSL's igetest.c IV and plaintext), on both paths.
#[test]
fn mtcute_vector_on_both_paths() {
    let key: [u8; 32] = std::array::from_fn(|i| {
        unhex("5468697320697320616e20696d706c655468697320697320616e20696d706c65")[i]
    });
    let iv: [u8; 32] = std::array::from_fn(|i| {
        unhex("6d656e746174696f6e206f6620494745206d6f646520666f72204f70656e5353")[i]
    });
    let pt = unhex("99706487a1cde613bc6de0b6f24b1c7aa448c8b9c3403e3467a8cad89340f53b");
    let ct = unhex("792ea8ae577b1a66cb3bd92679b8030ca54ee631976bd3a04547fdcb4639fa69");
    assert_eq!(ni_encrypt(&key, &iv, &pt).0, ct);
    assert_eq!(portable_encrypt(&key, &iv, &pt).0, ct);
    assert_eq!(ni_decrypt(&key, &iv, &ct).0, pt);
    assert_eq!(portable_decrypt(&key, &iv, &ct).0, pt);
}
