//! `updates.getDifference` from an account's logs.
//!
//! <https://core.telegram.org/method/updates.getDifference>,
//! <https://core.telegram.org/api/updates#fetching-updates>
//!
//! The answer is one of: `differenceEmpty` (nothing new), `difference` (everything, adopt
//! `state`), `differenceSlice` (a part; adopt `intermediate_state` and ask again) or
//! `differenceTooLong` (the client's state is older than the retained log, or further behind
//! than `pts_total_limit`). A slice always advances the state by at least one entry, so the
//! client's loop terminates.

use crate::ids::{Date, Pts, PtsCount, Seq, UserId};
use crate::server::entry::Entry;
use crate::server::log::{LogRead, ReadRange};
use crate::server::owner::Owner;

/// An account's update state, as in `updates.state` (without `unread_count`, which is the
/// host's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct State {
    /// The common box's pts.
    pub pts: Pts,
    /// The secondary box's qts.
    pub qts: Pts,
    /// The date of the last event.
    pub date: Date,
    /// The account's container seq.
    pub seq: Seq,
}

/// The arguments of `updates.getDifference`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DifferenceRequest {
    /// The client's pts.
    pub pts: Pts,
    /// The client's qts.
    pub qts: Pts,
    /// The client's date.
    pub date: Date,
    /// Cover at most this many pts in one answer (a slice otherwise). One entry is returned even
    /// if it alone is larger, so the client always advances.
    pub pts_limit: Option<u32>,
    /// If the client is further behind than this, answer TooLong.
    pub pts_total_limit: Option<u32>,
    /// Return at most this many qts events in one answer.
    pub qts_limit: Option<u32>,
}

/// Server policy for the difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DifferenceConfig {
    /// The most entries (pts and qts together) in one answer; more become a slice.
    pub max_entries: usize,
}

impl Default for DifferenceConfig {
    /// 1,000 entries per answer (STORAGE-AND-UPDATES.md §3.4: 1,000–5,000 is typical).
    fn default() -> Self {
        DifferenceConfig { max_entries: 1000 }
    }
}

/// <https://core.telegram.org/method/updates.getDifference>: "If the remote pts is too big
/// (> ~4000000), this field will default to 1000000."
const LARGE_REMOTE_PTS: u32 = 4_000_000;
/// The default `pts_total_limit` for a large remote pts.
const DEFAULT_TOTAL_LIMIT: u32 = 1_000_000;

/// The result of `updates.getDifference`, over entries of type `U`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference<U> {
    /// `updates.differenceEmpty`: nothing new.
    Empty {
        /// The current date.
        date: Date,
        /// The current seq.
        seq: Seq,
    },
    /// `updates.difference`: every missed event; adopt `state`.
    Full {
        /// Common-box events in pts order.
        common: Vec<U>,
        /// Secondary-box events in qts order.
        secondary: Vec<U>,
        /// The state to adopt.
        state: State,
    },
    /// `updates.differenceSlice`: a prefix of the missed events; adopt `intermediate_state`
    /// and ask again.
    Slice {
        /// Common-box events in pts order.
        common: Vec<U>,
        /// Secondary-box events in qts order.
        secondary: Vec<U>,
        /// The state to adopt before asking again.
        intermediate_state: State,
    },
    /// `updates.differenceTooLong`: the events are gone (or too many); adopt `state`
    /// (on the wire only `pts` is sent, and a TL client then calls `updates.getState`) and
    /// refetch what the events would have told.
    TooLong {
        /// The current state.
        state: State,
    },
}

impl<U> Difference<U> {
    /// The same answer with every entry mapped (e.g. server [`Entry`] to a client update).
    pub fn map<V>(self, mut f: impl FnMut(U) -> V) -> Difference<V> {
        match self {
            Difference::Empty { date, seq } => Difference::Empty { date, seq },
            Difference::Full {
                common,
                secondary,
                state,
            } => Difference::Full {
                common: common.into_iter().map(&mut f).collect(),
                secondary: secondary.into_iter().map(f).collect(),
                state,
            },
            Difference::Slice {
                common,
                secondary,
                intermediate_state,
            } => Difference::Slice {
                common: common.into_iter().map(&mut f).collect(),
                secondary: secondary.into_iter().map(f).collect(),
                intermediate_state,
            },
            Difference::TooLong { state } => Difference::TooLong { state },
        }
    }
}

