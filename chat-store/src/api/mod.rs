//! The public operations of [`Store`], grouped by concern. Each write is one job on the writer
//! thread and returns only after the durability barrier; each read runs under the gate.

mod accounts;
mod chats;

use updates::server::{Entry, Head};

use crate::engine::Engine;
use crate::error::StoreError;
use crate::ids::{ChannelId, Date, MsgId, Owner, Peer, Pts, UserId};
use crate::model::dialog::NotifySettings;
use crate::model::event::Event;
use crate::model::message::Message;
use crate::ops::chats::require_member;
use crate::ops::dialogs::{DialogCursor, DialogView};
use crate::ops::history::HistoryQuery;
use crate::ops::messages::{Affected, EditMessage, SendMessage, Sent};
use crate::ops::users::require_user;
use crate::ops::{dialogs, history, log, messages, read};
use crate::store::Store;

/// A slice of an owner's update log and the owner's head when it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogSlice {
    /// Entries in pts order.
    pub entries: Vec<Entry<Event>>,
    /// The head (pts and date) at the time of the read.
    pub head: Head,
}

impl<E: Engine> Store<E> {
    /// Sends a message (`messages.sendMessage`), idempotent on `random_id`.
    pub fn send(&self, req: SendMessage) -> Result<Sent, StoreError> {
        self.write(move |tx| messages::send(tx, &req))
    }

    /// Edits a message on every copy; returns the pts outcome and the new version.
    pub fn edit(&self, req: EditMessage) -> Result<(Affected, u32), StoreError> {
        self.write(move |tx| messages::edit(tx, &req))
    }

    /// Deletes messages of `user`'s common box; `revoke` deletes them for everyone.
    pub fn delete_messages(
        &self,
        user: UserId,
        ids: Vec<MsgId>,
        revoke: bool,
        date: Date,
    ) -> Result<Affected, StoreError> {
        self.write(move |tx| messages::delete(tx, user, &ids, revoke, date))
    }

    /// Deletes channel messages.
    pub fn delete_channel_messages(
        &self,
        user: UserId,
        channel: ChannelId,
        ids: Vec<MsgId>,
        date: Date,
    ) -> Result<Affected, StoreError> {
        self.write(move |tx| messages::delete_channel(tx, user, Peer::Channel(channel), &ids, date))
    }

    /// Marks the dialog read up to `max_id` (0: everything).
    pub fn read_history(
        &self,
        user: UserId,
        peer: Peer,
        max_id: MsgId,
        date: Date,
    ) -> Result<Affected, StoreError> {
        self.write(move |tx| read::read_history(tx, user, peer, max_id, date))
    }

    /// A history page (`messages.getHistory`), newest first.
    pub fn history(
        &self,
        user: UserId,
        peer: Peer,
        query: HistoryQuery,
    ) -> Result<Vec<Message>, StoreError> {
        self.read(|tx| {
            require_user(tx, user)?;
            history::history(tx, user, peer, &query)
        })
    }

    /// Messages of `user`'s common box by id (`messages.getMessages`); unknown ids are skipped.
    pub fn messages(&self, user: UserId, ids: &[MsgId]) -> Result<Vec<Message>, StoreError> {
        self.read(|tx| history::by_id(tx, user, None, ids))
    }

    /// Channel messages by id (`channels.getMessages`); the caller must be a member.
    pub fn channel_messages(
        &self,
        user: UserId,
        channel: ChannelId,
        ids: &[MsgId],
    ) -> Result<Vec<Message>, StoreError> {
        self.read(|tx| history::by_id(tx, user, Some(Peer::Channel(channel)), ids))
    }

    /// Text search within one dialog (`messages.search` with a peer).
    pub fn search(
        &self,
        user: UserId,
        peer: Peer,
        query: &str,
        offset_id: MsgId,
        limit: u32,
    ) -> Result<Vec<Message>, StoreError> {
        self.read(|tx| history::search(tx, user, peer, query, offset_id, limit))
    }

    /// A page of dialogs (`messages.getDialogs`): pinned first, then newest first.
    pub fn dialogs(
        &self,
        user: UserId,
        offset: Option<DialogCursor>,
        limit: u32,
    ) -> Result<Vec<DialogView>, StoreError> {
        self.read(|tx| {
            require_user(tx, user)?;
            dialogs::dialogs(tx, user, offset, limit)
        })
    }

    /// One dialog (`messages.getPeerDialogs`).
    pub fn dialog(&self, user: UserId, peer: Peer) -> Result<DialogView, StoreError> {
        self.read(|tx| dialogs::dialog(tx, user, peer))
    }

    /// Sets a dialog's notify settings (`account.updateNotifySettings`).
    pub fn set_notify_settings(
        &self,
        user: UserId,
        peer: Peer,
        notify: NotifySettings,
    ) -> Result<(), StoreError> {
        self.write(move |tx| {
            require_user(tx, user)?;
            dialogs::set_notify(tx, user, peer, notify)
        })
    }

    /// Pins a dialog at `position` or unpins it (`messages.toggleDialogPin`).
    pub fn set_pinned(
        &self,
        user: UserId,
        peer: Peer,
        position: Option<u32>,
    ) -> Result<(), StoreError> {
        self.write(move |tx| dialogs::set_pinned(tx, user, peer, position))
    }

    /// The user's common-box entries after `after` (`updates.getDifference`).
    pub fn difference(
        &self,
        user: UserId,
        after: Pts,
        limit: usize,
    ) -> Result<LogSlice, StoreError> {
        self.read(|tx| {
            require_user(tx, user)?;
            log_slice(tx.engine, Owner::Common(user), after, limit)
        })
    }

    /// A channel's entries after `after` (`updates.getChannelDifference`); members only.
    pub fn channel_difference(
        &self,
        user: UserId,
        channel: ChannelId,
        after: Pts,
        limit: usize,
    ) -> Result<LogSlice, StoreError> {
        self.read(|tx| {
            require_member(tx, Peer::Channel(channel), user)?;
            log_slice(tx.engine, Owner::Channel(channel), after, limit)
        })
    }

    /// The current head of each of the user's sequences: common pts and qts
    /// (`updates.getState`).
    pub fn state(&self, user: UserId) -> Result<(Head, Head), StoreError> {
        self.read(|tx| {
            require_user(tx, user)?;
            let common = log::head(tx.engine, Owner::Common(user))?;
            let secondary = log::head(tx.engine, Owner::Secondary(user))?;
            Ok((
                Head {
                    pts: common.pts,
                    date: common.date,
                },
                Head {
                    pts: secondary.pts,
                    date: secondary.date,
                },
            ))
        })
    }

    /// Drops an owner's log entries up to `up_to` (at most [`log::TRIM_BATCH`] per call) and
    /// returns the new floor. Qts queues are trimmed only by acknowledgement.
    pub fn trim_log(&self, owner: Owner, up_to: Pts) -> Result<Pts, StoreError> {
        self.write(move |tx| log::trim(tx, owner, up_to))
    }
}

fn log_slice<E: Engine + ?Sized>(
    engine: &E,
    owner: Owner,
    after: Pts,
    limit: usize,
) -> Result<LogSlice, StoreError> {
    let (entries, st) = log::difference(engine, owner, after, limit)?;
    Ok(LogSlice {
        entries,
        head: Head {
            pts: st.pts,
            date: st.date,
        },
    })
}
