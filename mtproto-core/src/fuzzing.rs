//! Bodies of the cargo-fuzz targets in `fuzz/fuzz_targets/mtproto_core_*` (wire layer), kept here
//! so `cargo test` replays their seeds (`tests/wire_fuzz_seeds.rs`). Each body must never panic.

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
