//! Model-based property tests: the sequencer and in-memory log against a trivial reference
//! (a plain list of every event per owner, with pts computed by summing counts).

use std::collections::BTreeMap;

use proptest::prelude::*;
use updates::server::{
    Difference, DifferenceConfig, DifferenceRequest, LogRead, LogWrite, MemoryLog, Owner,
    ReadRange, Sequencer, difference,
};
use updates::{ChannelId, Date, Pts, PtsCount, Seq, UserId};

#[derive(Debug, Clone)]
enum Op {
    Append {
        owner: Owner,
        count: u32,
        date: u32,
    },
    Trim {
        owner: Owner,
        keep: u32,
    },
    Seq {
        user: UserId,
    },
    Read {
        owner: Owner,
        after: u32,
        span: u32,
        max: usize,
    },
    Diff {
        user: UserId,
        back: u32,
        qback: u32,
        pts_limit: Option<u32>,
        max: usize,
    },
}

fn owner() -> impl Strategy<Value = Owner> {
    prop_oneof![
        (0..2i64).prop_map(|u| Owner::Common(UserId(u))),
        (0..2i64).prop_map(|u| Owner::Secondary(UserId(u))),
        (0..2i64).prop_map(|c| Owner::Channel(ChannelId(c))),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (owner(), 0..4u32, 0..20u32).prop_map(|(owner, count, date)| Op::Append { owner, count, date }),
        1 => (owner(), 0..10u32).prop_map(|(owner, keep)| Op::Trim { owner, keep }),
        1 => (0..2i64).prop_map(|u| Op::Seq { user: UserId(u) }),
        2 => (owner(), 0..30u32, 0..30u32, 0..6usize)
            .prop_map(|(owner, after, span, max)| Op::Read { owner, after, span, max }),
        2 => (0..2i64, 0..30u32, 0..10u32, proptest::option::of(1..6u32), 1..8usize)
            .prop_map(|(u, back, qback, pts_limit, max)| Op::Diff { user: UserId(u), back, qback, pts_limit, max }),
    ]
}

/// The reference: every event ever appended (pts, count, date, payload) and the trim point.
#[derive(Default)]
struct Model {
    events: BTreeMap<Owner, Vec<(u32, u32, u32, u32)>>,
    trimmed_to: BTreeMap<Owner, u32>,
    seq: BTreeMap<UserId, u32>,
}

