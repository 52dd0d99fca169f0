//! Transport codecs: known-answer framing vectors (MTPROTO.md §5.8, §5.9), round trips over every
//! transport, incremental decoding and server-side detection.

use mtproto_core::transport::ProtocolTag;
use mtproto_core::transport::obfuscated::ObfuscationHeader;
use mtproto_core::transport::{
    Frame, FrameCodec, QuickAckToken, ServerTransport, Transport, TransportError,
    TransportErrorCode, TransportKind, abridged, full, intermediate,
};
use mtproto_crypto::Side;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn hex(s: &str) -> Vec<u8> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Payload of grammers' framing tests: bytes `i & 0xff` (MTPROTO.md §5.8).
fn ramp(n: usize) -> Vec<u8> {
    (0..n).map(|i| i as u8).collect()
}

fn rng() -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(7)
}

const ALL: [TransportKind; 4] = [
    TransportKind::Abridged,
    TransportKind::Intermediate,
    TransportKind::PaddedIntermediate,
    TransportKind::Full,
];

#[test]
fn abridged_vectors() {
    for (n, header) in [(0, "00"), (128, "20"), (1024, "7f000100")] {
        let mut t = Transport::client(FrameCodec::new(TransportKind::Abridged, Side::Client));
        t.send(&ramp(n), false, &mut rng());
        let mut want = hex("ef");
        want.extend(hex(header));
        want.extend(ramp(n));
        assert_eq!(t.poll_transmit().unwrap(), want, "n = {n}");
    }
}

#[test]
fn intermediate_vectors() {
    for (n, header) in [(0, "00000000"), (128, "80000000")] {
        let mut t = Transport::client(FrameCodec::new(TransportKind::Intermediate, Side::Client));
        t.send(&ramp(n), false, &mut rng());
        let mut want = hex("eeeeeeee");
        want.extend(hex(header));
        want.extend(ramp(n));
        assert_eq!(t.poll_transmit().unwrap(), want);
    }
}

#[test]
fn full_vectors() {
    let mut out = Vec::new();
    full::encode(&[], 0, &mut out);
    assert_eq!(out, hex("0c000000 00000000 26ca8d32"));
    for (seq, crc) in [(0, "86739537"), (1, "9609f04a")] {
        let mut out = Vec::new();
        full::encode(&ramp(128), seq, &mut out);
        let mut want = hex("8c000000");
        want.extend(seq.to_le_bytes());
        want.extend(ramp(128));
        want.extend(hex(crc));
        assert_eq!(out, want);
    }
    // The codec numbers its packets itself.
    let mut codec = FrameCodec::new(TransportKind::Full, Side::Client);
    let mut out = Vec::new();
    codec.encode(&ramp(128), false, &mut rng(), &mut out);
    codec.encode(&ramp(128), false, &mut rng(), &mut out);
    assert_eq!(&out[out.len() - 4..], hex("9609f04a"));
}

#[test]
fn transport_error_vectors() {
    let code = TransportErrorCode::AUTH_KEY_NOT_FOUND;
    let mut out = Vec::new();
    abridged::encode(&code.to_bytes(), false, &mut out);
    assert_eq!(out, hex("016cfeffff"));
    out.clear();
    intermediate::encode(&code.to_bytes(), false, &mut out);
    assert_eq!(out, hex("040000006cfeffff"));
    for kind in ALL {
        let mut server = FrameCodec::new(kind, Side::Server);
        let mut client = FrameCodec::new(kind, Side::Client);
        for code in [
            TransportErrorCode::AUTH_KEY_NOT_FOUND,
            TransportErrorCode::FLOOD,
            TransportErrorCode::INVALID_DC,
        ] {
            let mut out = Vec::new();
            server.encode_error(code, &mut rng(), &mut out);
            let (frame, used) = client.decode(&out).unwrap().unwrap();
            assert_eq!((frame, used), (Frame::Error(code), out.len()), "{kind:?}");
        }
    }
    // A bare negative length word on the full transport is an error too.
    let mut client = FrameCodec::new(TransportKind::Full, Side::Client);
    assert_eq!(
        client.decode(&hex("6cfeffff")).unwrap(),
        Some((Frame::Error(TransportErrorCode(-404)), 4))
    );
}

