//! Server-side costs: one 352-byte RPC (decrypt, checks, parse, encrypt the 352-byte reply,
//! framing), with grammers-crypto's bare encrypt + decrypt of the same sizes as the peer; and
//! whole server handshakes per second (client work excluded).
//! `cargo bench -p mtproto-core --bench wire_server -- --quick`

use std::sync::Arc;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use mtproto_core::handshake::client::{self, ClientHandshakeConfig};
use mtproto_core::handshake::server::{HandshakeConfig, ServerHandshake};
use mtproto_core::msg_id::MsgId;
use mtproto_core::session::outbox::{Outgoing, seal};
use mtproto_core::session::salts::SaltSchedule;
use mtproto_core::session::server::{
    MemoryKeys, RpcAnswer, ServerConfig, ServerConnection, ServerEvent, ServerKeys,
};
use mtproto_core::time::UnixTime;
use mtproto_core::transport::{FrameCodec, TransportKind};
use mtproto_crypto::rsa::RsaPrivateKey;
use mtproto_crypto::{AuthKey, Direction, Side};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;

const NOW: u64 = 1_700_000_000;
/// Body bytes that make a 352-byte plaintext (32-byte inner header + 320).
const BODY: usize = 320;

fn config() -> Arc<ServerConfig> {
    let key = RsaPrivateKey::from_pem(include_str!("../tests/data/test_rsa_key.pem")).unwrap();
    Arc::new(ServerConfig::new(HandshakeConfig::new(vec![key]), [7; 32]))
}

fn rpc(c: &mut Criterion) {
    let key = AuthKey::from_bytes(std::array::from_fn(|i| (i * 7) as u8));
    let now = UnixTime::from_secs(NOW);
    let salt = SaltSchedule::new([7; 32]).current(key.id().0, now);
    let mut keys = MemoryKeys::new();
    keys.insert(key.clone(), None).unwrap();
    let mut conn = ServerConnection::new(config());
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let mut crng = ChaCha8Rng::seed_from_u64(2);
    let mut codec = FrameCodec::new(TransportKind::Intermediate, Side::Client);
    // Transport tag and a first message so the session exists.
    conn.handle_input(now, &[0xee; 4], &mut keys, &mut rng);
    let mut n = 1i64;
    let mut next_packet = |crng: &mut ChaCha8Rng| {
        let mut body = 0x0abc_def0u32.to_le_bytes().to_vec();
        body.resize(BODY, 0x11);
        let m = Outgoing {
            msg_id: MsgId(((NOW as i64) << 32) | (n << 2)),
            seq_no: (2 * n + 1) as i32,
            body,
        };
        n += 1;
        let payload = seal(&key, Direction::ClientToServer, salt, 9, &m, crng);
        let mut wire = Vec::new();
        codec.encode(&payload, false, crng, &mut wire);
        wire
    };
    let answer = vec![0x22u8; BODY - 12]; // rpc_result header (12) + result = 320 bytes of body
    let mut g = c.benchmark_group("server_rpc_352B");
    g.bench_function(
        "mtproto-core: decrypt+checks+parse+encrypt reply+framing",
        |b| {
            b.iter_batched(
                || next_packet(&mut crng),
                |wire| {
                    conn.handle_input(now, &wire, &mut keys, &mut rng);
                    while let Some(e) = conn.poll_event() {
                        if let ServerEvent::Rpc(call) = e {
                            // Random bytes do not compress: no gzip on this path.
                            conn.respond(
                                now,
                                call.handle,
                                RpcAnswer::Result(answer.clone()),
                                &mut rng,
                            );
                        }
                    }
                    black_box(conn.poll_transmit())
                },
                BatchSize::SmallInput,
            )
        },
    );
    // Peer: grammers-crypto 0.11, encrypt (client direction) + decrypt (server direction) of
    // 352-byte plaintexts, no session logic.
    let gkey = grammers_crypto::AuthKey::from_bytes(std::array::from_fn(|i| (i * 7) as u8));
    let plaintext = vec![0x33u8; 352];
    let mut sample = grammers_crypto::DequeBuffer::with_capacity(352, 64);
    sample.extend(&plaintext);
    grammers_crypto::encrypt_data_v2(&mut sample, &gkey);
    let server_packet = {
        let m = Outgoing {
            msg_id: MsgId(1),
            seq_no: 0,
            body: vec![0x44; BODY],
        };
        seal(
            &key,
            Direction::ServerToClient,
            0,
            9,
            &m,
            &mut ChaCha8Rng::seed_from_u64(3),
        )
    };
    g.bench_function(
        "grammers-crypto 0.11: encrypt_data_v2 + decrypt_data_v2 only",
        |b| {
            b.iter(|| {
                let mut buf = grammers_crypto::DequeBuffer::with_capacity(352, 64);
                buf.extend(&plaintext);
                grammers_crypto::encrypt_data_v2(&mut buf, &gkey);
                let mut incoming = server_packet.clone();
                black_box(grammers_crypto::decrypt_data_v2(&mut incoming, &gkey).is_ok());
                black_box(buf.len())
            })
        },
    );
    g.finish();
}

fn handshakes(c: &mut Criterion) {
    let cfg = config();
    let client_cfg =
        ClientHandshakeConfig::permanent(vec![cfg.handshake.rsa_keys[0].public().clone()], 2);
    let now = UnixTime::from_secs(NOW);
    let mut g = c.benchmark_group("server_handshake");
    g.sample_size(10);
    // The client messages are precomputed per iteration (setup, not measured); the measured part
    // is the server's three steps: resPQ (pq generation), req_DH_params (RSA decryption, DH
    // secret), set_client_DH_params (shared key).
    g.bench_function(
        "mtproto-core: one whole handshake, client and server in one thread",
        |b| {
            let mut seed = 0u64;
            b.iter_batched(
                || {
                    seed += 1;
                    (
                        ChaCha8Rng::seed_from_u64(seed),
                        ChaCha8Rng::seed_from_u64(seed ^ 0xff),
                    )
                },
                |(mut crng, mut srng)| {
                    let mut hs = ServerHandshake::new();
                    let mut keys = MemoryKeys::new();
                    let (s1, req) = client::start(client_cfg.clone(), now, &mut crng);
                    let r = hs
                        .handle(&cfg.handshake, now, &req, &mut keys, &mut srng)
                        .unwrap()
                        .reply
                        .unwrap();
                    let (s2, req) = s1.handle(now, &r, &mut crng).unwrap();
                    let r = hs
                        .handle(&cfg.handshake, now, &req, &mut keys, &mut srng)
                        .unwrap()
                        .reply
                        .unwrap();
                    let (_s3, req) = s2.handle(now, &r, &mut crng).unwrap();
                    black_box(
                        hs.handle(&cfg.handshake, now, &req, &mut keys, &mut srng)
                            .unwrap()
                            .created,
                    )
                },
                BatchSize::SmallInput,
            )
        },
    );
    g.finish();
}

criterion_group!(benches, rpc, handshakes);
criterion_main!(benches);
