//! Sending, editing and deleting messages.
//!
//! A private or basic-group message is one copy per participant's common box, each with its own
//! id and its own pts, all in one atomic write (every box lives in this store; a multi-node
//! deployment would split it per shard, see `docs/storage.md`). A channel message is one copy in
//! the channel's box with the channel's pts. <https://core.telegram.org/api/updates>
//!
//! Edit conflicts: the single writer serialises edits of one message; each applied edit bumps
//! the version by one and is one log event, and the last edit in log order wins on every copy
//! and every device. A client wanting compare-and-set passes `if_version`; a stale one gets
//! [`StoreError::EditConflict`] and nothing changes.

use updates::server::Entry;

use crate::codec::Record;
use crate::engine::{Engine, Tree};
use crate::error::{StoreError, check_len};
use crate::ids::{Date, FileId, MsgId, Owner, Peer, Pts, PtsCount, RandomId, UserId};
use crate::keys;
use crate::limits::{MAX_IDS, MAX_TEXT_BYTES};
use crate::model::channel::{ChatKind, Role};
use crate::model::event::Event;
use crate::model::message::{Copies, Message, RandRef};
use crate::ops::chats::{members, require_member};
use crate::ops::dialogs::{after_delete, on_new_message};
use crate::ops::files::grant_for_message;
use crate::ops::log::{append, box_state, put_box};
use crate::ops::users::require_user;
use crate::txn::Txn;

/// A message to send.
#[derive(Debug, Clone)]
pub struct SendMessage {
    /// The sender.
    pub from: UserId,
    /// The dialog, seen from the sender.
    pub peer: Peer,
    /// The client's idempotency key.
    pub random_id: RandomId,
    /// The send date (raised to the box's last date if the clock went backwards).
    pub date: Date,
    /// Text (may be empty when media is attached).
    pub text: String,
    /// An attached file the sender can access.
    pub media: Option<FileId>,
    /// The message replied to, as an id in the sender's box (or the channel).
    pub reply_to: Option<MsgId>,
}

/// The outcome of a send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// The sender's copy's id (or the channel message id).
    pub id: MsgId,
    /// Its date.
    pub date: Date,
    /// The sender's box (or channel) pts after the send (`updateShortSentMessage.pts`).
    pub pts: Pts,
    /// Always 1.
    pub pts_count: PtsCount,
    /// Whether this was a retry of an earlier send with the same random id.
    pub duplicate: bool,
    /// The log entries of every box the send touched (empty for a duplicate), for the live push.
    pub entries: Vec<Entry<Event>>,
}

/// The pts outcome of an edit, delete or read (`messages.affectedMessages`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Affected {
    /// The caller's box (or the channel) pts after the change.
    pub pts: Pts,
    /// How many numbers the change took in that box (0 if nothing changed).
    pub pts_count: PtsCount,
    /// Every log entry written, for the live push.
    pub entries: Vec<Entry<Event>>,
}

/// An edit.
#[derive(Debug, Clone)]
pub struct EditMessage {
    /// The editor.
    pub editor: UserId,
    /// The dialog.
    pub peer: Peer,
    /// The message, as an id in the editor's box (or the channel).
    pub id: MsgId,
    /// The new text.
    pub text: String,
    /// The edit date.
    pub date: Date,
    /// Apply only if the message is still at this version.
    pub if_version: Option<u32>,
}

/// The owner of the box holding the sender's side of a dialog.
pub(crate) fn box_of(user: UserId, peer: Peer) -> Owner {
    match peer {
        Peer::Channel(c) => Owner::Channel(c),
        _ => Owner::Common(user),
    }
}

fn next_msg_id<E: Engine + ?Sized>(tx: &mut Txn<'_, E>, owner: Owner) -> Result<MsgId, StoreError> {
    let mut st = box_state(tx, owner)?;
    st.last_msg_id = MsgId(
        st.last_msg_id
            .0
            .checked_add(1)
            .ok_or(StoreError::Sequence("message ids exhausted".into()))?,
    );
    put_box(tx, owner, &st);
    Ok(st.last_msg_id)
}

