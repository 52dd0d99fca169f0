//! Raw TCP against the server: hand-made bytes for the bad-input tests, and a client built from
//! the crates (mtproto-core's client handshake and [`ClientConnection`] over the intermediate
//! transport) whose encrypted frames can be captured, replayed and read back.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use mtproto_core::envelope::container;
use mtproto_core::handshake::client::{self, ClientHandshakeConfig, DhGenOutcome};
use mtproto_core::session::client::{
    ClientConfig, ClientConnection, ClientEvent, ClientSession, RequestError, RequestId,
};
use mtproto_core::time::UnixTime;
use mtproto_core::tl::api::{enums, functions, types};
use mtproto_core::tl::mtproto::types as service;
use mtproto_core::tl::{Deserialize, Identifiable, Serialize};
use mtproto_core::transport::{Frame, FrameCodec, Transport, TransportKind};
use mtproto_crypto::rsa::RsaPublicKey;
use mtproto_crypto::{AuthKey, Direction, Side, message};
use rand::rngs::StdRng;

/// Constructor ids of the service messages the replay checks look for.
pub const RPC_RESULT: u32 = service::RpcResult::CONSTRUCTOR_ID;
/// `msg_detailed_info`.
pub const MSG_DETAILED_INFO: u32 = service::MsgDetailedInfo::CONSTRUCTOR_ID;
/// `bad_msg_notification`.
pub const BAD_MSG_NOTIFICATION: u32 = service::BadMsgNotification::CONSTRUCTOR_ID;

/// How long a raw read waits for the server (a loaded CI machine).
pub const READ_TIMEOUT: Duration = Duration::from_secs(60);

/// The wall clock the crates take time from.
pub fn now() -> UnixTime {
    UnixTime(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default(),
    )
}

/// A TCP connection to the server on loopback `port`, with [`READ_TIMEOUT`] on reads.
pub fn connect(port: u16) -> TcpStream {
    let s = TcpStream::connect(("127.0.0.1", port)).expect("the server accepts a connection");
    s.set_read_timeout(Some(READ_TIMEOUT)).unwrap();
    s.set_nodelay(true).unwrap();
    s
}

/// Reads until the server closes the connection; returns every byte it sent before. Panics if it
/// neither closes nor sends within [`READ_TIMEOUT`].
pub fn read_to_close(s: &mut TcpStream) -> Vec<u8> {
    let mut all = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return all,
            Ok(n) => all.extend_from_slice(&buf[..n]),
            // A reset after the server dropped unread input also means "closed".
            Err(e) if e.kind() == ErrorKind::ConnectionReset => return all,
            Err(e) => panic!("the server neither answered nor closed: {e} (got {all:02x?})"),
        }
    }
}

/// Reads exactly `n` bytes (the answer to a request that gets a known-size reply).
pub fn read_exact(s: &mut TcpStream, n: usize) -> Vec<u8> {
    let mut out = vec![0u8; n];
    s.read_exact(&mut out).expect("the server answers");
    out
}

/// Writes `bytes`, then closes the writing half.
pub fn send_and_half_close(s: &mut TcpStream, bytes: &[u8]) {
    s.write_all(bytes).unwrap();
    s.shutdown(Shutdown::Write).unwrap();
}

/// One intermediate-transport frame: a 4-byte LE length, then the payload
/// (<https://core.telegram.org/mtproto/mtproto-transports#intermediate>).
pub fn intermediate_frame(payload: &[u8]) -> Vec<u8> {
    let mut out = (payload.len() as u32).to_le_bytes().to_vec();
    out.extend_from_slice(payload);
    out
}

/// The intermediate transport's connection tag.
pub const INTERMEDIATE_TAG: [u8; 4] = [0xee; 4];

/// One message the server sent, decrypted: its msg_id and body (container members listed
/// separately, with the container's own msg_id).
#[derive(Debug, Clone)]
pub struct Received {
    /// The server's msg_id.
    pub msg_id: i64,
    /// The TL body.
    pub body: Vec<u8>,
}

impl Received {
    /// The body's constructor id.
    pub fn constructor(&self) -> u32 {
        le_u32(&self.body, 0)
    }

    /// The first `long` after the constructor (`rpc_result.req_msg_id`,
    /// `bad_msg_notification.bad_msg_id`, `msg_detailed_info.msg_id`).
    pub fn first_long(&self) -> i64 {
        le_i64(&self.body, 4)
    }
}

fn le_u32(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .map(|s| u32::from_le_bytes(s.try_into().unwrap()))
        .unwrap_or(0)
}

fn le_i64(b: &[u8], at: usize) -> i64 {
    b.get(at..at + 8)
        .map(|s| i64::from_le_bytes(s.try_into().unwrap()))
        .unwrap_or(0)
}

