//! The Message Handling Service's first RPCs: `messages.sendMessage` and `messages.getHistory`
//! for private chats (<https://core.telegram.org/method/messages.sendMessage>). Sends go through
//! chat-store, which allocates the pts in the same durable write; the log entries it returns
//! become live pushes to the other sessions of both accounts (`crate::online`).

use std::borrow::Cow;

use chat_store::ids::{Date, MsgId, Owner, Peer, RandomId, UserId};
use chat_store::model::event::Event;
use chat_store::model::message::Message as StoredMessage;
use chat_store::{HistoryQuery, SendMessage, Sent, StoreError};
use mtproto_core::dispatch::Answer;
use mtproto_core::tl::Serialize;
use mtproto_core::tl::api::{enums, functions, types};
use mtproto_core::tl::mtproto::types::RpcError;

use super::users::tl_user;
use super::{Handler, error, internal};
use crate::online::Push;

fn peer_invalid() -> RpcError<'static> {
    error(400, "PEER_ID_INVALID")
}

/// The dialog an `InputPeer` names, from the caller's side: self or a user whose access hash
/// matches, or a basic group the caller belongs to. Channels are not served yet.
fn resolve_peer(h: &Handler<'_>, me: UserId, input: &enums::InputPeer) -> Answer<Peer> {
    match input {
        enums::InputPeer::InputPeerSelf(_) => Ok(Peer::User(me)),
        enums::InputPeer::User(u) => {
            let id = UserId(u.user_id);
            if id == me {
                return Ok(Peer::User(me));
            }
            match h.app.store.user(id) {
                Ok(user) if user.access_hash == u.access_hash => Ok(Peer::User(id)),
                Ok(_) | Err(StoreError::UserNotFound(_)) => Err(peer_invalid()),
                Err(e) => Err(internal(e)),
            }
        }
        enums::InputPeer::Chat(c) => super::chats::resolve_chat_peer(h, me, c.chat_id),
        _ => Err(peer_invalid()),
    }
}

fn tl_peer(peer: Peer) -> Answer<enums::Peer> {
    match peer {
        Peer::User(u) => Ok(types::PeerUser { user_id: u.0 }.into()),
        Peer::Chat(c) => Ok(types::PeerChat { chat_id: c.0 }.into()),
        Peer::Channel(_) => Err(peer_invalid()),
    }
}

/// A stored message as TL `message`, seen by the owner of its box.
pub(super) fn tl_message(m: &StoredMessage) -> Answer<enums::Message<'static>> {
    Ok(types::Message {
        out: m.out,
        id: m.id.0,
        from_id: Some(types::PeerUser { user_id: m.from.0 }.into()),
        peer_id: tl_peer(m.peer)?,
        date: m.date.0 as i32,
        message: Cow::Owned(m.text.clone()),
        edit_date: m.edit_date.map(|d| d.0 as i32),
        ..Default::default()
    }
    .into())
}

