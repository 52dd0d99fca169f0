//! The gap engine: turns received updates, difference answers and the time into deliveries,
//! difference requests and deadlines.
//!
//! <https://core.telegram.org/api/updates>. Sans-IO in the quinn-proto shape: `handle_*` take
//! input and `now`; [`Engine::poll_action`] yields what to do; [`Engine::poll_timeout`] says
//! when to call [`Engine::handle_timeout`].
//!
//! Guarantee: for every sequence (common pts, qts, each channel) the engine delivers updates in
//! pts order, each exactly once, and never moves past a number it did not deliver unless the
//! server said TooLong, which it reports as [`Action::Skipped`].

use std::collections::{BTreeMap, VecDeque};

use crate::client::config::EngineConfig;
use crate::client::io::{Action, Container, RequestId, Update};
use crate::client::local_box::LocalBox;
use crate::client::saved_state::SavedState;
use crate::ids::{ChannelId, Date, Pts, Seq, Timestamp};
use crate::sequence::Sequence;

/// The client's update state machine for one account.
#[derive(Debug, Clone)]
pub struct Engine<P> {
    pub(crate) config: EngineConfig,
    pub(crate) boxes: BTreeMap<Sequence, LocalBox<P>>,
    pub(crate) date: Date,
    pub(crate) seq: Seq,
    /// The account difference in flight (covers Common and Secondary).
    pub(crate) account_fetch: Option<RequestId>,
    /// Channel differences in flight.
    pub(crate) channel_fetch: BTreeMap<ChannelId, RequestId>,
    next_request: u64,
    pub(crate) actions: VecDeque<Action<P>>,
}

impl<P> Engine<P> {
    /// An engine resuming from `state` (a fresh login passes the `updates.getState` answer and
    /// the channels' pts from the dialogs). As on every start, it first asks for the account
    /// difference (<https://core.telegram.org/api/updates#recovering-gaps>).
    pub fn new(state: &SavedState, config: EngineConfig, now: Timestamp) -> Self {
        let idle = now.saturating_add(config.idle_timeout);
        let mut boxes = BTreeMap::new();
        boxes.insert(Sequence::Common, LocalBox::new(state.pts, idle));
        boxes.insert(Sequence::Secondary, LocalBox::new(state.qts, idle));
        for &(channel, pts) in &state.channels {
            boxes.insert(Sequence::Channel(channel), LocalBox::new(pts, idle));
        }
        let mut engine = Engine {
            config,
            boxes,
            date: state.date,
            seq: state.seq,
            account_fetch: None,
            channel_fetch: BTreeMap::new(),
            next_request: 0,
            actions: VecDeque::new(),
        };
        engine.start_account_difference();
        engine
    }

    /// The state to save: what has been delivered, not what is held (held updates are fetched
    /// again after a restart).
    pub fn state(&self) -> SavedState {
        SavedState {
            pts: self.local_pts(Sequence::Common).unwrap_or_default(),
            qts: self.local_pts(Sequence::Secondary).unwrap_or_default(),
            date: self.date,
            seq: self.seq,
            channels: self
                .boxes
                .iter()
                .filter_map(|(s, b)| match s {
                    Sequence::Channel(c) => Some((*c, b.pts)),
                    _ => None,
                })
                .collect(),
        }
    }

    /// The last delivered pts of a sequence (`None` for an unknown channel).
    pub fn local_pts(&self, sequence: Sequence) -> Option<Pts> {
        self.boxes.get(&sequence).map(|b| b.pts)
    }

    /// The next thing the host must do.
    pub fn poll_action(&mut self) -> Option<Action<P>> {
        self.actions.pop_front()
    }

    /// Whether no difference request is in flight.
    pub fn is_idle(&self) -> bool {
        self.account_fetch.is_none() && self.channel_fetch.is_empty()
    }

    /// How many updates are held waiting for a gap to fill.
    pub fn held(&self) -> usize {
        self.boxes.values().map(LocalBox::held_len).sum()
    }

    /// Starts tracking a channel at `pts` (from `dialog.pts` or `channelFull.pts`); does nothing
    /// if it is already tracked, or if `pts` is beyond what a TL int carries.
    pub fn track_channel(&mut self, channel: ChannelId, pts: Pts, now: Timestamp) {
        if pts > Pts::MAX {
            return;
        }
        let idle = now.saturating_add(self.config.idle_timeout);
        self.boxes
            .entry(Sequence::Channel(channel))
            .or_insert_with(|| LocalBox::new(pts, idle));
    }

    /// Stops tracking a channel (left it, or `CHANNEL_PRIVATE`); its held updates are dropped
    /// and an answer to its difference in flight will be ignored.
    pub fn forget_channel(&mut self, channel: ChannelId) {
        self.boxes.remove(&Sequence::Channel(channel));
        self.channel_fetch.remove(&channel);
    }

    pub(crate) fn is_fetching(&self, sequence: Sequence) -> bool {
        match sequence {
            Sequence::Common | Sequence::Secondary => self.account_fetch.is_some(),
            Sequence::Channel(c) => self.channel_fetch.contains_key(&c),
        }
    }

