//! Newtypes for the numbers of the update model, so that a pts cannot be passed where a seq, a
//! count or a user id is expected.
//!
//! <https://core.telegram.org/api/updates>: pts, qts and seq are TL `int`s, so every sequence
//! number here stays within `1..=i32::MAX` ([`Pts::MAX`], [`Seq::MAX`]).

use core::fmt;
use core::time::Duration;

/// A user (account) id, as in TL `long user_id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UserId(pub i64);

/// A channel or supergroup id, as in TL `long channel_id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ChannelId(pub i64);

/// A position in one pts-like sequence: the common box's pts, a channel's pts or the secondary
/// box's qts. An event carries the pts *after* it (<https://core.telegram.org/api/updates#pts>).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pts(pub u32);

impl Pts {
    /// The largest pts a TL `int` can carry.
    pub const MAX: Pts = Pts(i32::MAX as u32);

    /// `self + count`, or `None` past [`Pts::MAX`].
    pub fn checked_add(self, count: PtsCount) -> Option<Pts> {
        self.0
            .checked_add(count.0)
            .filter(|&p| p <= Pts::MAX.0)
            .map(Pts)
    }

    /// `self - count`, saturating at zero (the start of an event that ends at `self`).
    pub fn saturating_sub(self, count: PtsCount) -> Pts {
        Pts(self.0.saturating_sub(count.0))
    }

    /// How many numbers lie in `(earlier, self]` (zero when `earlier >= self`).
    pub fn distance_from(self, earlier: Pts) -> u32 {
        self.0.saturating_sub(earlier.0)
    }
}

impl fmt::Display for Pts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// How many sequence numbers one event takes (`pts_count`; always 1 for qts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct PtsCount(pub u32);

/// The account's container sequence number (`seq` of `updates`/`updatesCombined`).
/// `Seq(0)` on a container means "unordered, apply at once".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Seq(pub u32);

impl Seq {
    /// The largest seq a TL `int` can carry.
    pub const MAX: Seq = Seq(i32::MAX as u32);
}

/// A server-side event date: unix seconds, as in TL `date:int`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Date(pub u32);

/// The host's monotonic clock reading, in milliseconds from an epoch the host chooses.
/// The crate never reads a clock: every time-dependent call takes one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub u64);

impl Timestamp {
    /// `self + d`, saturating.
    pub fn saturating_add(self, d: Duration) -> Timestamp {
        let ms = u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        Timestamp(self.0.saturating_add(ms))
    }
}
