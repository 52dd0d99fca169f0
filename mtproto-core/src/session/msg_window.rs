//! Receiver checks on incoming msg_ids
//! (<https://core.telegram.org/mtproto/security_guidelines#checking-msg-id>,
//! <https://core.telegram.org/mtproto/service_messages_about_messages#notice-of-ignored-error-message>).
//!
//! The receiver keeps the last [`RECENT_IDS`] ids; an id equal to one of them, or lower than all
//! of them once the window is full, is a replay. Ids more than 300 s in the past or 30 s in the
//! future of the receiver's clock are rejected (bad_msg_notification 16 / 17).

use std::collections::BTreeSet;

use crate::msg_id::MsgId;
use crate::time::UnixTime;

/// How many recent ids a receiver remembers.
pub const RECENT_IDS: usize = 1024;
/// How far in the past an id may be, in seconds.
pub const MAX_PAST_SECS: i64 = 300;
/// How far in the future an id may be, in seconds.
pub const MAX_FUTURE_SECS: i64 = 30;

/// Why an incoming msg_id is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MsgIdCheck {
    /// Acceptable and new.
    Fresh,
    /// Seen before (or below the remembered window): ignore, or answer with the stored state.
    Duplicate,
    /// More than 300 s in the past: bad_msg_notification 16.
    TooOld,
    /// More than 30 s in the future: bad_msg_notification 17.
    TooNew,
}

/// The recent-id store of one receiving session.
#[derive(Debug, Clone, Default)]
pub struct MsgIdWindow {
    set: BTreeSet<MsgId>,
}

impl MsgIdWindow {
    /// An empty window.
    pub fn new() -> Self {
        Self::default()
    }

    /// Classifies `id` against the clock at `now` (corrected by `time_offset` seconds) without
    /// recording it.
    pub fn check(&self, id: MsgId, now: UnixTime, time_offset: i64) -> MsgIdCheck {
        let now_secs = now.as_secs() as i64 + time_offset;
        if id.secs() < now_secs - MAX_PAST_SECS {
            return MsgIdCheck::TooOld;
        }
        if id.secs() > now_secs + MAX_FUTURE_SECS {
            return MsgIdCheck::TooNew;
        }
        if self.contains(id) || self.is_below_window(id) {
            return MsgIdCheck::Duplicate;
        }
        MsgIdCheck::Fresh
    }

    /// Whether `id` is remembered.
    pub fn contains(&self, id: MsgId) -> bool {
        self.set.contains(&id)
    }

    /// Whether the window is full and `id` is below every remembered id (it can no longer be
    /// told apart from a replay).
    pub fn is_below_window(&self, id: MsgId) -> bool {
        self.set.len() >= RECENT_IDS && self.set.first().is_some_and(|&lowest| id < lowest)
    }

    /// Records `id`, forgetting the lowest one when full.
    pub fn insert(&mut self, id: MsgId) {
        // Forget the lowest id when full, which keeps the "below the window" rule sound.
        if self.set.insert(id) && self.set.len() > RECENT_IDS {
            self.set.pop_first();
        }
    }
}
