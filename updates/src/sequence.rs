//! The sequences a client tracks, and the pts information an update carries.

use crate::ids::{ChannelId, Pts, PtsCount};

/// One of a client's sequences: the same as a server [`crate::server::Owner`] without the
/// account, which the client knows implicitly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Sequence {
    /// The common message box (pts).
    Common,
    /// The secondary box (qts).
    Secondary,
    /// One channel's pts.
    Channel(ChannelId),
}

/// The sequence information of one update: the pts after it and how many numbers it took.
/// The numbers it covers are `(pts - pts_count, pts]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PtsInfo {
    /// Which sequence the update belongs to.
    pub sequence: Sequence,
    /// The pts (or qts) after the update.
    pub pts: Pts,
    /// How many numbers the update took (1 for qts).
    pub pts_count: PtsCount,
}

impl PtsInfo {
    /// The pts before the update (`pts - pts_count`).
    pub fn start(&self) -> Pts {
        self.pts.saturating_sub(self.pts_count)
    }
}