/// Stores a message; in a common box also its copy in the dialog index (`peer_msg` holds the
/// same record, so a history page is one range scan).
pub(crate) fn put_message<E: Engine + ?Sized>(tx: &mut Txn<'_, E>, owner: Owner, msg: &Message) {
    let bytes = msg.encode();
    if let Owner::Common(u) = owner {
        tx.put_raw(
            Tree::PeerMsg,
            keys::peer_msg(u, msg.peer, msg.id),
            bytes.clone(),
        );
    }
    tx.put_raw(Tree::Msg, keys::msg(owner, msg.id), bytes);
}

/// The id of the copy of `msg` (a message in `user`'s common box) in `target`'s box.
pub(crate) fn copy_in<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    user: UserId,
    msg: &Message,
    target: UserId,
) -> Result<Option<MsgId>, StoreError> {
    if target == user {
        return Ok(Some(msg.id));
    }
    let (origin_user, origin_id) = msg.origin.unwrap_or((user, msg.id));
    if origin_user == target {
        return Ok(Some(origin_id));
    }
    let copies: Option<Copies> = tx.get(
        Tree::Copies,
        &keys::copies(Owner::Common(origin_user), origin_id),
    )?;
    Ok(copies.and_then(|c| c.0.iter().find(|(u, _)| *u == target).map(|(_, m)| *m)))
}

fn check_text(text: &str) -> Result<(), StoreError> {
    check_len("text", text.len(), MAX_TEXT_BYTES as usize)
}

/// Sends a message (idempotent on the sender's random id).
pub(crate) fn send<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    req: &SendMessage,
) -> Result<Sent, StoreError> {
    check_text(&req.text)?;
    if req.text.is_empty() && req.media.is_none() {
        return Err(StoreError::Invalid {
            field: "text",
            reason: "empty message",
        });
    }
    require_user(tx, req.from)?;
    let owner = box_of(req.from, req.peer);
    let rand_key = keys::rand(owner, req.from, req.random_id);
    if let Some(r) = tx.get::<RandRef>(Tree::Rand, &rand_key)? {
        return Ok(Sent {
            id: r.msg_id,
            date: r.date,
            pts: r.pts,
            pts_count: PtsCount(1),
            duplicate: true,
            entries: Vec::new(),
        });
    }
    // Who gets a copy, and under which peer they see the dialog.
    let targets: Vec<(UserId, Peer)> = match req.peer {
        Peer::User(to) => {
            require_user(tx, to)?;
            if to == req.from {
                Vec::new()
            } else {
                vec![(to, Peer::User(req.from))]
            }
        }
        Peer::Chat(_) => {
            let (info, _) = require_member(tx, req.peer, req.from)?;
            if info.kind != ChatKind::Basic {
                return Err(StoreError::PeerNotFound(req.peer));
            }
            members(tx, req.peer)?
                .into_iter()
                .filter(|&u| u != req.from)
                .map(|u| (u, req.peer))
                .collect()
        }
        Peer::Channel(_) => {
            let (info, m) = require_member(tx, req.peer, req.from)?;
            if info.kind == ChatKind::Basic {
                return Err(StoreError::PeerNotFound(req.peer));
            }
            if info.kind == ChatKind::Broadcast && m.role < Role::Admin {
                return Err(StoreError::Forbidden(
                    "only admins post in a broadcast channel",
                ));
            }
            Vec::new()
        }
    };
    let reply_src = match req.reply_to {
        Some(r) => Some(
            tx.get::<Message>(Tree::Msg, &keys::msg(owner, r))?
                .filter(|m| m.peer == req.peer)
                .ok_or(StoreError::MessageNotFound(r))?,
        ),
        None => None,
    };
    if let Some(f) = req.media {
        grant_for_message(tx, req.from, f, targets.iter().map(|t| t.0))?;
    }
    let id = next_msg_id(tx, owner)?;
    let entry = append(tx, owner, req.date, Event::NewMessage { id })?;
    let msg = Message {
        id,
        from: req.from,
        peer: req.peer,
        out: !matches!(owner, Owner::Channel(_)),
        date: entry.date,
        text: req.text.clone(),
        media: req.media,
        reply_to: req.reply_to,
        edit_date: None,
        version: 0,
        random_id: Some(req.random_id),
        origin: None,
    };
    put_message(tx, owner, &msg);
    let mut entries = vec![entry.clone()];
    if let Owner::Common(_) = owner {
        on_new_message(tx, req.from, req.peer, id, msg.date, false)?;
        let mut copies = Copies::default();
        for (t, peer) in targets {
            let reply_to = match &reply_src {
                Some(src) => copy_in(tx, req.from, src, t)?,
                None => None,
            };
            let t_owner = Owner::Common(t);
            let t_id = next_msg_id(tx, t_owner)?;
            let t_entry = append(tx, t_owner, msg.date, Event::NewMessage { id: t_id })?;
            let copy = Message {
                id: t_id,
                peer,
                out: false,
                date: t_entry.date,
                reply_to,
                random_id: None,
                origin: Some((req.from, id)),
                ..msg.clone()
            };
            put_message(tx, t_owner, &copy);
            on_new_message(tx, t, peer, t_id, copy.date, true)?;
            copies.0.push((t, t_id));
            entries.push(t_entry);
        }
        if !copies.0.is_empty() {
            tx.put(Tree::Copies, keys::copies(owner, id), &copies);
        }
    }
    tx.put(
        Tree::Rand,
        rand_key,
        &RandRef {
            msg_id: id,
            pts: entry.pts,
            date: entry.date,
        },
    );
    Ok(Sent {
        id,
        date: entry.date,
        pts: entry.pts,
        pts_count: entry.pts_count,
        duplicate: false,
        entries,
    })
}