#[test]
fn quick_ack_both_directions() {
    // Token of MTPROTO.md §5.8: 0xcd571d02; abridged sends it byte-swapped, intermediate raw.
    let token = QuickAckToken(0xcd57_1d02);
    let mut out = Vec::new();
    abridged::encode_quick_ack(token, &mut out);
    assert_eq!(out, hex("cd571d02"));
    out.clear();
    intermediate::encode_quick_ack(token, &mut out);
    assert_eq!(out, hex("021d57cd"));

    let payload = encrypted_like(2);
    for kind in [
        TransportKind::Abridged,
        TransportKind::Intermediate,
        TransportKind::PaddedIntermediate,
    ] {
        let mut client = FrameCodec::new(kind, Side::Client);
        let mut server = FrameCodec::new(kind, Side::Server);
        let mut wire = Vec::new();
        client.encode(&payload, true, &mut rng(), &mut wire);
        let (frame, _) = server.decode(&wire).unwrap().unwrap();
        assert_eq!(
            frame,
            Frame::Payload {
                data: payload.clone(),
                quick_ack: true
            },
            "{kind:?}"
        );
        let mut back = Vec::new();
        assert!(server.encode_quick_ack(token, &mut rng(), &mut back));
        let (frame, used) = client.decode(&back).unwrap().unwrap();
        assert_eq!(
            (frame, used),
            (Frame::QuickAck(token), back.len()),
            "{kind:?}"
        );
    }
    // Long abridged form with the quick-ack flag: 0xff + 3-byte length.
    let mut server = FrameCodec::new(TransportKind::Abridged, Side::Server);
    let mut wire = Vec::new();
    abridged::encode(&ramp(1024), true, &mut wire);
    assert_eq!(wire[..4], hex("ff000100"));
    assert_eq!(
        server.decode(&wire).unwrap().unwrap().0,
        Frame::Payload {
            data: ramp(1024),
            quick_ack: true
        }
    );
}

/// A fake encrypted payload (24 + 16·k bytes, non-zero auth_key_id) as the padded transport needs.
fn encrypted_like(k: usize) -> Vec<u8> {
    let mut p = ramp(24 + 16 * k);
    p[0] = 1;
    p
}

/// A fake unencrypted message: zero auth_key_id, msg_id, length, body.
fn unencrypted_like(body_len: usize) -> Vec<u8> {
    let mut p = vec![0u8; 8];
    p.extend(0x65c5_3d50_0006_72d4u64.to_le_bytes());
    p.extend((body_len as u32).to_le_bytes());
    p.extend(ramp(body_len));
    p
}

fn pump(from: &mut Transport, to: &mut impl FnMut(&[u8]), chunk: &mut impl FnMut() -> usize) {
    if let Some(bytes) = from.poll_transmit() {
        let mut rest = &bytes[..];
        while !rest.is_empty() {
            let n = chunk().clamp(1, rest.len());
            to(&rest[..n]);
            rest = &rest[n..];
        }
    }
}

