//! Shared fixtures for the integration tests.
#![allow(dead_code)]

use chat_store::engine::{MemoryEngine, SledConfig, SledEngine};
use chat_store::ids::{Date, MsgId, Peer, RandomId, UserId};
use chat_store::model::user::{User, UserStatus};
use chat_store::{SendMessage, Sent, Store};

/// A user with a phone derived from the id.
pub fn user(id: i64) -> User {
    User {
        id: UserId(id),
        access_hash: id * 7919,
        phone: format!("1555{id:07}"),
        first_name: format!("User {id}"),
        last_name: String::new(),
        username: None,
        status: UserStatus::Empty,
    }
}

/// An in-memory store.
pub fn memory() -> Store<MemoryEngine> {
    Store::open(MemoryEngine::new()).expect("open memory store")
}

/// A sled store in `dir`.
pub fn sled(dir: &std::path::Path) -> Store<SledEngine> {
    Store::open(SledEngine::open(dir, &SledConfig::default()).expect("open sled"))
        .expect("open store")
}

/// A text message.
pub fn text(from: i64, peer: Peer, random_id: i64, date: u32, text: &str) -> SendMessage {
    SendMessage {
        from: UserId(from),
        peer,
        random_id: RandomId(random_id),
        date: Date(date),
        text: text.to_owned(),
        media: None,
        reply_to: None,
    }
}

/// Sends and unwraps.
pub fn send<E: chat_store::engine::Engine>(
    s: &Store<E>,
    from: i64,
    peer: Peer,
    rid: i64,
    date: u32,
    body: &str,
) -> Sent {
    s.send(text(from, peer, rid, date, body)).expect("send")
}

/// Message ids of a list.
pub fn ids(msgs: &[chat_store::model::message::Message]) -> Vec<i32> {
    msgs.iter().map(|m| m.id.0).collect()
}

/// Shorthand for a private peer.
pub fn pu(id: i64) -> Peer {
    Peer::User(UserId(id))
}

/// Shorthand for a message id.
pub fn mid(id: i32) -> MsgId {
    MsgId(id)
}
