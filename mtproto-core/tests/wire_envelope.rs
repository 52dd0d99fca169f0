//! msg_id generation, seq_no and unencrypted messages.

use std::time::Duration;

use mtproto_core::envelope::seq_no::is_content_related;
use mtproto_core::envelope::{PlainError, PlainMessage, SeqNoCounter};
use mtproto_core::msg_id::{MsgId, MsgIdGenerator, MsgIdKind};
use mtproto_core::time::UnixTime;
use proptest::prelude::*;

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn msg_id_is_time_based_with_parity() {
    let now = UnixTime(Duration::new(1_707_425_104, 500_000_000));
    let mut g = MsgIdGenerator::new();
    let id = g.next(now, MsgIdKind::Client);
    assert_eq!(id.secs(), 1_707_425_104);
    assert_eq!(id.0 & 0xffff_ffff, 0x8000_0000);
    assert_eq!(id.kind(), Some(MsgIdKind::Client));
    // Same instant again: strictly greater, still ≡ 0 mod 4 (the sample's ids step by 4).
    let id2 = g.next(now, MsgIdKind::Client);
    assert_eq!(id2.0, id.0 + 4);
    // An exact second never gives a zero low word.
    let mut g = MsgIdGenerator::new();
    assert_ne!(
        g.next(UnixTime::from_secs(100), MsgIdKind::Client).0 & 0xffff_ffff,
        0
    );
}

#[test]
fn server_ids_interleave_parities_and_increase() {
    let now = UnixTime::from_secs(1_707_425_105);
    let mut g = MsgIdGenerator::new();
    let a = g.next(now, MsgIdKind::ServerResponse);
    let b = g.next(now, MsgIdKind::ServerNotification);
    let c = g.next(now, MsgIdKind::ServerResponse);
    assert!(a < b && b < c);
    assert_eq!((a.parity(), b.parity(), c.parity()), (1, 3, 1));
}

#[test]
fn time_offset_from_server() {
    let now = UnixTime::from_secs(1000);
    let mut g = MsgIdGenerator::new();
    g.sync_to_server_time(1300, now);
    assert_eq!(g.time_offset(), 300);
    assert_eq!(g.next(now, MsgIdKind::Client).secs(), 1300);
    g.sync_to_server_msg_id(MsgId((900i64 << 32) | 1), now);
    assert_eq!(g.time_offset(), -100);
}

proptest! {
    #[test]
    fn ids_strictly_increase_whatever_the_clock_does(
        steps in proptest::collection::vec((0u64..3_000_000_000, 0u8..3), 1..200)
    ) {
        let mut g = MsgIdGenerator::new();
        let mut last = MsgId(0);
        let base = 1_700_000_000u64 * 1_000_000_000;
        for (nanos, k) in steps {
            let kind = [MsgIdKind::Client, MsgIdKind::ServerResponse, MsgIdKind::ServerNotification][k as usize];
            let id = g.next(UnixTime(Duration::from_nanos(base + nanos)), kind);
            prop_assert!(id > last);
            prop_assert_eq!(id.kind(), Some(kind));
            prop_assert_ne!(id.0 & 0xffff_ffff, 0);
            last = id;
        }
    }
}

#[test]
fn seq_no_counts_content_related_messages() {
    // grammers' container example: two requests get 1 and 3, the container 4.
    let mut s = SeqNoCounter::new();
    assert_eq!(s.next(true), 1);
    assert_eq!(s.next(true), 3);
    assert_eq!(s.next(false), 4);
    assert_eq!(s.next(false), 4);
    assert_eq!(s.next(true), 5);
    assert!(is_content_related(5) && !is_content_related(4));
}

#[test]
fn plain_message_of_the_official_sample() {
    // MTPROTO.md §5.1: req_pq_multi as sent by the client.
    let wire =
        hex("0000000000000000d4720600503dc56514000000f18e7ebe406709f612fadfbec3f0289d0aa67eef");
    let m = PlainMessage::decode(&wire).unwrap();
    assert_eq!(m.msg_id, MsgId(0x65c5_3d50_0006_72d4));
    assert_eq!(m.body, &wire[20..]);
    let mut out = Vec::new();
    PlainMessage::encode(m.msg_id, m.body, &mut out);
    assert_eq!(out, wire);
}

#[test]
fn plain_message_rejects_bad_input() {
    assert_eq!(
        PlainMessage::decode(&[0; 19]),
        Err(PlainError::TooShort(19))
    );
    let mut wire = vec![0u8; 24];
    wire[16] = 4;
    assert!(PlainMessage::decode(&wire).is_ok());
    wire[16] = 8;
    assert!(matches!(
        PlainMessage::decode(&wire),
        Err(PlainError::BadLength { .. })
    ));
    wire[0] = 1;
    assert_eq!(PlainMessage::decode(&wire), Err(PlainError::NotPlain));
}

