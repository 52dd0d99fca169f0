//! In-memory client ↔ server conversations over every transport, plain and obfuscated, with a
//! fake clock: handshake, RPCs, containers, acks, gzip, bad_server_salt recovery, resend,
//! destroy_session, pings, a session resumed on a new connection, a key store that fails —
//! whole writes and random-size chunks.

mod common;

use std::time::Duration;

use common::{Chunking, Pair, echo_answer, first_query};
use mtproto_core::handshake::HandshakeError;
use mtproto_core::handshake::client::{self, ClientHandshakeConfig, DhGenOutcome};
use mtproto_core::handshake::server::ServerHandshake;
use mtproto_core::session::client::{ClientConfig, ClientEvent};
use mtproto_core::session::server::{
    CloseReason, KeyStoreError, MemoryKeys, ServerEvent, ServerKeys,
};
use mtproto_core::time::UnixTime;
use mtproto_core::tl::mtproto::{functions, types};
use mtproto_core::tl::{Deserialize, Identifiable, RawObject, Serialize};
use mtproto_core::transport::TransportKind;
use mtproto_crypto::{AuthKey, AuthKeyId};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

const KINDS: [TransportKind; 4] = [
    TransportKind::Abridged,
    TransportKind::Intermediate,
    TransportKind::PaddedIntermediate,
    TransportKind::Full,
];

fn quiet() -> ClientConfig {
    ClientConfig {
        ping_interval: None,
        ..ClientConfig::default()
    }
}

fn handshake(p: &mut Pair) {
    let key = common::rsa_key().public().clone();
    let created = p.handshake(ClientHandshakeConfig::permanent(vec![key], 2));
    assert!(
        p.keys.auth_key(created.key.id()).is_some(),
        "the server stored the key"
    );
    assert!(
        p.server_events
            .iter()
            .any(|e| matches!(e, ServerEvent::AuthKeyCreated { .. }))
    );
}

/// The Telethon-shaped opening: salt 0, `invokeWithLayer(initConnection(help.getConfig))`, a big
/// (gzip-packed) answer, then three queries in one container, a ping and get_future_salts.
fn conversation(kind: TransportKind, obfuscated: bool, chunking: Chunking, seed: u64) {
    let mut p = Pair::new(kind, obfuscated, chunking, seed);
    handshake(&mut p);
    p.open_session(0x1234_5678, false, quiet());
    let now = p.now;
    let first = p.client().session().send(now, first_query());
    p.run(echo_answer(4000));
    // bad_server_salt was answered, the client switched salts and resent; one result.
    assert!(
        p.client_events
            .iter()
            .any(|e| matches!(e, ClientEvent::SaltChanged(_)))
    );
    let results = p.results();
    assert_eq!(results.len(), 1, "{kind:?} {obfuscated} {chunking:?}");
    let (req, result) = &results[0];
    assert_eq!(*req, first);
    let body = result.as_ref().unwrap();
    assert_eq!(
        body[..4],
        0xc4f9_186bu32.to_le_bytes(),
        "help.getConfig reached the host unwrapped"
    );
    assert_eq!(body.len(), 4004);
    let id = p.created.as_ref().unwrap().key.id();
    assert_eq!(p.keys.layer(id), Some(229));
    assert!(
        p.server_events
            .iter()
            .any(|e| matches!(e, ServerEvent::SessionCreated { .. }))
    );
    assert!(
        p.client_events
            .iter()
            .any(|e| matches!(e, ClientEvent::NewSession { .. }))
    );

    // Three queries queued together travel in one container; each gets its own result.
    let now = p.now;
    let ids: Vec<_> = (0..3u32)
        .map(|i| {
            p.client()
                .session()
                .send(now, (0x1000_0000 + i).to_le_bytes().to_vec())
        })
        .collect();
    let ping = p
        .client()
        .session()
        .send(now, functions::Ping { ping_id: 77 }.to_bytes());
    let salts = p
        .client()
        .session()
        .send(now, functions::GetFutureSalts { num: 3 }.to_bytes());
    p.run(echo_answer(8));
    let results = p.results();
    for (i, id) in ids.iter().enumerate() {
        let r = results
            .iter()
            .find(|(r, _)| r == id)
            .unwrap()
            .1
            .as_ref()
            .unwrap();
        assert_eq!(r[..4], (0x1000_0000 + i as u32).to_le_bytes());
    }
    let pong = results
        .iter()
        .find(|(r, _)| *r == ping)
        .unwrap()
        .1
        .as_ref()
        .unwrap();
    assert_eq!(types::Pong::from_bytes(pong).unwrap().ping_id, 77);
    let fs = results
        .iter()
        .find(|(r, _)| *r == salts)
        .unwrap()
        .1
        .as_ref()
        .unwrap();
    assert_eq!(types::FutureSalts::from_bytes(fs).unwrap().salts.len(), 3);
    assert_eq!(p.client().session().pending(), 0);
}

