//! The simulated world: one server sequencer, accounts, channels and devices, driven by a
//! seeded PRNG over a lossy network.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use testkit::XorShift;
use updates::client::{
    Action, Container, Engine, EngineConfig, RequestId, SavedState, SeqInfo, Update,
};
use updates::server::{
    ChannelDifferenceConfig, Difference, DifferenceConfig, Entry, LogRead, LogWrite, MemoryLog,
    Owner, Sequencer, channel_difference, difference,
};
use updates::{ChannelId, Date, Pts, PtsCount, Sequence, Timestamp, UserId};

use crate::network::{Flight, Message, Network};

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
    told_too_long: BTreeSet<Sequence>,
    channel_requests: HashMap<RequestId, ChannelId>,
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

pub struct World {
    rng: XorShift,
    pub now: Timestamp,
    pub server: Sequencer<MemoryLog<u64>>,
    /// Every entry ever sequenced, untrimmed, per owner.
    pub history: BTreeMap<Owner, Vec<Entry<u64>>>,
    pub members: Vec<Vec<ChannelId>>,
    pub devices: Vec<Device>,
    net: Network,
    diff_config: DifferenceConfig,
    next_payload: u64,
    pub stats: Stats,
    pub failure: Option<String>,
    steps: u64,
}

/// A run that takes more steps than this is livelocked.
const MAX_STEPS: u64 = 200_000;

impl World {
    pub fn new(seed: u64) -> World {
        let mut rng = XorShift::new(seed);
        let accounts = 2 + (rng.next_u64() % 2) as usize;
        let channels = 1 + (rng.next_u64() % 3) as i64;
        let mut members = Vec::new();
        let mut devices = Vec::new();
        let now = Timestamp(0);
        for account in 0..accounts {
            let joined: Vec<ChannelId> = (1..=channels)
                .map(ChannelId)
                .filter(|_| !rng.next_u64().is_multiple_of(4))
                .collect();
            let per_account = 1 + (rng.next_u64() % 3) as usize;
            for _ in 0..per_account {
                let mut config = EngineConfig::new(rng.next_u64().is_multiple_of(4));
                if rng.next_u64().is_multiple_of(3) {
                    config.channel_limit = 1 + (rng.next_u64() % 10) as u32;
                }
                if rng.next_u64().is_multiple_of(3) {
                    config.pts_limit = Some(1 + (rng.next_u64() % 8) as u32);
                    config.qts_limit = Some(1 + (rng.next_u64() % 4) as u32);
                }
                let state = SavedState {
                    channels: joined.iter().map(|c| (*c, Pts(0))).collect(),
                    ..SavedState::default()
                };
                devices.push(Device {
                    account,
                    engine: Engine::new(&state, config, now),
                    config,
                    online: true,
                    epoch: 0,
                    reconnect_at: None,
                    seen: BTreeMap::new(),
                    told_too_long: BTreeSet::new(),
                    channel_requests: HashMap::new(),
                });
            }
            members.push(joined);
        }
        let diff_config = DifferenceConfig {
            max_entries: 2 + (rng.next_u64() % 40) as usize,
        };
        let mut world = World {
            rng,
            now,
            server: Sequencer::new(MemoryLog::new()),
            history: BTreeMap::new(),
            members,
            devices,
            net: Network::default(),
            diff_config,
            next_payload: 1,
            stats: Stats::default(),
            failure: None,
            steps: 0,
        };
        for d in 0..world.devices.len() {
            world.drain(d);
        }
        world
    }

    fn roll(&mut self, n: u64) -> u64 {
        self.rng.next_u64() % n
    }

    fn fail(&mut self, why: String) {
        self.failure.get_or_insert(why);
    }

    /// Runs the active phase until `active_until`, then quiesces: every device reconnects, the
    /// network drains and 16 minutes pass so every idle check fires.
    pub fn run(&mut self, active_until: Timestamp) {
        let mut next_action = Timestamp(0);
        while self.failure.is_none() {
            if next_action >= active_until {
                break;
            }
            let action_at = Some(next_action);
            let Some(at) = self.next_time(action_at) else {
                break;
            };
            self.now = self.now.max(at);
            if action_at == Some(at) {
                self.world_action();
                next_action = Timestamp(self.now.0 + self.roll(40));
            }
            self.step();
        }
        let horizon = Timestamp(self.now.0 + 16 * 60 * 1000);
        while self.failure.is_none() {
            let Some(at) = self
                .next_time(None)
                .filter(|&t| t <= horizon || !self.net.is_empty())
            else {
                break;
            };
            self.now = self.now.max(at);
            self.step();
        }
    }

    fn next_time(&self, action_at: Option<Timestamp>) -> Option<Timestamp> {
        let timers = self
            .devices
            .iter()
            .filter(|d| d.online)
            .filter_map(|d| d.engine.poll_timeout());
        let reconnects = self.devices.iter().filter_map(|d| d.reconnect_at);
        timers
            .chain(reconnects)
            .chain(self.net.next_arrival())
            .chain(action_at)
            .min()
    }

