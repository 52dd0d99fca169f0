//! The Updates Service's RPCs: `updates.getState` from chat-store's heads
//! (<https://core.telegram.org/api/updates>).

use chat_store::ids::Pts;
use mtproto_core::dispatch::Answer;
use mtproto_core::tl::api::{enums, functions, types};

use super::{Handler, internal};

/// `updates.state`: the account's common pts and its secondary (qts) head; `seq` is not used by
/// this server (always 0).
pub fn get_state(h: &Handler<'_>) -> Answer<enums::updates::State> {
    let me = h.me()?;
    let (common, secondary) = h.app.store.state(me).map_err(internal)?;
    Ok(types::updates::State {
        pts: common.pts.0 as i32,
        qts: secondary.pts.0 as i32,
        date: h.now as i32,
        seq: 0,
        unread_count: 0,
    }
    .into())
}

/// Most log entries read for one `updates.getDifference`.
const DIFFERENCE_LIMIT: usize = 100;

/// `updates.getDifference`: `differenceEmpty` when the client is at the head. This first slice
/// stores no events yet (no `messages.*` method is served), so entries past the client's pts
/// can only come from a later version's log: they are answered `differenceTooLong` (the client
/// re-fetches its state) until events are converted to TL here.
pub fn get_difference(
    h: &Handler<'_>,
    req: &functions::updates::GetDifference,
) -> Answer<enums::updates::Difference<'static>> {
    let me = h.me()?;
    let after = Pts(u32::try_from(req.pts).unwrap_or(0));
    let slice = h
        .app
        .store
        .difference(me, after, DIFFERENCE_LIMIT)
        .map_err(internal)?;
    if slice.entries.is_empty() {
        return Ok(types::updates::DifferenceEmpty {
            date: h.now as i32,
            seq: 0,
        }
        .into());
    }
    Ok(types::updates::DifferenceTooLong {
        pts: slice.head.pts.0 as i32,
    }
    .into())
}
