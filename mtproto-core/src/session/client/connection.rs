//! [`ClientConnection`]: a [`ClientSession`] over a [`Transport`].

use rand::CryptoRng;

use super::{ClientEvent, ClientSession};
use crate::time::UnixTime;
use crate::transport::{Frame, Transport};

/// A client connection: transport framing (and obfuscation) plus one session.
#[derive(Debug)]
pub struct ClientConnection {
    transport: Transport,
    session: ClientSession,
    closed: bool,
}

impl ClientConnection {
    /// A connection over `transport` (whose tag or obfuscation header is already queued).
    pub fn new(transport: Transport, session: ClientSession) -> Self {
        Self {
            transport,
            session,
            closed: false,
        }
    }

    /// The session.
    pub fn session(&mut self) -> &mut ClientSession {
        &mut self.session
    }

    /// Ends the connection and keeps its session, to continue it over a new transport
    /// connection (its unanswered requests go out again there).
    pub fn into_session(self) -> ClientSession {
        self.session
    }

    /// Consumes received bytes.
    pub fn handle_input(&mut self, now: UnixTime, bytes: &[u8]) {
        self.transport.handle_input(bytes);
        loop {
            match self.transport.poll_frame() {
                Ok(Some(Frame::Payload { data, .. })) => {
                    self.session.handle_payload(now, data);
                }
                Ok(Some(Frame::QuickAck(t))) => self.session.push_event(ClientEvent::QuickAck(t.0)),
                Ok(Some(Frame::Error(code))) => {
                    self.session.push_event(ClientEvent::TransportError(code.0))
                }
                Ok(None) => break,
                Err(_) => {
                    if !self.closed {
                        self.closed = true;
                        self.session.push_event(ClientEvent::Closed);
                    }
                    break;
                }
            }
        }
    }

    /// Bytes to write: the tag/header first, then every queued message.
    pub fn poll_transmit<R: CryptoRng>(&mut self, now: UnixTime, rng: &mut R) -> Option<Vec<u8>> {
        for payload in self.session.poll_payloads(now, rng) {
            self.transport.send(&payload, false, rng);
        }
        self.transport.poll_transmit()
    }

    /// The next event.
    pub fn poll_event(&mut self) -> Option<ClientEvent> {
        self.session.poll_event()
    }

    /// When [`handle_timeout`](Self::handle_timeout) must next run.
    pub fn poll_timeout(&self) -> Option<UnixTime> {
        self.session.poll_timeout()
    }

    /// Advances the session's timers.
    pub fn handle_timeout(&mut self, now: UnixTime) {
        self.session.handle_timeout(now);
    }
}
