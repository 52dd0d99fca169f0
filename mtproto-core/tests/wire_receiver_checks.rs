//! Every receiver check of the server session (docs/wire.md, "Receiver checks") rejects its bad
//! input with the right notification or error, the connection stays usable, and nothing panics.
//! Plus the client's checks on what the server sends.

mod common;

use common::{Chunking, Pair};
use mtproto_core::envelope::container::{self, InnerMessage};
use mtproto_core::handshake::client::ClientHandshakeConfig;
use mtproto_core::msg_id::MsgId;
use mtproto_core::session::outbox::{Outgoing, seal};
use mtproto_core::session::salts::SaltSchedule;
use mtproto_core::session::server::{Rejection, ServerEvent};
use mtproto_core::session::service::{self, constructor_of};
use mtproto_core::time::UnixTime;
use mtproto_core::tl::mtproto::{enums, types};
use mtproto_core::tl::{Deserialize, Identifiable, Serialize};
use mtproto_core::transport::{Frame, FrameCodec, TransportErrorCode, TransportKind};
use mtproto_crypto::message;
use mtproto_crypto::{AuthKey, Direction, Side};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

const SESSION: i64 = 0x5e55;

/// A server connection with a fresh key, fed hand-made encrypted messages.
struct Lab {
    p: Pair,
    key: AuthKey,
    salt: i64,
    up: FrameCodec,
    down: FrameCodec,
    rng: ChaCha8Rng,
}

impl Lab {
    fn new() -> Self {
        let mut p = Pair::new(TransportKind::Intermediate, false, Chunking::Whole, 7);
        let created = p.handshake(ClientHandshakeConfig::permanent(
            vec![common::rsa_key().public().clone()],
            2,
        ));
        let salt = SaltSchedule::new([7; 32]).current(created.key.id().0, p.now);
        // The handshake used the client transport; continue its framing state by hand.
        let mut lab = Self {
            key: created.key,
            salt,
            up: FrameCodec::new(TransportKind::Intermediate, Side::Client),
            down: FrameCodec::new(TransportKind::Intermediate, Side::Client),
            rng: ChaCha8Rng::seed_from_u64(3),
            p,
        };
        lab.p.server_events.clear();
        lab
    }

    fn id(&self, secs_offset: i64, n: i64) -> MsgId {
        MsgId(((self.p.now.as_secs() as i64 + secs_offset) << 32) | (n << 2))
    }

    fn send_raw(&mut self, payload: &[u8]) {
        let mut wire = Vec::new();
        self.up.encode(payload, false, &mut self.rng, &mut wire);
        self.p.deliver_to_server(&wire);
    }

    fn send(&mut self, msg_id: MsgId, seq_no: i32, salt: i64, body: &[u8]) {
        let m = Outgoing {
            msg_id,
            seq_no,
            body: body.to_vec(),
        };
        let payload = seal(
            &self.key,
            Direction::ClientToServer,
            salt,
            SESSION,
            &m,
            &mut self.rng,
        );
        self.send_raw(&payload);
    }

    /// Every message body the server sent back (containers opened), or transport errors.
    fn replies(&mut self) -> (Vec<Vec<u8>>, Vec<TransportErrorCode>) {
        let bytes = self.p.take_server_output();
        let (mut bodies, mut errors) = (Vec::new(), Vec::new());
        let mut rest = &bytes[..];
        while let Ok(Some((frame, used))) = self.down.decode(rest) {
            rest = &rest[used..];
            match frame {
                Frame::Payload { mut data, .. } => {
                    let d =
                        message::decrypt(&self.key, Direction::ServerToClient, &mut data).unwrap();
                    assert_eq!(d.session_id(), SESSION, "the server echoes the session id");
                    assert_eq!(d.msg_id() & 1, 1, "server ids are odd");
                    let body = d.body().to_vec();
                    if container::is_container(&body) {
                        bodies.extend(
                            container::parse(&body)
                                .unwrap()
                                .iter()
                                .map(|m| m.body.to_vec()),
                        );
                    } else {
                        bodies.push(body);
                    }
                }
                Frame::Error(code) => errors.push(code),
                Frame::QuickAck(_) => {}
            }
        }
        (bodies, errors)
    }