/// Client → detecting server → client, every transport, plain and obfuscated, with chunk sizes
/// drawn by `chunk` (1 = one byte at a time).
fn conversation(kind: TransportKind, obfuscated: bool, mut chunk: impl FnMut() -> usize) {
    let mut r = rng();
    let codec = FrameCodec::new(kind, Side::Client);
    let mut client = if obfuscated {
        Transport::client_obfuscated(codec, None, &mut r).unwrap()
    } else {
        Transport::client(codec)
    };
    let mut server = ServerTransport::default();
    let payloads = [
        unencrypted_like(20),
        encrypted_like(3),
        encrypted_like(130),
        unencrypted_like(4),
    ];
    for p in &payloads {
        client.send(p, false, &mut r);
    }
    pump(&mut client, &mut |b| server.handle_input(b), &mut chunk);
    assert_eq!(server.kind(), Some(kind));
    assert_eq!(server.is_obfuscated(), obfuscated);
    for p in &payloads {
        assert_eq!(
            server.poll_frame().unwrap(),
            Some(Frame::Payload {
                data: p.clone(),
                quick_ack: false
            })
        );
        server.send(p, &mut r);
    }
    assert_eq!(server.poll_frame().unwrap(), None);
    server.send_error(TransportErrorCode::FLOOD, &mut r);
    let out = server.poll_transmit().unwrap();
    let mut rest = &out[..];
    while !rest.is_empty() {
        let n = chunk().clamp(1, rest.len());
        client.handle_input(&rest[..n]);
        rest = &rest[n..];
    }
    for p in &payloads {
        assert_eq!(
            client.poll_frame().unwrap(),
            Some(Frame::Payload {
                data: p.clone(),
                quick_ack: false
            })
        );
    }
    assert_eq!(
        client.poll_frame().unwrap(),
        Some(Frame::Error(TransportErrorCode::FLOOD))
    );
    assert_eq!(client.poll_frame().unwrap(), None);
}

#[test]
fn every_transport_round_trips_one_byte_at_a_time() {
    for kind in ALL {
        conversation(kind, false, || 1);
    }
    for kind in [
        TransportKind::Abridged,
        TransportKind::Intermediate,
        TransportKind::PaddedIntermediate,
    ] {
        conversation(kind, true, || 1);
    }
}

#[test]
fn every_transport_round_trips_in_random_chunks() {
    let mut sizes = ChaCha8Rng::seed_from_u64(99);
    for _ in 0..20 {
        for kind in ALL {
            conversation(kind, false, || {
                (rand::Rng::next_u32(&mut sizes) % 300) as usize + 1
            });
        }
        for kind in [
            TransportKind::Abridged,
            TransportKind::Intermediate,
            TransportKind::PaddedIntermediate,
        ] {
            conversation(kind, true, || {
                (rand::Rng::next_u32(&mut sizes) % 70) as usize + 1
            });
        }
    }
}

#[test]
fn obfuscated_vectors() {
    // mtcute obfuscated.test.ts (MTPROTO.md §5.9(a)): default entropy, intermediate tag.
    let init = hex(
        "29afd26df40fb8ed10b6b4ad6d56ef5df9453f88e6ee6adb6e0544ba635dc6a8a990c9b8b980c343936b33fa7f97bae025102532233abb269c489920ef99021b",
    );
    let header =
        ObfuscationHeader::from_random(init.try_into().unwrap(), ProtocolTag::Intermediate, None);
    let mut t = Transport::client_obfuscated_with_header(
        FrameCodec::new(TransportKind::Intermediate, Side::Client),
        &header,
    );
    let sent = t.poll_transmit().unwrap();
    assert_eq!(
        sent,
        hex(
            "29afd26df40fb8ed10b6b4ad6d56ef5df9453f88e6ee6adb6e0544ba635dc6a8a990c9b8b980c343936b33fa7f97bae025102532233abb26d4a1fe6d34f1ba08"
        )
    );
    t.send_error(TransportErrorCode::AUTH_KEY_NOT_FOUND, &mut rng());
    assert_eq!(t.poll_transmit().unwrap(), hex("a1020630a410e940"));
    t.send_error(TransportErrorCode::AUTH_KEY_NOT_FOUND, &mut rng());
    assert_eq!(t.poll_transmit().unwrap(), hex("f53ff53f371db495"));
    t.handle_input(&hex("e8027df708ab3b5c1854be76d2df4949"));
    assert_eq!(
        t.poll_frame().unwrap(),
        Some(Frame::Error(TransportErrorCode(-404)))
    );
    assert_eq!(
        t.poll_frame().unwrap(),
        Some(Frame::Error(TransportErrorCode(-404)))
    );

    // random = ff*64, no proxy, intermediate tag -> ff*56 || fce8ab2203db2bff
    let header = ObfuscationHeader::from_random([0xff; 64], ProtocolTag::Intermediate, None);
    let mut t = Transport::client_obfuscated_with_header(
        FrameCodec::new(TransportKind::Intermediate, Side::Client),
        &header,
    );
    let mut want = vec![0xff; 56];
    want.extend(hex("fce8ab2203db2bff"));
    assert_eq!(t.poll_transmit().unwrap(), want);
}