impl Model {
    fn head(&self, owner: Owner) -> (u32, u32) {
        self.events
            .get(&owner)
            .and_then(|e| e.last())
            .map_or((0, 0), |&(pts, _, date, _)| (pts, date))
    }
    /// Floor: the end of the last event at or below the highest trim point.
    fn floor(&self, owner: Owner) -> u32 {
        let Some(&to) = self.trimmed_to.get(&owner) else {
            return 0;
        };
        let events = &self.events[&owner];
        let kept = events.iter().find(|e| e.0 > to);
        kept.map_or(self.head(owner).0, |&(pts, count, _, _)| pts - count)
    }
    fn retained(&self, owner: Owner) -> Vec<(u32, u32, u32, u32)> {
        let floor = self.floor(owner);
        self.events.get(&owner).map_or(Vec::new(), |e| {
            e.iter().copied().filter(|e| e.0 > floor).collect()
        })
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn sequencer_matches_the_reference(ops in proptest::collection::vec(op(), 1..120)) {
        let mut seq = Sequencer::new(MemoryLog::new());
        let mut model = Model::default();
        for (i, op) in ops.into_iter().enumerate() {
            let payload = i as u32;
            match op {
                Op::Append { owner, count, date } => {
                    let result = seq.append(owner, PtsCount(count), Date(date), payload);
                    let valid = count >= 1 && (!matches!(owner, Owner::Secondary(_)) || count == 1);
                    prop_assert_eq!(result.is_ok(), valid);
                    if let Ok(entry) = result {
                        let (head, head_date) = model.head(owner);
                        prop_assert_eq!(entry.pts, Pts(head + count));
                        prop_assert_eq!(entry.date, Date(date.max(head_date)));
                        model.events.entry(owner).or_default().push((head + count, count, date.max(head_date), payload));
                    }
                }
                Op::Trim { owner, keep } => {
                    let up_to = model.head(owner).0.saturating_sub(keep);
                    let floor = seq.log_mut().trim(owner, Pts(up_to)).unwrap();
                    if model.events.contains_key(&owner) {
                        let t = model.trimmed_to.entry(owner).or_default();
                        *t = (*t).max(up_to);
                    }
                    prop_assert_eq!(floor, Pts(model.floor(owner)));
                }
                Op::Seq { user } => {
                    let r = seq.next_seq(user).unwrap();
                    let s = model.seq.entry(user).or_default();
                    *s += 1;
                    prop_assert_eq!((r.seq_start, r.seq), (Seq(*s), Seq(*s)));
                }
                Op::Read { owner, after, span, max } => {
                    let mut out = Vec::new();
                    let range = ReadRange { after: Pts(after), up_to: Pts(after + span), max_entries: max };
                    seq.log().read(owner, range, &mut out).unwrap();
                    let got: Vec<_> = out.iter().map(|e| (e.pts.0, e.pts_count.0, e.date.0, e.payload)).collect();
                    let want: Vec<_> = model.retained(owner).into_iter()
                        .filter(|e| e.0 > after && e.0 <= after + span).take(max).collect();
                    prop_assert_eq!(got, want);
                }
                Op::Diff { user, back, qback, pts_limit, max } => {
                    let (common, secondary) = (Owner::Common(user), Owner::Secondary(user));
                    // A client at an event boundary `back` events behind.
                    let boundary = |o: Owner, back: u32| {
                        let ev = model.events.get(&o).cloned().unwrap_or_default();
                        let n = ev.len().saturating_sub(back as usize);
                        if n == 0 { 0 } else { ev[n - 1].0 }
                    };
                    let req = DifferenceRequest {
                        pts: Pts(boundary(common, back)),
                        qts: Pts(boundary(secondary, qback)),
                        date: Date(0),
                        pts_limit,
                        ..DifferenceRequest::default()
                    };
                    let answer = difference(seq.log(), user, &req, &DifferenceConfig { max_entries: max }).unwrap();
                    let gone = req.pts.0 < model.floor(common) || req.qts.0 < model.floor(secondary);
                    let behind = |o: Owner, from: u32| -> Vec<u32> {
                        model.retained(o).iter().map(|e| e.0).filter(|&p| p > from).collect()
                    };
                    let (want_c, want_s) = (behind(common, req.pts.0), behind(secondary, req.qts.0));
                    match answer {
                        Difference::TooLong { .. } => prop_assert!(gone),
                        Difference::Empty { .. } => prop_assert!(!gone && want_c.is_empty() && want_s.is_empty()),
                        Difference::Full { common: c, secondary: s, state } => {
                            prop_assert!(!gone);
                            prop_assert_eq!(c.iter().map(|e| e.pts.0).collect::<Vec<_>>(), want_c);
                            prop_assert_eq!(s.iter().map(|e| e.pts.0).collect::<Vec<_>>(), want_s);
                            prop_assert_eq!(state.pts.0, model.head(common).0);
                        }
                        Difference::Slice { common: c, secondary: s, intermediate_state } => {
                            prop_assert!(!gone);
                            prop_assert!(!c.is_empty() || !s.is_empty());
                            prop_assert!(c.len() + s.len() <= max);
                            // A prefix of what is missing, and the state right after it.
                            let got_c: Vec<u32> = c.iter().map(|e| e.pts.0).collect();
                            let got_s: Vec<u32> = s.iter().map(|e| e.pts.0).collect();
                            prop_assert_eq!(&want_c[..got_c.len()], &got_c[..]);
                            prop_assert_eq!(&want_s[..got_s.len()], &got_s[..]);
                            prop_assert_eq!(intermediate_state.pts.0, got_c.last().copied().unwrap_or(req.pts.0));
                            prop_assert_eq!(intermediate_state.qts.0, got_s.last().copied().unwrap_or(req.qts.0));
                        }
                    }
                }
            }
            for &owner in model.events.keys() {
                let head = seq.log().head(owner).unwrap();
                prop_assert_eq!((head.pts.0, head.date.0), model.head(owner));
                prop_assert_eq!(seq.log().floor(owner).unwrap().0, model.floor(owner));
            }
        }
    }
}