/// The account's current state, as `updates.getState` answers it.
pub fn current_state<L: LogRead>(log: &L, user: UserId) -> Result<State, L::Error> {
    let common = log.head(Owner::Common(user))?;
    let secondary = log.head(Owner::Secondary(user))?;
    Ok(State {
        pts: common.pts,
        qts: secondary.pts,
        date: common.date.max(secondary.date),
        seq: log.seq(user)?,
    })
}

/// Computes `updates.getDifference` for `user` from `request`.
pub fn difference<L: LogRead>(
    log: &L,
    user: UserId,
    request: &DifferenceRequest,
    config: &DifferenceConfig,
) -> Result<Difference<Entry<L::Payload>>, L::Error> {
    let (common, secondary) = (Owner::Common(user), Owner::Secondary(user));
    let state = current_state(log, user)?;
    let too_long = Ok(Difference::TooLong { state });
    // A client ahead of the server saw numbers the server no longer has (a crash lost them,
    // STORAGE-AND-UPDATES.md §3.5): reset it rather than let it skip the reused numbers.
    if request.pts > state.pts || request.qts > state.qts {
        return too_long;
    }
    if request.pts < log.floor(common)? || request.qts < log.floor(secondary)? {
        return too_long;
    }
    // TooLong if pts + pts_total_limit < remote pts.
    let total_limit = request
        .pts_total_limit
        .or((state.pts.0 > LARGE_REMOTE_PTS).then_some(DEFAULT_TOTAL_LIMIT));
    if total_limit.is_some_and(|limit| state.pts.distance_from(request.pts) > limit) {
        return too_long;
    }
    if request.pts == state.pts && request.qts == state.qts {
        return Ok(Difference::Empty {
            date: state.date,
            seq: state.seq,
        });
    }
    let max_entries = config.max_entries.max(1);
    let common_events = read_progressing(log, common, request.pts, request.pts_limit, max_entries)?;
    let room = max_entries - common_events.len();
    let secondary_events = if room == 0 {
        Vec::new()
    } else {
        // qts_count is 1, so a qts limit is an entry limit.
        let room = request
            .qts_limit
            .map_or(room, |l| room.min(l.max(1) as usize));
        read_progressing(log, secondary, request.qts, None, room)?
    };
    let new_pts = common_events.last().map_or(request.pts, |e| e.pts);
    let new_qts = secondary_events.last().map_or(request.qts, |e| e.pts);
    if new_pts == state.pts && new_qts == state.qts {
        return Ok(Difference::Full {
            common: common_events,
            secondary: secondary_events,
            state,
        });
    }
    let date = common_events
        .iter()
        .chain(&secondary_events)
        .map(|e| e.date)
        .max()
        .unwrap_or(request.date)
        .max(request.date);
    Ok(Difference::Slice {
        common: common_events,
        secondary: secondary_events,
        intermediate_state: State {
            pts: new_pts,
            qts: new_qts,
            date,
            seq: state.seq,
        },
    })
}

/// Reads up to `max_entries` entries of `owner` after `after`, covering at most `pts_limit`
/// numbers, but never nothing while entries remain: a first entry larger than the limit is
/// returned alone.
fn read_progressing<L: LogRead>(
    log: &L,
    owner: Owner,
    after: Pts,
    pts_limit: Option<u32>,
    max_entries: usize,
) -> Result<Vec<Entry<L::Payload>>, L::Error> {
    let up_to = pts_limit.map_or(Pts::MAX, |l| {
        after.checked_add(PtsCount(l)).unwrap_or(Pts::MAX)
    });
    let mut out = Vec::new();
    log.read(
        owner,
        ReadRange {
            after,
            up_to,
            max_entries,
        },
        &mut out,
    )?;
    if out.is_empty() && max_entries > 0 {
        log.read(
            owner,
            ReadRange {
                after,
                up_to: Pts::MAX,
                max_entries: 1,
            },
            &mut out,
        )?;
    }
    Ok(out)
}
