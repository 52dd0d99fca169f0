//! The gap engine's constants and limits.

use core::time::Duration;

/// How the gap engine waits and what it asks for.
///
/// Constants from <https://core.telegram.org/api/updates> and the reference client design
/// (STORAGE-AND-UPDATES.md §3.3): a possible gap is held for 0.5 s before a difference is
/// fetched, a sequence without updates for 15 minutes is checked, and channel differences ask
/// for 100 events (users) or 100,000 (bots).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EngineConfig {
    /// The `limit` of `updates.getChannelDifference`: [`USER_CHANNEL_LIMIT`] or
    /// [`BOT_CHANNEL_LIMIT`].
    pub channel_limit: u32,
    /// How long a possible gap is held before fetching a difference.
    pub possible_gap_timeout: Duration,
    /// How long a sequence may stay silent before it is checked with a difference.
    pub idle_timeout: Duration,
    /// `pts_limit` sent with `updates.getDifference`.
    pub pts_limit: Option<u32>,
    /// `pts_total_limit` sent with `updates.getDifference`.
    pub pts_total_limit: Option<u32>,
    /// `qts_limit` sent with `updates.getDifference`.
    pub qts_limit: Option<u32>,
}

/// The channel difference limit for users.
pub const USER_CHANNEL_LIMIT: u32 = 100;
/// The channel difference limit for bots.
pub const BOT_CHANNEL_LIMIT: u32 = 100_000;

impl EngineConfig {
    /// The defaults for a user account (`is_bot = false`) or a bot.
    pub fn new(is_bot: bool) -> Self {
        EngineConfig {
            channel_limit: if is_bot {
                BOT_CHANNEL_LIMIT
            } else {
                USER_CHANNEL_LIMIT
            },
            possible_gap_timeout: Duration::from_millis(500),
            idle_timeout: Duration::from_secs(15 * 60),
            pts_limit: None,
            pts_total_limit: None,
            qts_limit: None,
        }
    }
}