    /// The bad_msg_notification / bad_server_salt codes in the replies.
    fn notifications(&mut self) -> Vec<i32> {
        self.replies()
            .0
            .iter()
            .filter(|b| {
                matches!(
                    constructor_of(b),
                    types::BadMsgNotification::CONSTRUCTOR_ID
                        | types::BadServerSalt::CONSTRUCTOR_ID
                )
            })
            .map(|b| bad_msg(b).1)
            .collect()
    }

    fn rpcs(&mut self) -> usize {
        let n = self
            .p
            .server_events
            .iter()
            .filter(|e| matches!(e, ServerEvent::Rpc(_)))
            .count();
        self.p
            .server_events
            .retain(|e| !matches!(e, ServerEvent::Rpc(_)));
        n
    }

    /// A valid query proves the connection is still usable.
    fn still_usable(&mut self, n: i64) {
        let id = self.id(0, 1000 + n);
        self.send(
            id,
            1001 + 2 * n as i32,
            self.salt,
            &0x1234_5678u32.to_le_bytes(),
        );
        assert_eq!(self.rpcs(), 1, "the connection still serves queries");
        self.replies();
    }
}

const QUERY: [u8; 4] = 0x0abc_def0u32.to_le_bytes();

#[test]
fn unknown_auth_key_gets_404() {
    let mut lab = Lab::new();
    let other = AuthKey::from_bytes([9; 256]);
    let m = Outgoing {
        msg_id: lab.id(0, 1),
        seq_no: 1,
        body: QUERY.to_vec(),
    };
    let payload = seal(
        &other,
        Direction::ClientToServer,
        lab.salt,
        SESSION,
        &m,
        &mut lab.rng,
    );
    lab.send_raw(&payload);
    assert_eq!(
        lab.replies().1,
        vec![TransportErrorCode::AUTH_KEY_NOT_FOUND]
    );
    lab.still_usable(0);
}

#[test]
fn tampered_msg_key_bad_length_and_bad_padding_are_dropped_silently() {
    let mut lab = Lab::new();
    let m = Outgoing {
        msg_id: lab.id(0, 1),
        seq_no: 1,
        body: QUERY.to_vec(),
    };
    let mut payload = seal(
        &lab.key,
        Direction::ClientToServer,
        lab.salt,
        SESSION,
        &m,
        &mut lab.rng,
    );
    payload[10] ^= 1;
    lab.send_raw(&payload);
    // Not a multiple of 16 after the header.
    let mut short = seal(
        &lab.key,
        Direction::ClientToServer,
        lab.salt,
        SESSION,
        &m,
        &mut lab.rng,
    );
    short.truncate(short.len() - 4);
    lab.send_raw(&short);
    // A length field that leaves no room for 12 bytes of padding.
    let mut plain = vec![0u8; message::packet_len(32 + 4)];
    let p = &mut plain[24..];
    p[..8].copy_from_slice(&lab.salt.to_le_bytes());
    p[8..16].copy_from_slice(&SESSION.to_le_bytes());
    p[16..24].copy_from_slice(&lab.id(0, 2).0.to_le_bytes());
    p[24..28].copy_from_slice(&1i32.to_le_bytes());
    p[28..32].copy_from_slice(&400u32.to_le_bytes());
    let len = message::encrypt(
        &lab.key,
        Direction::ClientToServer,
        &mut plain,
        36,
        &mut lab.rng,
    )
    .unwrap();
    lab.send_raw(&plain[..len]);
    let (bodies, errors) = lab.replies();
    assert!(
        bodies.is_empty() && errors.is_empty(),
        "silence, as for a msg_key failure"
    );
    let dropped = lab
        .p
        .server_events
        .iter()
        .filter(|e| **e == ServerEvent::Rejected(Rejection::Undecryptable))
        .count();
    assert_eq!(dropped, 3);
    assert_eq!(lab.rpcs(), 0);
    lab.still_usable(0);
}

