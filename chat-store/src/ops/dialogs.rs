//! Dialogs: keeping each dialog and its ordering key in step with the messages, pagination in
//! Telegram's order (pinned first, then by top message date, newest first), pinning and notify
//! settings. <https://core.telegram.org/method/messages.getDialogs>
//!
//! Common-box dialogs (private chats, basic groups) are ordered by the `dialog_order` index,
//! maintained in the same write as every message change. Channel dialogs are not: a channel post
//! would otherwise touch every member's index. Their top message is read from the channel at
//! page time and merged into the same order (a user is in at most a few hundred channels).

use std::cmp::Reverse;

use crate::engine::{Direction, Engine, Tree};
use crate::error::StoreError;
use crate::ids::{Date, MsgId, Owner, Peer, UserId};
use crate::keys::{self, DialogRank};
use crate::limits::MAX_PAGE;
use crate::model::dialog::{Dialog, NotifySettings, OrderEntry};
use crate::model::message::Message;
use crate::ops::chats::member;
use crate::txn::Txn;

/// Where a dialog sorts: its rank and peer.
pub(crate) fn rank(d: &Dialog) -> Option<DialogRank> {
    match (d.pinned, d.peer) {
        (Some(pos), _) => Some(DialogRank::Pinned(pos)),
        (None, Peer::Channel(_)) => None,
        (None, _) if d.top_message.0 == 0 => None,
        (None, _) => Some(DialogRank::ByDate {
            date: d.top_date.0,
            top: d.top_message,
        }),
    }
}

/// Writes `new` (replacing `old`) and moves its ordering key.
pub(crate) fn put_dialog<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    user: UserId,
    old: Option<&Dialog>,
    new: &Dialog,
) -> Result<(), StoreError> {
    let old_key = old
        .and_then(rank)
        .map(|r| keys::dialog_order(user, r, new.peer));
    let new_key = rank(new).map(|r| keys::dialog_order(user, r, new.peer));
    if let Some(k) = old_key
        && new_key.as_ref() != Some(&k)
    {
        tx.delete(Tree::DialogOrder, k);
    }
    if let Some(k) = new_key {
        // The ordering entry carries the dialog and its top message, so a page needs no point
        // read per dialog. The top message is read after this operation's own writes.
        let top = match new.peer {
            Peer::Channel(_) => None,
            _ if new.top_message.0 == 0 => None,
            peer => {
                tx.get::<Message>(Tree::PeerMsg, &keys::peer_msg(user, peer, new.top_message))?
            }
        };
        let entry = OrderEntry {
            dialog: new.clone(),
            top,
        };
        tx.put(Tree::DialogOrder, k, &entry);
    }
    tx.put(Tree::Dialog, keys::dialog(user, new.peer), new);
    Ok(())
}

/// The dialog, if it exists.
pub(crate) fn get_dialog<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    user: UserId,
    peer: Peer,
) -> Result<Option<Dialog>, StoreError> {
    tx.get(Tree::Dialog, &keys::dialog(user, peer))
}

/// Records a new message `id` at `date` in the user's dialog with `peer`.
pub(crate) fn on_new_message<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    user: UserId,
    peer: Peer,
    id: MsgId,
    date: Date,
    incoming: bool,
) -> Result<(), StoreError> {
    let old = get_dialog(tx, user, peer)?;
    let mut d = old.clone().unwrap_or_else(|| Dialog::new(peer));
    d.top_message = id;
    d.top_date = date;
    if incoming {
        d.unread_count += 1;
    } else {
        // Sending implies having read everything before it (as Telegram clients show it).
        d.read_inbox_max_id = d.read_inbox_max_id.max(id);
        d.unread_count = 0;
    }
    put_dialog(tx, user, old.as_ref(), &d)
}

/// After common-box message `id` was rewritten (an edit): refreshes the dialog's ordering
/// entry if the message is its top one (the entry carries a copy of it).
pub(crate) fn on_edit<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    user: UserId,
    peer: Peer,
    id: MsgId,
) -> Result<(), StoreError> {
    match get_dialog(tx, user, peer)? {
        Some(d) if d.top_message == id => put_dialog(tx, user, Some(&d), &d),
        _ => Ok(()),
    }
}