#[test]
fn every_transport_whole_writes() {
    for (i, kind) in KINDS.into_iter().enumerate() {
        conversation(kind, false, Chunking::Whole, i as u64);
    }
    for (i, kind) in KINDS[..3].iter().enumerate() {
        conversation(*kind, true, Chunking::Whole, 10 + i as u64);
    }
}

#[test]
fn every_transport_random_chunks() {
    for (i, kind) in KINDS.into_iter().enumerate() {
        conversation(kind, false, Chunking::Random(13), 20 + i as u64);
        conversation(kind, false, Chunking::Random(1500), 30 + i as u64);
    }
    for (i, kind) in KINDS[..3].iter().enumerate() {
        conversation(*kind, true, Chunking::Random(5), 40 + i as u64);
    }
}

#[test]
fn one_byte_at_a_time() {
    conversation(TransportKind::Abridged, true, Chunking::Random(1), 50);
    conversation(TransportKind::Full, false, Chunking::Random(1), 51);
}

#[test]
fn resend_after_a_lost_answer_delivers_exactly_once() {
    let mut p = Pair::new(TransportKind::Intermediate, false, Chunking::Whole, 60);
    handshake(&mut p);
    p.open_session(99, true, quiet());
    let now = p.now;
    let req = p
        .client()
        .session()
        .send(now, 0x0a0b_0c0du32.to_le_bytes().to_vec());
    let up = p.flush_client();
    p.deliver_to_server(&up);
    p.answer_rpcs(echo_answer(16));
    let lost = p.take_server_output();
    assert!(!lost.is_empty());
    // The answer is lost; after the resend timeout the client repeats the same msg_id.
    p.advance(Duration::from_secs(11));
    let at = p.client().poll_timeout().unwrap();
    assert!(at <= p.now);
    let now = p.now;
    p.client().handle_timeout(now);
    p.run(echo_answer(16));
    let results = p.results();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].0, req);
    // The server ran the query once.
    assert_eq!(
        p.server_events
            .iter()
            .filter(|e| matches!(e, ServerEvent::Rpc(_)))
            .count(),
        0
    );
}

#[test]
fn resend_after_a_lost_request_runs_it_once() {
    let mut p = Pair::new(TransportKind::Abridged, false, Chunking::Whole, 61);
    handshake(&mut p);
    p.open_session(100, true, quiet());
    let now = p.now;
    p.client()
        .session()
        .send(now, 0x0a0b_0c0eu32.to_le_bytes().to_vec());
    let _lost = p.flush_client();
    p.advance(Duration::from_secs(11));
    let now = p.now;
    p.client().handle_timeout(now);
    p.run(echo_answer(16));
    assert_eq!(p.results().len(), 1);
}

#[test]
fn destroy_session_answers_ok_or_none() {
    let mut p = Pair::new(TransportKind::Full, false, Chunking::Whole, 62);
    handshake(&mut p);
    p.open_session(1, true, quiet());
    let now = p.now;
    let body = functions::DestroySession { session_id: 555 }.to_bytes();
    let req = p.client().session().send(now, body);
    p.run(echo_answer(0));
    let r = p
        .results()
        .into_iter()
        .find(|(r, _)| *r == req)
        .unwrap()
        .1
        .unwrap();
    // Another session of the same key: it may live on another connection, so the session answers
    // destroy_session_ok and tells the host to forget it; destroying one's own session is refused
    // (destroy_session_none).
    assert_eq!(
        RawObject::new(&r[..]).constructor_id(),
        types::DestroySessionOk::CONSTRUCTOR_ID
    );
    assert!(p.server_events.iter().any(|e| matches!(
        e,
        ServerEvent::SessionDestroyed {
            session_id: 555,
            ..
        }
    )));
    let now = p.now;
    let body = functions::DestroySession { session_id: 1 }.to_bytes();
    let req = p.client().session().send(now, body);
    p.run(echo_answer(0));
    let r = p
        .results()
        .into_iter()
        .find(|(r, _)| *r == req)
        .unwrap()
        .1
        .unwrap();
    assert_eq!(
        types::DestroySessionNone::from_bytes(&r)
            .unwrap()
            .session_id,
        1
    );
}

