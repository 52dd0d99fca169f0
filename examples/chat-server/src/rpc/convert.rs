//! Stored data as TL: a stored message as `message`, and an account's update-log entries
//! (chat-store's [`Event`] with its pts, pts_count and date) as the TL updates they stand for
//! (<https://core.telegram.org/api/updates>). Live pushes, RPC results that carry updates and
//! `updates.getDifference` all go through [`convert`], so a client sees the same update with the
//! same pts whichever way it arrives.

use std::borrow::Cow;
use std::collections::HashMap;

use chat_store::StoreError;
use chat_store::ids::{Date, MsgId, Owner, Peer, UserId};
use chat_store::model::event::Event;
use chat_store::model::message::Message as StoredMessage;
use mtproto_core::dispatch::Answer;
use mtproto_core::tl::api::{enums, types};
use updates::server::Entry;

use super::peers::{Mentions, tl_peer};
use super::{Handler, internal};

/// A stored message as TL `message`, seen by the owner of its box.
pub fn tl_message(m: &StoredMessage) -> enums::Message<'static> {
    types::Message {
        out: m.out,
        id: m.id.0,
        from_id: Some(tl_peer(Peer::User(m.from))),
        peer_id: tl_peer(m.peer),
        date: m.date.0 as i32,
        message: Cow::Owned(m.text.clone()),
        edit_date: m.edit_date.map(|d| d.0 as i32),
        reply_to: m.reply_to.map(|id| {
            types::MessageReplyHeader {
                reply_to_msg_id: Some(id.0),
                ..Default::default()
            }
            .into()
        }),
        ..Default::default()
    }
    .into()
}

/// Log entries of one account as TL updates, with what they reference.
pub struct Converted {
    /// One update per entry, in pts order; entries naming a message that no longer exists
    /// (deleted since) are left out.
    pub updates: Vec<enums::Update<'static>>,
    /// Senders and peers the updates name.
    pub mentions: Mentions,
    /// The newest entry's date.
    pub date: Date,
}

impl Converted {
    /// The updates as one `updates` container (`seq` 0: unordered, the pts orders them), with
    /// the users it references as `owner` sees them.
    pub fn container(self, h: &Handler<'_>, owner: UserId) -> Answer<enums::Updates<'static>> {
        Ok(types::Updates {
            updates: self.updates,
            users: self.mentions.users(h, owner)?,
            chats: self.mentions.chats(h, owner)?,
            date: self.date.0 as i32,
            seq: 0,
        }
        .into())
    }
}

/// Converts the entries of `owner`'s common box (others in `entries` are skipped). Messages the
/// entries name are read from the store in one batch; a read marker's `still_unread_count` is
/// the dialog's current unread count.
pub fn convert(h: &Handler<'_>, owner: UserId, entries: &[Entry<Event>]) -> Answer<Converted> {
    let mine: Vec<&Entry<Event>> = entries
        .iter()
        .filter(|e| e.owner == Owner::Common(owner))
        .collect();
    let ids: Vec<MsgId> = mine
        .iter()
        .filter_map(|e| match e.payload {
            Event::NewMessage { id } | Event::EditMessage { id, .. } => Some(id),
            _ => None,
        })
        .collect();
    let messages: HashMap<MsgId, StoredMessage> = if ids.is_empty() {
        HashMap::new()
    } else {
        h.app
            .store
            .messages(owner, &ids)
            .map_err(internal)?
            .into_iter()
            .map(|m| (m.id, m))
            .collect()
    };
    let mut out = Converted {
        updates: Vec::with_capacity(mine.len()),
        mentions: Mentions::me(owner),
        date: Date(0),
    };
    for entry in mine {
        out.date = out.date.max(entry.date);
        if let Some(update) = entry_update(h, owner, entry, &messages, &mut out.mentions)? {
            out.updates.push(update);
        }
    }
    Ok(out)
}

/// One entry as its TL update.
fn entry_update(
    h: &Handler<'_>,
    owner: UserId,
    entry: &Entry<Event>,
    messages: &HashMap<MsgId, StoredMessage>,
    mentions: &mut Mentions,
) -> Answer<Option<enums::Update<'static>>> {
    let pts = entry.pts.0 as i32;
    let pts_count = entry.pts_count.0 as i32;
    let mut message = |id: &MsgId| {
        messages.get(id).map(|m| {
            mentions.message(m);
            tl_message(m)
        })
    };
    Ok(match &entry.payload {
        Event::NewMessage { id } => message(id).map(|message| {
            types::UpdateNewMessage {
                message,
                pts,
                pts_count,
            }
            .into()
        }),
        Event::EditMessage { id, .. } => message(id).map(|message| {
            types::UpdateEditMessage {
                message,
                pts,
                pts_count,
            }
            .into()
        }),
        Event::DeleteMessages { ids } => Some(
            types::UpdateDeleteMessages {
                messages: ids.iter().map(|id| id.0).collect(),
                pts,
                pts_count,
            }
            .into(),
        ),
        Event::ReadInbox { peer, max_id } => {
            mentions.peer(*peer);
            let still_unread = match h.app.store.dialog(owner, *peer) {
                Ok(d) => d.dialog.unread_count,
                Err(StoreError::PeerNotFound(_)) => 0,
                Err(e) => return Err(internal(e)),
            };
            Some(
                types::UpdateReadHistoryInbox {
                    peer: tl_peer(*peer),
                    max_id: max_id.0,
                    still_unread_count: still_unread as i32,
                    pts,
                    pts_count,
                    ..Default::default()
                }
                .into(),
            )
        }
        Event::ReadOutbox { peer, max_id } => {
            mentions.peer(*peer);
            Some(
                types::UpdateReadHistoryOutbox {
                    peer: tl_peer(*peer),
                    max_id: max_id.0,
                    pts,
                    pts_count,
                }
                .into(),
            )
        }
        // Secret-chat events live in the qts box, not in a common box.
        Event::Encrypted { .. } => None,
    })
}
