//! [`ServerConnection`]: transport detection, the handshake, decryption and the sessions of one
//! accepted connection.

use std::collections::VecDeque;
use std::sync::Arc;

use mtproto_crypto::message;
use mtproto_crypto::{AuthKeyId, Direction, kdf};
use rand::CryptoRng;

use super::state::{Cx, ServerSession};
use super::{CloseReason, ParkedSession, Rejection, RpcAnswer, RpcHandle, ServerEvent, ServerKeys};
use crate::envelope::plain;
use crate::handshake::HandshakeError;
use crate::handshake::server::{HandshakeConfig, ServerHandshake};
use crate::session::salts::SaltSchedule;
use crate::time::UnixTime;
use crate::transport::{
    DEFAULT_MAX_PAYLOAD, Frame, QuickAckToken, ServerTransport, TransportErrorCode,
};

/// Server-wide settings shared by every connection.
#[derive(Debug)]
pub struct ServerConfig {
    /// Handshake settings: RSA keys, DH group, DC id.
    pub handshake: HandshakeConfig,
    /// Salt derivation.
    pub salts: SaltSchedule,
    /// Largest transport payload accepted.
    pub max_payload: usize,
    /// Largest object a `gzip_packed` may unpack to.
    pub max_unpacked: usize,
    /// Most sessions one connection may carry (the least recently used is dropped beyond it).
    pub max_sessions: usize,
}

impl ServerConfig {
    /// Settings with the given handshake configuration and salt secret, and default limits
    /// (16 MiB payloads, 16 MiB unpacked, 16 sessions per connection).
    pub fn new(handshake: HandshakeConfig, salt_secret: [u8; 32]) -> Self {
        Self {
            handshake,
            salts: SaltSchedule::new(salt_secret),
            max_payload: DEFAULT_MAX_PAYLOAD,
            max_unpacked: DEFAULT_MAX_PAYLOAD,
            max_sessions: 16,
        }
    }
}

/// One accepted connection, Sans-IO.
#[derive(Debug)]
pub struct ServerConnection {
    config: Arc<ServerConfig>,
    transport: ServerTransport,
    handshake: ServerHandshake,
    sessions: Vec<ServerSession>,
    events: VecDeque<ServerEvent>,
    disconnect_at: Option<UnixTime>,
    closed: bool,
}

impl ServerConnection {
    /// A fresh connection.
    pub fn new(config: Arc<ServerConfig>) -> Self {
        Self {
            transport: ServerTransport::new(config.max_payload),
            handshake: ServerHandshake::new(),
            config,
            sessions: Vec::new(),
            events: VecDeque::new(),
            disconnect_at: None,
            closed: false,
        }
    }

    /// Consumes received bytes at `now`.
    pub fn handle_input<K: ServerKeys, R: CryptoRng>(
        &mut self,
        now: UnixTime,
        bytes: &[u8],
        keys: &mut K,
        rng: &mut R,
    ) {
        if self.closed {
            return;
        }
        self.transport.handle_input(bytes);
        loop {
            match self.transport.poll_frame() {
                Ok(Some(Frame::Payload { data, quick_ack })) => {
                    self.handle_payload(now, data, quick_ack, keys, rng)
                }
                Ok(Some(Frame::QuickAck(_) | Frame::Error(_))) => {}
                Ok(None) => break,
                Err(err) => {
                    self.close(CloseReason::Transport(err));
                    break;
                }
            }
        }
        self.flush(now, rng);
    }

