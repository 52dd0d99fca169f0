//! The difference loops of the gap engine.
//!
//! <https://core.telegram.org/api/updates#recovering-gaps>: while a difference is fetched for a
//! sequence, live updates of that sequence are held; the answer's events are applied by the
//! same pts rule as live ones (so duplicates drop out), the answer's state is adopted, and then
//! the held updates are resolved. `differenceSlice` and a non-final channel page ask again at
//! once; `differenceTooLong`/`channelDifferenceTooLong` jump ahead and report
//! [`Action::Skipped`].

use core::time::Duration;

use crate::client::engine::Engine;
use crate::client::io::{Action, RequestId, Update};
use crate::ids::{ChannelId, Date, Pts, Timestamp};
use crate::sequence::Sequence;
use crate::server::{
    ChannelDifference, ChannelDifferenceRequest, Difference, DifferenceRequest, State,
};

impl<P> Engine<P> {
    /// Starts the account difference unless one is in flight.
    pub(crate) fn start_account_difference(&mut self) {
        if self.account_fetch.is_none() {
            self.send_account_request();
        }
    }

    fn send_account_request(&mut self) {
        let id = self.new_request_id();
        self.account_fetch = Some(id);
        for sequence in [Sequence::Common, Sequence::Secondary] {
            if let Some(b) = self.boxes.get_mut(&sequence) {
                b.gap_deadline = None;
            }
        }
        let request = DifferenceRequest {
            pts: self.local_pts(Sequence::Common).unwrap_or_default(),
            qts: self.local_pts(Sequence::Secondary).unwrap_or_default(),
            date: self.date,
            pts_limit: self.config.pts_limit,
            pts_total_limit: self.config.pts_total_limit,
            qts_limit: self.config.qts_limit,
        };
        self.actions
            .push_back(Action::GetDifference { id, request });
    }

    /// Starts a channel's difference unless one is in flight or the channel is unknown.
    pub(crate) fn start_channel_difference(&mut self, channel: ChannelId) {
        if !self.channel_fetch.contains_key(&channel) {
            self.send_channel_request(channel);
        }
    }

    fn send_channel_request(&mut self, channel: ChannelId) {
        let Some(local) = self.boxes.get_mut(&Sequence::Channel(channel)) else {
            return;
        };
        local.gap_deadline = None;
        let pts = local.pts;
        let id = self.new_request_id();
        self.channel_fetch.insert(channel, id);
        let request = ChannelDifferenceRequest {
            channel,
            pts,
            limit: self.config.channel_limit,
        };
        self.actions
            .push_back(Action::GetChannelDifference { id, request });
    }

    /// Handles the answer to `updates.getDifference` sent as request `id` (an answer to an
    /// abandoned request is ignored).
    pub fn handle_difference(
        &mut self,
        now: Timestamp,
        id: RequestId,
        answer: Difference<Update<P>>,
    ) {
        if self.account_fetch != Some(id) {
            return;
        }
        match answer {
            Difference::Empty { date, seq } => {
                self.date = self.date.max(date);
                self.set_seq(seq);
                self.finish_account(now);
            }
            Difference::Full {
                common,
                secondary,
                state,
            } => {
                self.apply_fetched(now, common.into_iter().chain(secondary));
                self.adopt_state(state, false);
                self.finish_account(now);
            }
            Difference::Slice {
                common,
                secondary,
                intermediate_state,
            } => {
                self.apply_fetched(now, common.into_iter().chain(secondary));
                self.adopt_state(intermediate_state, false);
                self.send_account_request();
            }
            Difference::TooLong { state } => {
                self.adopt_state(state, true);
                self.finish_account(now);
            }
        }
    }