    pub(crate) fn new_request_id(&mut self) -> RequestId {
        self.next_request += 1;
        RequestId(self.next_request)
    }

    /// Handles one received `Updates` value.
    ///
    /// Seq (<https://core.telegram.org/api/updates#seq>): `seq_start == 0` is unordered;
    /// `local_seq + 1 == seq_start` applies and sets `local_seq = seq`; lower is a repeat whose
    /// updates without pts are dropped; higher is a gap that starts `updates.getDifference`.
    /// Updates with pts are judged by their own sequence in every case, sorted by
    /// `pts - pts_count` first, because the server may send an update before one it follows.
    pub fn handle_container(&mut self, now: Timestamp, container: Container<P>) {
        let mut repeat = false;
        if let Some(info) = container.seq.filter(|s| s.seq_start != Seq(0))
            && self.account_fetch.is_none()
        {
            let next = u64::from(self.seq.0) + 1;
            let start = u64::from(info.seq_start.0);
            if start == next {
                self.set_seq(info.seq);
                self.date = self.date.max(info.date);
            } else if start < next {
                repeat = true;
            } else {
                self.start_account_difference();
            }
        }
        let mut updates = container.updates;
        updates.sort_by_key(|u| u.info.map(|i| (i.start(), i.pts)));
        for update in updates {
            match update.info {
                Some(info) => self.offer(now, info, update.payload),
                None if repeat => {}
                None => self.actions.push_back(Action::Deliver(update)),
            }
        }
    }

    /// Judges one pts-carrying update: held while its sequence is being fetched, otherwise
    /// applied, dropped or held by the pts rule.
    pub(crate) fn offer(&mut self, now: Timestamp, info: crate::PtsInfo, payload: P) {
        // A TL int cannot carry more; such an update is corrupt, not a gap.
        if info.pts > Pts::MAX {
            return;
        }
        let fetching = self.is_fetching(info.sequence);
        let idle = now.saturating_add(self.config.idle_timeout);
        let gap = now.saturating_add(self.config.possible_gap_timeout);
        // A channel the client did not know: start it just before this update (the client
        // joined or first heard of it now).
        let local = self
            .boxes
            .entry(info.sequence)
            .or_insert_with(|| LocalBox::new(info.start(), idle));
        local.idle_deadline = idle;
        if fetching {
            local.hold(info, payload);
        } else {
            local.offer(info, payload, &mut self.actions);
            local.resolve_held(gap, &mut self.actions);
        }
    }

    /// `updatesTooLong`: too many updates to push; fetch the account difference.
    pub fn handle_too_long(&mut self) {
        self.start_account_difference();
    }

    /// `updateChannelTooLong`: fetch the channel's difference (tracking it from `pts` if it
    /// was unknown; an unknown channel without pts cannot be fetched and is ignored).
    pub fn handle_channel_too_long(
        &mut self,
        now: Timestamp,
        channel: ChannelId,
        pts: Option<Pts>,
    ) {
        if let Some(pts) = pts {
            self.track_channel(channel, pts, now);
        }
        if self.boxes.contains_key(&Sequence::Channel(channel)) {
            self.start_channel_difference(channel);
        }
    }

    /// A new connection is up (after a drop, or `new_session_created`): answers to requests sent
    /// before are lost, so they are sent again, and the account difference is fetched because
    /// pushes may have been missed.
    pub fn handle_reconnect(&mut self) {
        self.account_fetch = None;
        let channels: Vec<ChannelId> = std::mem::take(&mut self.channel_fetch)
            .into_keys()
            .collect();
        self.start_account_difference();
        for channel in channels {
            self.start_channel_difference(channel);
        }
    }

    /// When [`Engine::handle_timeout`] must next be called (`None`: nothing pending).
    pub fn poll_timeout(&self) -> Option<Timestamp> {
        self.boxes
            .iter()
            .filter(|(s, _)| !self.is_fetching(**s))
            .flat_map(|(_, b)| [Some(b.idle_deadline), b.gap_deadline])
            .flatten()
            .min()
    }

    /// Fetches a difference for every sequence whose gap was held too long or that was silent
    /// for the idle timeout.
    pub fn handle_timeout(&mut self, now: Timestamp) {
        let due: Vec<Sequence> = self
            .boxes
            .iter()
            .filter(|(s, b)| {
                !self.is_fetching(**s)
                    && (b.idle_deadline <= now || b.gap_deadline.is_some_and(|d| d <= now))
            })
            .map(|(s, _)| *s)
            .collect();
        for sequence in due {
            match sequence {
                Sequence::Common | Sequence::Secondary => self.start_account_difference(),
                Sequence::Channel(c) => self.start_channel_difference(c),
            }
        }
    }

    /// Adopts a seq the server sent, unless a TL int could not carry it (corrupt input).
    pub(crate) fn set_seq(&mut self, seq: Seq) {
        if seq <= Seq::MAX {
            self.seq = seq;
        }
    }

    pub(crate) fn deliver_unsequenced(&mut self, update: Update<P>) {
        self.actions.push_back(Action::Deliver(update));
    }
}