/// After messages left a common-box dialog: recomputes the top message and the unread count.
pub(crate) fn after_delete<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    user: UserId,
    peer: Peer,
    unread_removed: u32,
) -> Result<(), StoreError> {
    let Some(old) = get_dialog(tx, user, peer)? else {
        return Ok(());
    };
    let mut d = old.clone();
    d.unread_count = d.unread_count.saturating_sub(unread_removed);
    // `peer_msg` holds a dialog's ids descending: the first key above 0 is the newest.
    let lo = keys::dialog(user, peer);
    let hi = keys::peer_msg(user, peer, MsgId(0));
    let mut top = None;
    tx.scan_live(Tree::PeerMsg, &lo, &hi, Direction::Forward, &mut |k, _| {
        top = keys::read_i32_desc(k, keys::PEER_MSG_ID_AT).map(MsgId);
        false
    })?;
    match top {
        Some(id) if id != d.top_message => {
            let m: Message = tx
                .get(Tree::PeerMsg, &keys::peer_msg(user, peer, id))?
                .ok_or(StoreError::MessageNotFound(id))?;
            d.top_message = id;
            d.top_date = m.date;
        }
        Some(_) => {}
        None => d.top_message = MsgId(0),
    }
    put_dialog(tx, user, Some(&old), &d)
}

/// Sets the notify settings of a dialog (creating it if needed).
pub(crate) fn set_notify<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    user: UserId,
    peer: Peer,
    notify: NotifySettings,
) -> Result<(), StoreError> {
    let old = get_dialog(tx, user, peer)?;
    let mut d = old.clone().unwrap_or_else(|| Dialog::new(peer));
    d.notify = notify;
    put_dialog(tx, user, old.as_ref(), &d)
}

/// Pins a dialog at `position` or unpins it (`None`).
pub(crate) fn set_pinned<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    user: UserId,
    peer: Peer,
    position: Option<u32>,
) -> Result<(), StoreError> {
    let old = get_dialog(tx, user, peer)?.ok_or(StoreError::PeerNotFound(peer))?;
    let mut d = old.clone();
    d.pinned = position;
    put_dialog(tx, user, Some(&old), &d)
}

/// A dialog as listed: the stored state with channel tops filled in, plus the top message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialogView {
    /// The dialog.
    pub dialog: Dialog,
    /// Its top message, if any.
    pub top: Option<Message>,
}

impl DialogView {
    /// The cursor that continues a listing after this dialog. After a pinned dialog it points
    /// at the start of the unpinned section (pinned dialogs come only on the first page, so a
    /// first page should be at least as long as the pinned list).
    pub fn cursor(&self) -> DialogCursor {
        if self.dialog.pinned.is_some() {
            return DialogCursor {
                date: Date(u32::MAX),
                top: MsgId(-1),
                peer: Peer::User(UserId(i64::MIN)),
            };
        }
        DialogCursor {
            date: self.dialog.top_date,
            top: self.dialog.top_message,
            peer: self.dialog.peer,
        }
    }
}

/// A position in the dialog list (TL `offset_date`, `offset_id`, `offset_peer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DialogCursor {
    /// Top message date of the last dialog seen.
    pub date: Date,
    /// Its top message id.
    pub top: MsgId,
    /// Its peer.
    pub peer: Peer,
}

type SortKey = (Reverse<u32>, Reverse<u32>, Peer);

fn sort_key(date: Date, top: MsgId, peer: Peer) -> SortKey {
    (Reverse(date.0), Reverse(top.0 as u32), peer)
}

/// A channel dialog with its top message filled from the channel.
fn channel_view<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    user: UserId,
    mut d: Dialog,
) -> Result<DialogView, StoreError> {
    let Peer::Channel(c) = d.peer else {
        return Ok(DialogView {
            dialog: d,
            top: None,
        });
    };
    let owner = Owner::Channel(c);
    let lo = keys::msg(owner, MsgId(1));
    let hi = keys::prefix_end(&keys::owner_box(owner));
    let mut top: Option<Message> = None;
    let mut unread = 0u32;
    tx.scan_records(
        Tree::Msg,
        &lo,
        &hi,
        Direction::Reverse,
        &mut |_, m: Message| {
            // Counting stops at 1,000 unread (clients show "999+"): a page stays cheap.
            let more = m.id > d.read_inbox_max_id && unread < MAX_PAGE * 10;
            if m.id > d.read_inbox_max_id && m.from != user {
                unread += 1;
            }
            if top.is_none() {
                top = Some(m);
            }
            more
        },
    )?;
    d.unread_count = unread;
    if let Some(m) = &mut top {
        d.top_message = m.id;
        d.top_date = m.date;
        m.out = m.from == user;
    }
    Ok(DialogView { dialog: d, top })
}

