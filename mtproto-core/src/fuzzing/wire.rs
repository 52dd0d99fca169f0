//! Wire-layer fuzz bodies (`fuzz/fuzz_targets/mtproto_core_{transport,handshake,session}_*`).

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::transport::obfuscated::{Obfuscation, ObfuscationHeader};
use crate::transport::{Frame, FrameCodec, ServerTransport, Transport, TransportKind};
use mtproto_crypto::Side;

/// Cap on payloads in the fuzz bodies: small, so a length field cannot make a decoder wait long.
const FUZZ_MAX_PAYLOAD: usize = 1 << 16;

/// Feeds `data` to a `kind` transport for `reader`, both whole and in chunks whose sizes come from
/// the data itself, and checks the two agree; every decoded payload must re-encode and decode to
/// itself (a round-trip oracle).
fn decode_both_ways(kind: TransportKind, reader: Side, data: &[u8]) {
    let codec = FrameCodec::new(kind, reader).with_max_payload(FUZZ_MAX_PAYLOAD);
    let whole = drain(&mut Transport::server(codec.clone(), None, data));
    let chunk = usize::from(data.first().copied().unwrap_or(1)).max(1);
    let mut t = Transport::server(codec, None, &[]);
    for piece in data.chunks(chunk) {
        t.handle_input(piece);
    }
    let chunked = drain(&mut t);
    assert_eq!(whole, chunked, "chunked decoding differs");
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    for frame in whole.0 {
        if let Frame::Payload { data, quick_ack } = frame {
            let mut out = Vec::new();
            let mut sender = FrameCodec::new(kind, peer(reader));
            sender.encode(&data, quick_ack, &mut rng, &mut out);
            let mut receiver = FrameCodec::new(kind, reader).with_max_payload(FUZZ_MAX_PAYLOAD);
            match receiver.decode(&out) {
                Ok(Some((Frame::Payload { data: again, .. }, used))) => {
                    assert_eq!(used, out.len());
                    // Abridged and intermediate cannot frame unaligned bodies; padded strips tails.
                    if kind == TransportKind::Full {
                        assert_eq!(again, data);
                    }
                }
                Ok(Some((Frame::Error(_) | Frame::QuickAck(_), _))) => {}
                other => panic!("re-encoded payload does not decode: {other:?}"),
            }
        }
    }
}

fn peer(side: Side) -> Side {
    match side {
        Side::Client => Side::Server,
        Side::Server => Side::Client,
    }
}

/// Every frame until the transport needs more bytes or fails, and whether it failed.
fn drain(t: &mut Transport) -> (Vec<Frame>, bool) {
    let mut frames = Vec::new();
    loop {
        match t.poll_frame() {
            Ok(Some(f)) => frames.push(f),
            Ok(None) => return (frames, false),
            Err(_) => return (frames, true),
        }
    }
}

fn kind_from(byte: u8) -> TransportKind {
    [
        TransportKind::Abridged,
        TransportKind::Intermediate,
        TransportKind::PaddedIntermediate,
        TransportKind::Full,
    ][usize::from(byte % 4)]
}

/// Abridged decoder, as read by a server and by a client.
pub fn transport_abridged(data: &[u8]) {
    decode_both_ways(TransportKind::Abridged, Side::Server, data);
    decode_both_ways(TransportKind::Abridged, Side::Client, data);
}

/// Intermediate decoder, both readers.
pub fn transport_intermediate(data: &[u8]) {
    decode_both_ways(TransportKind::Intermediate, Side::Server, data);
    decode_both_ways(TransportKind::Intermediate, Side::Client, data);
}

/// Padded intermediate decoder, both readers.
pub fn transport_padded(data: &[u8]) {
    decode_both_ways(TransportKind::PaddedIntermediate, Side::Server, data);
    decode_both_ways(TransportKind::PaddedIntermediate, Side::Client, data);
}

/// Full decoder, both readers.
pub fn transport_full(data: &[u8]) {
    decode_both_ways(TransportKind::Full, Side::Server, data);
    decode_both_ways(TransportKind::Full, Side::Client, data);
}

/// A server's detecting transport fed raw connection bytes (plain tags, full, obfuscated headers,
/// garbage), one chunk size taken from the first byte.
pub fn transport_detect(data: &[u8]) {
    let mut s = ServerTransport::new(FUZZ_MAX_PAYLOAD);
    let chunk = usize::from(data.first().copied().unwrap_or(1)).max(1);
    for piece in data.chunks(chunk) {
        s.handle_input(piece);
        while let Ok(Some(_)) = s.poll_frame() {}
    }
}

