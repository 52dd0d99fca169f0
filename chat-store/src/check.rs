//! [`Store::check_consistency`]: an offline-style audit ("fsck") of every invariant that ties
//! the trees together. The crash test and the property tests run it after every reopen; an
//! operator can run it too.

use std::collections::{BTreeMap, BTreeSet};

use crate::engine::{Direction, Engine, Tree};
use crate::error::StoreError;
use crate::ids::{ChannelId, MsgId, Owner, Peer, Pts, PtsCount, UserId};
use crate::keys::{self, read_i32, read_i64, read_peer};
use crate::model::dialog::Dialog;
use crate::model::event::LogRecord;
use crate::model::message::{BoxState, Message};
use crate::ops::dialogs::rank;
use crate::store::Store;
use crate::txn::decode;

/// Key-value pairs of one tree.
type Entries = Vec<(Vec<u8>, Vec<u8>)>;

fn all<E: Engine + ?Sized>(engine: &E, tree: Tree) -> Result<Entries, StoreError> {
    let mut out = Vec::new();
    engine.scan(tree, &[], &[0xff; 3], Direction::Forward, &mut |k, v| {
        out.push((k.to_vec(), v.to_vec()));
        true
    })?;
    Ok(out)
}

/// The owner encoded at byte 2 of a key (kind byte, then id).
fn owner_at(key: &[u8]) -> Option<Owner> {
    let id = read_i64(key, 3)?;
    match key.get(2)? {
        1 => Some(Owner::Common(UserId(id))),
        2 => Some(Owner::Channel(ChannelId(id))),
        3 => Some(Owner::Secondary(UserId(id))),
        _ => None,
    }
}