/// Edits a message on every copy (last edit in log order wins; see the module docs).
pub(crate) fn edit<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    req: &EditMessage,
) -> Result<(Affected, u32), StoreError> {
    check_text(&req.text)?;
    let owner = box_of(req.editor, req.peer);
    let mut msg: Message = tx
        .get::<Message>(Tree::Msg, &keys::msg(owner, req.id))?
        .filter(|m| m.peer == req.peer)
        .ok_or(StoreError::MessageNotFound(req.id))?;
    match owner {
        Owner::Channel(_) => {
            let (_, m) = require_member(tx, req.peer, req.editor)?;
            if msg.from != req.editor && m.role < Role::Admin {
                return Err(StoreError::Forbidden(
                    "only the author or an admin edits a channel message",
                ));
            }
        }
        _ if !msg.out => return Err(StoreError::Forbidden("only the author edits a message")),
        _ => {}
    }
    if let Some(v) = req.if_version
        && v != msg.version
    {
        return Err(StoreError::EditConflict {
            current: msg.version,
        });
    }
    let version = msg.version + 1;
    let mut boxes = vec![(owner, req.id)];
    if let Owner::Common(_) = owner
        && let Some(c) = tx.get::<Copies>(Tree::Copies, &keys::copies(owner, req.id))?
    {
        boxes.extend(c.0.into_iter().map(|(u, m)| (Owner::Common(u), m)));
    }
    let mut entries = Vec::new();
    for (i, (o, id)) in boxes.into_iter().enumerate() {
        if i > 0 {
            // A copy deleted "for me" by its owner stays deleted.
            match tx.get::<Message>(Tree::Msg, &keys::msg(o, id))? {
                Some(m) => msg = m,
                None => continue,
            }
        }
        let entry = append(tx, o, req.date, Event::EditMessage { id, version })?;
        msg.text = req.text.clone();
        msg.version = version;
        msg.edit_date = Some(entry.date);
        put_message(tx, o, &msg);
        entries.push(entry);
    }
    let first = entries[0].clone();
    Ok((
        Affected {
            pts: first.pts,
            pts_count: first.pts_count,
            entries,
        },
        version,
    ))
}

/// Removes messages from one common box (one log event for all of them) and fixes its dialogs.
fn delete_in_box<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    user: UserId,
    ids: &[MsgId],
    date: Date,
) -> Result<Option<Entry<Event>>, StoreError> {
    let owner = Owner::Common(user);
    let mut gone = Vec::new();
    let mut touched: Vec<(Peer, u32)> = Vec::new();
    for &id in ids {
        let key = keys::msg(owner, id);
        // A repeated id reads as already deleted (pending) and is skipped.
        let Some(m) = tx.get::<Message>(Tree::Msg, &key)? else {
            continue;
        };
        let read_max = crate::ops::dialogs::get_dialog(tx, user, m.peer)?
            .map_or(MsgId(0), |d| d.read_inbox_max_id);
        let unread = u32::from(!m.out && m.id > read_max);
        match touched.iter_mut().find(|(p, _)| *p == m.peer) {
            Some((_, n)) => *n += unread,
            None => touched.push((m.peer, unread)),
        }
        tx.delete(Tree::Msg, key);
        tx.delete(Tree::PeerMsg, keys::peer_msg(user, m.peer, id));
        gone.push(id);
    }
    if gone.is_empty() {
        return Ok(None);
    }
    for (peer, unread) in touched {
        after_delete(tx, user, peer, unread)?;
    }
    Ok(Some(append(
        tx,
        owner,
        date,
        Event::DeleteMessages { ids: gone },
    )?))
}

