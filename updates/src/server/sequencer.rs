//! The sequencer: allocation plus append over any [`LogWrite`], for hosts that do not need to
//! put their own data into the same write (chat-store does, and calls [`Head::allocate`]
//! itself inside its transaction).

use thiserror::Error;

use crate::ids::{Date, PtsCount, UserId};
use crate::server::alloc::{AllocError, Head, SeqRange};
use crate::server::entry::Entry;
use crate::server::log::LogWrite;
use crate::server::owner::Owner;

/// Why the sequencer refused an event.
#[derive(Debug, Error)]
pub enum SequencerError<E: std::error::Error + 'static> {
    /// The allocation itself was invalid.
    #[error("allocation refused: {0}")]
    Alloc(#[from] AllocError),
    /// The log failed.
    #[error("update log failed: {0}")]
    Log(#[source] E),
}

/// Gives events their pts and appends them to a log, one owner at a time.
#[derive(Debug, Clone, Default)]
pub struct Sequencer<L> {
    log: L,
}

impl<L: LogWrite> Sequencer<L> {
    /// A sequencer writing to `log`.
    pub fn new(log: L) -> Self {
        Sequencer { log }
    }

    /// The log, for reads (difference) and trimming.
    pub fn log(&self) -> &L {
        &self.log
    }

    /// The log, mutably (trimming).
    pub fn log_mut(&mut self) -> &mut L {
        &mut self.log
    }

    /// Sequences one event of `owner` taking `pts_count` numbers, appends it and returns it:
    /// the returned entry is what the host pushes and puts into RPC results.
    pub fn append(
        &mut self,
        owner: Owner,
        pts_count: PtsCount,
        date: Date,
        payload: L::Payload,
    ) -> Result<Entry<L::Payload>, SequencerError<L::Error>> {
        let head: Head = self.log.head(owner).map_err(SequencerError::Log)?;
        let entry = head.allocate(owner, pts_count, date)?.entry(payload);
        self.log
            .append(entry.clone())
            .map_err(SequencerError::Log)?;
        Ok(entry)
    }

    /// Allocates and stores the seq of the next container pushed to `user`.
    pub fn next_seq(&mut self, user: UserId) -> Result<SeqRange, SequencerError<L::Error>> {
        let range = self
            .log
            .seq(user)
            .map_err(SequencerError::Log)?
            .allocate()?;
        self.log
            .store_seq(user, range.seq)
            .map_err(SequencerError::Log)?;
        Ok(range)
    }
}
