//! Benchmarks with the peers side by side in one run (same group, same input):
//! `grammers-crypto` 0.11 and the serial bound, OpenSSL AES-256-CBC encryption through EVP with a
//! reused context. Run: `cargo bench -p mtproto-crypto --bench crypto` (see
//! docs/benchmarks/mtproto-crypto.md for the table and the short-run flags).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use grammers_crypto::DequeBuffer;
use mtproto_crypto::ige::batch::{self, IgeJob};
use mtproto_crypto::ige::{self, AesIge};
use mtproto_crypto::message::{self, HEADER_LEN};
use mtproto_crypto::{AuthKey, Direction};
use openssl::symm::{Cipher, Crypter, Mode};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;

const KEY: [u8; 32] = [0x42; 32];
const IV: [u8; 32] = [0x24; 32];
const MESSAGE: usize = 352;

fn ige_sizes(c: &mut Criterion) {
    let mut group = c.benchmark_group("ige_encrypt");
    for size in [64usize, 352, 1024, 16 * 1024, 512 * 1024] {
        group.throughput(Throughput::Bytes(size as u64));
        let mut data = vec![7u8; size];
        let ours = AesIge::new(&KEY);
        group.bench_with_input(BenchmarkId::new("ours", size), &size, |b, _| {
            b.iter(|| ours.encrypt(&mut IV.clone(), black_box(&mut data)).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("ours_oneshot", size), &size, |b, _| {
            b.iter(|| ige::encrypt(&KEY, &IV, black_box(&mut data)).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("grammers", size), &size, |b, _| {
            b.iter(|| grammers_crypto::aes::ige_encrypt(black_box(&mut data), &KEY, &IV))
        });
        let mut crypter =
            Crypter::new(Cipher::aes_256_cbc(), Mode::Encrypt, &KEY, Some(&IV[..16])).unwrap();
        crypter.pad(false);
        let mut out = vec![0u8; size + 16];
        group.bench_with_input(
            BenchmarkId::new("openssl_cbc_bound", size),
            &size,
            |b, _| b.iter(|| crypter.update(black_box(&data), &mut out).unwrap()),
        );
    }
    group.finish();
}

fn ige_batch(c: &mut Criterion) {
    let mut group = c.benchmark_group("ige_8x352");
    group.throughput(Throughput::Bytes(8 * MESSAGE as u64));
    let mut messages = vec![[9u8; MESSAGE]; 8];
    let keys: Vec<[u8; 32]> = (0..8u8).map(|i| [i; 32]).collect();
    group.bench_function("ours_batched", |b| {
        b.iter(|| {
            let mut jobs: Vec<IgeJob<'_>> = messages
                .iter_mut()
                .zip(&keys)
                .map(|(data, key)| IgeJob {
                    key: *key,
                    iv: IV,
                    data: &mut data[..],
                })
                .collect();
            batch::encrypt(black_box(&mut jobs)).unwrap();
        })
    });
    group.bench_function("ours_single_stream", |b| {
        b.iter(|| {
            for (data, key) in messages.iter_mut().zip(&keys) {
                ige::encrypt(key, &IV, black_box(&mut data[..])).unwrap();
            }
        })
    });
    group.bench_function("grammers", |b| {
        b.iter(|| {
            for (data, key) in messages.iter_mut().zip(&keys) {
                grammers_crypto::aes::ige_encrypt(black_box(&mut data[..]), key, &IV);
            }
        })
    });
    group.finish();
}

fn full_message(c: &mut Criterion) {
    let key_bytes: [u8; 256] = std::array::from_fn(|i| (i * 7) as u8);
    let ours = AuthKey::from_bytes(key_bytes);
    let theirs = grammers_crypto::AuthKey::from_bytes(key_bytes);
    let plaintext = [5u8; MESSAGE];
    let mut rng = ChaCha20Rng::seed_from_u64(1);

    let mut group = c.benchmark_group("message_352");
    group.throughput(Throughput::Bytes(MESSAGE as u64));
    let mut buf = vec![0u8; message::packet_len(MESSAGE) + 32];
    group.bench_function("encrypt/ours", |b| {
        b.iter(|| {
            buf[HEADER_LEN..HEADER_LEN + MESSAGE].copy_from_slice(&plaintext);
            message::encrypt(
                &ours,
                Direction::ClientToServer,
                &mut buf,
                MESSAGE,
                &mut rng,
            )
            .unwrap()
        })
    });
    // Same padding length as grammers (32 bytes) for a like-for-like view.
    group.bench_function("encrypt/ours_pad32", |b| {
        let mut padding = [0u8; 32];
        b.iter(|| {
            rand_core::Rng::fill_bytes(&mut rng, &mut padding);
            buf[HEADER_LEN..HEADER_LEN + MESSAGE].copy_from_slice(&plaintext);
            message::encrypt_with_padding(
                &ours,
                Direction::ClientToServer,
                &mut buf,
                MESSAGE,
                &padding,
            )
            .unwrap()
        })
    });
    let mut deque = DequeBuffer::with_capacity(MESSAGE + 64, 32);
    group.bench_function("encrypt/grammers", |b| {
        b.iter(|| {
            deque.clear();
            deque.extend(plaintext);
            grammers_crypto::encrypt_data_v2(&mut deque, &theirs);
        })
    });

    // Decryption of a server→client packet (grammers decrypts that direction).
    buf[HEADER_LEN..HEADER_LEN + MESSAGE].copy_from_slice(&plaintext);
    let mut padding = [0u8; 32];
    rand_core::Rng::fill_bytes(&mut rng, &mut padding);
    let len = message::encrypt_with_padding(
        &ours,
        Direction::ServerToClient,
        &mut buf,
        MESSAGE,
        &padding,
    )
    .unwrap();
    let packet = buf[..len].to_vec();
    let mut work = packet.clone();
    group.bench_function("decrypt/ours", |b| {
        b.iter(|| {
            work.copy_from_slice(&packet);
            message::decrypt_raw(&ours, Direction::ServerToClient, black_box(&mut work))
                .unwrap()
                .len()
        })
    });
    group.bench_function("decrypt/grammers", |b| {
        b.iter(|| {
            work.copy_from_slice(&packet);
            grammers_crypto::decrypt_data_v2(black_box(&mut work), &theirs)
                .unwrap()
                .len()
        })
    });
    group.finish();
}

criterion_group!(benches, ige_sizes, ige_batch, full_message);
criterion_main!(benches);
