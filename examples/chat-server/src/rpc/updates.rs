//! The Updates Service's RPCs: `updates.getState` from chat-store's heads
//! (<https://core.telegram.org/api/updates>).

use mtproto_core::dispatch::Answer;
use mtproto_core::tl::api::{enums, types};

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