mod containers {
    use mtproto_core::envelope::container::{self, ContainerError, InnerMessage};
    use mtproto_core::msg_id::MsgId;

    #[test]
    fn container_round_trip_and_sample() {
        // Decrypted server packet of MTPROTO.md §5.5(d): a container with new_session_created and pong.
        let plaintext = super::hex(
            "fc826a02248b28fd60f2c4822443ad6801f0c1c2918b305e0200000058000000dcf8f1730200000001a8c1c2918b305e010000001c0000000809c29ec4fd33ad918b305e18a88ea607ee5816fc826a02248b28fd01ccc1c2918b305e0200000014000000c5737734c4fd33ad918b305e6408300000000000",
        );
        let body = &plaintext[32..32 + 88];
        let msgs = container::parse(body).unwrap();
        assert_eq!(msgs.len(), 2);
        assert_eq!(msgs[0].msg_id, MsgId(0x5e30_8b91_c2c1_a801));
        assert_eq!((msgs[0].seq_no, msgs[0].body.len()), (1, 28));
        assert_eq!(msgs[1].body[..4], [0xc5, 0x73, 0x77, 0x34]);
        let mut out = Vec::new();
        container::write(&msgs, &mut out);
        assert_eq!(out, body);
    }

    #[test]
    fn container_errors() {
        let inner = InnerMessage {
            msg_id: MsgId(4),
            seq_no: 1,
            body: &[1, 2, 3, 4],
        };
        let mut ok = Vec::new();
        container::write(&[inner, inner], &mut ok);
        assert!(container::parse(&ok).is_ok());
        assert_eq!(
            container::parse(&ok[..ok.len() - 1]),
            Err(ContainerError::Truncated)
        );
        let mut trailing = ok.clone();
        trailing.extend([0; 4]);
        assert_eq!(
            container::parse(&trailing),
            Err(ContainerError::Trailing(4))
        );
        let mut many = ok[..4].to_vec();
        many.extend(2000u32.to_le_bytes());
        assert_eq!(container::parse(&many), Err(ContainerError::TooMany(2000)));
        let mut nested = Vec::new();
        container::write(
            &[InnerMessage {
                msg_id: MsgId(8),
                seq_no: 0,
                body: &ok,
            }],
            &mut nested,
        );
        assert_eq!(container::parse(&nested), Err(ContainerError::Nested));
        let mut unaligned = ok.clone();
        unaligned[20] = 3;
        assert_eq!(
            container::parse(&unaligned),
            Err(ContainerError::Unaligned(3))
        );
    }
}

mod window {
    use mtproto_core::msg_id::MsgId;
    use mtproto_core::session::msg_window::{MsgIdCheck, MsgIdWindow, RECENT_IDS};
    use mtproto_core::time::UnixTime;

    fn id(secs: i64, n: i64) -> MsgId {
        MsgId((secs << 32) | (n << 2))
    }

    #[test]
    fn time_window_and_duplicates() {
        let now = UnixTime::from_secs(10_000);
        let mut w = MsgIdWindow::new();
        assert_eq!(w.check(id(10_000 - 301, 1), now, 0), MsgIdCheck::TooOld);
        assert_eq!(w.check(id(10_000 - 299, 1), now, 0), MsgIdCheck::Fresh);
        assert_eq!(w.check(id(10_031, 1), now, 0), MsgIdCheck::TooNew);
        assert_eq!(w.check(id(10_029, 1), now, 0), MsgIdCheck::Fresh);
        // The offset moves the window.
        assert_eq!(w.check(id(10_031, 1), now, 5), MsgIdCheck::Fresh);
        w.insert(id(10_000, 1));
        assert_eq!(w.check(id(10_000, 1), now, 0), MsgIdCheck::Duplicate);
    }

    #[test]
    fn full_window_rejects_ids_below_it() {
        let now = UnixTime::from_secs(10_000);
        let mut w = MsgIdWindow::new();
        for n in 0..RECENT_IDS as i64 + 10 {
            w.insert(id(10_000, n + 100));
        }
        assert_eq!(w.check(id(10_000, 50), now, 0), MsgIdCheck::Duplicate);
        assert_eq!(w.check(id(10_000, 105), now, 0), MsgIdCheck::Duplicate);
        assert_eq!(w.check(id(10_000, 120), now, 0), MsgIdCheck::Duplicate);
        assert_eq!(w.check(id(10_000, 5000), now, 0), MsgIdCheck::Fresh);
    }
}
