//! One server-side session: receiver checks, service-message handling, RPC bookkeeping and the
//! session's outbox (<https://core.telegram.org/mtproto/service_messages_about_messages>).

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use mtproto_crypto::{AuthKey, AuthKeyId};
use rand::CryptoRng;

use super::{Rejection, RpcAnswer, RpcCall, RpcHandle, ServerEvent, ServerKeys};
use crate::envelope::container;
use crate::msg_id::{MsgId, MsgIdKind};
use crate::session::msg_window::{MsgIdCheck, MsgIdWindow};
use crate::session::outbox::{Outbox, Outgoing};
use crate::session::salts::SaltSchedule;
use crate::session::service::{self, constructor_of};
use crate::session::{bad_msg, wrappers};
use crate::time::UnixTime;
use crate::tl::mtproto::{enums, functions, types};
use crate::tl::{Deserialize, Identifiable, Reader, Serialize, gzip};

/// Content-related messages kept for resending until acknowledged.
const MAX_UNACKED: usize = 1024;
/// Queries whose state is remembered (for duplicates, msgs_state_req, invokeAfterMsg).
const MAX_RPCS: usize = 4096;
/// Recent content-related seq_nos kept for the ordering checks (codes 32/33).
const MAX_SEQS: usize = 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RpcState {
    Running,
    Answered { answer: MsgId, bytes: usize },
}

/// Shared, per-connection context a session needs while handling a message.
pub(crate) struct Cx<'a, K: ServerKeys, R: CryptoRng> {
    pub now: UnixTime,
    pub keys: &'a mut K,
    pub salts: &'a SaltSchedule,
    pub rng: &'a mut R,
    pub events: &'a mut VecDeque<ServerEvent>,
    pub max_unpacked: usize,
    /// Set by `ping_delay_disconnect`: close after this many seconds without another.
    pub disconnect_delay: Option<u64>,
    /// Set by `destroy_session`: sessions of this key to forget.
    pub destroy: Vec<i64>,
}

/// Server state of one client session.
#[derive(Debug, Clone)]
pub(crate) struct ServerSession {
    pub key: AuthKey,
    pub session_id: i64,
    announced: bool,
    window: MsgIdWindow,
    seqs: BTreeMap<MsgId, i32>,
    pub outbox: Outbox,
    pending_acks: Vec<MsgId>,
    unacked: BTreeMap<MsgId, Outgoing>,
    rpcs: HashMap<MsgId, RpcState>,
    rpc_order: VecDeque<MsgId>,
    deferred: Vec<(Vec<MsgId>, RpcCall)>,
    /// Queries that were running when the session was parked: their answers were lost with the
    /// old connection, so a re-sent copy is accepted as new.
    orphaned: HashSet<MsgId>,
    pub last_active: UnixTime,
}

impl ServerSession {
    pub fn new(key: AuthKey, session_id: i64, now: UnixTime) -> Self {
        Self {
            key,
            session_id,
            announced: false,
            window: MsgIdWindow::new(),
            seqs: BTreeMap::new(),
            outbox: Outbox::new(),
            pending_acks: Vec::new(),
            unacked: BTreeMap::new(),
            rpcs: HashMap::new(),
            rpc_order: VecDeque::new(),
            deferred: Vec::new(),
            orphaned: HashSet::new(),
            last_active: now,
        }
    }

    /// Prepares the session for parking: the host's answers to queries still running cannot
    /// reach it any more, so those queries are forgotten and accepted again when re-sent.
    pub fn park(&mut self) {
        let running: Vec<MsgId> = self
            .rpcs
            .iter()
            .filter(|(_, state)| matches!(state, RpcState::Running))
            .map(|(&id, _)| id)
            .collect();
        for id in running {
            self.rpcs.remove(&id);
            self.orphaned.insert(id);
        }
        self.deferred.clear();
    }

    /// Continues a parked session on a new connection: every content-related message not yet
    /// acknowledged is queued again under its original msg_id and seq_no.
    pub fn resume(&mut self) {
        for m in self.unacked.values() {
            self.outbox.push_assigned(m.clone());
        }
    }

    pub fn key_id(&self) -> AuthKeyId {
        self.key.id()
    }

    fn handle(&self, msg_id: MsgId) -> RpcHandle {
        RpcHandle {
            auth_key_id: self.key_id(),
            session_id: self.session_id,
            msg_id,
        }
    }

    /// Queues a service answer (not content-related, a response id).
    fn reply(&mut self, now: UnixTime, body: Vec<u8>) {
        self.outbox
            .push(now, body, false, MsgIdKind::ServerResponse);
    }

