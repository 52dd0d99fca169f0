//! The server side: sequence owners, contiguous allocation, the update-log trait, an in-memory
//! log and the difference computations.
//!
//! <https://core.telegram.org/api/updates>

mod alloc;
mod channel_difference;
mod difference;
mod entry;
mod log;
mod memory_log;
mod owner;
mod sequencer;

pub use alloc::{AllocError, Allocation, Head, SeqRange};
pub use channel_difference::{
    ChannelDifference, ChannelDifferenceConfig, ChannelDifferenceRequest, MAX_CHANNEL_LIMIT,
    channel_difference,
};
pub use difference::{
    Difference, DifferenceConfig, DifferenceRequest, State, current_state, difference,
};
pub use entry::Entry;
pub use log::{LogRead, LogWrite, ReadRange};
pub use memory_log::{MemoryLog, MemoryLogError};
pub use owner::Owner;
pub use sequencer::{Sequencer, SequencerError};
