//! [`ClientSession`]: requests, acks, salts, resends, keep-alive and time sync of one session.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::Duration;

use mtproto_crypto::message;
use mtproto_crypto::{AuthKey, Direction};
use rand::CryptoRng;

use super::{ClientEvent, RequestError, RequestId, RpcError};
use crate::envelope::container;
use crate::msg_id::{MsgId, MsgIdKind};
use crate::session::bad_msg::BadMsgCode;
use crate::session::msg_window::{MsgIdCheck, MsgIdWindow};
use crate::session::outbox::{Outbox, Outgoing, Sealed};
use crate::session::service::{self, constructor_of};
use crate::time::UnixTime;
use crate::tl::mtproto::{enums, functions, types};
use crate::tl::{Deserialize, Identifiable, Serialize, gzip};

/// A `bad_msg_notification` or `bad_server_salt`, as far as the client acts on it.
struct BadMsg {
    bad_msg_id: MsgId,
    code: i32,
    new_salt: Option<i64>,
}

/// Client settings.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Re-send a request that has no answer after this long (under its original msg_id, so the
    /// server answers it once).
    pub resend_after: Duration,
    /// Send `ping_delay_disconnect` this often (None: no keep-alive).
    pub ping_interval: Option<Duration>,
    /// The `disconnect_delay` asked for in each keep-alive ping, in seconds.
    pub disconnect_delay: i32,
    /// Largest object a `gzip_packed` may unpack to.
    pub max_unpacked: usize,
}

impl Default for ClientConfig {
    /// Resend after 10 s, ping every 60 s with a 75 s delay (MTPROTO.md §3.3), 16 MiB unpacking.
    fn default() -> Self {
        Self {
            resend_after: Duration::from_secs(10),
            ping_interval: Some(Duration::from_secs(60)),
            disconnect_delay: 75,
            max_unpacked: crate::transport::DEFAULT_MAX_PAYLOAD,
        }
    }
}

#[derive(Debug, Clone)]
struct Pending {
    request: RequestId,
    message: Outgoing,
    sent_at: Option<UnixTime>,
    /// Internal requests (keep-alive pings) produce no event.
    internal: bool,
}

/// One client session on one auth key, Sans-IO.
#[derive(Debug)]
pub struct ClientSession {
    key: AuthKey,
    session_id: i64,
    salt: i64,
    config: ClientConfig,
    outbox: Outbox,
    window: MsgIdWindow,
    pending: BTreeMap<MsgId, Pending>,
    containers: HashMap<MsgId, Vec<MsgId>>,
    acks: Vec<MsgId>,
    events: VecDeque<ClientEvent>,
    next_request: u64,
    next_ping: Option<UnixTime>,
    synced: bool,
}

impl ClientSession {
    /// A session on `key` with a client-chosen random `session_id`, the salt to start with
    /// (e.g. [`crate::handshake::CreatedKey::first_salt`], or 0 to learn it from
    /// `bad_server_salt`) and the clock offset measured by the handshake.
    pub fn new(
        key: AuthKey,
        session_id: i64,
        salt: i64,
        time_offset: i64,
        config: ClientConfig,
    ) -> Self {
        let mut outbox = Outbox::new();
        outbox.ids_mut().set_time_offset(time_offset);
        Self {
            key,
            session_id,
            salt,
            config,
            outbox,
            window: MsgIdWindow::new(),
            pending: BTreeMap::new(),
            containers: HashMap::new(),
            acks: Vec::new(),
            events: VecDeque::new(),
            next_request: 0,
            next_ping: None,
            synced: true,
        }
    }

    /// The session id.
    pub fn session_id(&self) -> i64 {
        self.session_id
    }

    /// The salt in use.
    pub fn salt(&self) -> i64 {
        self.salt
    }

    /// `server_time − local_time` in seconds.
    pub fn time_offset(&self) -> i64 {
        self.outbox.ids().time_offset()
    }

    /// Requests sent and not yet answered.
    pub fn pending(&self) -> usize {
        self.pending.values().filter(|p| !p.internal).count()
    }