    fn notify(&mut self, now: UnixTime, msg_id: MsgId, seq_no: i32, code: bad_msg::BadMsgCode) {
        let notification = types::BadMsgNotification {
            bad_msg_id: msg_id.0,
            bad_msg_seqno: seq_no,
            error_code: code as i32,
        };
        self.reply(now, notification.to_bytes());
    }

    /// Queues a content-related message and remembers it until acknowledged.
    fn send_content(&mut self, now: UnixTime, body: Vec<u8>, kind: MsgIdKind) -> MsgId {
        let m = self.outbox.assign(now, body, true, kind);
        let id = m.msg_id;
        self.unacked.insert(id, m.clone());
        if self.unacked.len() > MAX_UNACKED {
            self.unacked.pop_first();
        }
        self.outbox.push_assigned(m);
        id
    }

    /// Pushes a server-initiated content-related message (an update).
    pub fn push(&mut self, now: UnixTime, body: Vec<u8>) -> MsgId {
        self.send_content(now, body, MsgIdKind::ServerNotification)
    }

    /// Queues the pending `msgs_ack`, if any.
    pub fn queue_acks(&mut self, now: UnixTime) {
        if !self.pending_acks.is_empty() {
            let ids_ = std::mem::take(&mut self.pending_acks);
            for chunk in ids_.chunks(service::MAX_IDS) {
                self.reply(now, service::msgs_ack(chunk).to_bytes());
            }
        }
    }

    /// Runs the receiver checks on one top-level message and handles it.
    pub fn receive<K: ServerKeys, R: CryptoRng>(
        &mut self,
        cx: &mut Cx<'_, K, R>,
        salt: i64,
        msg_id: MsgId,
        seq_no: i32,
        body: &[u8],
    ) {
        let now = cx.now;
        self.last_active = now;
        let is_container = container::is_container(body);
        if !self.check_id(cx, msg_id, seq_no, is_container) {
            return;
        }
        if !cx.salts.is_valid(self.key_id().0, salt, now) {
            let current = cx.salts.current(self.key_id().0, now);
            let notification = types::BadServerSalt {
                bad_msg_id: msg_id.0,
                bad_msg_seqno: seq_no,
                error_code: bad_msg::BadMsgCode::BadServerSalt as i32,
                new_server_salt: current,
            };
            self.reply(now, notification.to_bytes());
            return;
        }
        let content = if is_container {
            Some(false)
        } else {
            service::content_kind(body)
        };
        if let Some(code) = self.check_seq(msg_id, seq_no, content) {
            self.notify(now, msg_id, seq_no, code);
            return;
        }
        self.window.insert(msg_id);
        if !self.announced {
            self.announced = true;
            let created = types::NewSessionCreated {
                first_msg_id: msg_id.0,
                unique_id: cx.rng.next_u64() as i64,
                server_salt: cx.salts.current(self.key_id().0, now),
            };
            self.send_content(now, created.to_bytes(), MsgIdKind::ServerNotification);
            cx.events.push_back(ServerEvent::SessionCreated {
                auth_key_id: self.key_id(),
                session_id: self.session_id,
            });
        }
        if !is_container {
            self.dispatch(cx, msg_id, seq_no, body);
            return;
        }
        let inner = match container::parse(body) {
            Ok(inner) => inner,
            Err(_) => {
                return self.notify(now, msg_id, seq_no, bad_msg::BadMsgCode::InvalidContainer);
            }
        };
        for m in inner {
            if m.msg_id >= msg_id {
                self.notify(
                    now,
                    m.msg_id,
                    m.seq_no,
                    bad_msg::BadMsgCode::InvalidContainer,
                );
                continue;
            }
            if !self.check_id(cx, m.msg_id, m.seq_no, false) {
                continue;
            }
            let content = service::content_kind(m.body);
            if let Some(code) = self.check_seq(m.msg_id, m.seq_no, content) {
                self.notify(now, m.msg_id, m.seq_no, code);
                continue;
            }
            self.window.insert(m.msg_id);
            self.dispatch(cx, m.msg_id, m.seq_no, m.body);
        }
    }