    /// Handles one decrypted-or-plain transport payload (exposed for fuzzing and benchmarks
    /// through [`crate::fuzzing`]).
    pub(crate) fn handle_payload<K: ServerKeys, R: CryptoRng>(
        &mut self,
        now: UnixTime,
        mut data: Vec<u8>,
        quick_ack: bool,
        keys: &mut K,
        rng: &mut R,
    ) {
        if plain::is_plain(&data) {
            let answer = self
                .handshake
                .handle(&self.config.handshake, now, &data, keys, rng);
            match answer {
                Ok(step) => {
                    if let Some(reply) = step.reply {
                        self.transport.send(&reply, rng);
                    }
                    // The handshake stored the key before answering dh_gen_ok.
                    if let Some(created) = step.created {
                        let auth_key_id = created.key.id();
                        self.events.push_back(ServerEvent::AuthKeyCreated {
                            auth_key_id,
                            expires_at: created.expires_at,
                        });
                    }
                }
                Err(err) => {
                    // A malformed handshake message: −404 (−444 for a DC of the wrong
                    // environment), as Telegram does (MTPROTO.md §1.6).
                    self.events
                        .push_back(ServerEvent::Rejected(Rejection::BadPlainMessage));
                    let code = match err {
                        HandshakeError::InvalidDc(_) => TransportErrorCode::INVALID_DC,
                        _ => TransportErrorCode::AUTH_KEY_NOT_FOUND,
                    };
                    self.transport.send_error(code, rng);
                }
            }
            return;
        }
        if data.len() < 8 {
            self.events
                .push_back(ServerEvent::Rejected(Rejection::Undecryptable));
            return;
        }
        let mut id = [0u8; 8];
        id.copy_from_slice(&data[..8]);
        let Some(key) = keys.auth_key(AuthKeyId::from_bytes(id)) else {
            self.transport
                .send_error(TransportErrorCode::AUTH_KEY_NOT_FOUND, rng);
            return;
        };
        let Ok(decrypted) = message::decrypt(&key, Direction::ClientToServer, &mut data) else {
            self.events
                .push_back(ServerEvent::Rejected(Rejection::Undecryptable));
            return;
        };
        if quick_ack {
            // token = LE_u32(msg_key_large[0..4]) | 2^31 (MTPROTO.md §1.5)
            let large = kdf::msg_key_large_v2(key.as_bytes(), 0, decrypted.plaintext());
            let token = u32::from_le_bytes([large[0], large[1], large[2], large[3]]) | 0x8000_0000;
            self.transport.send_quick_ack(QuickAckToken(token), rng);
        }
        let (salt, session_id, msg_id, seq_no) = (
            decrypted.salt(),
            decrypted.session_id(),
            decrypted.msg_id(),
            decrypted.seq_no(),
        );
        let body = decrypted.body();
        let index = self.session_index(key, session_id, now, keys);
        let mut cx = Cx {
            now,
            keys,
            salts: &self.config.salts,
            rng,
            events: &mut self.events,
            max_unpacked: self.config.max_unpacked,
            disconnect_delay: None,
            destroy: Vec::new(),
        };
        self.sessions[index].receive(&mut cx, salt, crate::msg_id::MsgId(msg_id), seq_no, body);
        let (delay, destroy) = (cx.disconnect_delay, cx.destroy);
        if let Some(delay) = delay {
            self.disconnect_at = Some(now.plus(std::time::Duration::from_secs(delay)));
        }
        let key_id = self.sessions[index].key_id();
        for target in destroy {
            self.sessions
                .retain(|s| !(s.key_id() == key_id && s.session_id == target));
            self.events.push_back(ServerEvent::SessionDestroyed {
                auth_key_id: key_id,
                session_id: target,
            });
        }
    }

    /// The session for `(key, session_id)`: one of this connection's, one parked by an earlier
    /// connection (its unacknowledged messages queued again), or a new one. Beyond
    /// `max_sessions` the least recently used is parked.
    fn session_index<K: ServerKeys>(
        &mut self,
        key: mtproto_crypto::AuthKey,
        session_id: i64,
        now: UnixTime,
        keys: &mut K,
    ) -> usize {
        let key_id = key.id();
        if let Some(i) = self
            .sessions
            .iter()
            .position(|s| s.key_id() == key_id && s.session_id == session_id)
        {
            return i;
        }
        if self.sessions.len() >= self.config.max_sessions.max(1)
            && let Some(lru) =
                (0..self.sessions.len()).min_by_key(|&i| self.sessions[i].last_active)
        {
            keys.park_session(ParkedSession(self.sessions.remove(lru)));
        }
        let session = match keys.resume_session(key_id, session_id) {
            Some(ParkedSession(mut s)) => {
                s.resume();
                s
            }
            None => ServerSession::new(key, session_id, now),
        };
        self.sessions.push(session);
        self.sessions.len() - 1
    }

