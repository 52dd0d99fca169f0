//! The client gap engine, one rule at a time.

use core::time::Duration;

use updates::client::{
    Action, BOT_CHANNEL_LIMIT, Container, Engine, EngineConfig, RequestId, SavedState, SeqInfo,
    USER_CHANNEL_LIMIT, Update,
};
use updates::server::{ChannelDifference, Difference, State};
use updates::{ChannelId, Date, Pts, PtsCount, PtsInfo, Seq, Sequence, Timestamp};

const CH: ChannelId = ChannelId(5);
const T0: Timestamp = Timestamp(1_000);

fn at(ms: u64) -> Timestamp {
    Timestamp(T0.0 + ms)
}

fn upd(sequence: Sequence, pts: u32, count: u32) -> Update<u32> {
    Update {
        info: Some(PtsInfo {
            sequence,
            pts: Pts(pts),
            pts_count: PtsCount(count),
        }),
        payload: pts,
    }
}

fn push(updates: Vec<Update<u32>>) -> Container<u32> {
    Container { seq: None, updates }
}

fn actions(e: &mut Engine<u32>) -> Vec<Action<u32>> {
    std::iter::from_fn(|| e.poll_action()).collect()
}

fn delivered(actions: &[Action<u32>]) -> Vec<u32> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Deliver(u) => Some(u.payload),
            _ => None,
        })
        .collect()
}

/// An engine at common pts 10, qts 3, seq 7, channel CH at 20, whose startup difference was
/// answered Empty.
fn engine(is_bot: bool) -> Engine<u32> {
    let state = SavedState {
        pts: Pts(10),
        qts: Pts(3),
        date: Date(100),
        seq: Seq(7),
        channels: vec![(CH, Pts(20))],
    };
    let mut e = Engine::new(&state, EngineConfig::new(is_bot), T0);
    let id = account_request(&actions(&mut e));
    e.handle_difference(
        T0,
        id,
        Difference::Empty {
            date: Date(100),
            seq: Seq(7),
        },
    );
    assert!(actions(&mut e).is_empty() && e.is_idle());
    e
}

fn account_request(actions: &[Action<u32>]) -> RequestId {
    actions
        .iter()
        .find_map(|a| match a {
            Action::GetDifference { id, .. } => Some(*id),
            _ => None,
        })
        .expect("a getDifference request")
}

fn channel_request(actions: &[Action<u32>]) -> (RequestId, u32, u32) {
    actions
        .iter()
        .find_map(|a| match a {
            Action::GetChannelDifference { id, request } => {
                Some((*id, request.pts.0, request.limit))
            }
            _ => None,
        })
        .expect("a getChannelDifference request")
}

#[test]
fn applies_in_order_drops_repeats_and_holds_gaps() {
    let mut e = engine(false);
    e.handle_container(T0, push(vec![upd(Sequence::Common, 11, 1)]));
    e.handle_container(T0, push(vec![upd(Sequence::Common, 11, 1)]));
    e.handle_container(T0, push(vec![upd(Sequence::Common, 14, 2)]));
    assert_eq!(delivered(&actions(&mut e)), [11]);
    assert_eq!(e.held(), 1);
    assert_eq!(e.poll_timeout(), Some(at(500)));
    // The missing update arrives within 0.5 s: both go out in order, no difference.
    e.handle_container(at(100), push(vec![upd(Sequence::Common, 12, 1)]));
    assert_eq!(delivered(&actions(&mut e)), [12, 14]);
    assert_eq!(e.held(), 0);
    assert_eq!(e.local_pts(Sequence::Common), Some(Pts(14)));
}

#[test]
fn updates_in_one_container_are_sorted_by_start() {
    let mut e = engine(false);
    let c = push(vec![
        upd(Sequence::Common, 13, 2),
        upd(Sequence::Common, 11, 1),
    ]);
    e.handle_container(T0, c);
    assert_eq!(delivered(&actions(&mut e)), [11, 13]);
}

#[test]
fn a_gap_held_for_half_a_second_fetches_the_difference() {
    let mut e = engine(false);
    e.handle_container(T0, push(vec![upd(Sequence::Common, 12, 1)]));
    e.handle_timeout(at(499));
    assert!(actions(&mut e).is_empty());
    e.handle_timeout(at(500));
    let acts = actions(&mut e);
    let Some(Action::GetDifference { id, request }) = acts.first() else {
        panic!("expected getDifference, got {acts:?}")
    };
    assert_eq!((request.pts, request.qts), (Pts(10), Pts(3)));
    // A live update during the difference is held, then resolved after it.
    e.handle_container(at(510), push(vec![upd(Sequence::Common, 13, 1)]));
    assert!(actions(&mut e).is_empty());
    let state = State {
        pts: Pts(12),
        qts: Pts(3),
        date: Date(101),
        seq: Seq(7),
    };
    let answer = Difference::Full {
        common: vec![upd(Sequence::Common, 11, 1), upd(Sequence::Common, 12, 1)],
        secondary: vec![],
        state,
    };
    e.handle_difference(at(520), *id, answer);
    assert_eq!(delivered(&actions(&mut e)), [11, 12, 13]);
    assert!(e.is_idle() && e.held() == 0);
}

