//! Allocation and the in-memory log: contiguity, qts counts, date monotonicity, trimming.

use updates::server::{
    AllocError, Head, LogRead, LogWrite, MemoryLog, MemoryLogError, Owner, ReadRange, Sequencer,
};
use updates::{ChannelId, Date, Pts, PtsCount, Seq, UserId};

const ALICE: Owner = Owner::Common(UserId(1));

#[test]
fn allocation_is_contiguous_and_dates_never_go_back() {
    let head = Head::default();
    let a = head.allocate(ALICE, PtsCount(3), Date(100)).unwrap();
    assert_eq!((a.pts, a.date), (Pts(3), Date(100)));
    let b = a.new_head.allocate(ALICE, PtsCount(1), Date(90)).unwrap();
    assert_eq!((b.pts, b.date), (Pts(4), Date(100)));
    assert_eq!(b.entry("x").start(), Pts(3));
}

#[test]
fn allocation_refuses_bad_counts_and_exhaustion() {
    let head = Head::default();
    assert_eq!(
        head.allocate(ALICE, PtsCount(0), Date(1)),
        Err(AllocError::ZeroCount { owner: ALICE })
    );
    let qts = Owner::Secondary(UserId(1));
    assert!(matches!(
        head.allocate(qts, PtsCount(2), Date(1)),
        Err(AllocError::QtsCountNotOne { count: 2, .. })
    ));
    let full = Head {
        pts: Pts::MAX,
        date: Date(0),
    };
    assert!(matches!(
        full.allocate(ALICE, PtsCount(1), Date(1)),
        Err(AllocError::Exhausted { .. })
    ));
    assert!(matches!(
        Seq::MAX.allocate(),
        Err(AllocError::SeqExhausted(_))
    ));
}

#[test]
fn log_refuses_entries_that_do_not_continue_the_head() {
    let mut log = MemoryLog::new();
    let first = Head::default()
        .allocate(ALICE, PtsCount(1), Date(1))
        .unwrap()
        .entry(1u8);
    log.append(first.clone()).unwrap();
    // The same entry again would reuse pts 1.
    assert!(matches!(
        log.append(first),
        Err(MemoryLogError::Alloc(AllocError::NotContiguous { .. }))
    ));
    // An entry that skips pts 2.
    let skipping = Head {
        pts: Pts(2),
        date: Date(1),
    }
    .allocate(ALICE, PtsCount(1), Date(1))
    .unwrap()
    .entry(3u8);
    assert!(log.append(skipping).is_err());
    assert_eq!(log.head(ALICE).unwrap().pts, Pts(1));
}

#[test]
fn trim_raises_the_floor_to_an_entry_boundary() {
    let mut seq = Sequencer::new(MemoryLog::new());
    let chan = Owner::Channel(ChannelId(7));
    for count in [2, 3, 1] {
        seq.append(chan, PtsCount(count), Date(5), ()).unwrap();
    }
    // Entries end at 2, 5, 6. Trimming up to 4 keeps the entry 2..=5.
    assert_eq!(seq.log_mut().trim(chan, Pts(4)).unwrap(), Pts(2));
    assert_eq!(seq.log_mut().trim(chan, Pts(1)).unwrap(), Pts(2));
    assert_eq!(seq.log_mut().trim(chan, Pts(9)).unwrap(), Pts(6));
    let mut out = Vec::new();
    let all = ReadRange {
        after: Pts(0),
        up_to: Pts::MAX,
        max_entries: usize::MAX,
    };
    seq.log().read(chan, all, &mut out).unwrap();
    assert!(out.is_empty());
    let next = seq.append(chan, PtsCount(1), Date(5), ()).unwrap();
    assert_eq!(next.pts, Pts(7));
}

#[test]
fn seq_advances_one_container_at_a_time() {
    let mut seq = Sequencer::new(MemoryLog::<()>::new());
    let user = UserId(3);
    assert_eq!(seq.next_seq(user).unwrap().seq, Seq(1));
    let r = seq.next_seq(user).unwrap();
    assert_eq!((r.seq_start, r.seq), (Seq(2), Seq(2)));
    assert!(seq.log_mut().store_seq(user, Seq(2)).is_err());
}