    /// Hands every session of this connection to the key store
    /// ([`ServerKeys::park_session`]). Call it when the transport connection has ended: when the
    /// client comes back on a new connection with the same session, the messages it had not
    /// acknowledged (answers, updates) are sent again under their original msg_ids, and queries
    /// still running here are accepted again when re-sent
    /// (<https://core.telegram.org/mtproto/service_messages_about_messages#re-sending-messages>).
    pub fn park_sessions<K: ServerKeys>(&mut self, keys: &mut K) {
        for mut s in self.sessions.drain(..) {
            s.park();
            keys.park_session(ParkedSession(s));
        }
    }

    /// The host's answer to a query; its bytes are ready from [`poll_transmit`](Self::poll_transmit).
    pub fn respond<R: CryptoRng>(
        &mut self,
        now: UnixTime,
        handle: RpcHandle,
        answer: RpcAnswer,
        rng: &mut R,
    ) {
        if let Some(s) = self
            .sessions
            .iter_mut()
            .find(|s| s.key_id() == handle.auth_key_id && s.session_id == handle.session_id)
        {
            s.respond(now, handle.msg_id, answer, &mut self.events);
        }
        self.flush(now, rng);
    }

    /// Sends a server-initiated content-related message (an update) to a session on this
    /// connection. Returns false if the session is not here.
    pub fn push<R: CryptoRng>(
        &mut self,
        now: UnixTime,
        auth_key_id: AuthKeyId,
        session_id: i64,
        body: Vec<u8>,
        rng: &mut R,
    ) -> bool {
        let Some(s) = self.find(auth_key_id, session_id) else {
            return false;
        };
        s.push(now, body);
        self.flush(now, rng);
        true
    }

    fn find(&mut self, auth_key_id: AuthKeyId, session_id: i64) -> Option<&mut ServerSession> {
        self.sessions
            .iter_mut()
            .find(|s| s.key_id() == auth_key_id && s.session_id == session_id)
    }

    /// The sessions carried by this connection.
    pub fn sessions(&self) -> impl Iterator<Item = (AuthKeyId, i64)> + '_ {
        self.sessions.iter().map(|s| (s.key_id(), s.session_id))
    }

    /// Encrypts and frames everything the sessions have queued.
    fn flush<R: CryptoRng>(&mut self, now: UnixTime, rng: &mut R) {
        for s in &mut self.sessions {
            s.queue_acks(now);
            if s.outbox.is_empty() {
                continue;
            }
            let salt = self.config.salts.current(s.key_id().0, now);
            let payloads = s.outbox.flush(
                now,
                &s.key,
                Direction::ServerToClient,
                salt,
                s.session_id,
                rng,
            );
            for sealed in payloads {
                self.transport.send(&sealed.payload, rng);
            }
        }
    }

    fn close(&mut self, reason: CloseReason) {
        if !self.closed {
            self.closed = true;
            self.events.push_back(ServerEvent::Closed(reason));
        }
    }

    /// Whether the connection has ended (see [`ServerEvent::Closed`]).
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// The next event for the host.
    pub fn poll_event(&mut self) -> Option<ServerEvent> {
        self.events.pop_front()
    }

    /// Bytes to write to the socket.
    pub fn poll_transmit(&mut self) -> Option<Vec<u8>> {
        self.transport.poll_transmit()
    }

    /// When [`handle_timeout`](Self::handle_timeout) must next be called.
    pub fn poll_timeout(&self) -> Option<UnixTime> {
        if self.closed {
            None
        } else {
            self.disconnect_at
        }
    }

    /// Advances timers: closes the connection once `ping_delay_disconnect` has expired.
    pub fn handle_timeout(&mut self, now: UnixTime) {
        if self.disconnect_at.is_some_and(|at| now >= at) {
            self.disconnect_at = None;
            self.close(CloseReason::PingTimeout);
        }
    }
}