/// The obfuscated decoders: a valid client header for the transport picked by `data[0]`, then
/// `data[1..]` encrypted with the client's stream, so the server's decoder sees `data[1..]` as
/// plaintext.
pub fn transport_obfuscated(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let kind = kind_from(first % 3);
    let mut rng = ChaCha8Rng::seed_from_u64(u64::from(first));
    let Some(tag) = kind.obfuscated_tag() else {
        return;
    };
    let header = ObfuscationHeader::generate(tag, None, &mut rng);
    let (mut obfuscation, header) = Obfuscation::client(&header);
    let mut wire = header.to_vec();
    let start = wire.len();
    wire.extend_from_slice(rest);
    obfuscation.encrypt(&mut wire[start..]);
    let mut s = ServerTransport::new(FUZZ_MAX_PAYLOAD);
    s.handle_input(&wire);
    assert_eq!(s.kind(), Some(kind));
    while let Ok(Some(_)) = s.poll_frame() {}
}

/// A throwaway RSA key for the fuzz bodies (the same one the tests use).
fn fuzz_server_config() -> std::sync::Arc<crate::session::server::ServerConfig> {
    use std::sync::{Arc, OnceLock};
    static CONFIG: OnceLock<Arc<crate::session::server::ServerConfig>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let key = mtproto_crypto::rsa::RsaPrivateKey::from_pem(include_str!(
                "../../tests/data/test_rsa_key.pem"
            ))
            .expect("test key parses");
            Arc::new(crate::session::server::ServerConfig::new(
                crate::handshake::server::HandshakeConfig::new(vec![key]),
                [7; 32],
            ))
        })
        .clone()
}

const FUZZ_NOW: u64 = 1_700_000_000;

/// The server handshake fed arbitrary frames. If `data[0] >= 0x10`, `data` is a list of
/// `[len u16 LE][bytes]` messages, each given to the handshake as an unencrypted message body and
/// then as a whole payload. Otherwise a real client exchange runs with its message number
/// `data[0] % 3` XORed with `data[1..]`, so the deep states (RSA, DH) are reached too.
pub fn handshake_server(data: &[u8]) {
    use crate::envelope::PlainMessage;
    use crate::handshake::server::ServerHandshake;
    use crate::msg_id::MsgId;
    use crate::time::UnixTime;

    let config = fuzz_server_config();
    let now = UnixTime::from_secs(FUZZ_NOW);
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let mut keys = crate::session::server::MemoryKeys::new();
    let Some((&which, mask)) = data.split_first() else {
        return;
    };
    if which >= 0x10 {
        let mut hs = ServerHandshake::new();
        let mut rest = data;
        while rest.len() >= 2 {
            let len = usize::from(u16::from_le_bytes([rest[0], rest[1]])).min(rest.len() - 2);
            let body = &rest[2..2 + len];
            let mut msg = Vec::new();
            PlainMessage::encode(MsgId((FUZZ_NOW as i64) << 32), body, &mut msg);
            let _ = hs.handle(&config.handshake, now, &msg, &mut keys, &mut rng);
            let _ = hs.handle(&config.handshake, now, body, &mut keys, &mut rng);
            rest = &rest[2 + len..];
        }
        return;
    }
    let mut hs = ServerHandshake::new();
    let client_cfg = crate::handshake::client::ClientHandshakeConfig::permanent(
        config
            .handshake
            .rsa_keys
            .iter()
            .map(|k| k.public().clone())
            .collect(),
        2,
    );
    let mut crng = ChaCha8Rng::seed_from_u64(6);
    let corrupt = |step: u8, mut msg: Vec<u8>| {
        if which % 3 == step {
            for (b, m) in msg.iter_mut().skip(20).zip(mask) {
                *b ^= m;
            }
        }
        msg
    };
    let (s1, req) = crate::handshake::client::start(client_cfg, now, &mut crng);
    let Ok(step) = hs.handle(
        &config.handshake,
        now,
        &corrupt(0, req),
        &mut keys,
        &mut rng,
    ) else {
        return;
    };
    let Some(Ok((s2, req))) = step.reply.map(|r| s1.handle(now, &r, &mut crng)) else {
        return;
    };
    let Ok(step) = hs.handle(
        &config.handshake,
        now,
        &corrupt(1, req),
        &mut keys,
        &mut rng,
    ) else {
        return;
    };
    let Some(Ok((s3, req))) = step.reply.map(|r| s2.handle(now, &r, &mut crng)) else {
        return;
    };
    if let Ok(step) = hs.handle(
        &config.handshake,
        now,
        &corrupt(2, req),
        &mut keys,
        &mut rng,
    ) && let Some(reply) = step.reply
    {
        let _ = s3.handle(now, &reply, &mut crng);
    }
}

