//! The Message Handling Service's reads: `messages.getHistory`, `messages.getMessages` and
//! `messages.search` (text within one dialog), answered from the caller's own box; paging as in
//! <https://core.telegram.org/api/offsets>.

use chat_store::ids::{Date, MsgId, UserId};
use chat_store::model::message::Message as StoredMessage;
use chat_store::{HistoryQuery, StoreError};
use mtproto_core::dispatch::Answer;
use mtproto_core::tl::api::{enums, functions, types};

use super::convert::tl_message;
use super::peers::{Mentions, resolve_peer};
use super::{Handler, internal};

/// Largest page the store serves (`chat_store::limits::MAX_PAGE`).
const PAGE: u32 = 100;

/// How many messages a `count` is computed from at most; beyond that the slice is `inexact`.
const COUNT_CAP: usize = 1_000;

/// Counts what `page(offset_id)` (newest first, older than `offset_id`, 0: from the newest)
/// lists, up to [`COUNT_CAP`]; returns the count and whether it is exact.
fn count(mut page: impl FnMut(MsgId) -> Answer<Vec<StoredMessage>>) -> Answer<(usize, bool)> {
    let (mut n, mut offset) = (0, MsgId(0));
    loop {
        let got = page(offset)?;
        n += got.len();
        match got.last() {
            Some(last) if got.len() == PAGE as usize && n < COUNT_CAP => offset = last.id,
            Some(_) if got.len() == PAGE as usize => return Ok((n, false)),
            _ => return Ok((n, true)),
        }
    }
}

/// A list of the caller's messages: `messages.messages` when `total` is `None` (everything
/// asked for is in the list), else `messages.messagesSlice` with that count (and `inexact`),
/// which tells clients to ask for the next page.
fn messages_result(
    h: &Handler<'_>,
    me: UserId,
    messages: Vec<enums::Message<'static>>,
    mentions: &Mentions,
    total: Option<(usize, bool)>,
) -> Answer<enums::messages::Messages<'static>> {
    let users = mentions.users(h, me)?;
    let chats = mentions.chats(h, me)?;
    Ok(match total {
        None => types::messages::Messages {
            messages,
            topics: Vec::new(),
            chats,
            users,
        }
        .into(),
        Some((count, exact)) => types::messages::MessagesSlice {
            inexact: !exact,
            count: i32::try_from(count).unwrap_or(i32::MAX),
            messages,
            topics: Vec::new(),
            chats,
            users,
            ..Default::default()
        }
        .into(),
    })
}

/// Stored messages as TL, with their senders and peers.
fn listed(me: UserId, page: &[StoredMessage]) -> (Vec<enums::Message<'static>>, Mentions) {
    let mut mentions = Mentions::me(me);
    let messages = page
        .iter()
        .map(|m| {
            mentions.message(m);
            tl_message(m)
        })
        .collect();
    (messages, mentions)
}

/// `messages.getHistory` (<https://core.telegram.org/method/messages.getHistory>), newest
/// first. Unless the page is the whole dialog, it is a `messagesSlice` with the dialog's message
/// count, so clients page on.
pub fn get_history(
    h: &Handler<'_>,
    req: &functions::messages::GetHistory,
) -> Answer<enums::messages::Messages<'static>> {
    let me = h.me()?;
    let peer = resolve_peer(h, me, &req.peer)?;
    let limit = u32::try_from(req.limit).unwrap_or(0);
    let query = HistoryQuery {
        offset_id: MsgId(req.offset_id),
        offset_date: Date(u32::try_from(req.offset_date).unwrap_or(0)),
        add_offset: req.add_offset,
        limit,
        max_id: MsgId(req.max_id),
        min_id: MsgId(req.min_id),
    };
    let store = &h.app.store;
    let page = store.history(me, peer, query).map_err(internal)?;
    let whole = page.len() < limit.min(PAGE) as usize
        && (
            req.offset_id,
            req.offset_date,
            req.add_offset,
            req.max_id,
            req.min_id,
        ) == (0, 0, 0, 0, 0);
    let total = if !whole {
        let all = |offset_id| {
            let q = HistoryQuery {
                offset_id,
                limit: PAGE,
                ..HistoryQuery::default()
            };
            store.history(me, peer, q).map_err(internal)
        };
        Some(count(all)?)
    } else {
        None
    };
    let (messages, mentions) = listed(me, &page);
    messages_result(h, me, messages, &mentions, total)
}

