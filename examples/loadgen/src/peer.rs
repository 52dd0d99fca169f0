//! One client in the messaging phase: it sends load messages to its partner, keeps
//! `--in-flight` of them outstanding, feeds every `Updates` it receives (pushes and the answers
//! to its own sends) to the gap engine, and counts the load messages the engine delivers.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use mtproto_core::session::client::{ClientEvent, RequestError, RequestId};
use tokio::sync::watch;
use tokio::time::Instant;
use updates::client::{Action, Engine, EngineConfig, RequestId as DiffId};
use updates::server::Difference;

use crate::clock;
use crate::link::{Link, LinkError};
use crate::login::LoggedIn;
use crate::stats::{Live, Tally};
use crate::text::Stamp;
use crate::tl::{self, Account, Payload};

/// What the run tells the clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// Bring the gap engine up to date (its first `updates.getDifference`); nobody sends yet,
    /// so no message can fall between the state and the first push.
    Sync,
    /// Send and receive.
    Send,
    /// Stop sending; keep receiving until every acknowledged message has arrived.
    Drain,
    /// Stop and report.
    Stop,
}

/// How a client sends.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// This client's index.
    pub index: usize,
    /// Whom it writes to.
    pub target: Account,
    /// Sends outstanding at once.
    pub in_flight: usize,
    /// Most messages to send (None: until the phase ends).
    pub messages: Option<u64>,
    /// Pause between sends.
    pub interval: Duration,
}

/// A request this client is waiting on.
enum Pending {
    Send,
    Difference(DiffId),
}

/// The longest the loop sleeps without looking at its timers.
const IDLE: Duration = Duration::from_secs(1);

struct Peer {
    link: Link,
    engine: Engine<Payload>,
    plan: Plan,
    live: Arc<Live>,
    tally: Tally,
    pending: HashMap<RequestId, Pending>,
    sends_in_flight: usize,
    next_seq: u64,
    next_send: Instant,
    /// Whether the engine's first difference has been answered.
    synced: bool,
    /// Received seq numbers per sender, to tell duplicates (`seen[sender][seq]`).
    seen: HashMap<usize, Vec<bool>>,
}

/// Runs one client until the run says [`Phase::Stop`] (or its connection fails).
pub async fn run(
    client: LoggedIn,
    plan: Plan,
    live: Arc<Live>,
    phase: watch::Receiver<Phase>,
) -> Tally {
    let engine = Engine::new(&client.state, EngineConfig::new(false), clock::engine_now());
    let mut peer = Peer {
        link: client.link,
        engine,
        plan,
        live,
        tally: Tally::default(),
        pending: HashMap::new(),
        sends_in_flight: 0,
        next_seq: 0,
        next_send: Instant::now(),
        seen: HashMap::new(),
        synced: false,
    };
    if let Err(e) = peer.drive(phase).await {
        Live::bump(&peer.live.failed);
        peer.tally.failed = 1;
        peer.tally.failure = Some(format!("client {}: {e}", peer.plan.index));
    }
    peer.tally
}

impl Peer {
    async fn drive(&mut self, mut phase: watch::Receiver<Phase>) -> Result<(), LinkError> {
        loop {
            let now_phase = *phase.borrow_and_update();
            if now_phase == Phase::Stop {
                return Ok(());
            }
            self.handle_events()?;
            self.run_engine();
            if !self.synced && self.engine.is_idle() {
                self.synced = true;
                Live::bump(&self.live.synced);
            }
            if now_phase == Phase::Send {
                self.send_due();
            }
            self.link.flush().await?;
            let wait = self.next_wake(now_phase == Phase::Send);
            // Biased: bytes already received are read before any timer runs, so a gap the
            // next read would fill is never taken for a lost update by a late wake-up.
            tokio::select! {
                biased;
                read = self.link.read() => read?,
                _ = tokio::time::sleep(wait) => {
                    self.link.handle_timeout();
                    self.engine.handle_timeout(clock::engine_now());
                }
                changed = phase.changed() => {
                    if changed.is_err() {
                        return Ok(());
                    }
                }
            }
        }
    }

    /// How long the loop may sleep: until a session or engine timer, or the next send.
    fn next_wake(&self, sending: bool) -> Duration {
        let mut wait = IDLE;
        if let Some(t) = self.link.timer() {
            wait = wait.min(t);
        }
        if let Some(t) = self.engine.poll_timeout() {
            wait = wait.min(clock::until_engine(t));
        }
        if sending && self.may_send() {
            wait = wait.min(self.next_send.saturating_duration_since(Instant::now()));
        }
        wait
    }