    /// Handles the answer to `updates.getChannelDifference` sent as request `id` (an answer to
    /// an abandoned request, or for a forgotten channel, is ignored).
    pub fn handle_channel_difference(
        &mut self,
        now: Timestamp,
        id: RequestId,
        answer: ChannelDifference<Update<P>>,
    ) {
        let Some(channel) = self
            .channel_fetch
            .iter()
            .find_map(|(c, r)| (*r == id).then_some(*c))
        else {
            return;
        };
        let sequence = Sequence::Channel(channel);
        match answer {
            ChannelDifference::Empty { pts, timeout } => {
                self.adopt(sequence, pts, false);
                self.finish_channel(now, channel, timeout);
            }
            ChannelDifference::Page {
                pts,
                is_final,
                timeout,
                updates,
            } => {
                self.apply_fetched(now, updates);
                self.adopt(sequence, pts, false);
                if is_final {
                    self.finish_channel(now, channel, timeout);
                } else {
                    self.send_channel_request(channel);
                }
            }
            ChannelDifference::TooLong { pts, timeout } => {
                self.adopt(sequence, pts, true);
                self.finish_channel(now, channel, timeout);
            }
        }
    }

    /// A difference request failed (an RPC error such as `PERSISTENT_TIMESTAMP_OUTDATED`):
    /// try again after the possible-gap timeout.
    pub fn handle_request_failed(&mut self, now: Timestamp, id: RequestId) {
        let retry = Some(now.saturating_add(self.config.possible_gap_timeout));
        let sequence = if self.account_fetch == Some(id) {
            self.account_fetch = None;
            Sequence::Common
        } else if let Some(channel) = self
            .channel_fetch
            .iter()
            .find_map(|(c, r)| (*r == id).then_some(*c))
        {
            self.channel_fetch.remove(&channel);
            Sequence::Channel(channel)
        } else {
            return;
        };
        if let Some(local) = self.boxes.get_mut(&sequence) {
            local.gap_deadline = retry;
        }
    }

    /// Applies fetched events by the pts rule, bypassing the hold-while-fetching rule.
    fn apply_fetched(&mut self, now: Timestamp, updates: impl IntoIterator<Item = Update<P>>) {
        for update in updates {
            let Some(info) = update.info else {
                self.deliver_unsequenced(update);
                continue;
            };
            if self.is_fetching(info.sequence) && info.pts <= Pts::MAX {
                if let Some(local) = self.boxes.get_mut(&info.sequence) {
                    local.offer(info, update.payload, &mut self.actions);
                }
            } else {
                // Another sequence's update inside the answer (e.g. a channel's): the live path.
                self.offer(now, info, update.payload);
            }
        }
    }

    fn adopt_state(&mut self, state: State, reset: bool) {
        self.adopt(Sequence::Common, state.pts, reset);
        self.adopt(Sequence::Secondary, state.qts, reset);
        self.date = self.date.max(state.date).max(Date(1));
        self.set_seq(state.seq);
    }

    /// Moves a sequence to the server's `pts`. Moving forward past undelivered numbers is
    /// reported as [`Action::Skipped`]; moving back happens only on TooLong (`reset`), when the
    /// server lost numbers the client had seen.
    fn adopt(&mut self, sequence: Sequence, pts: Pts, reset: bool) {
        let Some(local) = self.boxes.get_mut(&sequence) else {
            return;
        };
        // A TL int cannot carry more; a corrupt answer does not move the sequence.
        if pts > Pts::MAX {
            return;
        }
        if pts > local.pts {
            self.actions.push_back(Action::Skipped {
                sequence,
                after: local.pts,
                up_to: pts,
            });
            local.pts = pts;
        } else if reset {
            local.pts = pts;
        }
    }

    fn finish_account(&mut self, now: Timestamp) {
        self.account_fetch = None;
        let idle = now.saturating_add(self.config.idle_timeout);
        let gap = now.saturating_add(self.config.possible_gap_timeout);
        for sequence in [Sequence::Common, Sequence::Secondary] {
            if let Some(local) = self.boxes.get_mut(&sequence) {
                local.idle_deadline = idle;
                local.resolve_held(gap, &mut self.actions);
            }
        }
    }

    fn finish_channel(&mut self, now: Timestamp, channel: ChannelId, timeout: Option<u32>) {
        self.channel_fetch.remove(&channel);
        // The server's `timeout` says when to poll again; without one, the idle check applies.
        let wait = timeout.map_or(self.config.idle_timeout, |s| Duration::from_secs(s.into()));
        let gap = now.saturating_add(self.config.possible_gap_timeout);
        if let Some(local) = self.boxes.get_mut(&Sequence::Channel(channel)) {
            local.idle_deadline = now.saturating_add(wait);
            local.resolve_held(gap, &mut self.actions);
        }
    }
}