#[test]
fn msg_id_parity_time_window_and_duplicates() {
    let mut lab = Lab::new();
    let salt = lab.salt;
    lab.send(MsgId(lab.id(0, 1).0 | 1), 1, salt, &QUERY);
    assert_eq!(lab.notifications(), vec![18]);
    lab.send(lab.id(-301, 1), 1, salt, &QUERY);
    assert_eq!(lab.notifications(), vec![16]);
    lab.send(lab.id(31, 1), 1, salt, &QUERY);
    assert_eq!(lab.notifications(), vec![17]);
    assert_eq!(lab.rpcs(), 0);
    // Accepted once; the duplicate is not run again.
    let id = lab.id(0, 5);
    lab.send(id, 1, salt, &QUERY);
    assert_eq!(lab.rpcs(), 1);
    lab.replies();
    lab.send(id, 1, salt, &QUERY);
    assert_eq!(lab.rpcs(), 0);
    assert!(
        lab.p
            .server_events
            .contains(&ServerEvent::Rejected(Rejection::Duplicate(id)))
    );
    lab.still_usable(1);
}

#[test]
fn salt_checks_including_the_salt_zero_first_message() {
    let mut lab = Lab::new();
    for bad in [0, lab.salt ^ 1] {
        let id = lab.id(0, 1 + (bad % 7).abs());
        lab.send(id, 1, bad, &QUERY);
        let (bodies, _) = lab.replies();
        let b = bodies
            .iter()
            .find(|b| constructor_of(b) == types::BadServerSalt::CONSTRUCTOR_ID)
            .unwrap();
        assert_eq!(bad_msg(b), (id, 48, Some(lab.salt)));
        assert_eq!(lab.rpcs(), 0);
    }
    lab.still_usable(0);
}

#[test]
fn seq_no_checks() {
    let mut lab = Lab::new();
    let salt = lab.salt;
    // Content-related with an even seq_no: 35. msgs_ack with an odd one: 34.
    lab.send(lab.id(0, 1), 2, salt, &QUERY);
    assert_eq!(lab.notifications(), vec![35]);
    lab.send(
        lab.id(0, 2),
        3,
        salt,
        &service::msgs_ack(&[MsgId(4)]).to_bytes(),
    );
    assert_eq!(lab.notifications(), vec![34]);
    // seq 5 accepted, then a later message with a lower seq (32) and an earlier one with a
    // higher seq (33).
    lab.send(lab.id(0, 10), 5, salt, &QUERY);
    assert_eq!(lab.rpcs(), 1);
    lab.replies();
    lab.send(lab.id(0, 11), 3, salt, &QUERY);
    assert_eq!(lab.notifications(), vec![32]);
    lab.send(lab.id(0, 9), 7, salt, &QUERY);
    assert_eq!(lab.notifications(), vec![33]);
    lab.still_usable(10);
}

#[test]
fn container_checks() {
    let mut lab = Lab::new();
    let salt = lab.salt;
    // Truncated container: 64.
    let mut body = Vec::new();
    let q = QUERY;
    container::write(
        &[InnerMessage {
            msg_id: lab.id(0, 1),
            seq_no: 1,
            body: &q,
        }],
        &mut body,
    );
    body.truncate(body.len() - 4);
    body.extend([0; 4]);
    body.truncate(body.len() - 4);
    lab.send(lab.id(0, 2), 0, salt, &body[..body.len() - 4]);
    assert_eq!(lab.notifications(), vec![64]);
    // An inner id not below the container's: 64 for that message.
    let mut body = Vec::new();
    container::write(
        &[InnerMessage {
            msg_id: lab.id(0, 9),
            seq_no: 1,
            body: &q,
        }],
        &mut body,
    );
    lab.send(lab.id(0, 8), 0, salt, &body);
    assert_eq!(lab.notifications(), vec![64]);
    // A good container, then one reusing its msg_id: 19.
    let mut body = Vec::new();
    container::write(
        &[
            InnerMessage {
                msg_id: lab.id(0, 20),
                seq_no: 1,
                body: &q,
            },
            InnerMessage {
                msg_id: lab.id(0, 21),
                seq_no: 3,
                body: &q,
            },
        ],
        &mut body,
    );
    lab.send(lab.id(0, 22), 4, salt, &body);
    assert_eq!(lab.rpcs(), 2);
    lab.replies();
    let mut body2 = Vec::new();
    container::write(
        &[InnerMessage {
            msg_id: lab.id(0, 19),
            seq_no: 5,
            body: &q,
        }],
        &mut body2,
    );
    lab.send(lab.id(0, 22), 4, salt, &body2);
    assert_eq!(lab.notifications(), vec![19]);
    lab.still_usable(30);
}

