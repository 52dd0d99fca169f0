//! Reading history: read markers and unread counts move in the same write as the log event.
//! <https://core.telegram.org/method/messages.readHistory>,
//! <https://core.telegram.org/method/channels.readHistory>

use crate::engine::{Direction, Engine, Tree};
use crate::error::StoreError;
use crate::ids::{MsgId, Owner, Peer, PtsCount, UserId};
use crate::keys;
use crate::model::event::Event;
use crate::model::message::Message;
use crate::ops::chats::require_member;
use crate::ops::dialogs::{get_dialog, put_dialog};
use crate::ops::log::{append, box_state};
use crate::ops::messages::{Affected, copy_in};
use crate::txn::Txn;

/// Marks incoming messages up to `max_id` (0: all) of the dialog read.
///
/// Common box: the reader's `read_inbox_max_id` and unread count change with an
/// `updateReadHistoryInbox` event; in a private chat the other side's `read_outbox_max_id`
/// follows with an `updateReadHistoryOutbox` event in their box. Channel: only the reader's
/// dialog changes (`updateReadChannelInbox` carries no channel pts).
pub(crate) fn read_history<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    user: UserId,
    peer: Peer,
    max_id: MsgId,
    date: crate::ids::Date,
) -> Result<Affected, StoreError> {
    let own = Owner::Common(user);
    let unchanged = |tx: &Txn<'_, E>| -> Result<Affected, StoreError> {
        Ok(Affected {
            pts: box_state(tx, own)?.pts,
            pts_count: PtsCount(0),
            entries: Vec::new(),
        })
    };
    if let Peer::Channel(c) = peer {
        require_member(tx, peer, user)?;
        let old = get_dialog(tx, user, peer)?.ok_or(StoreError::PeerNotFound(peer))?;
        let top = box_state(tx, Owner::Channel(c))?.last_msg_id;
        let new_max = if max_id.0 <= 0 { top } else { max_id.min(top) };
        if new_max > old.read_inbox_max_id {
            let mut d = old.clone();
            d.read_inbox_max_id = new_max;
            put_dialog(tx, user, Some(&old), &d)?;
        }
        return unchanged(tx);
    }
    let Some(old) = get_dialog(tx, user, peer)? else {
        return Err(StoreError::PeerNotFound(peer));
    };
    let new_max = if max_id.0 <= 0 {
        old.top_message
    } else {
        max_id.min(old.top_message)
    };
    if new_max <= old.read_inbox_max_id {
        return unchanged(tx);
    }
    // Count what stays unread (incoming above the new marker) and find the newest incoming
    // message now read, whose sender's copy the outbox marker points at.
    // `peer_msg` holds a dialog's ids descending: ids above `new_max` come first.
    let lo = keys::dialog(user, peer);
    let hi = keys::peer_msg(user, peer, new_max);
    let mut unread = 0u32;
    tx.scan_records(
        Tree::PeerMsg,
        &lo,
        &hi,
        Direction::Forward,
        &mut |_, m: Message| {
            if !m.out {
                unread += 1;
            }
            true
        },
    )?;
    let mut newest_read_incoming: Option<Message> = None;
    let lo = keys::peer_msg(user, peer, new_max);
    let hi = keys::peer_msg(user, peer, MsgId(-1));
    tx.scan_records(
        Tree::PeerMsg,
        &lo,
        &hi,
        Direction::Forward,
        &mut |_, m: Message| {
            if m.out {
                return true;
            }
            newest_read_incoming = Some(m);
            false
        },
    )?;
    let mut d = old.clone();
    d.read_inbox_max_id = new_max;
    d.unread_count = unread;
    put_dialog(tx, user, Some(&old), &d)?;
    let entry = append(
        tx,
        own,
        date,
        Event::ReadInbox {
            peer,
            max_id: new_max,
        },
    )?;
    let mut entries = vec![entry.clone()];
    if let (Peer::User(other), Some(m)) = (peer, newest_read_incoming)
        && other != user
        && let Some(their_id) = copy_in(tx, user, &m, other)?
        && let Some(theirs) = get_dialog(tx, other, Peer::User(user))?
        && their_id > theirs.read_outbox_max_id
    {
        let mut t = theirs.clone();
        t.read_outbox_max_id = their_id;
        put_dialog(tx, other, Some(&theirs), &t)?;
        entries.push(append(
            tx,
            Owner::Common(other),
            date,
            Event::ReadOutbox {
                peer: Peer::User(user),
                max_id: their_id,
            },
        )?);
    }
    Ok(Affected {
        pts: entry.pts,
        pts_count: entry.pts_count,
        entries,
    })
}
