//! The codec-only rate: the same message as the end-to-end run, through the same state machines,
//! with no sockets, no tasks and no store — client session encrypt → transport frame → server
//! connection (detect, decrypt, checks, parse) → the server's answer to the sender and its push
//! to the recipient (encrypt, frame) → both client sessions (unframe, decrypt, parse).
//! Everything runs in one thread of this process, so the figure is the protocol work per
//! message on this machine.

use std::sync::Arc;
use std::time::{Duration, Instant};

use mtproto_core::handshake::server::HandshakeConfig;
use mtproto_core::session::client::{
    ClientConfig, ClientConnection, ClientEvent, ClientSession, RequestId,
};
use mtproto_core::session::server::{
    MemoryKeys, RpcAnswer, ServerConfig, ServerConnection, ServerEvent, ServerKeys,
};
use mtproto_core::tl::Serialize;
use mtproto_core::tl::api::{enums, types};
use mtproto_core::transport::{FrameCodec, Transport, TransportKind};
use mtproto_crypto::{AuthKey, Side};
use rand::Rng;
use rand::rngs::StdRng;
use thiserror::Error;

use crate::clock;
use crate::text::Stamp;
use crate::tl::{self, Account};

/// Exchanges one message may take before it counts as stuck (a salt correction takes one more).
const MAX_EXCHANGES: usize = 8;

/// The codec loop did not complete a message.
#[derive(Debug, Error)]
#[error("codec-only loop: message {0} was not answered")]
pub struct CodecError(u64);

/// The codec-only measurement.
#[derive(Debug, Clone, Copy)]
pub struct CodecRate {
    /// Messages carried.
    pub messages: u64,
    /// How long that took.
    pub elapsed: Duration,
}

