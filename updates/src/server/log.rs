//! The update-log storage trait: what the sequencer writes and the difference reads.
//!
//! A store (chat-store on its engine, or [`crate::server::MemoryLog`]) keeps per owner: the
//! [`Head`], a *floor* and the entries in `(floor, head.pts]`; per account: the `seq`. The
//! store is the single writer of its owners: it reads the head, runs the pure
//! [`Head::allocate`] and writes entry + head (+ its own data) in one atomic write. Reads need
//! no transaction: entries are immutable once written, and trimming only raises the floor.

use crate::ids::{Pts, Seq, UserId};
use crate::server::alloc::Head;
use crate::server::entry::Entry;
use crate::server::owner::Owner;

/// Which entries to read: those whose pts lies in `(after, up_to]`, in pts order, at most
/// `max_entries` of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadRange {
    /// Exclusive lower bound (the reader's current pts).
    pub after: Pts,
    /// Inclusive upper bound on an entry's pts.
    pub up_to: Pts,
    /// At most this many entries.
    pub max_entries: usize,
}

/// Reads of an update log.
pub trait LogRead {
    /// The opaque event payload.
    type Payload: Clone;
    /// The store's error.
    type Error: std::error::Error + Send + Sync + 'static;

    /// The owner's head (`Head::default()` for an owner without events).
    fn head(&self, owner: Owner) -> Result<Head, Self::Error>;

    /// The owner's floor: the lowest pts from which the log still holds every later entry.
    /// A reader at `pts >= floor` can be served; below it the events are gone (TooLong).
    fn floor(&self, owner: Owner) -> Result<Pts, Self::Error>;

    /// The account's current container seq (`Seq(0)` before the first container).
    fn seq(&self, user: UserId) -> Result<Seq, Self::Error>;

    /// Appends to `out` the owner's entries in `range`, in pts order. Entries at or below the
    /// floor are not returned (they are gone).
    fn read(
        &self,
        owner: Owner,
        range: ReadRange,
        out: &mut Vec<Entry<Self::Payload>>,
    ) -> Result<(), Self::Error>;
}

/// Writes of an update log. Implementations must refuse (without writing) an entry that
/// [`Head::accept`] rejects, a seq that does not advance, and must make each call atomic.
pub trait LogWrite: LogRead {
    /// Appends one entry that continues the owner's head and makes its pts the new head.
    fn append(&mut self, entry: Entry<Self::Payload>) -> Result<(), Self::Error>;

    /// Stores the account's seq after a container push (it only moves forward).
    fn store_seq(&mut self, user: UserId, seq: Seq) -> Result<(), Self::Error>;

    /// Drops the owner's entries whose pts is `<= up_to` and returns the new floor: the start of
    /// the first entry kept, or the head if none is kept. The floor never goes down.
    fn trim(&mut self, owner: Owner, up_to: Pts) -> Result<Pts, Self::Error>;
}
