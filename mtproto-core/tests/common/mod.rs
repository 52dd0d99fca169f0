//! The in-memory client ↔ server harness of the wire tests (after quinn-proto's `Pair`): a fake
//! clock, seeded RNGs, and byte streams delivered in chunks of random size.

#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use mtproto_core::handshake::CreatedKey;
use mtproto_core::handshake::client::{self, ClientHandshakeConfig, DhGenOutcome};
use mtproto_core::handshake::server::HandshakeConfig;
use mtproto_core::session::client::{ClientConfig, ClientConnection, ClientEvent, ClientSession};
use mtproto_core::session::server::{
    MemoryKeys, RpcAnswer, ServerConfig, ServerConnection, ServerEvent,
};
use mtproto_core::time::UnixTime;
use mtproto_core::transport::{Frame, FrameCodec, Transport, TransportKind};
use mtproto_crypto::Side;
use mtproto_crypto::rsa::RsaPrivateKey;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The test server's RSA key (a throwaway 2048-bit key, checked in).
pub fn rsa_key() -> RsaPrivateKey {
    RsaPrivateKey::from_pem(include_str!("../data/test_rsa_key.pem")).unwrap()
}

/// A server configuration around [`rsa_key`].
pub fn server_config() -> Arc<ServerConfig> {
    Arc::new(ServerConfig::new(
        HandshakeConfig::new(vec![rsa_key()]),
        [7; 32],
    ))
}

/// The conversation's start time.
pub const T0: u64 = 1_700_000_000;

/// How bytes travel between the two ends.
#[derive(Clone, Copy, Debug)]
pub enum Chunking {
    /// Whole writes.
    Whole,
    /// Random chunks of 1..=max bytes.
    Random(usize),
}

/// A client and a server connection joined in memory.
pub struct Pair {
    pub now: UnixTime,
    pub server: ServerConnection,
    pub keys: MemoryKeys,
    pub client: Option<ClientConnection>,
    pub client_transport: Option<Transport>,
    pub rng_c: ChaCha8Rng,
    pub rng_s: ChaCha8Rng,
    pub rng_net: ChaCha8Rng,
    pub chunking: Chunking,
    pub server_events: Vec<ServerEvent>,
    pub client_events: Vec<ClientEvent>,
    pub created: Option<CreatedKey>,
}

impl Pair {
    pub fn new(kind: TransportKind, obfuscated: bool, chunking: Chunking, seed: u64) -> Self {
        let mut rng_c = ChaCha8Rng::seed_from_u64(seed);
        let codec = FrameCodec::new(kind, Side::Client);
        let transport = if obfuscated {
            Transport::client_obfuscated(codec, Some(2), &mut rng_c).unwrap()
        } else {
            Transport::client(codec)
        };
        Self {
            now: UnixTime::from_secs(T0),
            server: ServerConnection::new(server_config()),
            keys: MemoryKeys::new(),
            client: None,
            client_transport: Some(transport),
            rng_c,
            rng_s: ChaCha8Rng::seed_from_u64(seed ^ 0x5e5e),
            rng_net: ChaCha8Rng::seed_from_u64(seed ^ 0xc4c4),
            chunking,
            server_events: Vec::new(),
            client_events: Vec::new(),
            created: None,
        }
    }

    /// A pair whose server already knows `created` (no handshake on this connection).
    pub fn with_key(created: CreatedKey, kind: TransportKind, seed: u64) -> Self {
        let mut p = Self::new(kind, false, Chunking::Whole, seed);
        mtproto_core::session::server::ServerKeys::insert(&mut p.keys, created.key.clone(), None)
            .unwrap();
        p.created = Some(created);
        p
    }

    pub fn advance(&mut self, d: Duration) {
        self.now = self.now.plus(d);
    }

    fn chunks(&mut self, bytes: &[u8]) -> Vec<Vec<u8>> {
        match self.chunking {
            Chunking::Whole => vec![bytes.to_vec()],
            Chunking::Random(max) => {
                let mut out = Vec::new();
                let mut rest = bytes;
                while !rest.is_empty() {
                    let n = (self.rng_net.next_u32() as usize % max + 1).min(rest.len());
                    out.push(rest[..n].to_vec());
                    rest = &rest[n..];
                }
                out
            }
        }
    }

    /// Delivers bytes to the server and collects its events.
    pub fn deliver_to_server(&mut self, bytes: &[u8]) {
        for c in self.chunks(bytes) {
            self.server
                .handle_input(self.now, &c, &mut self.keys, &mut self.rng_s);
        }
        while let Some(e) = self.server.poll_event() {
            self.server_events.push(e);
        }
    }

    /// What the server wants to send.
    pub fn take_server_output(&mut self) -> Vec<u8> {
        self.server.poll_transmit().unwrap_or_default()
    }

    /// Runs the handshake over the client transport (whole messages through the harness).
    pub fn handshake(&mut self, config: ClientHandshakeConfig) -> CreatedKey {
        let mut t = self.client_transport.take().unwrap();
        let now = self.now;
        let (s1, req) = client::start(config, now, &mut self.rng_c);
        let resp = self.exchange(&mut t, &req);
        let (s2, req) = s1.handle(now, &resp, &mut self.rng_c).unwrap();
        let resp = self.exchange(&mut t, &req);
        let (mut s3, mut req) = s2.handle(now, &resp, &mut self.rng_c).unwrap();
        let created = loop {
            let resp = self.exchange(&mut t, &req);
            match s3.handle(now, &resp, &mut self.rng_c).unwrap() {
                DhGenOutcome::Done(created) => break *created,
                DhGenOutcome::Retry(next, r) => {
                    s3 = *next;
                    req = r;
                }
            }
        };
        self.client_transport = Some(t);
        self.created = Some(created.clone());
        created
    }

