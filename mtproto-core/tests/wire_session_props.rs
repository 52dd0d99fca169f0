//! Property test: random interleavings and losses between a client and a server session never
//! lose or duplicate an RPC result (each request gets exactly one answer, and the host runs each
//! query once).

mod common;

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;
use std::time::Duration;

use common::{Chunking, Pair};
use mtproto_core::handshake::CreatedKey;
use mtproto_core::handshake::client::ClientHandshakeConfig;
use mtproto_core::session::client::{ClientConfig, ClientEvent};
use mtproto_core::session::server::{RpcAnswer, ServerEvent};
use mtproto_core::transport::TransportKind;
use proptest::prelude::*;

fn key() -> CreatedKey {
    static KEY: OnceLock<CreatedKey> = OnceLock::new();
    KEY.get_or_init(|| {
        let mut p = Pair::new(TransportKind::Intermediate, false, Chunking::Whole, 1);
        p.handshake(ClientHandshakeConfig::permanent(
            vec![common::rsa_key().public().clone()],
            2,
        ))
    })
    .clone()
}

#[derive(Debug, Clone)]
enum Op {
    Send,
    ClientFlush { drop: bool },
    ServerAnswer,
    ServerFlush { drop: bool },
    Wait(u64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => Just(Op::Send),
        3 => any::<bool>().prop_map(|d| Op::ClientFlush { drop: d }),
        2 => Just(Op::ServerAnswer),
        3 => any::<bool>().prop_map(|d| Op::ServerFlush { drop: d }),
        1 => (0u64..7).prop_map(Op::Wait),
    ]
}

/// The answer to a query is the query itself (4-byte aligned): results can be checked.
fn echo(q: &[u8]) -> RpcAnswer {
    RpcAnswer::Result(q.to_vec())
}

struct World {
    p: Pair,
    sent: HashMap<mtproto_core::session::client::RequestId, Vec<u8>>,
    seen_by_host: HashSet<(i64, i64)>,
    next: u32,
}

impl World {
    fn server_rpcs(&mut self) {
        let events = std::mem::take(&mut self.p.server_events);
        for e in events {
            if let ServerEvent::Rpc(call) = e {
                let fresh = self
                    .seen_by_host
                    .insert((call.handle.session_id, call.handle.msg_id.0));
                assert!(
                    fresh,
                    "the host saw the same query twice: {:?}",
                    call.handle
                );
                let a = echo(&call.query);
                self.p
                    .server
                    .respond(self.p.now, call.handle, a, &mut self.p.rng_s);
            }
        }
    }

    fn apply(&mut self, op: &Op) {
        match op {
            Op::Send => {
                let q = (0x7000_0000 + self.next).to_le_bytes().to_vec();
                self.next += 1;
                let now = self.p.now;
                let id = self.p.client().session().send(now, q.clone());
                self.sent.insert(id, q);
            }
            Op::ClientFlush { drop } => {
                let up = self.p.flush_client();
                if !drop && !up.is_empty() {
                    self.p.deliver_to_server(&up);
                }
            }
            Op::ServerAnswer => self.server_rpcs(),
            Op::ServerFlush { drop } => {
                let down = self.p.take_server_output();
                if !drop && !down.is_empty() {
                    self.p.deliver_to_client(&down);
                }
            }
            Op::Wait(s) => {
                self.p.advance(Duration::from_secs(*s));
                let now = self.p.now;
                self.p.client().handle_timeout(now);
            }
        }
    }

    /// No more losses: run until every request is answered.
    fn settle(&mut self) {
        for _ in 0..20 {
            for _ in 0..8 {
                let up = self.p.flush_client();
                if !up.is_empty() {
                    self.p.deliver_to_server(&up);
                }
                self.server_rpcs();
                let down = self.p.take_server_output();
                if !down.is_empty() {
                    self.p.deliver_to_client(&down);
                }
                if up.is_empty() && down.is_empty() {
                    break;
                }
            }
            if self.p.client().session().pending() == 0 {
                return;
            }
            self.p.advance(Duration::from_secs(11));
            let now = self.p.now;
            self.p.client().handle_timeout(now);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn no_result_is_lost_or_duplicated(ops in proptest::collection::vec(op(), 1..40), seed in 0u64..1000) {
        let mut p = Pair::with_key(key(), TransportKind::Intermediate, seed);
        p.open_session(seed as i64 + 1, false, ClientConfig { ping_interval: None, ..ClientConfig::default() });
        // The transport tag reaches the server first (a lost tag is a lost connection, not a
        // lost message).
        let tag = p.flush_client();
        p.deliver_to_server(&tag);
        let mut w = World { p, sent: HashMap::new(), seen_by_host: HashSet::new(), next: 0 };
        for op in &ops {
            w.apply(op);
        }
        w.settle();
        let mut got = HashMap::new();
        for e in &w.p.client_events {
            if let ClientEvent::Result { request, result } = e {
                prop_assert!(got.insert(*request, result.clone()).is_none(), "duplicate result for {:?}", request);
            }
        }
        prop_assert_eq!(got.len(), w.sent.len(), "every request answered");
        for (id, q) in &w.sent {
            prop_assert_eq!(got[id].as_ref().unwrap(), q);
        }
    }
}