#[test]
fn slices_loop_and_stale_answers_are_ignored() {
    let mut e = engine(false);
    e.handle_too_long();
    let first = account_request(&actions(&mut e));
    let slice = Difference::Slice {
        common: vec![upd(Sequence::Common, 11, 1)],
        secondary: vec![upd(Sequence::Secondary, 4, 1)],
        intermediate_state: State {
            pts: Pts(11),
            qts: Pts(4),
            date: Date(101),
            seq: Seq(8),
        },
    };
    e.handle_difference(T0, first, slice.clone());
    let acts = actions(&mut e);
    assert_eq!(delivered(&acts), [11, 4]);
    let second = account_request(&acts);
    assert_ne!(first, second);
    // The same answer again (e.g. resent by the session) changes nothing.
    e.handle_difference(T0, first, slice);
    assert!(actions(&mut e).is_empty());
    e.handle_difference(
        T0,
        second,
        Difference::Empty {
            date: Date(101),
            seq: Seq(8),
        },
    );
    assert!(e.is_idle());
    assert_eq!(e.state().seq, Seq(8));
}

#[test]
fn too_long_reports_the_skipped_range() {
    let mut e = engine(false);
    e.handle_too_long();
    let id = account_request(&actions(&mut e));
    let state = State {
        pts: Pts(50),
        qts: Pts(3),
        date: Date(200),
        seq: Seq(9),
    };
    e.handle_difference(T0, id, Difference::TooLong { state });
    assert_eq!(
        actions(&mut e),
        [Action::Skipped {
            sequence: Sequence::Common,
            after: Pts(10),
            up_to: Pts(50)
        }]
    );
    assert_eq!(e.local_pts(Sequence::Common), Some(Pts(50)));
}

#[test]
fn seq_gaps_fetch_and_repeats_drop_unsequenced_updates() {
    let mut e = engine(false);
    // One container holding the unsequenced update `payload`, numbered `s` (0: unordered).
    let seq_push = |s, payload| Container {
        seq: Some(SeqInfo {
            seq_start: Seq(s),
            seq: Seq(s),
            date: Date(100),
        }),
        updates: vec![Update {
            info: None,
            payload,
        }],
    };
    e.handle_container(T0, seq_push(8, 1));
    assert_eq!(delivered(&actions(&mut e)), [1]);
    e.handle_container(T0, seq_push(8, 2));
    assert!(actions(&mut e).is_empty());
    e.handle_container(T0, seq_push(10, 3));
    let acts = actions(&mut e);
    assert_eq!(delivered(&acts), [3]);
    account_request(&acts);
    // A repeat is recognised even while the difference is in flight.
    e.handle_container(T0, seq_push(8, 5));
    assert!(actions(&mut e).is_empty());
    // seq_start == 0: unordered, always applied.
    e.handle_container(T0, seq_push(0, 4));
    assert_eq!(delivered(&actions(&mut e)), [4]);
}

#[test]
fn an_idle_sequence_is_checked_after_fifteen_minutes() {
    let mut e = engine(false);
    let idle = at(15 * 60 * 1000);
    assert_eq!(e.poll_timeout(), Some(idle));
    e.handle_timeout(Timestamp(idle.0 - 1));
    assert!(actions(&mut e).is_empty());
    e.handle_timeout(idle);
    let acts = actions(&mut e);
    account_request(&acts);
    let (_, pts, _) = channel_request(&acts);
    assert_eq!(pts, 20);
}

#[test]
fn channel_difference_pages_until_final_with_the_account_limit() {
    for (bot, limit) in [(false, USER_CHANNEL_LIMIT), (true, BOT_CHANNEL_LIMIT)] {
        let mut e = engine(bot);
        e.handle_channel_too_long(T0, CH, None);
        let (id, pts, got_limit) = channel_request(&actions(&mut e));
        assert_eq!((pts, got_limit), (20, limit));
        let page = ChannelDifference::Page {
            pts: Pts(21),
            is_final: false,
            timeout: None,
            updates: vec![upd(Sequence::Channel(CH), 21, 1)],
        };
        e.handle_channel_difference(T0, id, page);
        let acts = actions(&mut e);
        assert_eq!(delivered(&acts), [21]);
        let (id, pts, _) = channel_request(&acts);
        assert_eq!(pts, 21);
        e.handle_channel_difference(
            T0,
            id,
            ChannelDifference::Empty {
                pts: Pts(21),
                timeout: Some(30),
            },
        );
        assert!(e.is_idle());
        // The server's timeout sets when the channel is polled again.
        assert_eq!(e.poll_timeout(), Some(at(30_000)));
    }
}