    fn exchange(&mut self, t: &mut Transport, payload: &[u8]) -> Vec<u8> {
        t.send(payload, false, &mut self.rng_c);
        let bytes = t.poll_transmit().unwrap();
        self.deliver_to_server(&bytes);
        let back = self.take_server_output();
        for c in self.chunks(&back) {
            t.handle_input(&c);
        }
        match t.poll_frame().unwrap() {
            Some(Frame::Payload { data, .. }) => data,
            other => panic!("expected a handshake answer, got {other:?}"),
        }
    }

    /// Starts the encrypted session (salt 0 like Telethon, or the derived first salt).
    pub fn open_session(&mut self, session_id: i64, use_first_salt: bool, config: ClientConfig) {
        let created = self.created.clone().unwrap();
        let salt = if use_first_salt {
            created.first_salt
        } else {
            0
        };
        let session =
            ClientSession::new(created.key, session_id, salt, created.time_offset, config);
        self.client = Some(ClientConnection::new(
            self.client_transport.take().unwrap(),
            session,
        ));
    }

    /// Drops both ends of the transport connection (bytes in flight are lost) and continues
    /// the same client session over a new `kind` connection to a new server connection; the
    /// old server connection parks its sessions in the shared key store first.
    pub fn reconnect(&mut self, kind: TransportKind) {
        self.server.park_sessions(&mut self.keys);
        self.server = ServerConnection::new(server_config());
        let session = self.client.take().unwrap().into_session();
        let transport = Transport::client(FrameCodec::new(kind, Side::Client));
        self.client = Some(ClientConnection::new(transport, session));
    }

    pub fn client(&mut self) -> &mut ClientConnection {
        self.client.as_mut().unwrap()
    }

    /// Client → server, all queued bytes.
    pub fn flush_client(&mut self) -> Vec<u8> {
        let now = self.now;
        let c = self.client.as_mut().unwrap();
        c.poll_transmit(now, &mut self.rng_c).unwrap_or_default()
    }

    /// Server bytes → client, collecting client events.
    pub fn deliver_to_client(&mut self, bytes: &[u8]) {
        let now = self.now;
        for c in self.chunks(bytes) {
            self.client.as_mut().unwrap().handle_input(now, &c);
        }
        while let Some(e) = self.client.as_mut().unwrap().poll_event() {
            self.client_events.push(e);
        }
    }

    /// Answers every pending RPC event with `answer(query)`.
    pub fn answer_rpcs(&mut self, answer: impl Fn(&[u8]) -> RpcAnswer) {
        let events = std::mem::take(&mut self.server_events);
        for e in events {
            match e {
                ServerEvent::Rpc(call) => {
                    let a = answer(&call.query);
                    self.server
                        .respond(self.now, call.handle, a, &mut self.rng_s);
                }
                other => self.server_events.push(other),
            }
        }
    }

    /// Runs client ↔ server until nothing moves, answering RPCs with `answer`.
    pub fn run(&mut self, answer: impl Fn(&[u8]) -> RpcAnswer + Copy) {
        for _ in 0..32 {
            let up = self.flush_client();
            if !up.is_empty() {
                self.deliver_to_server(&up);
            }
            self.answer_rpcs(answer);
            let down = self.take_server_output();
            if !down.is_empty() {
                self.deliver_to_client(&down);
            }
            if up.is_empty() && down.is_empty() {
                break;
            }
        }
    }

    /// The results the client has received so far, by request.
    pub fn results(
        &self,
    ) -> Vec<(
        mtproto_core::session::client::RequestId,
        Result<Vec<u8>, mtproto_core::session::client::RequestError>,
    )> {
        self.client_events
            .iter()
            .filter_map(|e| match e {
                ClientEvent::Result { request, result } => Some((*request, result.clone())),
                _ => None,
            })
            .collect()
    }
}

/// `query` wrapped as a client's first query: `invokeWithLayer(229, initConnection(..., query))`.
pub fn wrapped(query: &impl mtproto_core::tl::Serialize) -> Vec<u8> {
    use mtproto_core::tl::api::functions::{InitConnection, InvokeWithLayer};
    use mtproto_core::tl::{RawObject, Serialize};
    let init = InitConnection {
        api_id: 4,
        device_model: "test".into(),
        system_version: "1".into(),
        app_version: "1.0".into(),
        system_lang_code: "en".into(),
        lang_pack: "".into(),
        lang_code: "en".into(),
        proxy: None,
        params: None,
        query: RawObject::of(query),
    };
    InvokeWithLayer {
        layer: 229,
        query: init,
    }
    .to_bytes()
}

/// `help.getConfig#c4f9186b` wrapped as a client's first query ([`wrapped`]).
pub fn first_query() -> Vec<u8> {
    wrapped(&mtproto_core::tl::api::functions::help::GetConfig)
}

/// An answer: the query's constructor followed by `n` bytes of a repeating pattern (compressible;
/// `n` a multiple of 4, as every TL object is).
pub fn echo_answer(n: usize) -> impl Fn(&[u8]) -> RpcAnswer + Copy {
    assert!(n.is_multiple_of(4));
    move |q: &[u8]| {
        let mut out = q[..4.min(q.len())].to_vec();
        out.extend((0..n).map(|i| (i % 7) as u8));
        RpcAnswer::Result(out)
    }
}
