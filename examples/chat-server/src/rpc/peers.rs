//! Peers: resolving the client's `InputPeer` to a dialog of the caller, the TL `Peer` of a stored
//! one, and the `users` a result references (<https://core.telegram.org/api/peers>).

use std::collections::BTreeSet;

use chat_store::StoreError;
use chat_store::ids::{ChatId, Peer, UserId};
use chat_store::model::message::Message as StoredMessage;
use mtproto_core::dispatch::Answer;
use mtproto_core::tl::api::{enums, types};
use mtproto_core::tl::mtproto::types::RpcError;

use super::users::tl_user;
use super::{Handler, error, internal};

/// `400 PEER_ID_INVALID`.
pub fn peer_invalid() -> RpcError<'static> {
    error(400, "PEER_ID_INVALID")
}

/// The dialog an `InputPeer` names, from the caller's side: self, a user whose access hash
/// matches, or a basic group the caller belongs to. Channels are not served yet.
pub fn resolve_peer(h: &Handler<'_>, me: UserId, input: &enums::InputPeer) -> Answer<Peer> {
    match input {
        enums::InputPeer::InputPeerSelf(_) => Ok(Peer::User(me)),
        enums::InputPeer::User(u) => resolve_user(h, me, u.user_id, u.access_hash),
        enums::InputPeer::Chat(c) => super::chats::resolve_chat_peer(h, me, c.chat_id),
        _ => Err(peer_invalid()),
    }
}

/// A user the caller names by id and access hash (any hash for the caller itself).
fn resolve_user(h: &Handler<'_>, me: UserId, id: i64, access_hash: i64) -> Answer<Peer> {
    let id = UserId(id);
    if id == me {
        return Ok(Peer::User(me));
    }
    match h.app.store.user(id) {
        Ok(user) if user.access_hash == access_hash => Ok(Peer::User(id)),
        Ok(_) | Err(StoreError::UserNotFound(_)) => Err(peer_invalid()),
        Err(e) => Err(internal(e)),
    }
}

/// The TL `Peer` of a stored peer.
pub fn tl_peer(peer: Peer) -> enums::Peer {
    match peer {
        Peer::User(u) => types::PeerUser { user_id: u.0 }.into(),
        Peer::Chat(c) => types::PeerChat { chat_id: c.0 }.into(),
        Peer::Channel(c) => types::PeerChannel { channel_id: c.0 }.into(),
    }
}

/// The users and basic groups a result references (senders, dialog peers), each listed once.
#[derive(Debug, Default)]
pub struct Mentions {
    users: BTreeSet<UserId>,
    chats: BTreeSet<ChatId>,
}

impl Mentions {
    /// Mentions of the caller alone (clients expect their own `user` in most results).
    pub fn me(me: UserId) -> Mentions {
        let mut m = Mentions::default();
        m.users.insert(me);
        m
    }

    /// Adds a peer (users and basic groups; channels are not served yet).
    pub fn peer(&mut self, peer: Peer) {
        match peer {
            Peer::User(u) => {
                self.users.insert(u);
            }
            Peer::Chat(c) => {
                self.chats.insert(c);
            }
            Peer::Channel(_) => {}
        }
    }

    /// Adds a message's sender and dialog peer.
    pub fn message(&mut self, m: &StoredMessage) {
        self.users.insert(m.from);
        self.peer(m.peer);
    }

    /// The TL users, as `viewer` sees them (users that no longer exist are left out).
    pub fn users(&self, h: &Handler<'_>, viewer: UserId) -> Answer<Vec<enums::User<'static>>> {
        let mut out = Vec::with_capacity(self.users.len());
        for &id in &self.users {
            match h.app.store.user(id) {
                Ok(u) => out.push(tl_user(&u, viewer, h.now)),
                Err(StoreError::UserNotFound(_)) => {}
                Err(e) => return Err(internal(e)),
            }
        }
        Ok(out)
    }

    /// The TL chats, as `viewer` sees them (groups `viewer` no longer belongs to are left out).
    pub fn chats(&self, h: &Handler<'_>, viewer: UserId) -> Answer<Vec<enums::Chat<'static>>> {
        super::chats::tl_chats(h, viewer, self.chats.iter().map(|&c| Peer::Chat(c)))
    }
}