#[test]
fn generated_headers_avoid_forbidden_starts() {
    let mut r = rng();
    for _ in 0..2000 {
        let h = ObfuscationHeader::generate(ProtocolTag::Abridged, Some(2), &mut r);
        let b = h.as_bytes();
        let mut random_part = *b;
        random_part[56..64].copy_from_slice(&[1; 8]);
        assert!(mtproto_crypto::ctr::is_valid_init(&random_part));
        assert_eq!(b[56..62], [0xef, 0xef, 0xef, 0xef, 2, 0]);
    }
}

#[test]
fn detection_of_plain_transports_and_garbage() {
    let mut s = ServerTransport::default();
    s.handle_input(
        b"GET / HTTP/1.1\r\nHost: example\r\n\r\n........................................",
    );
    assert_eq!(s.poll_frame(), Err(TransportError::UnknownTransport));
    // Only 63 bytes of an obfuscated header: still waiting.
    let mut s = ServerTransport::default();
    s.handle_input(&[0x11; 63]);
    assert_eq!(s.poll_frame(), Ok(None));
    assert_eq!(s.kind(), None);
    // A reconnect with an existing key on abridged: `ef 16 <auth_key_id>…`.
    let mut s = ServerTransport::default();
    let mut wire = vec![0xef, 0x16];
    wire.extend(encrypted_like(4)[..88].iter());
    s.handle_input(&wire);
    assert_eq!(s.kind(), Some(TransportKind::Abridged));
    assert!(matches!(s.poll_frame(), Ok(Some(Frame::Payload { .. }))));
}

#[test]
fn decoders_reject_bad_frames() {
    let mut s = FrameCodec::new(TransportKind::Intermediate, Side::Server).with_max_payload(1024);
    assert_eq!(
        s.decode(&hex("04100000")),
        Err(TransportError::TooLarge {
            len: 4100,
            max: 1024
        })
    );
    assert_eq!(
        s.decode(&hex("03000000")),
        Err(TransportError::BadLength(3))
    );
    let mut s = FrameCodec::new(TransportKind::Abridged, Side::Server).with_max_payload(1024);
    assert_eq!(
        s.decode(&hex("7f000400")),
        Err(TransportError::TooLarge {
            len: 4096,
            max: 1024
        })
    );
    let mut s = FrameCodec::new(TransportKind::Full, Side::Server);
    assert_eq!(
        s.decode(&hex("08000000")),
        Err(TransportError::BadLength(8))
    );
    let mut good = Vec::new();
    full::encode(&ramp(8), 0, &mut good);
    let mut bad_crc = good.clone();
    bad_crc[9] ^= 1;
    assert!(matches!(
        s.decode(&bad_crc),
        Err(TransportError::BadCrc { .. })
    ));
    let mut bad_seq = Vec::new();
    full::encode(&ramp(8), 5, &mut bad_seq);
    assert_eq!(
        s.decode(&bad_seq),
        Err(TransportError::BadSeq {
            expected: 0,
            got: 5
        })
    );
    // A dead transport stays dead.
    let mut t = Transport::client(FrameCodec::new(TransportKind::Full, Side::Client));
    t.handle_input(&bad_seq);
    assert!(t.poll_frame().is_err());
    t.handle_input(&good);
    assert!(t.poll_frame().is_err());
}
