//! Telegram's update sequencing, both sides, Sans-IO and without TL.
//!
//! <https://core.telegram.org/api/updates>
//!
//! - [`server`]: sequence owners (an account's common box and secondary box, each channel, the
//!   account's seq), contiguous pts allocation, the update-log storage trait with an in-memory
//!   log, and the difference computations.
//! - [`client`]: the gap engine (apply / drop / hold, seq checks, difference loops, deadlines,
//!   saved state) whose output is actions for the host.
//! - The crate works on `(owner, pts, pts_count)` and opaque payloads; the host maps TL.
//!
//! Nothing here reads a clock, spawns a thread or touches the OS: time comes in as
//! [`Timestamp`]/[`Date`] arguments.

#![forbid(unsafe_code)]

pub mod client;
#[doc(hidden)]
pub mod fuzzing;
mod ids;
mod sequence;
pub mod server;

pub use ids::{ChannelId, Date, Pts, PtsCount, Seq, Timestamp, UserId};
pub use sequence::{PtsInfo, Sequence};