/// `messages.getMessages` (<https://core.telegram.org/method/messages.getMessages>): messages of
/// the caller's box by id, in the order asked; an id that names no message (or a pinned or
/// callback reference, not served) answers `messageEmpty`, as Telegram does.
pub fn get_messages(
    h: &Handler<'_>,
    req: &functions::messages::GetMessages,
) -> Answer<enums::messages::Messages<'static>> {
    let me = h.me()?;
    let store = &h.app.store;
    let mut wanted = Vec::with_capacity(req.id.len());
    for input in &req.id {
        wanted.push(match input {
            enums::InputMessage::ID(m) => Some(MsgId(m.id)),
            enums::InputMessage::ReplyTo(m) => store
                .messages(me, &[MsgId(m.id)])
                .map_err(internal)?
                .first()
                .and_then(|m| m.reply_to),
            enums::InputMessage::Pinned(_) | enums::InputMessage::CallbackQuery(_) => None,
        });
    }
    let ids: Vec<MsgId> = wanted.iter().flatten().copied().collect();
    let found = store.messages(me, &ids).map_err(internal)?;
    let mut mentions = Mentions::me(me);
    let messages = req
        .id
        .iter()
        .zip(&wanted)
        .map(
            |(input, id)| match id.and_then(|id| found.iter().find(|m| m.id == id)) {
                Some(m) => {
                    mentions.message(m);
                    tl_message(m)
                }
                None => types::MessageEmpty {
                    id: match (input, id) {
                        (_, Some(id)) => id.0,
                        (enums::InputMessage::ID(m), None) => m.id,
                        _ => 0,
                    },
                    peer_id: None,
                }
                .into(),
            },
        )
        .collect();
    messages_result(h, me, messages, &mentions, None)
}

/// `messages.search` (<https://core.telegram.org/method/messages.search>) within one dialog:
/// messages whose text contains `q` (case-insensitive; an empty `q` lists every message),
/// newest first from `offset_id`, below `max_id` and above `min_id`. Only
/// `inputMessagesFilterEmpty` is served (other filters find nothing), and a search without a
/// peer (global search) finds nothing; dates, `from_id` and `add_offset` are not applied. Unless
/// the page holds every match, it is a `messagesSlice` counting every match in the dialog.
pub fn search(
    h: &Handler<'_>,
    req: &functions::messages::Search<'_>,
) -> Answer<enums::messages::Messages<'static>> {
    let me = h.me()?;
    let nothing = || messages_result(h, me, Vec::new(), &Mentions::me(me), None);
    if matches!(req.peer, enums::InputPeer::Empty(_))
        || !matches!(
            req.filter,
            enums::MessagesFilter::InputMessagesFilterEmpty(_)
        )
    {
        return nothing();
    }
    let peer = resolve_peer(h, me, &req.peer)?;
    let limit = u32::try_from(req.limit).unwrap_or(0).min(PAGE);
    // Older than both `offset_id` and `max_id` (each 0: unbounded).
    let bound = |id: i32| (id > 0).then_some(id);
    let offset = match (bound(req.offset_id), bound(req.max_id)) {
        (Some(o), Some(m)) => o.min(m),
        (o, m) => o.or(m).unwrap_or(0),
    };
    let store = &h.app.store;
    let find = |offset_id: MsgId, limit: u32| store.search(me, peer, &req.q, offset_id, limit);
    let mut page = match find(MsgId(offset), limit) {
        Ok(page) => page,
        // Longer than any query the store searches for: it matches nothing.
        Err(StoreError::TooLong { .. }) => return nothing(),
        Err(e) => return Err(internal(e)),
    };
    page.retain(|m| m.id.0 > req.min_id);
    let whole = page.len() < limit as usize && (offset, req.min_id) == (0, 0);
    let total = if !whole {
        Some(count(|o| find(o, PAGE).map_err(internal))?)
    } else {
        None
    };
    let (messages, mentions) = listed(me, &page);
    messages_result(h, me, messages, &mentions, total)
}

#[cfg(test)]
mod tests {
    use chat_store::ids::{Date, MsgId, Peer, UserId};
    use chat_store::model::message::Message as StoredMessage;

    use super::{COUNT_CAP, PAGE, count};

    /// A dialog of `n` messages (ids 1..=n) served newest first, `PAGE` at a time.
    fn dialog(n: i32) -> impl FnMut(MsgId) -> mtproto_core::dispatch::Answer<Vec<StoredMessage>> {
        move |offset: MsgId| {
            let top = if offset.0 == 0 { n } else { offset.0 - 1 };
            Ok((1..=top)
                .rev()
                .take(PAGE as usize)
                .map(|id| StoredMessage {
                    id: MsgId(id),
                    from: UserId(1),
                    peer: Peer::User(UserId(2)),
                    out: true,
                    date: Date(1),
                    text: String::new(),
                    media: None,
                    reply_to: None,
                    edit_date: None,
                    version: 0,
                    random_id: None,
                    origin: None,
                })
                .collect())
        }
    }

    #[test]
    fn counts_exactly_below_the_cap_and_marks_larger_counts_inexact() {
        assert_eq!(count(dialog(0)).unwrap(), (0, true));
        assert_eq!(count(dialog(25)).unwrap(), (25, true));
        assert_eq!(count(dialog(PAGE as i32)).unwrap(), (PAGE as usize, true));
        assert_eq!(count(dialog(250)).unwrap(), (250, true));
        let (n, exact) = count(dialog(COUNT_CAP as i32 + 500)).unwrap();
        assert_eq!((n, exact), (COUNT_CAP, false));
    }
}