impl CodecRate {
    /// Messages per second.
    pub fn per_second(&self) -> f64 {
        self.messages as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// One side: a client connection and the server connection it talks to.
struct Pair {
    client: ClientConnection,
    server: ServerConnection,
    key: AuthKey,
    session_id: i64,
}

impl Pair {
    fn new(
        kind: TransportKind,
        config: &Arc<ServerConfig>,
        keys: &mut MemoryKeys,
        rng: &mut StdRng,
    ) -> Pair {
        let mut bytes = [0u8; 256];
        rng.fill_bytes(&mut bytes);
        let key = AuthKey::from_bytes(bytes);
        keys.insert(key.clone(), None)
            .expect("the in-memory key store accepts every key");
        let salt = config.salts.current(key.id().0, clock::now());
        let session_id = rng.next_u64() as i64;
        let session = ClientSession::new(
            key.clone(),
            session_id,
            salt,
            0,
            ClientConfig {
                ping_interval: None,
                ..ClientConfig::default()
            },
        );
        Pair {
            client: ClientConnection::new(
                Transport::client(FrameCodec::new(kind, Side::Client)),
                session,
            ),
            server: ServerConnection::new(config.clone()),
            key,
            session_id,
        }
    }

    /// Client → server: returns the queries the server parsed.
    fn upstream(
        &mut self,
        keys: &mut MemoryKeys,
        rng: &mut StdRng,
    ) -> Vec<mtproto_core::session::server::RpcCall> {
        let now = clock::now();
        while let Some(bytes) = self.client.poll_transmit(now, rng) {
            self.server.handle_input(now, &bytes, keys, rng);
        }
        let mut calls = Vec::new();
        while let Some(event) = self.server.poll_event() {
            if let ServerEvent::Rpc(call) = event {
                calls.push(call);
            }
        }
        calls
    }

    /// Server → client: returns whether `request` got its answer.
    fn downstream(&mut self, request: Option<RequestId>) -> bool {
        let now = clock::now();
        while let Some(bytes) = self.server.poll_transmit() {
            self.client.handle_input(now, &bytes);
        }
        let mut answered = false;
        while let Some(event) = self.client.poll_event() {
            if let ClientEvent::Result { request: r, result } = event {
                answered |= Some(r) == request && result.is_ok();
            }
        }
        answered
    }

    /// Server → client for a push: whether the client surfaced it as an update.
    fn received_update(&mut self) -> bool {
        let now = clock::now();
        while let Some(bytes) = self.server.poll_transmit() {
            self.client.handle_input(now, &bytes);
        }
        let mut got = false;
        while let Some(event) = self.client.poll_event() {
            got |= matches!(event, ClientEvent::Update(_));
        }
        got
    }

    /// Sends `body` as a query and answers each query with `answer` until `body` is answered.
    fn round_trip(
        &mut self,
        body: Vec<u8>,
        answer: &[u8],
        keys: &mut MemoryKeys,
        rng: &mut StdRng,
    ) -> bool {
        let request = self.client.session().send(clock::now(), body);
        for _ in 0..MAX_EXCHANGES {
            for call in self.upstream(keys, rng) {
                self.server.respond(
                    clock::now(),
                    call.handle,
                    RpcAnswer::Result(answer.to_vec()),
                    rng,
                );
            }
            if self.downstream(Some(request)) {
                return true;
            }
        }
        false
    }
}

/// Carries `count` load messages from a sender to a recipient through the codecs alone: the
/// sender's `messages.sendMessage`, the server's `updateShortSentMessage` answer and its
/// `updateShortMessage` push to the recipient — the protocol work behind one delivered message
/// of the end-to-end run.
pub fn measure(kind: TransportKind, count: u64) -> Result<CodecRate, CodecError> {
    let mut rng: StdRng = rand::make_rng();
    let mut salt_secret = [0u8; 32];
    rng.fill_bytes(&mut salt_secret);
    // No handshakes happen here, so the server needs no RSA key.
    let config = Arc::new(ServerConfig::new(
        HandshakeConfig::new(Vec::new()),
        salt_secret,
    ));
    let mut keys = MemoryKeys::new();
    let mut sender = Pair::new(kind, &config, &mut keys, &mut rng);
    let mut recipient = Pair::new(kind, &config, &mut keys, &mut rng);
    let peer = Account {
        id: 1_000_001,
        access_hash: rng.next_u64() as i64,
    };
    // The recipient's session must exist on its connection before anything can be pushed to it.
    if !recipient.round_trip(tl::get_state(), &[0; 4], &mut keys, &mut rng) {
        return Err(CodecError(0));
    }
    let sent_answer = types::UpdateShortSentMessage {
        out: true,
        id: 1,
        pts: 1,
        pts_count: 1,
        date: clock::now().as_secs() as i32,
        ..Default::default()
    };
    let started = Instant::now();
    for n in 0..count {
        let stamp = Stamp {
            sender: 0,
            seq: n,
            sent_ns: clock::nanos(),
        };
        let text = stamp.encode();
        let body = tl::send_message(peer, &text, n as i64);
        let answer = sent_answer.to_bytes();
        if !sender.round_trip(body, &answer, &mut keys, &mut rng) {
            return Err(CodecError(n));
        }
        let push = types::UpdateShortMessage {
            id: n as i32 + 1,
            user_id: peer.id,
            message: text.into(),
            pts: n as i32 + 1,
            pts_count: 1,
            date: sent_answer.date,
            ..Default::default()
        };
        recipient.server.push(
            clock::now(),
            recipient.key.id(),
            recipient.session_id,
            enums::Updates::from(push).to_bytes(),
            &mut rng,
        );
        if !recipient.received_update() {
            return Err(CodecError(n));
        }
        // The recipient's acknowledgement goes back as it does on a real connection.
        recipient.upstream(&mut keys, &mut rng);
    }
    Ok(CodecRate {
        messages: count,
        elapsed: started.elapsed(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carries_every_message_over_both_transports() {
        for kind in [TransportKind::Intermediate, TransportKind::Abridged] {
            let rate = measure(kind, 50).unwrap();
            assert_eq!(rate.messages, 50);
            assert!(rate.per_second() > 0.0);
        }
    }
}
