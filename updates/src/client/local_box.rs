//! One sequence as the client holds it: the local pts, held updates and the two deadlines.
//!
//! <https://core.telegram.org/api/updates#update-handling>: with `local_pts` the last applied
//! pts and an update carrying `(pts, pts_count)`:
//! - `local_pts + pts_count == pts`: apply it;
//! - `local_pts + pts_count > pts`: already applied, drop it;
//! - `local_pts + pts_count < pts`: a possible gap; hold the update and wait (0.5 s) for the
//!   missing ones before fetching a difference.

use std::collections::VecDeque;

use crate::client::io::{Action, Update};
use crate::ids::{Pts, Timestamp};
use crate::sequence::PtsInfo;

/// What became of an offered update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Offer {
    /// Delivered; the local pts advanced.
    Applied,
    /// Already applied earlier.
    Dropped,
    /// Ahead of the local pts: held.
    Held,
}

/// The client's view of one sequence.
#[derive(Debug, Clone)]
pub(crate) struct LocalBox<P> {
    /// The last applied pts.
    pub(crate) pts: Pts,
    /// When the sequence is next checked if nothing arrives.
    pub(crate) idle_deadline: Timestamp,
    /// When a held gap turns into a difference request.
    pub(crate) gap_deadline: Option<Timestamp>,
    /// Updates ahead of `pts`, sorted by their start (`pts - pts_count`).
    held: Vec<(PtsInfo, P)>,
}

impl<P> LocalBox<P> {
    pub(crate) fn new(pts: Pts, idle_deadline: Timestamp) -> Self {
        LocalBox {
            pts,
            idle_deadline,
            gap_deadline: None,
            held: Vec::new(),
        }
    }

    /// How many updates are held.
    pub(crate) fn held_len(&self) -> usize {
        self.held.len()
    }

    /// Judges one update against the local pts by the rule above.
    fn verdict(&self, info: &PtsInfo) -> Offer {
        // Widened: a hostile pts_count must not overflow.
        let expected = u64::from(self.pts.0) + u64::from(info.pts_count.0);
        let pts = u64::from(info.pts.0);
        match expected.cmp(&pts) {
            core::cmp::Ordering::Equal => Offer::Applied,
            core::cmp::Ordering::Greater => Offer::Dropped,
            core::cmp::Ordering::Less => Offer::Held,
        }
    }

    fn apply(&mut self, info: PtsInfo, payload: P, out: &mut VecDeque<Action<P>>) {
        self.pts = info.pts;
        out.push_back(Action::Deliver(Update {
            info: Some(info),
            payload,
        }));
    }

    /// Applies, drops or holds one update by the pts rule.
    pub(crate) fn offer(
        &mut self,
        info: PtsInfo,
        payload: P,
        out: &mut VecDeque<Action<P>>,
    ) -> Offer {
        let verdict = self.verdict(&info);
        match verdict {
            Offer::Applied => self.apply(info, payload, out),
            Offer::Dropped => {}
            Offer::Held => self.hold(info, payload),
        }
        verdict
    }

    /// Holds an update without judging it (while a difference is in flight).
    pub(crate) fn hold(&mut self, info: PtsInfo, payload: P) {
        let key = (info.start(), info.pts);
        let at = self
            .held
            .partition_point(|(h, _)| (h.start(), h.pts) <= key);
        self.held.insert(at, (info, payload));
    }

    /// Applies or drops held updates that now fit, in order, and arms the gap deadline if some
    /// remain (keeping an earlier deadline), or clears it if none do.
    pub(crate) fn resolve_held(&mut self, gap_deadline: Timestamp, out: &mut VecDeque<Action<P>>) {
        let mut kept = Vec::new();
        // Sorted by start, so applying one can make the next one fit.
        for (info, payload) in std::mem::take(&mut self.held) {
            match self.verdict(&info) {
                Offer::Applied => self.apply(info, payload, out),
                Offer::Dropped => {}
                Offer::Held => kept.push((info, payload)),
            }
        }
        self.held = kept;
        if self.held.is_empty() {
            self.gap_deadline = None;
        } else if self.gap_deadline.is_none() {
            self.gap_deadline = Some(gap_deadline);
        }
    }
}