#[test]
fn channel_too_long_skips_and_unknown_channels_are_adopted() {
    let mut e = engine(false);
    e.handle_channel_too_long(T0, CH, None);
    let (id, _, _) = channel_request(&actions(&mut e));
    e.handle_channel_difference(
        T0,
        id,
        ChannelDifference::TooLong {
            pts: Pts(90),
            timeout: None,
        },
    );
    let other = Sequence::Channel(ChannelId(6));
    assert_eq!(
        actions(&mut e),
        [Action::Skipped {
            sequence: Sequence::Channel(CH),
            after: Pts(20),
            up_to: Pts(90)
        }]
    );
    e.handle_container(T0, push(vec![upd(other, 7, 2)]));
    assert_eq!(delivered(&actions(&mut e)), [7]);
    assert_eq!(e.local_pts(other), Some(Pts(7)));
}

#[test]
fn reconnect_resends_and_failures_retry_after_the_gap_timeout() {
    let mut e = engine(false);
    e.handle_channel_too_long(T0, CH, None);
    let (old, _, _) = channel_request(&actions(&mut e));
    e.handle_reconnect();
    let acts = actions(&mut e);
    account_request(&acts);
    let (new, _, _) = channel_request(&acts);
    assert_ne!(old, new);
    e.handle_channel_difference(
        T0,
        old,
        ChannelDifference::TooLong {
            pts: Pts(99),
            timeout: None,
        },
    );
    assert!(
        actions(&mut e).is_empty(),
        "an abandoned request's answer is ignored"
    );
    e.handle_request_failed(T0, new);
    assert_eq!(e.poll_timeout(), Some(at(500)));
    e.handle_timeout(at(500));
    channel_request(&actions(&mut e));
}

#[test]
fn saved_state_round_trips_and_restarts_with_a_difference() {
    let mut e = engine(false);
    e.handle_container(
        T0,
        push(vec![
            upd(Sequence::Common, 11, 1),
            upd(Sequence::Common, 15, 1),
        ]),
    );
    actions(&mut e);
    let saved = e.state();
    assert_eq!(
        saved.pts,
        Pts(11),
        "held updates are not saved as delivered"
    );
    let bytes = saved.encode();
    assert_eq!(SavedState::decode(&bytes), Ok(saved.clone()));
    let mut restored = Engine::<u32>::new(&saved, EngineConfig::new(false), T0);
    let acts = actions(&mut restored);
    let Some(Action::GetDifference { request, .. }) = acts.first() else {
        panic!("a restart must fetch the difference")
    };
    assert_eq!((request.pts, request.qts), (Pts(11), Pts(3)));
    assert_eq!(restored.local_pts(Sequence::Channel(CH)), Some(Pts(20)));
}

#[test]
fn saved_state_decoding_refuses_bad_input() {
    use updates::client::StateDecodeError as E;
    let good = SavedState {
        channels: vec![(CH, Pts(1)), (ChannelId(9), Pts(2))],
        ..SavedState::default()
    }
    .encode();
    assert!(matches!(
        SavedState::decode(&good[..5]),
        Err(E::Truncated { .. })
    ));
    let mut v = good.clone();
    v[0] = 2;
    assert_eq!(SavedState::decode(&v), Err(E::Version(2)));
    let mut v = good.clone();
    v.push(0);
    assert_eq!(SavedState::decode(&v), Err(E::Trailing(1)));
    let mut v = good.clone();
    v[1..5].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(matches!(SavedState::decode(&v), Err(E::OutOfRange { .. })));
    let mut v = good.clone();
    v[17..21].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(matches!(SavedState::decode(&v), Err(E::Truncated { .. })));
    let mut v = good;
    let (a, b) = (21..29, 33..41);
    let first: Vec<u8> = v[a.clone()].to_vec();
    v.copy_within(b.clone(), a.start);
    v[b].copy_from_slice(&first);
    assert!(matches!(SavedState::decode(&v), Err(E::ChannelOrder(_))));
}

#[test]
fn config_defaults_follow_the_documented_constants() {
    let c = EngineConfig::new(false);
    assert_eq!(c.possible_gap_timeout, Duration::from_millis(500));
    assert_eq!(c.idle_timeout, Duration::from_secs(900));
    assert_eq!((USER_CHANNEL_LIMIT, BOT_CHANNEL_LIMIT), (100, 100_000));
}