#[test]
fn ping_delay_disconnect_closes_after_the_delay() {
    let mut p = Pair::new(TransportKind::Intermediate, false, Chunking::Whole, 63);
    handshake(&mut p);
    let config = ClientConfig {
        ping_interval: Some(Duration::from_secs(60)),
        disconnect_delay: 75,
        ..ClientConfig::default()
    };
    p.open_session(2, true, config);
    let now = p.now;
    p.client()
        .session()
        .send(now, 0x0a0b_0c0fu32.to_le_bytes().to_vec());
    p.run(echo_answer(4));
    // The keep-alive ping goes out after 60 s and the server arms its 75 s timer.
    p.advance(Duration::from_secs(60));
    let now = p.now;
    p.client().handle_timeout(now);
    p.run(echo_answer(4));
    let deadline = p
        .server
        .poll_timeout()
        .expect("armed by ping_delay_disconnect");
    assert_eq!(deadline.as_secs(), p.now.as_secs() + 75);
    p.server.handle_timeout(p.now.plus(Duration::from_secs(74)));
    assert!(!p.server.is_closed());
    p.server.handle_timeout(deadline);
    assert!(p.server.is_closed());
    assert_eq!(
        p.server.poll_event(),
        Some(ServerEvent::Closed(CloseReason::PingTimeout))
    );
}

#[test]
fn temporary_key_handshake() {
    let mut p = Pair::new(TransportKind::Abridged, true, Chunking::Random(9), 64);
    let key = common::rsa_key().public().clone();
    let created = p.handshake(ClientHandshakeConfig::temporary(vec![key], 2, 3600));
    assert_eq!(created.expires_at, Some(common::T0 as i64 + 3600));
    assert_eq!(
        p.keys.expires_at(created.key.id()),
        Some(common::T0 as i64 + 3600)
    );
}

#[test]
fn legacy_rsa_and_plain_inner_data_like_telethon() {
    let mut p = Pair::new(TransportKind::Full, false, Chunking::Whole, 65);
    let key = common::rsa_key().public().clone();
    let config = ClientHandshakeConfig {
        rsa_keys: vec![key],
        inner: mtproto_core::handshake::InnerDataKind::Plain,
        scheme: mtproto_crypto::rsa::RsaScheme::LegacySha1,
    };
    let created = p.handshake(config);
    assert_eq!(created.scheme, mtproto_crypto::rsa::RsaScheme::LegacySha1);
    p.open_session(3, false, quiet());
    let now = p.now;
    p.client().session().send(now, first_query());
    p.run(echo_answer(12));
    assert_eq!(
        p.results().len(),
        1,
        "{:?} {:?}",
        p.server_events,
        p.client_events
    );
}

#[test]
fn reconnect_resends_what_was_not_acknowledged() {
    let mut p = Pair::new(TransportKind::Full, false, Chunking::Whole, 66);
    handshake(&mut p);
    p.open_session(9, true, quiet());
    let now = p.now;
    let word = |w: u32| w.to_le_bytes().to_vec();
    // A first exchange settles the salt (the handshake's first salt is not the server's).
    p.client().session().send(now, word(0x0909_0909));
    p.run(echo_answer(4));
    assert_eq!(p.results().len(), 1);
    p.server_events.clear();
    // Query A is answered and an update pushed, but the connection drops before the client has
    // read either.
    let a = p.client().session().send(now, word(0x0a0a_0a0a));
    let up = p.flush_client();
    p.deliver_to_server(&up);
    p.answer_rpcs(echo_answer(4));
    let key_id = p.created.as_ref().unwrap().key.id();
    assert!(
        p.server
            .push(now, key_id, 9, word(0x0b0b_0b0b), &mut p.rng_s)
    );
    // Query B reaches the server and is still running when the connection drops.
    let b = p.client().session().send(now, word(0x0c0c_0c0c));
    let up = p.flush_client();
    p.deliver_to_server(&up);
    let events: Vec<ServerEvent> = p.server_events.drain(..).collect();
    let running = events
        .iter()
        .filter(|e| matches!(e, ServerEvent::Rpc(_)))
        .count();
    assert_eq!(running, 1, "{events:?}");
    assert!(
        !p.take_server_output().is_empty(),
        "lost with the connection"
    );
    assert_eq!(p.results().len(), 1);

    p.reconnect(TransportKind::Intermediate);
    assert_eq!(p.keys.parked(), 1);
    // The client's next message resumes the session on the new connection: A's answer and the
    // update come again under their original ids, and no new session is announced.
    let ping = p
        .client()
        .session()
        .send(now, functions::Ping { ping_id: 5 }.to_bytes());
    p.run(echo_answer(4));
    assert_eq!(p.keys.parked(), 0);
    let results = p.results();
    assert!(
        results
            .iter()
            .any(|(r, res)| *r == a && res.as_ref().is_ok_and(|x| x[..4] == word(0x0a0a_0a0a)))
    );
    assert!(results.iter().any(|(r, _)| *r == ping));
    assert!(
        p.client_events
            .iter()
            .any(|e| matches!(e, ClientEvent::Update(u) if *u == word(0x0b0b_0b0b)))
    );
    assert!(
        !p.server_events
            .iter()
            .any(|e| matches!(e, ServerEvent::SessionCreated { .. })),
        "{:?}",
        p.server_events
    );
    // B's answer was lost with the old connection: re-sent under its own msg_id, it runs again.
    assert!(!results.iter().any(|(r, _)| *r == b));
    p.advance(Duration::from_secs(10));
    let now = p.now;
    p.client().handle_timeout(now);
    p.run(echo_answer(4));
    assert!(
        p.results()
            .iter()
            .any(|(r, res)| *r == b && res.as_ref().is_ok_and(|x| x[..4] == word(0x0c0c_0c0c)))
    );
}

