//! An in-memory update log for tests, simulations and small hosts.

use std::collections::{HashMap, VecDeque};

use thiserror::Error;

use crate::ids::{Pts, Seq, UserId};
use crate::server::alloc::{AllocError, Head};
use crate::server::entry::Entry;
use crate::server::log::{LogRead, LogWrite, ReadRange};
use crate::server::owner::Owner;

/// Why the in-memory log refused a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum MemoryLogError {
    /// The entry does not continue the head.
    #[error(transparent)]
    Alloc(#[from] AllocError),
    /// A stored seq did not advance.
    #[error("{user:?}: seq {new:?} does not advance {current:?}")]
    SeqBackwards {
        /// The account.
        user: UserId,
        /// Its stored seq.
        current: Seq,
        /// The refused seq.
        new: Seq,
    },
}

#[derive(Debug, Clone)]
struct OwnerLog<P> {
    head: Head,
    floor: Pts,
    /// Contiguous entries covering `(floor, head.pts]`, in pts order.
    entries: VecDeque<Entry<P>>,
}

impl<P> Default for OwnerLog<P> {
    fn default() -> Self {
        OwnerLog {
            head: Head::default(),
            floor: Pts(0),
            entries: VecDeque::new(),
        }
    }
}

/// An update log in memory: one contiguous deque of entries per owner.
#[derive(Debug, Clone)]
pub struct MemoryLog<P> {
    owners: HashMap<Owner, OwnerLog<P>>,
    seqs: HashMap<UserId, Seq>,
}

impl<P> Default for MemoryLog<P> {
    fn default() -> Self {
        MemoryLog {
            owners: HashMap::new(),
            seqs: HashMap::new(),
        }
    }
}

impl<P> MemoryLog<P> {
    /// An empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many entries are retained for `owner`.
    pub fn retained(&self, owner: Owner) -> usize {
        self.owners.get(&owner).map_or(0, |o| o.entries.len())
    }
}

impl<P: Clone> LogRead for MemoryLog<P> {
    type Payload = P;
    type Error = MemoryLogError;

    fn head(&self, owner: Owner) -> Result<Head, MemoryLogError> {
        Ok(self.owners.get(&owner).map_or(Head::default(), |o| o.head))
    }

    fn floor(&self, owner: Owner) -> Result<Pts, MemoryLogError> {
        Ok(self.owners.get(&owner).map_or(Pts(0), |o| o.floor))
    }

    fn seq(&self, user: UserId) -> Result<Seq, MemoryLogError> {
        Ok(self.seqs.get(&user).copied().unwrap_or_default())
    }

    fn read(
        &self,
        owner: Owner,
        range: ReadRange,
        out: &mut Vec<Entry<P>>,
    ) -> Result<(), MemoryLogError> {
        let Some(log) = self.owners.get(&owner) else {
            return Ok(());
        };
        let first = log.entries.partition_point(|e| e.pts <= range.after);
        out.extend(
            log.entries
                .range(first..)
                .take_while(|e| e.pts <= range.up_to)
                .take(range.max_entries)
                .cloned(),
        );
        Ok(())
    }
}

impl<P: Clone> LogWrite for MemoryLog<P> {
    fn append(&mut self, entry: Entry<P>) -> Result<(), MemoryLogError> {
        let log = self.owners.entry(entry.owner).or_default();
        log.head = log.head.accept(&entry)?;
        log.entries.push_back(entry);
        Ok(())
    }

    fn store_seq(&mut self, user: UserId, seq: Seq) -> Result<(), MemoryLogError> {
        let current = self.seqs.entry(user).or_default();
        if seq <= *current {
            return Err(MemoryLogError::SeqBackwards {
                user,
                current: *current,
                new: seq,
            });
        }
        *current = seq;
        Ok(())
    }

    fn trim(&mut self, owner: Owner, up_to: Pts) -> Result<Pts, MemoryLogError> {
        let Some(log) = self.owners.get_mut(&owner) else {
            return Ok(Pts(0));
        };
        while log.entries.front().is_some_and(|e| e.pts <= up_to) {
            log.entries.pop_front();
        }
        let new_floor = log.entries.front().map_or(log.head.pts, Entry::start);
        log.floor = log.floor.max(new_floor);
        Ok(log.floor)
    }
}
