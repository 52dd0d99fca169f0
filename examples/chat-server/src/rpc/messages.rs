//! The Message Handling Service's writes for private chats: `messages.sendMessage`,
//! `messages.editMessage`, `messages.deleteMessages`, `messages.readHistory`, and the live-only
//! `messages.setTyping`. Each write goes through chat-store, which allocates the pts in the same
//! durable write; the log entries it returns are published to every affected account
//! ([`super::updates::publish`]) with the same numbering as the RPC result
//! (<https://core.telegram.org/api/updates>).

use chat_store::ids::{Date, MsgId, Owner, Peer, PtsCount, RandomId, UserId};
use chat_store::model::event::Event;
use chat_store::{Affected, EditMessage, SendMessage, StoreError};
use mtproto_core::dispatch::Answer;
use mtproto_core::tl::api::{enums, functions, types};
use mtproto_core::tl::{IntoOwned, Serialize};
use updates::server::Entry;

use super::convert::convert;
use super::peers::resolve_peer;
use super::updates::publish;
use super::{Handler, error, internal};
use crate::online::Push;

/// `messages.sendMessage` (<https://core.telegram.org/method/messages.sendMessage>), text in
/// private chats and basic groups. To self and to a group the answer is an `updates` container
/// with `updateMessageID` + `updateNewMessage` (and the group), as some clients require for self
/// (SERVER-INTEROP.md §4.2) and Telegram does for groups; to another user
/// `updateShortSentMessage`. Each member of a group gets its own copy live.
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
    publish(h, me, &sent.entries)?;
    if let Peer::User(other) = peer
        && other != me
    {
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
    // The sender's own entry (also for a retried send, whose entries are not returned again).
    let own = Entry {
        owner: Owner::Common(me),
        pts: sent.pts,
        pts_count: sent.pts_count,
        date: sent.date,
        payload: Event::NewMessage { id: sent.id },
    };
    let mut converted = convert(h, me, &[own])?;
    converted.updates.insert(
        0,
        types::UpdateMessageID {
            id: sent.id.0,
            random_id: req.random_id,
        }
        .into(),
    );
    converted.container(h, me)
}

/// The `messages.affectedMessages` of a write.
fn affected(a: &Affected) -> enums::messages::AffectedMessages {
    types::messages::AffectedMessages {
        pts: a.pts.0 as i32,
        pts_count: a.pts_count.0 as i32,
    }
    .into()
}

/// `messages.editMessage` (<https://core.telegram.org/method/messages.editMessage>): new text for
/// one of the caller's messages, on every copy. Answers `updates{updateEditMessage}`; the other
/// side and the caller's other sessions get the same update live.
pub fn edit_message(
    h: &mut Handler<'_>,
    req: &functions::messages::EditMessage<'_>,
) -> Answer<enums::Updates<'static>> {
    let me = h.me()?;
    let peer = resolve_peer(h, me, &req.peer)?;
    let id = MsgId(req.id);
    let current = h
        .app
        .store
        .messages(me, &[id])
        .map_err(internal)?
        .into_iter()
        .find(|m| m.peer == peer)
        .ok_or_else(|| error(400, "MESSAGE_ID_INVALID"))?;
    let Some(text) = req.message.as_deref() else {
        // Only the text can be edited here: media, markup and entities are not stored.
        return Err(error(400, "MESSAGE_NOT_MODIFIED"));
    };
    if text.trim().is_empty() {
        return Err(error(400, "MESSAGE_EMPTY"));
    }
    if !current.out {
        return Err(error(403, "MESSAGE_AUTHOR_REQUIRED"));
    }
    if current.text == text {
        return Err(error(400, "MESSAGE_NOT_MODIFIED"));
    }
    let (done, _version) = h
        .app
        .store
        .edit(EditMessage {
            editor: me,
            peer,
            id,
            text: text.to_string(),
            date: Date(h.now),
            if_version: None,
        })
        .map_err(|e| match e {
            StoreError::MessageNotFound(_) => error(400, "MESSAGE_ID_INVALID"),
            StoreError::Forbidden(_) => error(403, "MESSAGE_AUTHOR_REQUIRED"),
            StoreError::TooLong { .. } => error(400, "MESSAGE_TOO_LONG"),
            other => internal(other),
        })?;
    match publish(h, me, &done.entries)? {
        Some(updates) => Ok(updates),
        // The edit wrote the caller's box, so this is reached only if the message vanished
        // between the write and the read-back.
        None => Err(error(400, "MESSAGE_ID_INVALID")),
    }
}

/// `messages.deleteMessages` (<https://core.telegram.org/method/messages.deleteMessages>): from
/// the caller's box, and with `revoke` from the other side's too (either side of a private chat
/// may). Ids that are not in the caller's box are ignored.
pub fn delete_messages(
    h: &mut Handler<'_>,
    req: &functions::messages::DeleteMessages,
) -> Answer<enums::messages::AffectedMessages> {
    let me = h.me()?;
    let ids = req.id.iter().map(|&id| MsgId(id)).collect();
    let done = h
        .app
        .store
        .delete_messages(me, ids, req.revoke, Date(h.now))
        .map_err(|e| match e {
            StoreError::Forbidden(_) => error(403, "MESSAGE_DELETE_FORBIDDEN"),
            StoreError::TooLong { .. } => error(400, "LIMIT_INVALID"),
            other => internal(other),
        })?;
    publish(h, me, &done.entries)?;
    Ok(affected(&done))
}

/// `messages.readHistory` (<https://core.telegram.org/method/messages.readHistory>): marks the
/// dialog's incoming messages up to `max_id` (0: all) read. The caller's other sessions get
/// `updateReadHistoryInbox`, the other side of a private chat `updateReadHistoryOutbox`.
pub fn read_history(
    h: &mut Handler<'_>,
    req: &functions::messages::ReadHistory,
) -> Answer<enums::messages::AffectedMessages> {
    let me = h.me()?;
    let peer = resolve_peer(h, me, &req.peer)?;
    let done = match h
        .app
        .store
        .read_history(me, peer, MsgId(req.max_id), Date(h.now))
    {
        Ok(done) => done,
        // No dialog yet: nothing to read.
        Err(StoreError::PeerNotFound(_)) => {
            let (common, _) = h.app.store.state(me).map_err(internal)?;
            Affected {
                pts: common.pts,
                pts_count: PtsCount(0),
                entries: Vec::new(),
            }
        }
        Err(e) => return Err(internal(e)),
    };
    publish(h, me, &done.entries)?;
    Ok(affected(&done))
}

/// `messages.setTyping` (<https://core.telegram.org/method/messages.setTyping>): not stored;
/// relayed live to the other side of a private chat as `updateShort{updateUserTyping}`.
pub fn set_typing(h: &mut Handler<'_>, req: &functions::messages::SetTyping<'_>) -> Answer<bool> {
    let me = h.me()?;
    let peer = resolve_peer(h, me, &req.peer)?;
    if let Peer::User(other) = peer
        && other != me
    {
        relay_typing(h, me, other, &req.action);
    }
    Ok(true)
}

/// Pushes `me`'s typing action to `other`'s sessions.
fn relay_typing(
    h: &mut Handler<'_>,
    me: UserId,
    other: UserId,
    action: &enums::SendMessageAction<'_>,
) {
    let body = enums::Updates::from(types::UpdateShort {
        update: types::UpdateUserTyping {
            user_id: me.0,
            top_msg_id: None,
            action: action.clone().into_owned(),
        }
        .into(),
        date: h.now as i32,
    })
    .to_bytes();
    h.pushes.push(Push {
        user: other,
        body,
        skip: None,
    });
}
