//! The simulated network: a time-ordered queue of messages to devices and to the server.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use updates::Timestamp;
use updates::client::{Container, RequestId, Update};
use updates::server::{ChannelDifference, ChannelDifferenceRequest, Difference, DifferenceRequest};

/// What travels.
#[derive(Debug, Clone)]
pub enum Message {
    /// A push to a device.
    Push(Container<u64>),
    /// `updatesTooLong` pushed instead of the real updates.
    TooLong,
    /// `updateChannelTooLong` for one channel.
    ChannelTooLong(updates::ChannelId),
    /// A device's `getDifference`, on its way to the server.
    AskDifference(RequestId, DifferenceRequest),
    /// A device's `getChannelDifference`, on its way to the server.
    AskChannel(RequestId, ChannelDifferenceRequest),
    /// The server's answer, on its way back.
    Difference(RequestId, Difference<Update<u64>>),
    /// The server's channel answer, on its way back.
    Channel(RequestId, ChannelDifference<Update<u64>>),
}

/// One message in flight to (or from) a device's connection.
#[derive(Debug, Clone)]
pub struct Flight {
    /// The device index.
    pub device: usize,
    /// The connection it was sent on; it is lost if the connection changed meanwhile...
    pub epoch: u64,
    /// ...unless the session resends it on the new connection (MTProto sessions outlive
    /// connections, so an answer to an abandoned request can still arrive).
    pub resent: bool,
    /// The message.
    pub message: Message,
}

/// Messages ordered by arrival time, ties broken by send order (deterministic).
#[derive(Default)]
pub struct Network {
    queue: BinaryHeap<Reverse<(Timestamp, u64, usize)>>,
    flights: Vec<Option<Flight>>,
    sent: u64,
}

impl Network {
    /// Sends `flight` to arrive at `at`.
    pub fn send(&mut self, at: Timestamp, flight: Flight) {
        self.sent += 1;
        self.flights.push(Some(flight));
        self.queue
            .push(Reverse((at, self.sent, self.flights.len() - 1)));
    }

    /// When the next message arrives.
    pub fn next_arrival(&self) -> Option<Timestamp> {
        self.queue.peek().map(|Reverse((at, _, _))| *at)
    }

    /// The next message, if it arrives by `now`.
    pub fn pop_due(&mut self, now: Timestamp) -> Option<Flight> {
        let Reverse((at, _, slot)) = *self.queue.peek()?;
        if at > now {
            return None;
        }
        self.queue.pop();
        self.flights[slot].take()
    }

    /// Whether nothing is in flight.
    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }
}