    /// msg_id parity, time window and duplicates; answers and returns false on failure.
    fn check_id<K: ServerKeys, R: CryptoRng>(
        &mut self,
        cx: &mut Cx<'_, K, R>,
        msg_id: MsgId,
        seq_no: i32,
        is_container: bool,
    ) -> bool {
        let now = cx.now;
        if msg_id.parity() != 0 {
            self.notify(now, msg_id, seq_no, bad_msg::BadMsgCode::IdParity);
            return false;
        }
        match self.window.check(msg_id, now, 0) {
            MsgIdCheck::Fresh => true,
            MsgIdCheck::TooOld => {
                self.notify(now, msg_id, seq_no, bad_msg::BadMsgCode::IdTooLow);
                false
            }
            MsgIdCheck::TooNew => {
                self.notify(now, msg_id, seq_no, bad_msg::BadMsgCode::IdTooHigh);
                false
            }
            MsgIdCheck::Duplicate if !is_container && self.orphaned.remove(&msg_id) => true,
            MsgIdCheck::Duplicate if is_container => {
                self.notify(now, msg_id, seq_no, bad_msg::BadMsgCode::ContainerIdReused);
                false
            }
            MsgIdCheck::Duplicate if !self.window.contains(msg_id) => {
                self.notify(now, msg_id, seq_no, bad_msg::BadMsgCode::TooOld);
                false
            }
            MsgIdCheck::Duplicate => {
                self.duplicate(now, msg_id);
                cx.events
                    .push_back(ServerEvent::Rejected(Rejection::Duplicate(msg_id)));
                false
            }
        }
    }

    /// A re-sent query: repeat an unacknowledged answer, or describe an acknowledged one.
    fn duplicate(&mut self, now: UnixTime, msg_id: MsgId) {
        if let Some(RpcState::Answered { answer, bytes }) = self.rpcs.get(&msg_id).copied() {
            match self.unacked.get(&answer).cloned() {
                Some(m) => self.outbox.push_assigned(m),
                None => {
                    let info = types::MsgDetailedInfo {
                        msg_id: msg_id.0,
                        answer_msg_id: answer.0,
                        bytes: bytes as i32,
                        status: 0,
                    };
                    self.reply(now, info.to_bytes());
                }
            }
        }
    }

    /// seq_no checks: parity against content-relatedness (34/35; `None`: either is fine) and
    /// order against neighbouring content-related messages (32/33).
    fn check_seq(
        &mut self,
        msg_id: MsgId,
        seq_no: i32,
        content: Option<bool>,
    ) -> Option<bad_msg::BadMsgCode> {
        let odd = seq_no & 1 == 1;
        match content {
            Some(false) if odd => return Some(bad_msg::BadMsgCode::SeqNoOddForService),
            Some(true) if !odd => return Some(bad_msg::BadMsgCode::SeqNoEvenForContent),
            _ => {}
        }
        if !odd || self.seqs.get(&msg_id) == Some(&seq_no) {
            // Not content-related, or the same message again (a re-sent orphaned query).
            return None;
        }
        if self
            .seqs
            .range(..msg_id)
            .next_back()
            .is_some_and(|(_, &s)| seq_no <= s)
        {
            return Some(bad_msg::BadMsgCode::SeqNoTooLow);
        }
        if self
            .seqs
            .range(msg_id..)
            .next()
            .is_some_and(|(_, &s)| seq_no >= s)
        {
            return Some(bad_msg::BadMsgCode::SeqNoTooHigh);
        }
        self.seqs.insert(msg_id, seq_no);
        if self.seqs.len() > MAX_SEQS {
            self.seqs.pop_first();
        }
        None
    }

    /// Handles one accepted message (top-level or from a container).
    fn dispatch<K: ServerKeys, R: CryptoRng>(
        &mut self,
        cx: &mut Cx<'_, K, R>,
        msg_id: MsgId,
        seq_no: i32,
        body: &[u8],
    ) {
        let now = cx.now;
        let unpacked;
        let body = match gzip::unpack_object(body, cx.max_unpacked) {
            Ok(b) => {
                unpacked = b;
                &unpacked[..]
            }
            Err(_) => {
                cx.events
                    .push_back(ServerEvent::Rejected(Rejection::BadGzip(msg_id)));
                return;
            }
        };
        if seq_no & 1 == 1 {
            self.pending_acks.push(msg_id);
        }
        let mut r = Reader::new(body);
        match constructor_of(body) {
            types::MsgsAck::CONSTRUCTOR_ID => {
                let acked = types::MsgsAck::deserialize(&mut r).unwrap_or_default();
                for id in acked.msg_ids {
                    self.unacked.remove(&MsgId(id));
                }
            }
            types::MsgsStateReq::CONSTRUCTOR_ID => {
                let asked = types::MsgsStateReq::deserialize(&mut r).unwrap_or_default();
                let info: Vec<u8> = asked
                    .msg_ids
                    .iter()
                    .take(service::MAX_IDS)
                    .map(|&id| self.state_of(MsgId(id), now))
                    .collect();
                let answer = types::MsgsStateInfo {
                    req_msg_id: msg_id.0,
                    info: info.into(),
                };
                self.reply(now, answer.to_bytes());
            }
            types::MsgResendReq::CONSTRUCTOR_ID | types::MsgResendAnsReq::CONSTRUCTOR_ID => {
                let asked = match enums::MsgResendReq::deserialize(&mut r) {
                    Ok(enums::MsgResendReq::MsgResendReq(q)) => q.msg_ids,
                    Ok(enums::MsgResendReq::MsgResendAnsReq(q)) => q.msg_ids,
                    Err(_) => Vec::new(),
                };
                self.resend(now, &asked);
            }
            // Nothing to answer: http_wait (no HTTP transport), an rpc_result or a notification
            // about messages sent by a client, a nested gzip_packed or container.
            types::HttpWait::CONSTRUCTOR_ID | types::RpcResult::CONSTRUCTOR_ID => {}
            _ if !service::is_content_related(body) => {}
            _ => self.query(cx, msg_id, body),
        }
    }

