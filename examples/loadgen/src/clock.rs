//! The host's clock, handed to the Sans-IO libraries as values.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use mtproto_core::time::UnixTime;
use updates::Timestamp;

/// The wall clock as mtproto-core takes it.
pub fn now() -> UnixTime {
    UnixTime(since_epoch())
}

/// The wall clock as the gap engine takes it (milliseconds since the epoch).
pub fn engine_now() -> Timestamp {
    Timestamp(since_epoch().as_millis() as u64)
}

/// Nanoseconds since the epoch: the send timestamp written into each message's text (sender and
/// recipient share this process, hence this clock).
pub fn nanos() -> u64 {
    since_epoch().as_nanos() as u64
}

fn since_epoch() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

/// How long from now until `at` (zero if it has passed).
pub fn until(at: UnixTime) -> Duration {
    at.since(now())
}

/// How long from now until the engine deadline `at` (zero if it has passed).
pub fn until_engine(at: Timestamp) -> Duration {
    Duration::from_millis(at.0.saturating_sub(engine_now().0))
}