/// `messages.sendMessage` (text, private chats). To self the answer is an `updates` container
/// with `updateMessageID` + `updateNewMessage`, as some clients require (SERVER-INTEROP.md §4.2);
/// to others `updateShortSentMessage`.
pub fn send_message(
    h: &mut Handler<'_>,
    req: &functions::messages::SendMessage<'_>,
) -> Answer<enums::Updates<'static>> {
    let me = h.me()?;
    let peer = resolve_peer(h, me, &req.peer)?;
    if req.message.trim().is_empty() {
        return Err(error(400, "MESSAGE_EMPTY"));
    }
    let sent = h
        .app
        .store
        .send(SendMessage {
            from: me,
            peer,
            random_id: RandomId(req.random_id),
            date: Date(h.now),
            text: req.message.to_string(),
            media: None,
            reply_to: None,
        })
        .map_err(|e| match e {
            StoreError::TooLong { .. } => error(400, "MESSAGE_TOO_LONG"),
            other => internal(other),
        })?;
    if let Peer::Chat(_) = peer {
        return super::chats::sent_to_chat(h, me, peer, &sent, req.random_id, &req.message);
    }
    if let Peer::User(other) = peer
        && other != me
    {
        publish_private(h, me, other, &sent, &req.message);
        return Ok(types::UpdateShortSentMessage {
            out: true,
            id: sent.id.0,
            pts: sent.pts.0 as i32,
            pts_count: sent.pts_count.0 as i32,
            date: sent.date.0 as i32,
            ..Default::default()
        }
        .into());
    }
    let message = StoredMessage {
        id: sent.id,
        from: me,
        peer,
        out: true,
        date: sent.date,
        text: req.message.to_string(),
        media: None,
        reply_to: None,
        edit_date: None,
        version: 0,
        random_id: Some(RandomId(req.random_id)),
        origin: None,
    };
    let user = h.app.store.user(me).map_err(internal)?;
    let updates: enums::Updates<'static> = types::Updates {
        updates: vec![
            types::UpdateMessageID {
                id: sent.id.0,
                random_id: req.random_id,
            }
            .into(),
            types::UpdateNewMessage {
                message: tl_message(&message)?,
                pts: sent.pts.0 as i32,
                pts_count: sent.pts_count.0 as i32,
            }
            .into(),
        ],
        users: vec![tl_user(&user, me, h.now)],
        chats: Vec::new(),
        date: sent.date.0 as i32,
        seq: 0,
    }
    .into();
    if !sent.duplicate {
        h.pushes.push(Push {
            user: me,
            body: updates.to_bytes(),
            skip: Some((h.key, h.session)),
        });
    }
    Ok(updates)
}

/// Live updates of a private send: `updateShortMessage` for the recipient's sessions (their
/// copy's id and pts) and for the sender's other sessions (`out`, the sender's pts).
fn publish_private(h: &mut Handler<'_>, me: UserId, other: UserId, sent: &Sent, text: &str) {
    for entry in &sent.entries {
        let (Owner::Common(owner), Event::NewMessage { id }) = (entry.owner, &entry.payload) else {
            continue;
        };
        let out = owner == me;
        let body = enums::Updates::from(types::UpdateShortMessage {
            out,
            id: id.0,
            user_id: if out { other.0 } else { me.0 },
            message: Cow::Owned(text.to_string()),
            pts: entry.pts.0 as i32,
            pts_count: entry.pts_count.0 as i32,
            date: entry.date.0 as i32,
            ..Default::default()
        })
        .to_bytes();
        h.pushes.push(Push {
            user: owner,
            body,
            skip: out.then_some((h.key, h.session)),
        });
    }
}

/// `messages.getHistory` of a private chat or basic group, newest first, with the users and
/// chats it mentions.
pub fn get_history(
    h: &Handler<'_>,
    req: &functions::messages::GetHistory,
) -> Answer<enums::messages::Messages<'static>> {
    let me = h.me()?;
    let peer = resolve_peer(h, me, &req.peer)?;
    let query = HistoryQuery {
        offset_id: MsgId(req.offset_id),
        offset_date: Date(u32::try_from(req.offset_date).unwrap_or(0)),
        add_offset: req.add_offset,
        limit: u32::try_from(req.limit).unwrap_or(0),
        max_id: MsgId(req.max_id),
        min_id: MsgId(req.min_id),
    };
    let page = h.app.store.history(me, peer, query).map_err(internal)?;
    let messages = page.iter().map(tl_message).collect::<Answer<Vec<_>>>()?;
    let mut ids = vec![me];
    if let Peer::User(other) = peer
        && other != me
    {
        ids.push(other);
    }
    for m in &page {
        if !ids.contains(&m.from) {
            ids.push(m.from);
        }
    }
    let users = ids
        .into_iter()
        .map(|id| h.app.store.user(id).map(|u| tl_user(&u, me, h.now)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(internal)?;
    Ok(types::messages::Messages {
        messages,
        topics: Vec::new(),
        chats: super::chats::tl_chats(h, me, [peer])?,
        users,
    }
    .into())
}
