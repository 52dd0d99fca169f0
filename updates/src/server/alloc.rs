//! Contiguous allocation: the pure step that gives an event its pts.
//!
//! <https://core.telegram.org/api/updates#pts>: "each event increases pts by `pts_count`", so
//! an event appended to an owner whose head is `h` ends at `pts = h + pts_count`; the next one
//! starts where this one ended. Nothing is reused and nothing is skipped. For qts
//! (<https://core.telegram.org/api/updates#qts>) every event takes exactly one number.
//!
//! A store computes the allocation from the head it read inside its own transaction, then writes
//! the new head, the entry and its own data change in the same atomic write.

use thiserror::Error;

use crate::ids::{Date, Pts, PtsCount, Seq};
use crate::server::entry::Entry;
use crate::server::owner::Owner;

/// The current end of one owner's sequence: the last allocated pts and the date of the last
/// event (dates never go backwards along a log).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Head {
    /// The last allocated pts (0 before the first event).
    pub pts: Pts,
    /// The date of the last event (0 before the first event).
    pub date: Date,
}

/// Why an allocation (or an append) was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum AllocError {
    /// `pts_count` was 0: an event must take at least one number, or its pts would collide with
    /// the previous event's.
    #[error("{owner:?}: pts_count must be at least 1")]
    ZeroCount {
        /// The owner.
        owner: Owner,
    },
    /// A qts event took other than one number.
    #[error("{owner:?}: a qts event takes exactly one number, not {count}")]
    QtsCountNotOne {
        /// The owner.
        owner: Owner,
        /// The count asked for.
        count: u32,
    },
    /// The sequence would pass the TL `int` range.
    #[error("{owner:?}: pts {head} + {count} passes the TL int range")]
    Exhausted {
        /// The owner.
        owner: Owner,
        /// The head pts.
        head: Pts,
        /// The count asked for.
        count: u32,
    },
    /// An appended entry does not start at the owner's head.
    #[error("{owner:?}: entry {start}..={pts} does not continue head {head}")]
    NotContiguous {
        /// The owner.
        owner: Owner,
        /// The head pts.
        head: Pts,
        /// The entry's start (`pts - pts_count`).
        start: Pts,
        /// The entry's pts.
        pts: Pts,
    },
    /// An appended entry's date is before the head's date.
    #[error("{owner:?}: entry date {entry:?} is before head date {head:?}")]
    DateBackwards {
        /// The owner.
        owner: Owner,
        /// The head's date.
        head: Date,
        /// The entry's date.
        entry: Date,
    },
    /// The account's seq would pass the TL `int` range.
    #[error("seq {0:?} cannot advance further")]
    SeqExhausted(Seq),
}

/// The numbers one event receives from [`Head::allocate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Allocation {
    /// The owner.
    pub owner: Owner,
    /// The pts after the event.
    pub pts: Pts,
    /// How many numbers it took.
    pub pts_count: PtsCount,
    /// Its date: the requested date, raised to the head's date if the clock went backwards.
    pub date: Date,
    /// The owner's head after the event; persist it with the entry.
    pub new_head: Head,
}

impl Allocation {
    /// The log entry for this allocation.
    pub fn entry<P>(&self, payload: P) -> Entry<P> {
        Entry {
            owner: self.owner,
            pts: self.pts,
            pts_count: self.pts_count,
            date: self.date,
            payload,
        }
    }
}

impl Head {
    /// Allocates `pts_count` numbers to a new event of `owner` dated `date`.
    ///
    /// `pts = head.pts + pts_count`; `date = max(head.date, date)`.
    pub fn allocate(
        self,
        owner: Owner,
        pts_count: PtsCount,
        date: Date,
    ) -> Result<Allocation, AllocError> {
        if pts_count.0 == 0 {
            return Err(AllocError::ZeroCount { owner });
        }
        if owner.counts_one_per_event() && pts_count.0 != 1 {
            return Err(AllocError::QtsCountNotOne {
                owner,
                count: pts_count.0,
            });
        }
        // pts = local_pts + pts_count (core.telegram.org/api/updates#pts)
        let pts = self
            .pts
            .checked_add(pts_count)
            .ok_or(AllocError::Exhausted {
                owner,
                head: self.pts,
                count: pts_count.0,
            })?;
        let date = date.max(self.date);
        Ok(Allocation {
            owner,
            pts,
            pts_count,
            date,
            new_head: Head { pts, date },
        })
    }

    /// Checks that `entry` continues this head exactly (the check a store runs before it
    /// appends an entry allocated elsewhere) and returns the head after it.
    pub fn accept<P>(self, entry: &Entry<P>) -> Result<Head, AllocError> {
        let expected = self.allocate(entry.owner, entry.pts_count, entry.date)?;
        if expected.pts != entry.pts {
            return Err(AllocError::NotContiguous {
                owner: entry.owner,
                head: self.pts,
                start: entry.start(),
                pts: entry.pts,
            });
        }
        if entry.date < self.date {
            return Err(AllocError::DateBackwards {
                owner: entry.owner,
                head: self.date,
                entry: entry.date,
            });
        }
        Ok(expected.new_head)
    }
}

/// The seq numbers given to one push of `count` containers (`updatesCombined` covers
/// `seq_start..=seq`; a single `updates` has `seq_start == seq`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeqRange {
    /// The first seq of the push.
    pub seq_start: Seq,
    /// The last seq of the push; the account's seq afterwards.
    pub seq: Seq,
}

impl Seq {
    /// Allocates one seq to the next container (`seq = local_seq + 1`,
    /// core.telegram.org/api/updates#seq).
    pub fn allocate(self) -> Result<SeqRange, AllocError> {
        if self >= Seq::MAX {
            return Err(AllocError::SeqExhausted(self));
        }
        let next = Seq(self.0 + 1);
        Ok(SeqRange {
            seq_start: next,
            seq: next,
        })
    }
}