/// Deletes messages from `user`'s common box; with `revoke`, also every other copy
/// ("delete for everyone": allowed for either side of a private chat, and for the author or the
/// creator of a basic group).
pub(crate) fn delete<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    user: UserId,
    ids: &[MsgId],
    revoke: bool,
    date: Date,
) -> Result<Affected, StoreError> {
    check_len("ids", ids.len(), MAX_IDS)?;
    require_user(tx, user)?;
    let owner = Owner::Common(user);
    // Other boxes' ids to delete, grouped per box.
    let mut others: Vec<(UserId, Vec<MsgId>)> = Vec::new();
    if revoke {
        for &id in ids {
            let Some(m) = tx.get::<Message>(Tree::Msg, &keys::msg(owner, id))? else {
                continue;
            };
            if let Peer::Chat(_) = m.peer
                && !m.out
                && require_member(tx, m.peer, user)?.1.role != Role::Creator
            {
                return Err(StoreError::Forbidden(
                    "only the author or the group's creator deletes for everyone",
                ));
            }
            let (origin_user, origin_id) = m.origin.unwrap_or((user, id));
            let mut copies: Vec<(UserId, MsgId)> = tx
                .get::<Copies>(
                    Tree::Copies,
                    &keys::copies(Owner::Common(origin_user), origin_id),
                )?
                .map(|c| c.0)
                .unwrap_or_default();
            copies.push((origin_user, origin_id));
            for (u, mid) in copies.into_iter().filter(|(u, _)| *u != user) {
                match others.iter_mut().find(|(o, _)| *o == u) {
                    Some((_, v)) => v.push(mid),
                    None => others.push((u, vec![mid])),
                }
            }
        }
    }
    let mut entries = Vec::new();
    let mine = delete_in_box(tx, user, ids, date)?;
    let affected = match &mine {
        Some(e) => Affected {
            pts: e.pts,
            pts_count: e.pts_count,
            entries: Vec::new(),
        },
        None => Affected {
            pts: box_state(tx, owner)?.pts,
            pts_count: PtsCount(0),
            entries: Vec::new(),
        },
    };
    entries.extend(mine);
    for (u, mids) in others {
        entries.extend(delete_in_box(tx, u, &mids, date)?);
    }
    Ok(Affected {
        entries,
        ..affected
    })
}

/// Deletes channel messages (the author's own, or any for admins and the creator).
pub(crate) fn delete_channel<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    user: UserId,
    peer: Peer,
    ids: &[MsgId],
    date: Date,
) -> Result<Affected, StoreError> {
    check_len("ids", ids.len(), MAX_IDS)?;
    let Peer::Channel(c) = peer else {
        return Err(StoreError::PeerNotFound(peer));
    };
    let (info, m) = require_member(tx, peer, user)?;
    if info.kind == ChatKind::Basic {
        return Err(StoreError::PeerNotFound(peer));
    }
    let owner = Owner::Channel(c);
    let mut gone = Vec::new();
    for &id in ids {
        let key = keys::msg(owner, id);
        let Some(msg) = tx.get::<Message>(Tree::Msg, &key)? else {
            continue;
        };
        if msg.from != user && m.role < Role::Admin {
            return Err(StoreError::Forbidden(
                "only the author or an admin deletes a channel message",
            ));
        }
        tx.delete(Tree::Msg, key);
        gone.push(id);
    }
    if gone.is_empty() {
        return Ok(Affected {
            pts: box_state(tx, owner)?.pts,
            pts_count: PtsCount(0),
            entries: Vec::new(),
        });
    }
    let e = append(tx, owner, date, Event::DeleteMessages { ids: gone })?;
    Ok(Affected {
        pts: e.pts,
        pts_count: e.pts_count,
        entries: vec![e],
    })
}
