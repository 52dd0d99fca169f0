//! Framing throughput per transport: encode and decode a stream of packets, plain and obfuscated.
//! `cargo bench -p mtproto-core --bench wire_framing -- --quick`

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use mtproto_core::transport::{Frame, FrameCodec, ServerTransport, Transport, TransportKind};
use mtproto_crypto::Side;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;

const KINDS: [(TransportKind, &str); 4] = [
    (TransportKind::Abridged, "abridged"),
    (TransportKind::Intermediate, "intermediate"),
    (TransportKind::PaddedIntermediate, "padded"),
    (TransportKind::Full, "full"),
];

/// 64 encrypted-message-shaped payloads of `size` bytes (24 + 16·k).
fn payloads(size: usize) -> Vec<Vec<u8>> {
    (0..64u8)
        .map(|i| (0..size).map(|j| (j as u8) ^ i | 1).collect())
        .collect()
}

fn client(kind: TransportKind, obfuscated: bool, rng: &mut ChaCha8Rng) -> Transport {
    let codec = FrameCodec::new(kind, Side::Client);
    if obfuscated {
        Transport::client_obfuscated(codec, None, rng).unwrap()
    } else {
        Transport::client(codec)
    }
}

fn bench(c: &mut Criterion) {
    for size in [360usize, 16_392] {
        let msgs = payloads(size);
        let mut g = c.benchmark_group(format!("framing/{size}B"));
        g.throughput(Throughput::Bytes((size * msgs.len()) as u64));
        for obfuscated in [false, true] {
            for (kind, name) in KINDS {
                if obfuscated && kind == TransportKind::Full {
                    continue;
                }
                let label = if obfuscated {
                    format!("obfuscated-{name}")
                } else {
                    name.to_string()
                };
                g.bench_function(BenchmarkId::new("encode", &label), |b| {
                    let mut rng = ChaCha8Rng::seed_from_u64(1);
                    let mut t = client(kind, obfuscated, &mut rng);
                    b.iter(|| {
                        for m in &msgs {
                            t.send(m, false, &mut rng);
                        }
                        black_box(t.poll_transmit())
                    })
                });
                // The whole client stream once, then decode it on a detecting server per iteration.
                let mut rng = ChaCha8Rng::seed_from_u64(2);
                let mut t = client(kind, obfuscated, &mut rng);
                for m in &msgs {
                    t.send(m, false, &mut rng);
                }
                let wire = t.poll_transmit().unwrap();
                g.bench_function(BenchmarkId::new("decode", &label), |b| {
                    b.iter(|| {
                        let mut s = ServerTransport::default();
                        s.handle_input(&wire);
                        let mut n = 0;
                        while let Ok(Some(Frame::Payload { data, .. })) = s.poll_frame() {
                            n += data.len();
                        }
                        black_box(n)
                    })
                });
            }
        }
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