    /// Handles everything due at `now`.
    fn step(&mut self) {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return self.fail(format!(
                "no quiescence after {MAX_STEPS} steps (now {:?})",
                self.now
            ));
        }
        let now = self.now;
        while let Some(flight) = self.net.pop_due(now) {
            self.arrive(flight);
        }
        for d in 0..self.devices.len() {
            if self.devices[d].reconnect_at.is_some_and(|t| t <= now) {
                let dev = &mut self.devices[d];
                dev.reconnect_at = None;
                dev.online = true;
                dev.epoch += 1;
                dev.engine.handle_reconnect();
            }
            if self.devices[d].online
                && self.devices[d]
                    .engine
                    .poll_timeout()
                    .is_some_and(|t| t <= now)
            {
                self.devices[d].engine.handle_timeout(now);
            }
            self.drain(d);
        }
    }

    fn world_action(&mut self) {
        let accounts = self.members.len();
        match self.roll(100) {
            0..40 => {
                let user = self.roll(accounts as u64) as usize;
                let count = 1 + self.roll(3) as u32;
                self.sequence_event(Owner::Common(UserId(user as i64)), count);
            }
            40..55 => {
                let user = self.roll(accounts as u64) as usize;
                self.sequence_event(Owner::Secondary(UserId(user as i64)), 1);
            }
            55..85 => {
                let channels = self.members.iter().flatten().max().map_or(0, |c| c.0);
                if channels > 0 {
                    let channel = ChannelId(1 + self.roll(channels as u64) as i64);
                    let count = 1 + self.roll(3) as u32;
                    self.sequence_event(Owner::Channel(channel), count);
                }
            }
            85..88 => self.trim(),
            88..95 => {
                let d = self.roll(self.devices.len() as u64) as usize;
                let long = self.roll(10) == 0;
                let off = if long {
                    10_000 + self.roll(30_000)
                } else {
                    100 + self.roll(5_000)
                };
                let dev = &mut self.devices[d];
                if dev.online {
                    dev.online = false;
                    dev.epoch += 1;
                    dev.reconnect_at = Some(Timestamp(self.now.0 + off));
                }
            }
            95..98 => self.restart(),
            _ => {
                let d = self.roll(self.devices.len() as u64) as usize;
                let channel = self.members[self.devices[d].account].first().copied();
                let message = match channel {
                    Some(c) if self.roll(2) == 0 => Message::ChannelTooLong(c),
                    _ => Message::TooLong,
                };
                self.push_to(d, message);
            }
        }
    }

    fn sequence_event(&mut self, owner: Owner, count: u32) {
        let payload = self.next_payload;
        self.next_payload += 1;
        let date = Date((self.now.0 / 1000) as u32);
        let entry = match self.server.append(owner, PtsCount(count), date, payload) {
            Ok(entry) => entry,
            Err(e) => return self.fail(format!("server refused an event: {e}")),
        };
        self.stats.events += 1;
        self.history.entry(owner).or_default().push(entry.clone());
        let (targets, seq) = match owner {
            Owner::Common(user) | Owner::Secondary(user) => {
                let range = self.server.next_seq(user).expect("seq");
                let seq = SeqInfo {
                    seq_start: range.seq_start,
                    seq: range.seq,
                    date,
                };
                (vec![user.0 as usize], Some(seq))
            }
            Owner::Channel(c) => {
                let accounts = (0..self.members.len()).filter(|a| self.members[*a].contains(&c));
                (accounts.collect(), None)
            }
        };
        let container = Container {
            seq,
            updates: vec![Update::from(entry)],
        };
        for d in 0..self.devices.len() {
            if targets.contains(&self.devices[d].account) {
                self.push_to(d, Message::Push(container.clone()));
            }
        }
    }

    /// A push: dropped, delayed (reordering) and sometimes duplicated.
    fn push_to(&mut self, d: usize, message: Message) {
        if !self.devices[d].online || self.roll(10) == 0 {
            self.stats.dropped_pushes += 1;
            return;
        }
        let copies = if self.roll(20) == 0 { 2 } else { 1 };
        for _ in 0..copies {
            let delay = if self.roll(10) == 0 {
                self.roll(3_000)
            } else {
                self.roll(300)
            };
            let flight = Flight {
                device: d,
                epoch: self.devices[d].epoch,
                resent: false,
                message: message.clone(),
            };
            self.net.send(Timestamp(self.now.0 + delay), flight);
        }
    }

    fn trim(&mut self) {
        let owners: Vec<Owner> = self.history.keys().copied().collect();
        if owners.is_empty() {
            return;
        }
        let owner = owners[self.roll(owners.len() as u64) as usize];
        let head = self.server.log().head(owner).expect("head").pts;
        let keep = 10 + self.roll(100) as u32;
        if let Err(e) = self
            .server
            .log_mut()
            .trim(owner, Pts(head.0.saturating_sub(keep)))
        {
            self.fail(format!("trim failed: {e}"));
        }
    }

    /// Saves the device's state to bytes and starts a new engine from them.
    fn restart(&mut self) {
        let d = self.roll(self.devices.len() as u64) as usize;
        let bytes = self.devices[d].engine.state().encode();
        let state = match SavedState::decode(&bytes) {
            Ok(state) => state,
            Err(e) => return self.fail(format!("saved state did not decode: {e}")),
        };
        let dev = &mut self.devices[d];
        dev.engine = Engine::new(&state, dev.config, self.now);
        dev.epoch += 1;
        dev.channel_requests.clear();
        self.stats.restarts += 1;
        self.drain(d);
    }

    fn arrive(&mut self, flight: Flight) {
        let d = flight.device;
        let now = self.now;
        let user = UserId(self.devices[d].account as i64);
        match flight.message {
            Message::AskDifference(id, request) => {
                let answer = difference(self.server.log(), user, &request, &self.diff_config)
                    .expect("memory log")
                    .map(Update::from);
                self.reply(d, flight.epoch, Message::Difference(id, answer));
                return;
            }
            Message::AskChannel(id, request) => {
                let answer = channel_difference(
                    self.server.log(),
                    &request,
                    &ChannelDifferenceConfig::default(),
                )
                .expect("memory log")
                .map(Update::from);
                self.reply(d, flight.epoch, Message::Channel(id, answer));
                return;
            }
            _ => {}
        }
        let dev = &mut self.devices[d];
        if !dev.online || (dev.epoch != flight.epoch && !flight.resent) {
            return;
        }
        match flight.message {
            Message::Push(container) => dev.engine.handle_container(now, container),
            Message::TooLong => dev.engine.handle_too_long(),
            Message::ChannelTooLong(c) => dev.engine.handle_channel_too_long(now, c, None),
            Message::Difference(id, answer) => {
                match &answer {
                    Difference::TooLong { .. } => {
                        self.stats.too_long_answers += 1;
                        dev.told_too_long
                            .extend([Sequence::Common, Sequence::Secondary]);
                    }
                    Difference::Slice { .. } => self.stats.slices += 1,
                    _ => {}
                }
                dev.engine.handle_difference(now, id, answer);
            }
            Message::Channel(id, answer) => {
                use updates::server::ChannelDifference as C;
                let channel = dev.channel_requests.remove(&id);
                match (&answer, channel) {
                    (C::TooLong { .. }, Some(c)) => {
                        self.stats.too_long_answers += 1;
                        dev.told_too_long.insert(Sequence::Channel(c));
                    }
                    (
                        C::Page {
                            is_final: false, ..
                        },
                        _,
                    ) => self.stats.channel_pages += 1,
                    _ => {}
                }
                dev.engine.handle_channel_difference(now, id, answer);
            }
            Message::AskDifference(..) | Message::AskChannel(..) => unreachable!("handled above"),
        }
        self.drain(d);
        self.devices[d].told_too_long.clear();
    }

    fn reply(&mut self, d: usize, epoch: u64, message: Message) {
        let at = Timestamp(self.now.0 + 5 + self.roll(80));
        let resent = self.roll(2) == 0;
        self.net.send(
            at,
            Flight {
                device: d,
                epoch,
                resent,
                message,
            },
        );
    }

    /// Carries out the device's actions.
    fn drain(&mut self, d: usize) {
        while let Some(action) = self.devices[d].engine.poll_action() {
            let dev = &mut self.devices[d];
            match action {
                Action::Deliver(update) => {
                    let Some(info) = update.info else {
                        return self.fail(format!("device {d} delivered an update without pts"));
                    };
                    self.stats.deliveries += 1;
                    dev.seen
                        .entry(info.sequence)
                        .or_default()
                        .push(Seen::Delivered {
                            pts: info.pts,
                            count: info.pts_count,
                            payload: update.payload,
                        });
                }
                Action::Skipped {
                    sequence,
                    after,
                    up_to,
                } => {
                    if !dev.told_too_long.contains(&sequence) {
                        return self.fail(format!(
                            "device {d} skipped {sequence:?} ({after}, {up_to}] without a TooLong"
                        ));
                    }
                    dev.seen
                        .entry(sequence)
                        .or_default()
                        .push(Seen::Skipped { after, up_to });
                }
                Action::GetDifference { id, request } => {
                    if dev.online {
                        let flight = Flight {
                            device: d,
                            epoch: dev.epoch,
                            resent: false,
                            message: Message::AskDifference(id, request),
                        };
                        let at = Timestamp(self.now.0 + 5 + self.rng.next_u64() % 80);
                        self.net.send(at, flight);
                    }
                }
                Action::GetChannelDifference { id, request } => {
                    dev.channel_requests.insert(id, request.channel);
                    if dev.online {
                        let flight = Flight {
                            device: d,
                            epoch: dev.epoch,
                            resent: false,
                            message: Message::AskChannel(id, request),
                        };
                        let at = Timestamp(self.now.0 + 5 + self.rng.next_u64() % 80);
                        self.net.send(at, flight);
                    }
                }
            }
        }
    }
}
