//! The Updates Service: `updates.getState` and `updates.getDifference` from chat-store's update
//! log, and the live side of every write: the log entries a write returned are converted
//! ([`super::convert`]) and pushed to every online session of every account they belong to
//! (<https://core.telegram.org/api/updates>).

use chat_store::StoreError;
use chat_store::ids::{Owner, Pts, UserId};
use chat_store::model::event::Event;
use mtproto_core::dispatch::Answer;
use mtproto_core::tl::Serialize;
use mtproto_core::tl::api::{enums, functions, types};
use updates::server::{Entry, Head};

use super::convert::convert;
use super::{Handler, internal};
use crate::online::Push;

/// The account's common pts and qts heads.
fn heads(h: &Handler<'_>, me: UserId) -> Answer<(Head, Head)> {
    h.app.store.state(me).map_err(internal)
}

/// A TL `updates.state`: the given common pts, the account's qts; `seq` is not used by this
/// server (always 0).
fn tl_state(pts: Pts, qts: Pts, date: u32) -> types::updates::State {
    types::updates::State {
        pts: pts.0 as i32,
        qts: qts.0 as i32,
        date: date as i32,
        seq: 0,
        unread_count: 0,
    }
}

/// `updates.state` now (<https://core.telegram.org/method/updates.getState>).
pub fn get_state(h: &Handler<'_>) -> Answer<enums::updates::State> {
    let me = h.me()?;
    let (common, secondary) = heads(h, me)?;
    Ok(tl_state(common.pts, secondary.pts, h.now).into())
}

/// Most log entries read for one `updates.getDifference` (more come as `differenceSlice`).
const DIFFERENCE_LIMIT: usize = 100;

/// `updates.getDifference` (<https://core.telegram.org/method/updates.getDifference>): the
/// entries after the client's pts. New messages that still exist go to `new_messages`, every
/// other update (edits, deletions, read markers) to `other_updates`, each with the pts it was
/// pushed with. `differenceSlice` when more entries remain (its `intermediate_state` is the last
/// entry returned), `differenceEmpty` at the head, `differenceTooLong` (the client re-fetches its
/// dialogs) when the log was trimmed past the client's pts, when the client is ahead of the
/// server, or when the gap exceeds `pts_total_limit`.
pub fn get_difference(
    h: &Handler<'_>,
    req: &functions::updates::GetDifference,
) -> Answer<enums::updates::Difference<'static>> {
    let me = h.me()?;
    let (common, secondary) = heads(h, me)?;
    let too_long = || {
        Ok(types::updates::DifferenceTooLong {
            pts: common.pts.0 as i32,
        }
        .into())
    };
    let after = Pts(u32::try_from(req.pts).unwrap_or(0));
    let gap = i64::from(common.pts.0) - i64::from(after.0);
    if gap < 0
        || req
            .pts_total_limit
            .is_some_and(|t| t > 0 && gap > i64::from(t))
    {
        return too_long();
    }
    let limit = req
        .pts_limit
        .and_then(|l| usize::try_from(l).ok())
        .filter(|&l| l > 0)
        .map_or(DIFFERENCE_LIMIT, |l| l.min(DIFFERENCE_LIMIT));
    let slice = match h.app.store.difference(me, after, limit) {
        Ok(slice) => slice,
        Err(StoreError::LogTrimmed { .. }) => return too_long(),
        Err(e) => return Err(internal(e)),
    };
    let Some(last) = slice.entries.last() else {
        return Ok(types::updates::DifferenceEmpty {
            date: h.now as i32,
            seq: 0,
        }
        .into());
    };
    let (last_pts, last_date) = (last.pts, last.date);
    let converted = convert(h, me, &slice.entries)?;
    let users = converted.mentions.users(h, me)?;
    let chats = converted.mentions.chats(h, me)?;
    let mut new_messages = Vec::new();
    let mut other_updates = Vec::new();
    for update in converted.updates {
        match update {
            enums::Update::NewMessage(u) => new_messages.push(u.message),
            other => other_updates.push(other),
        }
    }
    if last_pts < slice.head.pts {
        return Ok(types::updates::DifferenceSlice {
            new_messages,
            new_encrypted_messages: Vec::new(),
            other_updates,
            chats,
            users,
            intermediate_state: tl_state(last_pts, secondary.pts, last_date.0).into(),
        }
        .into());
    }
    Ok(types::updates::Difference {
        new_messages,
        new_encrypted_messages: Vec::new(),
        other_updates,
        chats,
        users,
        state: tl_state(slice.head.pts, secondary.pts, h.now).into(),
    }
    .into())
}

/// Publishes the log entries a write of the caller (`me`) returned: each account they belong to
/// gets one `updates` container with its own entries, on every online session except the
/// caller's own (which gets the RPC result). Returns the caller's container, if the write touched
/// the caller's box, so an RPC that answers `Updates` answers exactly what the caller's other
/// sessions got.
pub fn publish(
    h: &mut Handler<'_>,
    me: UserId,
    entries: &[Entry<Event>],
) -> Answer<Option<enums::Updates<'static>>> {
    let mut owners: Vec<UserId> = Vec::new();
    for entry in entries {
        if let Owner::Common(u) = entry.owner
            && !owners.contains(&u)
        {
            owners.push(u);
        }
    }
    let mut mine = None;
    for owner in owners {
        let converted = convert(h, owner, entries)?;
        if converted.updates.is_empty() {
            continue;
        }
        let updates = converted.container(h, owner)?;
        h.pushes.push(Push {
            user: owner,
            body: updates.to_bytes(),
            skip: (owner == me).then_some((h.key, h.session)),
        });
        if owner == me {
            mine = Some(updates);
        }
    }
    Ok(mine)
}
