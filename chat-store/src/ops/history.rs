//! History pages, messages by id and text search. A query only ever reads the caller's own
//! common box or a channel the caller is a member of.
//!
//! <https://core.telegram.org/method/messages.getHistory> and
//! <https://core.telegram.org/api/offsets>: the dialog's messages newest first, restricted to
//! `min_id < id < max_id` (0: unbounded); the page starts at the first message older than
//! `offset_id` (or, when it is 0, older than `offset_date`; when both are 0, at the newest),
//! moved by `add_offset` (negative values reach newer messages), and holds at most `limit`.
//! Within one box dates never decrease with ids (the sequencer raises a date to the box's last
//! one), so the date boundary is an id boundary too.

use crate::engine::{Direction, Engine, Tree};
use crate::error::{StoreError, check_len};
use crate::ids::{Date, MsgId, Owner, Peer, UserId};
use crate::keys;
use crate::limits::{MAX_IDS, MAX_PAGE, MAX_SEARCH_SCAN};
use crate::model::message::Message;
use crate::ops::chats::require_member;
use crate::ops::messages::get_message;
use crate::txn::Txn;

/// The parameters of `messages.getHistory`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HistoryQuery {
    /// Start from messages older than this id (0: see `offset_date`).
    pub offset_id: MsgId,
    /// When `offset_id` is 0: start from messages older than this date (0: the newest).
    pub offset_date: Date,
    /// Skip this many more (negative: include this many newer ones).
    pub add_offset: i32,
    /// At most this many messages (capped at 100).
    pub limit: u32,
    /// Only ids below this (0: no bound).
    pub max_id: MsgId,
    /// Only ids above this (0: no bound).
    pub min_id: MsgId,
}

/// Where a dialog's messages live: the caller's common-box index or a channel's messages.
struct Source {
    owner: Owner,
    viewer: UserId,
    /// The dialog's peer.
    peer: Peer,
    /// Whether the messages are read from the common box's dialog index (`peer_msg`) rather
    /// than from a channel's `msg` tree.
    index: bool,
}

impl Source {
    fn open<E: Engine + ?Sized>(
        tx: &Txn<'_, E>,
        user: UserId,
        peer: Peer,
    ) -> Result<Source, StoreError> {
        match peer {
            Peer::Channel(c) => {
                require_member(tx, peer, user)?;
                Ok(Source {
                    owner: Owner::Channel(c),
                    viewer: user,
                    peer,
                    index: false,
                })
            }
            _ => Ok(Source {
                owner: Owner::Common(user),
                viewer: user,
                peer,
                index: true,
            }),
        }
    }

    fn tree(&self) -> Tree {
        if self.index { Tree::PeerMsg } else { Tree::Msg }
    }

    /// Visits messages with `lo < id < hi` in `direction` until `visit` returns false.
    fn scan<E: Engine + ?Sized>(
        &self,
        tx: &Txn<'_, E>,
        lo: i32,
        hi: i32,
        direction: Direction,
        visit: &mut dyn FnMut(Message) -> bool,
    ) -> Result<(), StoreError> {
        if lo == i32::MAX || hi <= lo + 1 {
            return Ok(());
        }
        // `peer_msg` keys hold ids descending (newest first), `msg` keys ascending.
        let (lo_k, hi_k, direction) = if self.index {
            (
                keys::peer_msg(self.viewer, self.peer, MsgId(hi - 1)),
                keys::peer_msg(self.viewer, self.peer, MsgId(lo)),
                match direction {
                    Direction::Forward => Direction::Reverse,
                    Direction::Reverse => Direction::Forward,
                },
            )
        } else {
            (
                keys::msg(self.owner, MsgId(lo + 1)),
                keys::msg(self.owner, MsgId(hi)),
                direction,
            )
        };
        // `peer_msg` (common box) and `msg` (channel) hold the records (`put_message`).
        tx.scan_records(
            self.tree(),
            &lo_k,
            &hi_k,
            direction,
            &mut |_, mut m: Message| {
                if !self.index {
                    m.out = m.from == self.viewer;
                }
                visit(m)
            },
        )
    }
}

/// A page of the dialog's history, newest first.
pub(crate) fn history<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    user: UserId,
    peer: Peer,
    q: &HistoryQuery,
) -> Result<Vec<Message>, StoreError> {
    let src = Source::open(tx, user, peer)?;
    let limit = q.limit.min(MAX_PAGE) as usize;
    let upper = if q.max_id.0 > 0 { q.max_id.0 } else { i32::MAX };
    let lower = q.min_id.0.max(0);
    // The boundary: messages with id < boundary are "older than the offset".
    let boundary = if q.offset_id.0 > 0 {
        q.offset_id.0.min(upper)
    } else if q.offset_date.0 > 0 {
        let mut b = upper;
        src.scan(tx, lower, upper, Direction::Reverse, &mut |m| {
            if m.date >= q.offset_date {
                b = m.id.0;
                true
            } else {
                false
            }
        })?;
        b
    } else {
        upper
    };
    let mut page = Vec::new();
    if q.add_offset < 0 {
        let want = q.add_offset.unsigned_abs() as usize;
        let mut newer = Vec::new();
        src.scan(
            tx,
            (boundary - 1).max(lower),
            upper,
            Direction::Forward,
            &mut |m| {
                newer.push(m);
                newer.len() < want
            },
        )?;
        page.extend(newer.into_iter().rev().take(limit));
    }
    let mut skip = q.add_offset.max(0) as usize;
    if page.len() < limit {
        src.scan(tx, lower, boundary, Direction::Reverse, &mut |m| {
            if skip > 0 {
                skip -= 1;
            } else {
                page.push(m);
            }
            page.len() < limit
        })?;
    }
    Ok(page)
}

/// The caller's messages with these ids (in the common box, or in a channel they belong to);
/// unknown ids are left out.
pub(crate) fn by_id<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    user: UserId,
    channel: Option<Peer>,
    ids: &[MsgId],
) -> Result<Vec<Message>, StoreError> {
    check_len("ids", ids.len(), MAX_IDS)?;
    let owner = match channel {
        Some(p @ Peer::Channel(c)) => {
            require_member(tx, p, user)?;
            Owner::Channel(c)
        }
        Some(p) => return Err(StoreError::PeerNotFound(p)),
        None => Owner::Common(user),
    };
    let mut out = Vec::new();
    for &id in ids {
        if let Some(mut m) = get_message(tx, owner, id)? {
            if let Owner::Channel(_) = owner {
                m.out = m.from == user;
            }
            out.push(m);
        }
    }
    Ok(out)
}

/// Messages of the dialog whose text contains `query` (case-insensitive), newest first, older
/// than `offset_id` (0: from the newest). Examines at most [`MAX_SEARCH_SCAN`] messages.
pub(crate) fn search<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    user: UserId,
    peer: Peer,
    query: &str,
    offset_id: MsgId,
    limit: u32,
) -> Result<Vec<Message>, StoreError> {
    check_len("query", query.len(), 256)?;
    let src = Source::open(tx, user, peer)?;
    let needle = query.to_lowercase();
    let limit = limit.min(MAX_PAGE) as usize;
    let hi = if offset_id.0 > 0 {
        offset_id.0
    } else {
        i32::MAX
    };
    let (mut out, mut seen) = (Vec::new(), 0usize);
    src.scan(tx, 0, hi, Direction::Reverse, &mut |m| {
        seen += 1;
        if m.text.to_lowercase().contains(&needle) {
            out.push(m);
        }
        out.len() < limit && seen < MAX_SEARCH_SCAN
    })?;
    Ok(out)
}