    /// A function call: the service functions the session answers itself (also when wrapped,
    /// e.g. in `invokeWithoutUpdates`), or a query for the host.
    fn query<K: ServerKeys, R: CryptoRng>(
        &mut self,
        cx: &mut Cx<'_, K, R>,
        msg_id: MsgId,
        body: &[u8],
    ) {
        let now = cx.now;
        let unwrapped = match wrappers::unwrap(body) {
            Ok(u) => u,
            Err(_) => {
                self.remember(msg_id, RpcState::Running);
                return self.respond(
                    now,
                    msg_id,
                    RpcAnswer::Error {
                        code: 400,
                        message: "INPUT_FETCH_FAIL".into(),
                    },
                    cx.events,
                );
            }
        };
        if let Some(layer) = unwrapped.layer {
            cx.keys.set_layer(self.key_id(), layer);
        }
        let body = unwrapped.query;
        let mut r = Reader::new(body);
        // Malformed arguments of these small functions read as their defaults (ping_id 0, …),
        // as before: the client still gets an answer naming its message.
        match constructor_of(body) {
            functions::Ping::CONSTRUCTOR_ID => {
                let ping = functions::Ping::deserialize(&mut r).unwrap_or_default();
                self.pong(now, msg_id, ping.ping_id);
            }
            functions::PingDelayDisconnect::CONSTRUCTOR_ID => {
                let ping = functions::PingDelayDisconnect::deserialize(&mut r).unwrap_or_default();
                cx.disconnect_delay = Some(ping.disconnect_delay.max(0) as u64);
                self.pong(now, msg_id, ping.ping_id);
            }
            functions::GetFutureSalts::CONSTRUCTOR_ID => {
                let num = functions::GetFutureSalts::deserialize(&mut r).map_or(1, |q| q.num);
                let salts = types::FutureSalts {
                    req_msg_id: msg_id.0,
                    now: now.as_secs() as i32,
                    salts: cx.salts.future(self.key_id().0, now, num.max(1) as usize),
                };
                self.reply(now, salts.to_bytes());
            }
            functions::DestroySession::CONSTRUCTOR_ID => {
                let target = functions::DestroySession::deserialize(&mut r)
                    .map_or(self.session_id, |q| q.session_id);
                let answer = if target != self.session_id {
                    cx.destroy.push(target);
                    types::DestroySessionOk { session_id: target }.to_bytes()
                } else {
                    types::DestroySessionNone { session_id: target }.to_bytes()
                };
                self.answer_service(now, msg_id, answer);
            }
            functions::RpcDropAnswer::CONSTRUCTOR_ID => {
                let req = functions::RpcDropAnswer::deserialize(&mut r).unwrap_or_default();
                let answer = match self.rpcs.get(&MsgId(req.req_msg_id)) {
                    Some(RpcState::Running) => types::RpcAnswerDroppedRunning.to_bytes(),
                    _ => types::RpcAnswerUnknown.to_bytes(),
                };
                self.answer_service(now, msg_id, answer);
            }
            _ => self.rpc(cx, msg_id, unwrapped),
        }
    }

    /// `pong` (top level, never inside `rpc_result`) for the ping `msg_id`.
    fn pong(&mut self, now: UnixTime, msg_id: MsgId, ping_id: i64) {
        let pong = types::Pong {
            msg_id: msg_id.0,
            ping_id,
        };
        self.reply(now, pong.to_bytes());
    }

