//! The dialog list: `messages.getDialogs` and `messages.getPeerDialogs`, from chat-store's
//! dialogs (pinned first, then by top message date, newest first),
//! <https://core.telegram.org/api/offsets#dialogs>.

use chat_store::ids::{Date, MsgId, Peer, UserId};
use chat_store::model::dialog::Dialog as StoredDialog;
use chat_store::{DialogCursor, DialogView, StoreError};
use mtproto_core::dispatch::Answer;
use mtproto_core::tl::api::{enums, functions, types};

use super::convert::tl_message;
use super::peers::{Mentions, resolve_peer, tl_peer};
use super::{Handler, internal, updates};

/// Dialogs per page at most (`chat_store::limits::MAX_PAGE`).
const PAGE: u32 = 100;

/// Dialogs counted at most for a `messages.dialogsSlice` count.
const COUNT_CAP: usize = 1_000;

/// A stored dialog as TL `dialog` (<https://core.telegram.org/constructor/dialog>).
fn tl_dialog(d: &StoredDialog) -> enums::Dialog<'static> {
    types::Dialog {
        pinned: d.pinned.is_some(),
        peer: tl_peer(d.peer),
        top_message: d.top_message.0,
        read_inbox_max_id: d.read_inbox_max_id.0,
        read_outbox_max_id: d.read_outbox_max_id.0,
        unread_count: i32::try_from(d.unread_count).unwrap_or(i32::MAX),
        notify_settings: types::PeerNotifySettings {
            show_previews: Some(d.notify.show_previews),
            silent: Some(d.notify.silent),
            mute_until: Some(i32::try_from(d.notify.mute_until).unwrap_or(i32::MAX)),
            ..Default::default()
        }
        .into(),
        ..Default::default()
    }
    .into()
}

/// Dialogs as TL, their top messages, and the users they reference.
struct Listed {
    dialogs: Vec<enums::Dialog<'static>>,
    messages: Vec<enums::Message<'static>>,
    mentions: Mentions,
}

fn listed(me: UserId, views: &[DialogView]) -> Listed {
    let mut out = Listed {
        dialogs: Vec::with_capacity(views.len()),
        messages: Vec::with_capacity(views.len()),
        mentions: Mentions::me(me),
    };
    for v in views {
        out.dialogs.push(tl_dialog(&v.dialog));
        out.mentions.peer(v.dialog.peer);
        if let Some(m) = &v.top {
            out.mentions.message(m);
            out.messages.push(tl_message(m));
        }
    }
    out
}

/// Counts the caller's dialogs, up to [`COUNT_CAP`].
fn count_dialogs(h: &Handler<'_>, me: UserId) -> Answer<usize> {
    let (mut n, mut cursor) = (0, None);
    loop {
        let page = h.app.store.dialogs(me, cursor, PAGE).map_err(internal)?;
        n += page.len();
        match page.last() {
            Some(last) if page.len() == PAGE as usize && n < COUNT_CAP => {
                cursor = Some(last.cursor())
            }
            _ => return Ok(n),
        }
    }
}

/// `messages.getDialogs` (<https://core.telegram.org/method/messages.getDialogs>): the page after
/// (`offset_date`, `offset_id`, `offset_peer`); pinned dialogs come only on the first page
/// (none with `exclude_pinned`). A full page is a `messages.dialogsSlice` with the dialog count,
/// so clients ask for the next one. The archive folder (1) is empty.
pub fn get_dialogs(
    h: &Handler<'_>,
    req: &functions::messages::GetDialogs,
) -> Answer<enums::messages::Dialogs<'static>> {
    let me = h.me()?;
    let limit = u32::try_from(req.limit).unwrap_or(0).min(PAGE);
    let first = req.offset_date == 0
        && req.offset_id == 0
        && matches!(req.offset_peer, enums::InputPeer::Empty(_));
    let cursor = if first {
        None
    } else {
        Some(DialogCursor {
            date: Date(u32::try_from(req.offset_date).unwrap_or(0)),
            top: MsgId(req.offset_id),
            peer: match &req.offset_peer {
                enums::InputPeer::Empty(_) => Peer::User(UserId(i64::MIN)),
                other => resolve_peer(h, me, other)?,
            },
        })
    };
    let mut page = if req.folder_id.unwrap_or(0) == 0 && limit > 0 {
        h.app.store.dialogs(me, cursor, limit).map_err(internal)?
    } else {
        Vec::new()
    };
    let full = limit > 0 && page.len() == limit as usize;
    if req.exclude_pinned {
        page.retain(|v| v.dialog.pinned.is_none());
    }
    let l = listed(me, &page);
    let users = l.mentions.users(h, me)?;
    let chats = l.mentions.chats(h, me)?;
    if full {
        return Ok(types::messages::DialogsSlice {
            count: i32::try_from(count_dialogs(h, me)?).unwrap_or(i32::MAX),
            dialogs: l.dialogs,
            messages: l.messages,
            chats,
            users,
        }
        .into());
    }
    Ok(types::messages::Dialogs {
        dialogs: l.dialogs,
        messages: l.messages,
        chats,
        users,
    }
    .into())
}

/// `messages.getPeerDialogs` (<https://core.telegram.org/method/messages.getPeerDialogs>): the
/// dialogs with the given peers (an empty one where no message was exchanged yet) and the
/// account's update state. Folder peers are not served.
pub fn get_peer_dialogs(
    h: &Handler<'_>,
    req: &functions::messages::GetPeerDialogs,
) -> Answer<enums::messages::PeerDialogs<'static>> {
    let me = h.me()?;
    let mut views = Vec::with_capacity(req.peers.len());
    for input in &req.peers {
        let enums::InputDialogPeer::InputDialogPeer(p) = input else {
            continue;
        };
        let peer = resolve_peer(h, me, &p.peer)?;
        views.push(match h.app.store.dialog(me, peer) {
            Ok(v) => v,
            Err(StoreError::PeerNotFound(_)) => DialogView {
                dialog: StoredDialog::new(peer),
                top: None,
            },
            Err(e) => return Err(internal(e)),
        });
    }
    let l = listed(me, &views);
    Ok(types::messages::PeerDialogs {
        users: l.mentions.users(h, me)?,
        chats: l.mentions.chats(h, me)?,
        dialogs: l.dialogs,
        messages: l.messages,
        state: updates::get_state(h)?,
    }
    .into())
}
