//! Every result kind and every limit of the account and channel differences.

use updates::server::{
    ChannelDifference, ChannelDifferenceConfig, ChannelDifferenceRequest, Difference,
    DifferenceConfig, DifferenceRequest, Entry, LogWrite, MemoryLog, Owner, Sequencer, State,
    channel_difference, current_state, difference,
};
use updates::{ChannelId, Date, Pts, PtsCount, Seq, UserId};

const USER: UserId = UserId(10);
const CHANNEL: ChannelId = ChannelId(20);

/// Common events with the given counts, `qts` secondary events and two containers.
fn account(counts: &[u32], qts: u32) -> Sequencer<MemoryLog<u32>> {
    let mut s = Sequencer::new(MemoryLog::new());
    for (i, &c) in counts.iter().enumerate() {
        s.append(
            Owner::Common(USER),
            PtsCount(c),
            Date(100 + i as u32),
            i as u32,
        )
        .unwrap();
    }
    for i in 0..qts {
        s.append(Owner::Secondary(USER), PtsCount(1), Date(50), 1000 + i)
            .unwrap();
    }
    s.next_seq(USER).unwrap();
    s.next_seq(USER).unwrap();
    s
}

fn ask(pts: u32, qts: u32) -> DifferenceRequest {
    DifferenceRequest {
        pts: Pts(pts),
        qts: Pts(qts),
        date: Date(1),
        ..DifferenceRequest::default()
    }
}

fn pts_of(entries: &[Entry<u32>]) -> Vec<u32> {
    entries.iter().map(|e| e.pts.0).collect()
}

fn diff(
    s: &Sequencer<MemoryLog<u32>>,
    req: DifferenceRequest,
    max: usize,
) -> Difference<Entry<u32>> {
    difference(s.log(), USER, &req, &DifferenceConfig { max_entries: max }).unwrap()
}

#[test]
fn empty_when_the_client_is_current() {
    let s = account(&[1, 2], 1);
    assert_eq!(
        diff(&s, ask(3, 1), 100),
        Difference::Empty {
            date: Date(101),
            seq: Seq(2)
        }
    );
}

#[test]
fn full_difference_returns_both_boxes_and_the_state() {
    let s = account(&[1, 2, 1], 2);
    let Difference::Full {
        common,
        secondary,
        state,
    } = diff(&s, ask(1, 0), 100)
    else {
        panic!("expected a full difference")
    };
    assert_eq!(pts_of(&common), [3, 4]);
    assert_eq!(pts_of(&secondary), [1, 2]);
    assert_eq!(state, current_state(s.log(), USER).unwrap());
    assert_eq!(
        state,
        State {
            pts: Pts(4),
            qts: Pts(2),
            date: Date(102),
            seq: Seq(2)
        }
    );
}