fn view<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    user: UserId,
    peer: Peer,
) -> Result<DialogView, StoreError> {
    let d = get_dialog(tx, user, peer)?.ok_or(StoreError::PeerNotFound(peer))?;
    if let Peer::Channel(_) = d.peer {
        return channel_view(tx, user, d);
    }
    let top = if d.top_message.0 == 0 {
        None
    } else {
        tx.get::<Message>(Tree::PeerMsg, &keys::peer_msg(user, d.peer, d.top_message))?
    };
    Ok(DialogView { dialog: d, top })
}

/// The `dialog_order` entries of `[lo, hi)` in order, at most `limit`, decoded into `out`.
fn scan_order<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    lo: &[u8],
    hi: &[u8],
    limit: usize,
    out: &mut Vec<OrderEntry>,
) -> Result<(), StoreError> {
    if limit == 0 {
        return Ok(());
    }
    tx.scan_records(
        Tree::DialogOrder,
        lo,
        hi,
        Direction::Forward,
        &mut |_, d: OrderEntry| {
            out.push(d);
            out.len() < limit
        },
    )
}

/// The listing of an ordering entry: channels read their top message from the channel.
fn entry_view<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    user: UserId,
    e: OrderEntry,
) -> Result<DialogView, StoreError> {
    match e.dialog.peer {
        Peer::Channel(_) => channel_view(tx, user, e.dialog),
        _ => Ok(DialogView {
            dialog: e.dialog,
            top: e.top,
        }),
    }
}

/// One page of `user`'s dialogs after `offset` (pinned dialogs first, only on the first page).
pub(crate) fn dialogs<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    user: UserId,
    offset: Option<DialogCursor>,
    limit: u32,
) -> Result<Vec<DialogView>, StoreError> {
    let limit = limit.min(MAX_PAGE) as usize;
    let mut out = Vec::new();
    // `dialog_order` values hold the dialog and its top message: a common-box dialog costs
    // no point read.
    let mut pinned = Vec::new();
    if offset.is_none() {
        let p = keys::dialog_order_section(user, 0);
        scan_order(tx, &p, &keys::prefix_end(&p), limit, &mut pinned)?;
    }
    // Unpinned common-box dialogs strictly after the cursor.
    let section = keys::dialog_order_section(user, 1);
    let lo = match offset {
        Some(c) => keys::prefix_end(&keys::dialog_order(
            user,
            DialogRank::ByDate {
                date: c.date.0,
                top: c.top,
            },
            c.peer,
        )),
        None => section.clone(),
    };
    let room = limit - pinned.len();
    let mut common = Vec::new();
    scan_order(tx, &lo, &keys::prefix_end(&section), room, &mut common)?;
    for e in pinned {
        out.push(entry_view(tx, user, e)?);
    }
    // Unpinned channel dialogs, ranked by their channel's top message.
    let mut ranked: Vec<(SortKey, DialogView)> = Vec::new();
    for e in common {
        let v = entry_view(tx, user, e)?;
        ranked.push((
            sort_key(v.dialog.top_date, v.dialog.top_message, v.dialog.peer),
            v,
        ));
    }
    let lo = keys::dialog(user, Peer::Channel(crate::ids::ChannelId(i64::MIN)));
    let hi = keys::prefix_end(&keys::user(user));
    let mut channel_dialogs = Vec::new();
    tx.scan_records(
        Tree::Dialog,
        &lo,
        &hi,
        Direction::Forward,
        &mut |_, d: Dialog| {
            if d.pinned.is_none() {
                channel_dialogs.push(d);
            }
            true
        },
    )?;
    for d in channel_dialogs {
        if let Peer::Channel(_) = d.peer
            && member(tx, d.peer, user)?.is_some()
        {
            let v = channel_view(tx, user, d)?;
            let key = sort_key(v.dialog.top_date, v.dialog.top_message, v.dialog.peer);
            let after = offset.is_none_or(|c| key > sort_key(c.date, c.top, c.peer));
            if after && v.top.is_some() {
                ranked.push((key, v));
            }
        }
    }
    ranked.sort_by_key(|a| a.0);
    out.extend(ranked.into_iter().map(|(_, v)| v).take(room));
    Ok(out)
}

/// One dialog as listed.
pub(crate) fn dialog<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    user: UserId,
    peer: Peer,
) -> Result<DialogView, StoreError> {
    view(tx, user, peer)
}