/// A key store whose writes can be made to fail.
struct FlakyKeys {
    keys: MemoryKeys,
    fail: bool,
}

impl ServerKeys for FlakyKeys {
    fn auth_key(&self, id: AuthKeyId) -> Option<AuthKey> {
        self.keys.auth_key(id)
    }
    fn insert(&mut self, key: AuthKey, expires_at: Option<i64>) -> Result<(), KeyStoreError> {
        if self.fail {
            return Err(KeyStoreError("disk full".into()));
        }
        self.keys.insert(key, expires_at)
    }
    fn layer(&self, id: AuthKeyId) -> Option<i32> {
        self.keys.layer(id)
    }
    fn set_layer(&mut self, id: AuthKeyId, layer: i32) {
        self.keys.set_layer(id, layer)
    }
}

/// One whole exchange on `hs`: the client's outcome and whether the server reported a key.
fn attempt(
    hs: &mut ServerHandshake,
    keys: &mut FlakyKeys,
    seed: u64,
) -> (Result<DhGenOutcome, HandshakeError>, bool) {
    let (mut crng, mut srng) = (
        ChaCha8Rng::seed_from_u64(seed),
        ChaCha8Rng::seed_from_u64(!seed),
    );
    let config = common::server_config();
    let client_config =
        ClientHandshakeConfig::permanent(vec![common::rsa_key().public().clone()], 2);
    let now = UnixTime::from_secs(common::T0);
    let mut server = |req: &[u8]| {
        hs.handle(&config.handshake, now, req, keys, &mut srng)
            .unwrap()
    };
    let (s1, req) = client::start(client_config, now, &mut crng);
    let (s2, req) = s1
        .handle(now, &server(&req).reply.unwrap(), &mut crng)
        .unwrap();
    let (s3, req) = s2
        .handle(now, &server(&req).reply.unwrap(), &mut crng)
        .unwrap();
    let step = server(&req);
    (
        s3.handle(now, &step.reply.unwrap(), &mut crng),
        step.created.is_some(),
    )
}

#[test]
fn a_key_the_store_refuses_is_answered_dh_gen_fail_and_the_client_starts_over() {
    let mut keys = FlakyKeys {
        keys: MemoryKeys::new(),
        fail: true,
    };
    let mut hs = ServerHandshake::new();
    let (outcome, created) = attempt(&mut hs, &mut keys, 67);
    assert!(matches!(outcome, Err(HandshakeError::GenFailed)));
    assert!(!created);
    assert!(keys.keys.is_empty());
    // The same connection accepts a fresh req_pq_multi; this time the key is stored.
    keys.fail = false;
    let (outcome, created) = attempt(&mut hs, &mut keys, 68);
    let Ok(DhGenOutcome::Done(key)) = outcome else {
        panic!("expected dh_gen_ok, got {outcome:?}");
    };
    assert!(created);
    assert!(keys.auth_key(key.key.id()).is_some());
}
