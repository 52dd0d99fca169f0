//! What the clients count: shared counters the run watches live, and each client's own tally
//! merged at the end.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Counters every client updates as it goes (the run decides from them when the drain is over).
#[derive(Debug, Default)]
pub struct Live {
    /// Sends the server answered with success.
    pub acked: AtomicU64,
    /// Distinct load messages received by their recipients.
    pub delivered: AtomicU64,
    /// Sends written and not yet answered.
    pub in_flight: AtomicU64,
    /// Clients whose gap engine finished its first difference.
    pub synced: AtomicU64,
    /// Clients that stopped sending on their own (`--messages` reached).
    pub done_sending: AtomicU64,
    /// Clients whose connection failed.
    pub failed: AtomicU64,
}

impl Live {
    /// Adds one to a counter.
    pub fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Takes one from a counter.
    pub fn drop_one(counter: &AtomicU64) {
        counter.fetch_sub(1, Ordering::Relaxed);
    }

    /// Reads a counter.
    pub fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }
}

/// One client's tally.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    /// Sends answered with success.
    pub acked: u64,
    /// Sends answered with an error.
    pub send_errors: u64,
    /// Distinct load messages received.
    pub delivered: u64,
    /// Load messages received again.
    pub duplicates: u64,
    /// Delivery latencies (send → live receipt), microseconds.
    pub latencies_us: Vec<u64>,
    /// When the last load message arrived (ns since the epoch).
    pub last_delivery_ns: u64,
    /// `updates.differenceTooLong` answers: the updates they stand for are given up.
    pub too_long: u64,
    /// `updates.getDifference` requests the engine made (each engine starts with one).
    pub differences: u64,
    /// Clients whose connection failed (0 or 1 for one client).
    pub failed: u64,
    /// Why the connection failed, if it did.
    pub failure: Option<String>,
}

impl Tally {
    /// Adds another client's tally into this one.
    pub fn merge(&mut self, other: Tally) {
        self.acked += other.acked;
        self.send_errors += other.send_errors;
        self.delivered += other.delivered;
        self.duplicates += other.duplicates;
        self.latencies_us.extend(other.latencies_us);
        self.last_delivery_ns = self.last_delivery_ns.max(other.last_delivery_ns);
        self.too_long += other.too_long;
        self.differences += other.differences;
        self.failed += other.failed;
        if self.failure.is_none() {
            self.failure = other.failure;
        }
    }
}

/// The `q` quantile (0..=1) of `sorted` by the nearest-rank method; `None` when empty.
pub fn quantile(sorted: &[u64], q: f64) -> Option<Duration> {
    let last = sorted.len().checked_sub(1)?;
    let rank = ((q * sorted.len() as f64).ceil() as usize).saturating_sub(1);
    Some(Duration::from_micros(sorted[rank.min(last)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_quantiles() {
        let v: Vec<u64> = (1..=100).collect();
        assert_eq!(quantile(&v, 0.5), Some(Duration::from_micros(50)));
        assert_eq!(quantile(&v, 0.99), Some(Duration::from_micros(99)));
        assert_eq!(quantile(&v, 1.0), Some(Duration::from_micros(100)));
        assert_eq!(quantile(&[7], 0.99), Some(Duration::from_micros(7)));
        assert_eq!(quantile(&[], 0.5), None);
    }
}
