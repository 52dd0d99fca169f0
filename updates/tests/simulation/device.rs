//! A simulated device and what the simulation records about it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use updates::client::{Engine, EngineConfig, RequestId};
use updates::{ChannelId, Pts, PtsCount, Sequence, Timestamp};

/// One thing that happened to a sequence on a device, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// An update was delivered.
    Delivered {
        pts: Pts,
        count: PtsCount,
        payload: u64,
    },
    /// The engine reported a TooLong skip.
    Skipped { after: Pts, up_to: Pts },
}

/// One device of an account.
pub struct Device {
    pub account: usize,
    pub engine: Engine<u64>,
    pub config: EngineConfig,
    pub online: bool,
    pub epoch: u64,
    pub reconnect_at: Option<Timestamp>,
    pub seen: BTreeMap<Sequence, Vec<Seen>>,
    /// Sequences for which a TooLong answer is being fed (skips are legitimate only then).
    pub told_too_long: BTreeSet<Sequence>,
    pub channel_requests: HashMap<RequestId, ChannelId>,
}

/// Counters over a run (summed over runs to show every path was exercised).
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    pub events: u64,
    pub deliveries: u64,
    pub skipped_events: u64,
    pub too_long_answers: u64,
    pub slices: u64,
    pub channel_pages: u64,
    pub restarts: u64,
    pub dropped_pushes: u64,
}

impl Stats {
    pub fn add(&mut self, o: &Stats) {
        self.events += o.events;
        self.deliveries += o.deliveries;
        self.skipped_events += o.skipped_events;
        self.too_long_answers += o.too_long_answers;
        self.slices += o.slices;
        self.channel_pages += o.channel_pages;
        self.restarts += o.restarts;
        self.dropped_pushes += o.dropped_pushes;
    }
}
