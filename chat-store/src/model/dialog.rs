//! Dialogs (TL `dialog#d58a08c6`): per user and peer, the top message, read markers, unread
//! count, pin position and notify settings. <https://core.telegram.org/constructor/dialog>

use crate::codec::{CodecError, Dec, Enc, Record};
use crate::ids::{Date, MsgId, Peer};
use crate::model::message::Message;
use crate::model::{get_peer, put_peer};

/// Notification settings of one dialog (TL `peerNotifySettings`, the stored subset).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NotifySettings {
    /// Muted until this unix time (0: not muted; `i32::MAX`: forever).
    pub mute_until: u32,
    /// Whether to show message previews in notifications.
    pub show_previews: bool,
    /// Whether notifications are silent.
    pub silent: bool,
}

impl NotifySettings {
    /// Whether notifications are muted at `now`.
    pub fn muted_at(&self, now: Date) -> bool {
        self.mute_until > now.0
    }
}

/// One dialog of one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dialog {
    /// The peer.
    pub peer: Peer,
    /// The newest message id (0 when the dialog has no message left).
    pub top_message: MsgId,
    /// The date of the top message (orders the dialog list).
    pub top_date: Date,
    /// Incoming messages up to this id are read.
    pub read_inbox_max_id: MsgId,
    /// Outgoing messages up to this id were read by the other side.
    pub read_outbox_max_id: MsgId,
    /// Incoming messages above `read_inbox_max_id`.
    pub unread_count: u32,
    /// Pin position, if pinned (lower first).
    pub pinned: Option<u32>,
    /// Notification settings.
    pub notify: NotifySettings,
}

impl Dialog {
    /// A fresh dialog with `peer`.
    pub fn new(peer: Peer) -> Dialog {
        Dialog {
            peer,
            top_message: MsgId(0),
            top_date: Date(0),
            read_inbox_max_id: MsgId(0),
            read_outbox_max_id: MsgId(0),
            unread_count: 0,
            pinned: None,
            notify: NotifySettings {
                show_previews: true,
                ..NotifySettings::default()
            },
        }
    }
}

impl Record for Dialog {
    const TAG: u8 = 8;
    const VERSION: u8 = 1;

    fn write(&self, e: &mut Enc) {
        put_peer(e, self.peer);
        e.i32(self.top_message.0).u32(self.top_date.0);
        e.i32(self.read_inbox_max_id.0)
            .i32(self.read_outbox_max_id.0)
            .u32(self.unread_count);
        match self.pinned {
            Some(p) => e.u8(1).u32(p),
            None => e.u8(0),
        };
        e.u32(self.notify.mute_until)
            .bool(self.notify.show_previews)
            .bool(self.notify.silent);
    }

    fn read(d: &mut Dec<'_>) -> Result<Self, CodecError> {
        Ok(Dialog {
            peer: get_peer(d, "dialog.peer")?,
            top_message: MsgId(d.i32("dialog.top")?),
            top_date: Date(d.u32("dialog.top_date")?),
            read_inbox_max_id: MsgId(d.i32("dialog.read_inbox")?),
            read_outbox_max_id: MsgId(d.i32("dialog.read_outbox")?),
            unread_count: d.u32("dialog.unread")?,
            pinned: if d.bool("dialog.pinned")? {
                Some(d.u32("dialog.pinned")?)
            } else {
                None
            },
            notify: NotifySettings {
                mute_until: d.u32("dialog.mute_until")?,
                show_previews: d.bool("dialog.show_previews")?,
                silent: d.bool("dialog.silent")?,
            },
        })
    }
}

/// A `dialog_order` entry's value: the dialog and its top message (common-box dialogs; `None`
/// for channels and empty dialogs), so a dialog page is one range scan with no point reads.
/// Rewritten whenever the dialog or its top message changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderEntry {
    /// The dialog.
    pub dialog: Dialog,
    /// Its top message.
    pub top: Option<Message>,
}

impl Record for OrderEntry {
    const TAG: u8 = 17;
    const VERSION: u8 = 1;

    fn write(&self, e: &mut Enc) {
        self.dialog.write(e);
        match &self.top {
            Some(m) => {
                e.u8(1);
                m.write(e);
            }
            None => {
                e.u8(0);
            }
        }
    }

    fn read(d: &mut Dec<'_>) -> Result<Self, CodecError> {
        Ok(OrderEntry {
            dialog: Dialog::read(d)?,
            top: if d.bool("order.top")? {
                Some(Message::read(d)?)
            } else {
                None
            },
        })
    }
}