#[test]
fn slices_always_advance_until_the_difference_is_complete() {
    let s = account(&[1; 10], 5);
    let mut req = ask(0, 0);
    let mut seen = (Vec::new(), Vec::new());
    for _ in 0..20 {
        match diff(&s, req, 3) {
            Difference::Slice {
                common,
                secondary,
                intermediate_state,
            } => {
                assert!(common.len() + secondary.len() <= 3);
                assert!(intermediate_state.pts > req.pts || intermediate_state.qts > req.qts);
                assert!(intermediate_state.date >= req.date);
                seen.0.extend(pts_of(&common));
                seen.1.extend(pts_of(&secondary));
                req.pts = intermediate_state.pts;
                req.qts = intermediate_state.qts;
            }
            Difference::Full {
                common, secondary, ..
            } => {
                seen.0.extend(pts_of(&common));
                seen.1.extend(pts_of(&secondary));
                assert_eq!(seen.0, (1..=10).collect::<Vec<_>>());
                assert_eq!(seen.1, (1..=5).collect::<Vec<_>>());
                return;
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    panic!("the slices did not finish");
}

#[test]
fn pts_limit_bounds_the_numbers_covered_but_never_stalls() {
    let s = account(&[1, 1, 5, 1], 0);
    let mut req = ask(0, 0);
    req.pts_limit = Some(1);
    let Difference::Slice { common, .. } = diff(&s, req, 100) else {
        panic!("expected a slice")
    };
    assert_eq!(pts_of(&common), [1]);
    // The entry 2..=7 is larger than the limit: it comes alone rather than never.
    req.pts = Pts(2);
    let Difference::Slice { common, .. } = diff(&s, req, 100) else {
        panic!("expected a slice")
    };
    assert_eq!(pts_of(&common), [7]);
    req.pts_limit = Some(6);
    req.pts = Pts(1);
    let Difference::Slice { common, .. } = diff(&s, req, 100) else {
        panic!("expected a slice")
    };
    assert_eq!(pts_of(&common), [2, 7]);
}

#[test]
fn qts_limit_bounds_the_secondary_events() {
    let s = account(&[], 4);
    let mut req = ask(0, 0);
    req.qts_limit = Some(3);
    let Difference::Slice {
        secondary,
        intermediate_state,
        ..
    } = diff(&s, req, 100)
    else {
        panic!("expected a slice")
    };
    assert_eq!(pts_of(&secondary), [1, 2, 3]);
    assert_eq!(intermediate_state.qts, Pts(3));
    req.qts = Pts(3);
    assert!(matches!(diff(&s, req, 100), Difference::Full { .. }));
}

#[test]
fn pts_total_limit_answers_too_long() {
    let s = account(&[1; 10], 0);
    let mut req = ask(2, 0);
    req.pts_total_limit = Some(8);
    assert!(matches!(diff(&s, req, 100), Difference::Full { .. }));
    req.pts_total_limit = Some(7);
    assert_eq!(
        diff(&s, req, 100),
        Difference::TooLong {
            state: current_state(s.log(), USER).unwrap()
        }
    );
}

#[test]
fn a_large_remote_pts_defaults_the_total_limit_to_one_million() {
    let mut s = Sequencer::new(MemoryLog::new());
    s.append(Owner::Common(USER), PtsCount(4_000_001), Date(1), 0u32)
        .unwrap();
    s.append(Owner::Common(USER), PtsCount(1), Date(1), 1)
        .unwrap();
    assert!(matches!(
        diff(&s, ask(0, 0), 100),
        Difference::TooLong { .. }
    ));
    assert!(matches!(
        diff(&s, ask(4_000_001, 0), 100),
        Difference::Full { .. }
    ));
}

#[test]
fn too_long_below_the_floor_or_ahead_of_the_head() {
    let mut s = account(&[1; 6], 3);
    s.log_mut().trim(Owner::Common(USER), Pts(3)).unwrap();
    s.log_mut().trim(Owner::Secondary(USER), Pts(1)).unwrap();
    assert!(matches!(
        diff(&s, ask(2, 1), 100),
        Difference::TooLong { .. }
    ));
    assert!(matches!(
        diff(&s, ask(3, 0), 100),
        Difference::TooLong { .. }
    ));
    assert!(matches!(diff(&s, ask(3, 1), 100), Difference::Full { .. }));
    // A client ahead of the server (the server lost numbers) is reset, not served.
    assert!(matches!(
        diff(&s, ask(7, 1), 100),
        Difference::TooLong { .. }
    ));
    assert!(matches!(
        diff(&s, ask(6, 4), 100),
        Difference::TooLong { .. }
    ));
}

fn channel(counts: &[u32]) -> Sequencer<MemoryLog<u32>> {
    let mut s = Sequencer::new(MemoryLog::new());
    for (i, &c) in counts.iter().enumerate() {
        s.append(Owner::Channel(CHANNEL), PtsCount(c), Date(1), i as u32)
            .unwrap();
    }
    s
}

fn chan(s: &Sequencer<MemoryLog<u32>>, pts: u32, limit: u32) -> ChannelDifference<Entry<u32>> {
    let req = ChannelDifferenceRequest {
        channel: CHANNEL,
        pts: Pts(pts),
        limit,
    };
    channel_difference(
        s.log(),
        &req,
        &ChannelDifferenceConfig { timeout: Some(30) },
    )
    .unwrap()
}

#[test]
fn channel_empty_page_final_and_timeout() {
    let s = channel(&[1, 2, 1, 1]);
    assert_eq!(
        chan(&s, 5, 100),
        ChannelDifference::Empty {
            pts: Pts(5),
            timeout: Some(30)
        }
    );
    let ChannelDifference::Page {
        pts,
        is_final,
        timeout,
        updates,
    } = chan(&s, 0, 2)
    else {
        panic!("expected a page")
    };
    assert_eq!((pts, is_final, timeout), (Pts(3), false, Some(30)));
    assert_eq!(pts_of(&updates), [1, 3]);
    let ChannelDifference::Page {
        pts,
        is_final,
        updates,
        ..
    } = chan(&s, 3, 2)
    else {
        panic!("expected a page")
    };
    assert_eq!((pts, is_final), (Pts(5), true));
    assert_eq!(pts_of(&updates), [4, 5]);
}

#[test]
fn channel_limit_is_clamped_to_one_and_one_hundred_thousand() {
    let s = channel(&[1; 3]);
    let ChannelDifference::Page { updates, .. } = chan(&s, 0, 0) else {
        panic!("expected a page")
    };
    assert_eq!(updates.len(), 1);
    let mut big = channel(&[]);
    for i in 0..100_001 {
        big.append(Owner::Channel(CHANNEL), PtsCount(1), Date(1), i)
            .unwrap();
    }
    let ChannelDifference::Page {
        updates, is_final, ..
    } = chan(&big, 0, u32::MAX)
    else {
        panic!("expected a page")
    };
    assert_eq!((updates.len(), is_final), (100_000, false));
}

#[test]
fn channel_too_long_below_the_floor_or_ahead() {
    let mut s = channel(&[1; 5]);
    s.log_mut().trim(Owner::Channel(CHANNEL), Pts(2)).unwrap();
    let too_long = ChannelDifference::TooLong {
        pts: Pts(5),
        timeout: Some(30),
    };
    assert_eq!(chan(&s, 1, 100), too_long);
    assert_eq!(chan(&s, 6, 100), too_long);
    assert!(matches!(chan(&s, 2, 100), ChannelDifference::Page { .. }));
}

#[test]
fn live_push_and_difference_carry_the_same_entry() {
    let mut s = Sequencer::new(MemoryLog::new());
    let pushed = s
        .append(Owner::Common(USER), PtsCount(2), Date(7), 42u32)
        .unwrap();
    let Difference::Full { common, .. } = diff(&s, ask(0, 0), 10) else {
        panic!("expected a full difference")
    };
    assert_eq!(common, [pushed]);
}
