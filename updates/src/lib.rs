//! Telegram's update sequencing, both sides, Sans-IO and without TL.
//!
//! <https://core.telegram.org/api/updates>
//!
//! - [`server`]: sequence owners (an account's common box and secondary box, each channel, the
//!   account's seq), contiguous pts allocation, the update-log storage trait with an in-memory
//!   log, and the difference computations.
//! - The crate works on `(owner, pts, pts_count)` and opaque payloads; the host maps TL.
//!
//! Nothing here reads a clock, spawns a thread or touches the OS: time comes in as
//! [`Timestamp`]/[`Date`] arguments.

#![forbid(unsafe_code)]

mod ids;
mod sequence;
pub mod server;

pub use ids::{ChannelId, Date, Pts, PtsCount, Seq, Timestamp, UserId};
pub use sequence::{PtsInfo, Sequence};