    /// Queues a request (a serialized TL function, content-related; gzip-packed when that makes
    /// it smaller); it is sent by the next [`poll_payloads`](Self::poll_payloads).
    pub fn send(&mut self, now: UnixTime, body: Vec<u8>) -> RequestId {
        let body = gzip::pack_if_smaller(&body).unwrap_or(body);
        self.enqueue(now, body, false)
    }

    fn enqueue(&mut self, now: UnixTime, body: Vec<u8>, internal: bool) -> RequestId {
        let request = RequestId(self.next_request);
        self.next_request += 1;
        let message = self.outbox.assign(now, body, true, MsgIdKind::Client);
        self.outbox.push_assigned(message.clone());
        self.pending.insert(
            message.msg_id,
            Pending {
                request,
                message,
                sent_at: None,
                internal,
            },
        );
        if self.next_ping.is_none() {
            self.next_ping = self.config.ping_interval.map(|i| now.plus(i));
        }
        request
    }

    /// Re-queues pending requests under new ids (after a salt or clock correction).
    fn resend_with_new_ids(&mut self, now: UnixTime, old: &[MsgId]) {
        for id in old {
            if let Some(mut p) = self.pending.remove(id) {
                p.message = self.outbox.assign(
                    now,
                    std::mem::take(&mut p.message.body),
                    true,
                    MsgIdKind::Client,
                );
                p.sent_at = None;
                self.outbox.push_assigned(p.message.clone());
                self.pending.insert(p.message.msg_id, p);
            }
        }
    }

    /// Everything queued, acks included, encrypted into transport payloads.
    pub fn poll_payloads<R: CryptoRng>(&mut self, now: UnixTime, rng: &mut R) -> Vec<Vec<u8>> {
        if !self.acks.is_empty() {
            let acks = std::mem::take(&mut self.acks);
            for chunk in acks.chunks(service::MAX_IDS) {
                let ack = service::msgs_ack(chunk).to_bytes();
                self.outbox.push(now, ack, false, MsgIdKind::Client);
            }
        }
        if self.outbox.is_empty() {
            return Vec::new();
        }
        let sealed: Vec<Sealed> = self.outbox.flush(
            now,
            &self.key,
            Direction::ClientToServer,
            self.salt,
            self.session_id,
            rng,
        );
        sealed
            .into_iter()
            .map(|s| {
                for id in &s.msg_ids {
                    if let Some(p) = self.pending.get_mut(id) {
                        p.sent_at = Some(now);
                    }
                }
                if let Some(c) = s.container {
                    self.containers.insert(c, s.msg_ids);
                }
                s.payload
            })
            .collect()
    }

