//! Messages arriving at the server and at devices, and the devices' actions.

use updates::client::{Action, Update};
use updates::server::{ChannelDifferenceConfig, Difference, channel_difference, difference};
use updates::{Sequence, Timestamp, UserId};

use crate::device::Seen;
use crate::network::{Flight, Message};
use crate::world::World;

impl World {
    pub(crate) fn arrive(&mut self, flight: Flight) {
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
    pub(crate) fn drain(&mut self, d: usize) {
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