    /// Answers a service function the session handles itself, inside `rpc_result`.
    fn answer_service(&mut self, now: UnixTime, msg_id: MsgId, result: Vec<u8>) {
        self.pending_acks.retain(|&id| id != msg_id);
        let answer = self.send_content(
            now,
            service::rpc_result(msg_id, &result),
            MsgIdKind::ServerResponse,
        );
        self.remember(
            msg_id,
            RpcState::Answered {
                answer,
                bytes: result.len(),
            },
        );
    }

    /// `msgs_state_info` status byte for `id` (MTPROTO.md §3.2).
    fn state_of(&self, id: MsgId, now: UnixTime) -> u8 {
        if self.window.contains(id) {
            let mut s = 4;
            match self.rpcs.get(&id) {
                Some(RpcState::Running) => s |= 32,
                Some(RpcState::Answered { .. }) => s |= 32 | 64,
                None => {}
            }
            if !self.pending_acks.contains(&id) {
                s |= 8;
            }
            s
        } else if self.window.is_below_window(id) {
            1
        } else if id.secs() > now.as_secs() as i64 + crate::session::msg_window::MAX_FUTURE_SECS {
            3
        } else {
            2
        }
    }

    /// Re-queues unacknowledged messages under their original ids; unknown ones are described
    /// with `msgs_all_info` (status 1: nothing known).
    fn resend(&mut self, now: UnixTime, asked: &[i64]) {
        let mut unknown = Vec::new();
        for &id in asked.iter().take(service::MAX_IDS) {
            match self.unacked.get(&MsgId(id)).cloned() {
                Some(m) => self.outbox.push_assigned(m),
                None => unknown.push(id),
            }
        }
        if !unknown.is_empty() {
            let info = types::MsgsAllInfo {
                info: vec![1u8; unknown.len()].into(),
                msg_ids: unknown,
            };
            self.reply(now, info.to_bytes());
        }
    }

    fn remember(&mut self, msg_id: MsgId, state: RpcState) {
        if self.rpcs.insert(msg_id, state).is_none() {
            self.rpc_order.push_back(msg_id);
            if self.rpc_order.len() > MAX_RPCS
                && let Some(old) = self.rpc_order.pop_front()
            {
                self.rpcs.remove(&old);
            }
        }
    }

    /// A query for the host (held back while an `invokeAfterMsg` dependency runs).
    fn rpc<K: ServerKeys, R: CryptoRng>(
        &mut self,
        cx: &mut Cx<'_, K, R>,
        msg_id: MsgId,
        unwrapped: wrappers::Unwrapped<'_>,
    ) {
        self.remember(msg_id, RpcState::Running);
        let call = RpcCall {
            handle: self.handle(msg_id),
            layer: cx.keys.layer(self.key_id()),
            init: unwrapped.init,
            without_updates: unwrapped.without_updates,
            query: unwrapped.query.to_vec(),
        };
        let waiting: Vec<MsgId> = unwrapped
            .after
            .into_iter()
            .filter(|id| self.is_running(*id))
            .collect();
        if waiting.is_empty() {
            cx.events.push_back(ServerEvent::Rpc(call));
        } else {
            self.deferred.push((waiting, call));
        }
    }

    fn is_running(&self, id: MsgId) -> bool {
        matches!(self.rpcs.get(&id), Some(RpcState::Running))
    }

    /// The host's answer to the query `msg_id`. Ignored unless the query is still running.
    pub fn respond(
        &mut self,
        now: UnixTime,
        msg_id: MsgId,
        answer: RpcAnswer,
        events: &mut VecDeque<ServerEvent>,
    ) {
        if !self.is_running(msg_id) {
            return;
        }
        let result = match answer {
            RpcAnswer::Result(bytes) => gzip::pack_if_smaller(&bytes).unwrap_or(bytes),
            RpcAnswer::Error { code, message } => types::RpcError {
                error_code: code,
                error_message: message.into(),
            }
            .to_bytes(),
        };
        // rpc_result acknowledges the query itself.
        self.pending_acks.retain(|&id| id != msg_id);
        let answer = self.send_content(
            now,
            service::rpc_result(msg_id, &result),
            MsgIdKind::ServerResponse,
        );
        self.rpcs.insert(
            msg_id,
            RpcState::Answered {
                answer,
                bytes: result.len(),
            },
        );
        // Release queries that waited for this one (invokeAfterMsg).
        let mut i = 0;
        while i < self.deferred.len() {
            self.deferred[i].0.retain(|id| *id != msg_id);
            if self.deferred[i].0.is_empty() {
                let (_, call) = self.deferred.remove(i);
                events.push_back(ServerEvent::Rpc(call));
            } else {
                i += 1;
            }
        }
    }
}