impl<E: Engine> Store<E> {
    /// Audits the cross-tree invariants and returns every violation found (empty when
    /// consistent): each log is contiguous from its floor to its head with non-decreasing dates
    /// (qts queues: increasing, holes only where a device acknowledged); message ids stay within
    /// their box's counter; the per-dialog index and the messages agree both ways; every
    /// common-box dialog's top message and unread count match its messages and its ordering key
    /// exists exactly once; membership and its reverse index agree.
    pub fn check_consistency(&self) -> Result<Vec<String>, StoreError> {
        self.read(|tx| {
            let e = tx.engine;
            let mut bad = Vec::new();
            let mut boxes = BTreeMap::new();
            for (k, v) in all(e, Tree::Box)? {
                let owner = owner_at(&k).ok_or(StoreError::Invalid {
                    field: "box key",
                    reason: "bad owner",
                })?;
                boxes.insert(owner, decode::<BoxState>(Tree::Box, &v)?);
            }
            // Logs.
            let mut logs: BTreeMap<Owner, Vec<(Pts, LogRecord)>> = BTreeMap::new();
            for (k, v) in all(e, Tree::Log)? {
                let owner = owner_at(&k).ok_or(StoreError::Invalid {
                    field: "log key",
                    reason: "bad owner",
                })?;
                let pts = Pts(keys::read_u32(&k, k.len() - 4).unwrap_or(0));
                logs.entry(owner)
                    .or_default()
                    .push((pts, decode(Tree::Log, &v)?));
            }
            for (owner, entries) in &logs {
                let Some(st) = boxes.get(owner) else {
                    bad.push(format!("{owner:?}: log without a box"));
                    continue;
                };
                let (mut prev, mut date) = (st.log_floor, crate::ids::Date(0));
                for (pts, rec) in entries {
                    let start = pts.saturating_sub(PtsCount(rec.event.pts_count()));
                    let contiguous = if matches!(owner, Owner::Secondary(_)) {
                        *pts > prev
                    } else {
                        start == prev
                    };
                    if !contiguous {
                        bad.push(format!(
                            "{owner:?}: entry {pts:?} (start {start:?}) does not follow {prev:?}"
                        ));
                    }
                    if rec.date < date {
                        bad.push(format!("{owner:?}: date goes back at {pts:?}"));
                    }
                    prev = *pts;
                    date = rec.date;
                }
                if prev > st.pts || (!matches!(owner, Owner::Secondary(_)) && prev != st.pts) {
                    bad.push(format!(
                        "{owner:?}: log ends at {prev:?}, head is {:?}",
                        st.pts
                    ));
                }
            }
            for (owner, st) in &boxes {
                if !logs.contains_key(owner)
                    && st.pts != st.log_floor
                    && !matches!(owner, Owner::Secondary(_))
                {
                    bad.push(format!(
                        "{owner:?}: head {:?} above floor {:?} with no log",
                        st.pts, st.log_floor
                    ));
                }
            }
            // Messages and the per-dialog index.
            let mut per_dialog: BTreeMap<(UserId, Peer), Vec<Message>> = BTreeMap::new();
            for (k, v) in all(e, Tree::Msg)? {
                let owner = owner_at(&k).ok_or(StoreError::Invalid {
                    field: "msg key",
                    reason: "bad owner",
                })?;
                let m: Message = decode(Tree::Msg, &v)?;
                if boxes.get(&owner).is_none_or(|st| m.id > st.last_msg_id) {
                    bad.push(format!(
                        "{owner:?}: message {:?} above the box counter",
                        m.id
                    ));
                }
                if let Owner::Common(u) = owner {
                    if e.get(Tree::PeerMsg, &keys::peer_msg(u, m.peer, m.id))?
                        .as_deref()
                        != Some(v.as_slice())
                    {
                        bad.push(format!(
                            "{u:?}: message {:?} missing from or stale in the dialog index",
                            m.id
                        ));
                    }
                    per_dialog.entry((u, m.peer)).or_default().push(m);
                }
            }
            for (k, _) in all(e, Tree::PeerMsg)? {
                let (Some(u), Some(peer), Some(id)) =
                    (read_i64(&k, 2), read_peer(&k, 10), read_i32(&k, 19))
                else {
                    bad.push("malformed peer_msg key".into());
                    continue;
                };
                let ok = per_dialog
                    .get(&(UserId(u), peer))
                    .is_some_and(|ms| ms.iter().any(|m| m.id == MsgId(id)));
                if !ok {
                    bad.push(format!(
                        "user {u}: index entry {peer:?}/{id} without a message"
                    ));
                }
            }
            // Dialogs and their ordering keys.
            let mut order_keys = BTreeSet::new();
            for (k, v) in all(e, Tree::Dialog)? {
                let Some(u) = read_i64(&k, 2).map(UserId) else {
                    continue;
                };
                let d: Dialog = decode(Tree::Dialog, &v)?;
                if let Some(r) = rank(&d) {
                    order_keys.insert(keys::dialog_order(u, r, d.peer));
                }
                if let Peer::Channel(_) = d.peer {
                    continue;
                }
                let msgs = per_dialog
                    .get(&(u, d.peer))
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                let top = msgs.iter().map(|m| m.id).max().unwrap_or(MsgId(0));
                if top != d.top_message {
                    bad.push(format!(
                        "{u:?}/{:?}: top {:?}, newest message {top:?}",
                        d.peer, d.top_message
                    ));
                }
                let unread = msgs
                    .iter()
                    .filter(|m| !m.out && m.id > d.read_inbox_max_id)
                    .count() as u32;
                if unread != d.unread_count {
                    bad.push(format!(
                        "{u:?}/{:?}: unread {} but {unread} unread messages",
                        d.peer, d.unread_count
                    ));
                }
            }
            let stored: BTreeSet<Vec<u8>> = all(e, Tree::DialogOrder)?
                .into_iter()
                .map(|(k, _)| k)
                .collect();
            if stored != order_keys {
                bad.push(format!(
                    "dialog order index: {} keys stored, {} expected, {} differ",
                    stored.len(),
                    order_keys.len(),
                    stored.symmetric_difference(&order_keys).count()
                ));
            }
            // Membership both ways.
            let members: BTreeSet<(i64, Peer)> = all(e, Tree::Member)?
                .into_iter()
                .filter_map(|(k, _)| Some((read_i64(&k, 11)?, read_peer(&k, 2)?)))
                .collect();
            let reverse: BTreeSet<(i64, Peer)> = all(e, Tree::UserChat)?
                .into_iter()
                .filter_map(|(k, _)| Some((read_i64(&k, 2)?, read_peer(&k, 10)?)))
                .collect();
            if members != reverse {
                bad.push(format!(
                    "membership: {} members, {} reverse entries disagree",
                    members.len(),
                    reverse.len()
                ));
            }
            Ok(bad)
        })
    }
}