#[test]
fn below_the_remembered_window_is_too_old_to_tell() {
    let mut lab = Lab::new();
    let salt = lab.salt;
    let ack = service::msgs_ack(&[MsgId(4)]).to_bytes();
    for n in 0..1030 {
        lab.send(lab.id(0, 100 + n), 0, salt, &ack);
    }
    lab.replies();
    lab.send(lab.id(0, 50), 0, salt, &ack);
    assert_eq!(lab.notifications(), vec![20]);
}

#[test]
fn bad_gzip_is_dropped_and_garbage_queries_get_an_error() {
    let mut lab = Lab::new();
    let salt = lab.salt;
    let gz = types::GzipPacked {
        packed_data: b"not gzip"[..].into(),
    }
    .to_bytes();
    let id = lab.id(0, 1);
    lab.send(id, 1, salt, &gz);
    assert!(
        lab.p
            .server_events
            .contains(&ServerEvent::Rejected(Rejection::BadGzip(id)))
    );
    // A truncated invokeWithLayer cannot be unwrapped: rpc_error 400.
    lab.send(
        lab.id(0, 2),
        3,
        salt,
        &mtproto_core::tl::api::functions::InvokeWithLayer::<()>::CONSTRUCTOR_ID.to_le_bytes(),
    );
    let (bodies, _) = lab.replies();
    let r = bodies
        .iter()
        .find(|b| constructor_of(b) == types::RpcResult::CONSTRUCTOR_ID)
        .unwrap();
    assert_eq!(constructor_of(&r[12..]), types::RpcError::CONSTRUCTOR_ID);
    lab.still_usable(3);
}

#[test]
fn client_drops_wrong_session_even_ids_and_tampering() {
    use mtproto_core::session::client::{ClientConfig, ClientSession};
    let key = AuthKey::from_bytes([5; 256]);
    let now = UnixTime::from_secs(common::T0);
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let mut s = ClientSession::new(key.clone(), 1, 0, 0, ClientConfig::default());
    let id = (common::T0 << 32) as i64;
    let mk = |session: i64, msg_id: i64, rng: &mut ChaCha8Rng| {
        let m = Outgoing {
            msg_id: MsgId(msg_id),
            seq_no: 1,
            body: QUERY.to_vec(),
        };
        seal(&key, Direction::ServerToClient, 0, session, &m, rng)
    };
    assert!(
        !s.handle_payload(now, mk(2, id | 7, &mut rng)),
        "other session"
    );
    assert!(
        !s.handle_payload(now, mk(1, id | 4, &mut rng)),
        "even server msg_id"
    );
    let mut t = mk(1, id | 11, &mut rng);
    t[30] ^= 1;
    assert!(!s.handle_payload(now, t), "tampered");
    assert!(
        !s.handle_payload(now, mk(1, ((common::T0 as i64 - 400) << 32) | 3, &mut rng)),
        "too old"
    );
    assert!(s.handle_payload(now, mk(1, id | 15, &mut rng)));
    assert!(
        !s.handle_payload(now, mk(1, id | 15, &mut rng)),
        "duplicate"
    );
    assert_eq!(
        s.poll_event(),
        Some(mtproto_core::session::client::ClientEvent::Update(
            QUERY.to_vec()
        ))
    );
}

/// `(bad_msg_id, error_code, new_server_salt)` of a `bad_msg_notification` / `bad_server_salt`.
fn bad_msg(body: &[u8]) -> (MsgId, i32, Option<i64>) {
    match enums::BadMsgNotification::from_bytes(body).unwrap() {
        enums::BadMsgNotification::BadMsgNotification(n) => {
            (MsgId(n.bad_msg_id), n.error_code, None)
        }
        enums::BadMsgNotification::BadServerSalt(n) => {
            (MsgId(n.bad_msg_id), n.error_code, Some(n.new_server_salt))
        }
    }
}
