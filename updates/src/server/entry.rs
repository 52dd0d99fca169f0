//! One event in an owner's update log.

use crate::ids::{Date, Pts, PtsCount};
use crate::sequence::PtsInfo;
use crate::server::owner::Owner;

/// A sequenced event: the owner, the pts after it, how many numbers it took, its date and an
/// opaque payload (TL bytes, a reference into a message table: the host decides).
///
/// The same value is pushed live, returned in RPC results (`pts`/`pts_count` of
/// `updateShortSentMessage` or `messages.affectedMessages`) and served by the difference, so
/// all three agree by construction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<P> {
    /// Whose sequence the event belongs to.
    pub owner: Owner,
    /// The pts (or qts) after the event.
    pub pts: Pts,
    /// How many numbers the event took (`>= 1`; exactly 1 for qts).
    pub pts_count: PtsCount,
    /// The event date (non-decreasing along one owner's log).
    pub date: Date,
    /// The event itself, opaque to this crate.
    pub payload: P,
}

impl<P> Entry<P> {
    /// The pts before the event (`pts - pts_count`).
    pub fn start(&self) -> Pts {
        self.pts.saturating_sub(self.pts_count)
    }

    /// The sequence information a client checks.
    pub fn pts_info(&self) -> PtsInfo {
        PtsInfo {
            sequence: self.owner.sequence(),
            pts: self.pts,
            pts_count: self.pts_count,
        }
    }
}