/// A server connection whose key store knows one fixed key.
fn fuzz_session() -> (
    crate::session::server::ServerConnection,
    crate::session::server::MemoryKeys,
    mtproto_crypto::AuthKey,
) {
    use crate::session::server::{MemoryKeys, ServerConnection, ServerKeys};
    let key = mtproto_crypto::AuthKey::from_bytes(std::array::from_fn(|i| i as u8));
    let mut keys = MemoryKeys::new();
    // The in-memory store never refuses a key.
    let _stored = keys.insert(key.clone(), None);
    (ServerConnection::new(fuzz_server_config()), keys, key)
}

/// The server session fed arbitrary encrypted frames (`[len u16 LE][payload]` list): the first
/// 8 bytes of each payload are replaced by the known key's id when `len` is odd, so the
/// decryption checks are reached.
pub fn session_server_encrypted(data: &[u8]) {
    let (mut conn, mut keys, key) = fuzz_session();
    let now = crate::time::UnixTime::from_secs(FUZZ_NOW);
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut rest = data;
    while rest.len() >= 2 {
        let raw = u16::from_le_bytes([rest[0], rest[1]]);
        let len = usize::from(raw).min(rest.len() - 2);
        let mut payload = rest[2..2 + len].to_vec();
        if raw & 1 == 1 && payload.len() >= 8 {
            payload[..8].copy_from_slice(&key.id().to_bytes());
        }
        conn.handle_payload(now, payload, raw & 2 == 2, &mut keys, &mut rng);
        rest = &rest[2 + len..];
    }
    while conn.poll_event().is_some() {}
    let _ = conn.poll_transmit();
}

/// The server session fed arbitrary decrypted plaintexts (`[len u16 LE][plaintext]` list), each
/// encrypted under the known key so it passes the msg_key check. When bit 0 of `len` is set the
/// salt, session and msg_id fields are made valid (fresh, time-based), so the fuzzer explores
/// message handling rather than the salt check.
pub fn session_server_plaintext(data: &[u8]) {
    use mtproto_crypto::{Direction, message};
    let (mut conn, mut keys, key) = fuzz_session();
    let now = crate::time::UnixTime::from_secs(FUZZ_NOW);
    let salt = fuzz_server_config().salts.current(key.id().0, now);
    let mut rng = ChaCha8Rng::seed_from_u64(8);
    let mut rest = data;
    let mut n = 1i64;
    while rest.len() >= 2 {
        let raw = u16::from_le_bytes([rest[0], rest[1]]);
        let len = usize::from(raw).min(rest.len() - 2);
        let mut plaintext = rest[2..2 + len].to_vec();
        if raw & 1 == 1 {
            plaintext.resize(plaintext.len().max(32), 0);
            plaintext[..8].copy_from_slice(&salt.to_le_bytes());
            plaintext[8..16].copy_from_slice(&42i64.to_le_bytes());
            plaintext[16..24]
                .copy_from_slice(&(((FUZZ_NOW as i64) << 32) | (n << 2)).to_le_bytes());
            n += 1;
        }
        let mut buf = vec![0u8; message::packet_len(plaintext.len())];
        buf[message::HEADER_LEN..message::HEADER_LEN + plaintext.len()].copy_from_slice(&plaintext);
        if let Ok(total) = message::encrypt(
            &key,
            Direction::ClientToServer,
            &mut buf,
            plaintext.len(),
            &mut rng,
        ) {
            buf.truncate(total);
            conn.handle_payload(now, buf, false, &mut keys, &mut rng);
        }
        // Answer every query, so responses, gzip and invokeAfterMsg releases run too.
        while let Some(e) = conn.poll_event() {
            if let crate::session::server::ServerEvent::Rpc(call) = e {
                let answer = crate::session::server::RpcAnswer::Result(call.query.clone());
                conn.respond(now, call.handle, answer, &mut rng);
            }
        }
        rest = &rest[2 + len..];
    }
    let _ = conn.poll_transmit();
}