/// A client built from the crates over the intermediate transport, blocking on a std socket.
/// Every byte it writes is kept per request ([`RawClient::last_write`]) and every message the
/// server sends is decrypted a second time into [`RawClient::received`], so a test can replay
/// frames and see exactly what the server answered.
pub struct RawClient {
    socket: TcpStream,
    conn: ClientConnection,
    key: AuthKey,
    /// A second decoder of the server's byte stream (the session hides duplicates).
    sniffer: Transport,
    rng: StdRng,
    /// Every message the server sent, in order.
    pub received: Vec<Received>,
}

impl RawClient {
    /// Connects to `port`, creates an auth key with the handshake (trusting the PKCS#1 public key
    /// at `pem`) and opens a session.
    pub fn connect(port: u16, pem: &Path) -> RawClient {
        let mut rng: StdRng = rand::make_rng();
        let key = RsaPublicKey::from_pkcs1_pem(&std::fs::read_to_string(pem).unwrap())
            .expect("the server's public key");
        let mut socket = connect(port);
        let mut transport =
            Transport::client(FrameCodec::new(TransportKind::Intermediate, Side::Client));
        let mut exchange = |payload: &[u8], rng: &mut StdRng| -> Vec<u8> {
            transport.send(payload, false, rng);
            socket
                .write_all(&transport.poll_transmit().unwrap())
                .unwrap();
            loop {
                if let Some(Frame::Payload { data, .. }) = transport.poll_frame().unwrap() {
                    return data;
                }
                let mut buf = [0u8; 4096];
                let n = socket.read(&mut buf).expect("a handshake answer");
                assert!(n > 0, "the server closed during the handshake");
                transport.handle_input(&buf[..n]);
            }
        };
        let config = ClientHandshakeConfig::permanent(vec![key], 2);
        let (s1, req) = client::start(config, now(), &mut rng);
        let resp = exchange(&req, &mut rng);
        let (s2, req) = s1.handle(now(), &resp, &mut rng).unwrap();
        let resp = exchange(&req, &mut rng);
        let (mut s3, mut req) = s2.handle(now(), &resp, &mut rng).unwrap();
        let created = loop {
            let resp = exchange(&req, &mut rng);
            match s3.handle(now(), &resp, &mut rng).unwrap() {
                DhGenOutcome::Done(created) => break *created,
                DhGenOutcome::Retry(next, r) => {
                    s3 = *next;
                    req = r;
                }
            }
        };
        let session = ClientSession::new(
            created.key.clone(),
            rand::random(),
            created.first_salt,
            created.time_offset,
            ClientConfig {
                ping_interval: None,
                ..ClientConfig::default()
            },
        );
        // The server's side of this byte stream as seen from here: the tag is already consumed.
        let mut sniffer =
            Transport::client(FrameCodec::new(TransportKind::Intermediate, Side::Client));
        let _ = sniffer.poll_transmit();
        RawClient {
            socket,
            conn: ClientConnection::new(transport, session),
            key: created.key,
            sniffer,
            rng,
            received: Vec::new(),
        }
    }

    /// The auth key.
    pub fn key(&self) -> &AuthKey {
        &self.key
    }

    /// Writes whatever the session has queued (acks included); returns the bytes written.
    pub fn flush(&mut self) -> Vec<u8> {
        let out = self
            .conn
            .poll_transmit(now(), &mut self.rng)
            .unwrap_or_default();
        if !out.is_empty() {
            self.socket.write_all(&out).unwrap();
        }
        out
    }

    /// Writes `bytes` as they are (a replay).
    pub fn write_raw(&mut self, bytes: &[u8]) {
        self.socket.write_all(bytes).unwrap();
    }

    /// Sends `query` and waits for its answer (the TL result, or why it failed).
    pub fn call(&mut self, query: Vec<u8>) -> Result<Vec<u8>, RequestError> {
        let (request, _) = self.start(query);
        self.wait(request)
    }

    /// Sends `query`; returns its request id and the bytes written for it (with whatever else
    /// the session had queued).
    pub fn start(&mut self, query: Vec<u8>) -> (RequestId, Vec<u8>) {
        let request = self.conn.session().send(now(), query);
        (request, self.flush())
    }

    /// Waits for the answer to `request`.
    pub fn wait(&mut self, request: RequestId) -> Result<Vec<u8>, RequestError> {
        loop {
            while let Some(event) = self.conn.poll_event() {
                match event {
                    ClientEvent::Result { request: r, result } if r == request => return result,
                    ClientEvent::TransportError(code) => panic!("transport error {code}"),
                    ClientEvent::Closed => panic!("the server closed the connection"),
                    _ => {}
                }
            }
            self.read_some();
            // Acks and re-sent requests go out as the session queues them.
            self.flush();
        }
    }