    /// When [`handle_timeout`](Self::handle_timeout) must next run.
    pub fn poll_timeout(&self) -> Option<UnixTime> {
        let resend = self
            .pending
            .values()
            .filter_map(|p| p.sent_at)
            .min()
            .map(|t| t.plus(self.config.resend_after));
        match (resend, self.next_ping) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Re-queues requests unanswered for too long (original ids) and sends the keep-alive ping.
    pub fn handle_timeout(&mut self, now: UnixTime) {
        let due: Vec<Outgoing> = self
            .pending
            .values_mut()
            .filter(|p| {
                p.sent_at
                    .is_some_and(|t| now >= t.plus(self.config.resend_after))
            })
            .map(|p| {
                p.sent_at = None;
                p.message.clone()
            })
            .collect();
        for m in due {
            self.outbox.push_assigned(m);
        }
        if let (Some(at), Some(interval)) = (self.next_ping, self.config.ping_interval)
            && now >= at
        {
            let ping_id = now.0.as_nanos() as i64;
            let ping = functions::PingDelayDisconnect {
                ping_id,
                disconnect_delay: self.config.disconnect_delay,
            };
            self.enqueue(now, ping.to_bytes(), true);
            self.next_ping = Some(now.plus(interval));
        }
    }

    /// The next event for the host.
    pub fn poll_event(&mut self) -> Option<ClientEvent> {
        self.events.pop_front()
    }

    pub(super) fn push_event(&mut self, e: ClientEvent) {
        self.events.push_back(e);
    }

    /// Runs the receiver checks (MTPROTO.md §2.8) on one encrypted payload and handles it.
    /// Packets failing a check are dropped silently; returns whether it was accepted.
    pub fn handle_payload(&mut self, now: UnixTime, mut payload: Vec<u8>) -> bool {
        let Ok(d) = message::decrypt(&self.key, Direction::ServerToClient, &mut payload) else {
            return false;
        };
        if d.session_id() != self.session_id {
            return false;
        }
        let msg_id = MsgId(d.msg_id());
        let body = d.body().to_vec();
        if !self.accept_id(now, msg_id, &body) {
            return false;
        }
        if container::is_container(&body) {
            let Ok(inner) = container::parse(&body) else {
                return false;
            };
            for m in inner {
                if m.msg_id < msg_id && self.accept_id(now, m.msg_id, m.body) {
                    self.dispatch(now, m.msg_id, m.seq_no, m.body);
                }
            }
        } else {
            self.dispatch(now, msg_id, d.seq_no(), &body);
        }
        true
    }

    /// Server parity, duplicates and (except for the notifications that correct the clock) the
    /// time window.
    fn accept_id(&mut self, now: UnixTime, msg_id: MsgId, body: &[u8]) -> bool {
        if msg_id.parity() & 1 != 1 {
            return false;
        }
        let corrects_clock = matches!(
            constructor_of(body),
            types::BadMsgNotification::CONSTRUCTOR_ID | types::BadServerSalt::CONSTRUCTOR_ID
        );
        match self.window.check(msg_id, now, self.time_offset()) {
            MsgIdCheck::Fresh => {}
            MsgIdCheck::TooOld | MsgIdCheck::TooNew if corrects_clock || !self.synced => {}
            _ => return false,
        }
        self.window.insert(msg_id);
        true
    }

    fn dispatch(&mut self, now: UnixTime, msg_id: MsgId, seq_no: i32, body: &[u8]) {
        if seq_no & 1 == 1 {
            self.acks.push(msg_id);
        }
        let Ok(unpacked) = gzip::unpack_object(body, self.config.max_unpacked) else {
            return;
        };
        let body = &unpacked[..];
        // A service message that does not decode is dropped, like any malformed packet.
        match constructor_of(body) {
            types::RpcResult::CONSTRUCTOR_ID => self.rpc_result(body),
            types::Pong::CONSTRUCTOR_ID => {
                // pong msg_id:long ping_id:long answers the ping whose msg_id it names.
                if let Ok(pong) = types::Pong::from_bytes(body) {
                    self.complete(MsgId(pong.msg_id), Ok(body.to_vec()));
                }
            }
            types::FutureSalts::CONSTRUCTOR_ID => {
                if let Ok(salts) = types::FutureSalts::from_bytes(body) {
                    if let Some(s) = salts.salts.first() {
                        self.set_salt(s.salt);
                    }
                    self.complete(MsgId(salts.req_msg_id), Ok(body.to_vec()));
                }
            }
            types::BadServerSalt::CONSTRUCTOR_ID | types::BadMsgNotification::CONSTRUCTOR_ID => {
                self.bad_msg(now, msg_id, body)
            }
            types::NewSessionCreated::CONSTRUCTOR_ID => {
                if let Ok(created) = types::NewSessionCreated::from_bytes(body) {
                    self.set_salt(created.server_salt);
                    self.events.push_back(ClientEvent::NewSession {
                        first_msg_id: MsgId(created.first_msg_id),
                    });
                }
            }
            types::MsgDetailedInfo::CONSTRUCTOR_ID => {
                if let Ok(info) = types::MsgDetailedInfo::from_bytes(body)
                    && self.pending.contains_key(&MsgId(info.msg_id))
                {
                    self.request_resend(now, MsgId(info.answer_msg_id));
                }
            }
            types::MsgNewDetailedInfo::CONSTRUCTOR_ID => {
                let Ok(info) = types::MsgNewDetailedInfo::from_bytes(body) else {
                    return;
                };
                let answer = MsgId(info.answer_msg_id);
                if self.window.contains(answer) {
                    self.acks.push(answer);
                } else {
                    self.request_resend(now, answer);
                }
            }
            types::MsgsAck::CONSTRUCTOR_ID
            | types::MsgsStateInfo::CONSTRUCTOR_ID
            | types::MsgsAllInfo::CONSTRUCTOR_ID => {}
            _ => self.events.push_back(ClientEvent::Update(body.to_vec())),
        }
    }

    fn request_resend(&mut self, now: UnixTime, id: MsgId) {
        let body = types::MsgResendReq {
            msg_ids: vec![id.0],
        }
        .to_bytes();
        self.outbox.push(now, body, false, MsgIdKind::Client);
    }

    fn set_salt(&mut self, salt: i64) {
        if salt != self.salt {
            self.salt = salt;
            self.events.push_back(ClientEvent::SaltChanged(salt));
        }
    }

    fn complete(&mut self, req: MsgId, result: Result<Vec<u8>, RequestError>) {
        if let Some(p) = self.pending.remove(&req)
            && !p.internal
        {
            self.events.push_back(ClientEvent::Result {
                request: p.request,
                result,
            });
        }
    }

    /// `rpc_result req_msg_id:long result:Object`; the result may be gzip-packed or an error.
    fn rpc_result(&mut self, body: &[u8]) {
        let Ok(answer) = types::RpcResult::from_bytes(body) else {
            return;
        };
        let result = match gzip::unpack_object(answer.result.as_bytes(), self.config.max_unpacked) {
            Ok(r) if constructor_of(&r) == types::RpcError::CONSTRUCTOR_ID => {
                match types::RpcError::from_bytes(&r) {
                    Ok(e) => Err(RequestError::Rpc(RpcError {
                        code: e.error_code,
                        message: e.error_message.into_owned(),
                    })),
                    Err(_) => Err(RequestError::BadAnswer),
                }
            }
            Ok(r) => Ok(r.into_owned()),
            Err(_) => Err(RequestError::BadAnswer),
        };
        self.complete(MsgId(answer.req_msg_id), result);
    }

    /// `bad_server_salt` / `bad_msg_notification` about one of our messages (or containers).
    fn bad_msg(&mut self, now: UnixTime, server_msg_id: MsgId, body: &[u8]) {
        let Ok(bad) = enums::BadMsgNotification::from_bytes(body) else {
            return;
        };
        let bad = match bad {
            enums::BadMsgNotification::BadMsgNotification(n) => BadMsg {
                bad_msg_id: MsgId(n.bad_msg_id),
                code: n.error_code,
                new_salt: None,
            },
            enums::BadMsgNotification::BadServerSalt(n) => BadMsg {
                bad_msg_id: MsgId(n.bad_msg_id),
                code: n.error_code,
                new_salt: Some(n.new_server_salt),
            },
        };
        let ours: Vec<MsgId> = match self.containers.remove(&bad.bad_msg_id) {
            Some(inner) => inner,
            None if self.pending.contains_key(&bad.bad_msg_id) => vec![bad.bad_msg_id],
            // Only act on notifications about our own recent messages.
            None => return,
        };
        match (BadMsgCode::from_code(bad.code), bad.new_salt) {
            (Some(BadMsgCode::BadServerSalt), Some(salt)) => {
                self.set_salt(salt);
                self.resend_with_new_ids(now, &ours);
            }
            (Some(BadMsgCode::IdTooLow | BadMsgCode::IdTooHigh), _) => {
                self.outbox
                    .ids_mut()
                    .sync_to_server_msg_id(server_msg_id, now);
                self.synced = true;
                self.resend_with_new_ids(now, &ours);
            }
            (Some(BadMsgCode::TooOld | BadMsgCode::SeqNoTooLow | BadMsgCode::SeqNoTooHigh), _) => {
                self.resend_with_new_ids(now, &ours);
            }
            _ => {
                for id in ours {
                    self.complete(id, Err(RequestError::BadMessage(bad.code)));
                }
            }
        }
    }
}
