//! Fuzz bodies (see FUZZING.md §5): each is called by a cargo-fuzz target and by the seed
//! replay test.

use crate::client::{
    Action, Container, Engine, EngineConfig, RequestId, SavedState, SeqInfo, Update,
};
use crate::ids::{ChannelId, Date, Pts, PtsCount, Seq, Timestamp};
use crate::sequence::{PtsInfo, Sequence};
use crate::server::{ChannelDifference, Difference, State};

/// Decodes saved client state; whatever decodes must re-encode to the same bytes.
pub fn saved_state(data: &[u8]) {
    if let Ok(state) = SavedState::decode(data) {
        let encoded = state.encode();
        assert_eq!(encoded, data, "saved state does not round-trip");
        assert_eq!(SavedState::decode(&encoded), Ok(state));
    }
}

/// Reads little-endian numbers from the fuzz input, zero past its end.
struct Input<'a>(&'a [u8]);

impl Input<'_> {
    fn u8(&mut self) -> u8 {
        let (&b, rest) = self.0.split_first().unwrap_or((&0, &[]));
        self.0 = rest;
        b
    }
    fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.u8(), self.u8(), self.u8(), self.u8()])
    }
    /// A number a TL int can carry.
    fn int(&mut self) -> u32 {
        self.u32() & Pts::MAX.0
    }
    fn sequence(&mut self) -> Sequence {
        match self.u8() % 4 {
            0 => Sequence::Common,
            1 => Sequence::Secondary,
            n => Sequence::Channel(ChannelId(i64::from(n))),
        }
    }
    fn update(&mut self) -> Update<u32> {
        let info = PtsInfo {
            sequence: self.sequence(),
            pts: Pts(self.u32()),
            pts_count: PtsCount(self.u32()),
        };
        Update {
            info: Some(info),
            payload: info.pts.0,
        }
    }
    fn updates(&mut self) -> Vec<Update<u32>> {
        (0..self.u8() % 4).map(|_| self.update()).collect()
    }
}

/// Drives the gap engine with hostile pushes, answers and times; checks that deliveries of one
/// sequence within a step continue each other exactly (`previous + pts_count == pts`) and that
/// the state always saves and restores.
pub fn engine(data: &[u8]) {
    let mut input = Input(data);
    let state = SavedState {
        pts: Pts(input.int()),
        qts: Pts(input.int()),
        date: Date(0),
        seq: Seq(input.int()),
        channels: vec![(ChannelId(2), Pts(input.int()))],
    };
    let mut engine = Engine::new(&state, EngineConfig::new(false), Timestamp(0));
    let mut now = 0u64;
    let mut last_request = RequestId(1);
    while !input.0.is_empty() {
        now += u64::from(input.u8()) * 10;
        let t = Timestamp(now);
        match input.u8() % 7 {
            0 | 1 => {
                let seq = (input.u8() % 2 == 0).then(|| SeqInfo {
                    seq_start: Seq(input.u32()),
                    seq: Seq(input.u32()),
                    date: Date(input.u32()),
                });
                let updates = input.updates();
                engine.handle_container(t, Container { seq, updates });
            }
            2 => {
                let state = State {
                    pts: Pts(input.u32()),
                    qts: Pts(input.u32()),
                    date: Date(input.u32()),
                    seq: Seq(input.u32()),
                };
                let (common, secondary) = (input.updates(), input.updates());
                let answer = match input.u8() % 4 {
                    0 => Difference::Empty {
                        date: state.date,
                        seq: state.seq,
                    },
                    1 => Difference::Full {
                        common,
                        secondary,
                        state,
                    },
                    2 => Difference::Slice {
                        common,
                        secondary,
                        intermediate_state: state,
                    },
                    _ => Difference::TooLong { state },
                };
                engine.handle_difference(t, last_request, answer);
            }
            3 => {
                let pts = Pts(input.u32());
                let answer = match input.u8() % 3 {
                    0 => ChannelDifference::Empty {
                        pts,
                        timeout: Some(input.u32()),
                    },
                    1 => ChannelDifference::Page {
                        pts,
                        is_final: input.u8() % 2 == 0,
                        timeout: None,
                        updates: input.updates(),
                    },
                    _ => ChannelDifference::TooLong { pts, timeout: None },
                };
                engine.handle_channel_difference(t, last_request, answer);
            }
            4 => engine.handle_timeout(t),
            5 => engine.handle_reconnect(),
            _ => engine.handle_channel_too_long(
                t,
                ChannelId(i64::from(input.u8() % 4)),
                Some(Pts(input.u32())),
            ),
        }
        let mut previous = std::collections::BTreeMap::new();
        while let Some(action) = engine.poll_action() {
            match action {
                Action::GetDifference { id, .. } | Action::GetChannelDifference { id, .. } => {
                    last_request = id
                }
                Action::Deliver(update) => {
                    let info = update.info.expect("only sequenced updates are fed");
                    if let Some(prev) = previous.insert(info.sequence, info.pts) {
                        assert_eq!(prev.checked_add(info.pts_count), Some(info.pts));
                    }
                }
                Action::Skipped { sequence, .. } => {
                    previous.remove(&sequence);
                }
            }
        }
    }
    let state = engine.state();
    assert_eq!(SavedState::decode(&state.encode()), Ok(state));
}