    /// Reads one chunk from the socket into the session and the sniffer.
    fn read_some(&mut self) {
        let mut buf = [0u8; 64 * 1024];
        let n = self.socket.read(&mut buf).expect("the server answers");
        assert!(n > 0, "the server closed the connection");
        self.conn.handle_input(now(), &buf[..n]);
        self.sniffer.handle_input(&buf[..n]);
        while let Ok(Some(frame)) = self.sniffer.poll_frame() {
            let Frame::Payload { mut data, .. } = frame else {
                continue;
            };
            let Ok(d) = message::decrypt(&self.key, Direction::ServerToClient, &mut data) else {
                continue;
            };
            let (msg_id, body) = (d.msg_id(), d.body().to_vec());
            match container::parse(&body) {
                Ok(inner) if container::is_container(&body) => {
                    self.received.extend(inner.iter().map(|m| Received {
                        msg_id: m.msg_id.0,
                        body: m.body.to_vec(),
                    }))
                }
                _ => self.received.push(Received { msg_id, body }),
            }
        }
    }

    /// Logs in with a test number (code: the DC digit five times), the first call wrapped in
    /// `invokeWithLayer(initConnection(...))` as real clients do.
    pub fn login(&mut self, phone: &str) {
        let send_code = functions::auth::SendCode {
            phone_number: phone.into(),
            api_id: 6,
            api_hash: "0123456789abcdef0123456789abcdef".into(),
            settings: Default::default(),
        };
        let first = functions::InvokeWithLayer {
            layer: 229,
            query: functions::InitConnection {
                api_id: 6,
                device_model: "raw".into(),
                system_version: "test".into(),
                app_version: "1.0".into(),
                system_lang_code: "en".into(),
                lang_pack: "".into(),
                lang_code: "en".into(),
                proxy: None,
                params: None,
                query: send_code,
            },
        };
        let sent = self.call(first.to_bytes()).expect("auth.sendCode");
        let sent = enums::auth::SentCode::from_bytes(&sent).expect("auth.sentCode");
        let enums::auth::SentCode::SentCode(sent) = sent else {
            panic!("unexpected {sent:?}");
        };
        let digit = &phone[5..6];
        let sign_in = functions::auth::SignIn {
            phone_number: phone.into(),
            phone_code_hash: sent.phone_code_hash.clone(),
            phone_code: Some(digit.repeat(5).into()),
            email_verification: None,
        };
        self.call(sign_in.to_bytes()).expect("auth.signIn");
    }

    /// The texts of the newest messages (up to 100) in the dialog with oneself.
    pub fn history_with_self(&mut self) -> Vec<String> {
        let query = functions::messages::GetHistory {
            peer: types::InputPeerSelf.into(),
            offset_id: 0,
            offset_date: 0,
            add_offset: 0,
            limit: 100,
            max_id: 0,
            min_id: 0,
            hash: 0,
        };
        let bytes = self.call(query.to_bytes()).expect("messages.getHistory");
        let messages = match enums::messages::Messages::from_bytes(&bytes).expect("messages") {
            enums::messages::Messages::Messages(m) => m.messages,
            enums::messages::Messages::Slice(m) => m.messages,
            other => panic!("unexpected {other:?}"),
        };
        messages
            .into_iter()
            .filter_map(|m| match m {
                enums::Message::Message(m) => Some(m.message.to_string()),
                _ => None,
            })
            .collect()
    }
}

/// Whether `r` answers (or describes the answer to) the client message `msg_id`: an
/// `rpc_result`, `msg_detailed_info` or `bad_msg_notification` naming it.
pub fn names(r: &Received, msg_id: i64) -> bool {
    matches!(
        r.constructor(),
        RPC_RESULT | MSG_DETAILED_INFO | BAD_MSG_NOTIFICATION
    ) && r.first_long() == msg_id
}

/// The msg_ids of the client messages in `written` (intermediate frames encrypted under `key`):
/// each top-level message, and each member of a container after the container itself.
pub fn sent_msg_ids(key: &AuthKey, written: &[u8]) -> Vec<i64> {
    let mut ids_ = Vec::new();
    let mut rest = written;
    while rest.len() >= 4 {
        let len = le_u32(rest, 0) as usize;
        let Some(payload) = rest.get(4..4 + len) else {
            break;
        };
        let mut data = payload.to_vec();
        if let Ok(d) = message::decrypt(key, Direction::ClientToServer, &mut data) {
            ids_.push(d.msg_id());
            if container::is_container(d.body())
                && let Ok(inner) = container::parse(d.body())
            {
                ids_.extend(inner.iter().map(|m| m.msg_id.0));
            }
        }
        rest = &rest[4 + len..];
    }
    ids_
}
