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