    fn may_send(&self) -> bool {
        self.sends_in_flight < self.plan.in_flight
            && self.plan.messages.is_none_or(|m| self.next_seq < m)
    }

    /// Queues the sends the window and the interval allow.
    fn send_due(&mut self) {
        while self.may_send() && Instant::now() >= self.next_send {
            let stamp = Stamp {
                sender: self.plan.index,
                seq: self.next_seq,
                sent_ns: clock::nanos(),
            };
            let random_id = ((self.plan.index as i64) << 40) | self.next_seq as i64;
            let body = tl::send_message(self.plan.target, &stamp.encode(), random_id);
            let request = self.link.send(body);
            self.pending.insert(request, Pending::Send);
            self.sends_in_flight += 1;
            Live::bump(&self.live.in_flight);
            self.next_seq += 1;
            self.next_send = Instant::now() + self.plan.interval;
            if self.plan.messages == Some(self.next_seq) {
                Live::bump(&self.live.done_sending);
            }
        }
    }

    /// Handles every event the session has: answers, pushes, connection trouble.
    fn handle_events(&mut self) -> Result<(), LinkError> {
        while let Some(event) = self.link.poll_event() {
            match event {
                ClientEvent::Result { request, result } => self.answer(request, result)?,
                ClientEvent::Update(bytes) => self.offer(&bytes)?,
                ClientEvent::NewSession { .. } => self.engine.handle_reconnect(),
                ClientEvent::TransportError(code) => return Err(LinkError::TransportCode(code)),
                ClientEvent::Closed => return Err(LinkError::Closed),
                ClientEvent::SaltChanged(_) | ClientEvent::QuickAck(_) => {}
            }
        }
        Ok(())
    }

    fn answer(
        &mut self,
        request: RequestId,
        result: Result<Vec<u8>, RequestError>,
    ) -> Result<(), LinkError> {
        let now = clock::engine_now();
        match (self.pending.remove(&request), result) {
            (Some(Pending::Send), result) => {
                self.sends_in_flight -= 1;
                Live::drop_one(&self.live.in_flight);
                match result {
                    Ok(bytes) => {
                        self.tally.acked += 1;
                        Live::bump(&self.live.acked);
                        self.offer(&bytes)?;
                    }
                    Err(_) => self.tally.send_errors += 1,
                }
            }
            (Some(Pending::Difference(id)), Ok(bytes)) => {
                let answer = tl::difference(&bytes, &self.engine.state())?;
                if matches!(answer, Difference::TooLong { .. }) {
                    self.tally.too_long += 1;
                }
                self.engine.handle_difference(now, id, answer);
            }
            (Some(Pending::Difference(id)), Err(_)) => self.engine.handle_request_failed(now, id),
            // Keep-alive pongs and answers from before the messaging phase.
            (None, _) => {}
        }
        Ok(())
    }

    /// An `Updates` value for the gap engine.
    fn offer(&mut self, bytes: &[u8]) -> Result<(), LinkError> {
        match tl::container(bytes)? {
            Some(container) => self.engine.handle_container(clock::engine_now(), container),
            None => self.engine.handle_too_long(),
        }
        Ok(())
    }

    /// Acts on what the gap engine decided.
    fn run_engine(&mut self) {
        while let Some(action) = self.engine.poll_action() {
            match action {
                Action::Deliver(update) => {
                    if let Payload::Incoming(stamp) = update.payload {
                        self.delivered(stamp);
                    }
                }
                Action::GetDifference { id, request } => {
                    self.tally.differences += 1;
                    let r = self.link.send(tl::get_difference(&request));
                    self.pending.insert(r, Pending::Difference(id));
                }
                // Only private chats: no channel is ever tracked.
                Action::GetChannelDifference { .. } => {}
                // Counted from the answers instead: after a full difference the engine also
                // reports the range its (pts-less) new messages covered as skipped.
                Action::Skipped { .. } => {}
            }
        }
    }

    fn delivered(&mut self, stamp: Stamp) {
        let now = clock::nanos();
        let seen = self.seen.entry(stamp.sender).or_default();
        let seq = stamp.seq as usize;
        if seen.len() <= seq {
            seen.resize(seq + 1, false);
        }
        if std::mem::replace(&mut seen[seq], true) {
            self.tally.duplicates += 1;
            return;
        }
        self.tally.delivered += 1;
        Live::bump(&self.live.delivered);
        self.tally
            .latencies_us
            .push(now.saturating_sub(stamp.sent_ns) / 1_000);
        self.tally.last_delivery_ns = now;
    }
}
