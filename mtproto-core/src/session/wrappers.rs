//! Unwrapping the invoke wrappers a server session handles itself: `invokeWithLayer`,
//! `initConnection` (<https://core.telegram.org/api/invoking#layers>), `invokeAfterMsg(s)`
//! (<https://core.telegram.org/api/invoking#dependent-query-sequences>) and
//! `invokeWithoutUpdates` (<https://core.telegram.org/api/invoking#disabling-updates>, reported
//! as a flag). Other wrappers (`invokeWithTakeout`, …) reach the host untouched. The decoding is
//! the dispatcher's ([`crate::dispatch::unwrap`]); this module keeps what a session needs from it.

use crate::dispatch::DispatchError;
use crate::msg_id::MsgId;

/// What an `initConnection` said about the client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConnectionInfo {
    /// `api_id`.
    pub api_id: i32,
    /// `device_model`.
    pub device_model: String,
    /// `system_version`.
    pub system_version: String,
    /// `app_version`.
    pub app_version: String,
    /// `system_lang_code`.
    pub system_lang_code: String,
    /// `lang_pack`.
    pub lang_pack: String,
    /// `lang_code`.
    pub lang_code: String,
}

/// A query with the wrappers the session handles removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unwrapped<'a> {
    /// The layer from `invokeWithLayer`, if present.
    pub layer: Option<i32>,
    /// The `initConnection` fields, if present.
    pub init: Option<ConnectionInfo>,
    /// Messages that must be answered before this query runs (`invokeAfterMsg(s)`).
    pub after: Vec<MsgId>,
    /// The query came inside `invokeWithoutUpdates`.
    pub without_updates: bool,
    /// The remaining query.
    pub query: &'a [u8],
}

/// Strips `invokeWithLayer`, `initConnection`, `invokeAfterMsg(s)` and `invokeWithoutUpdates` in
/// any nesting order.
pub fn unwrap(query: &[u8]) -> Result<Unwrapped<'_>, DispatchError> {
    let (call, query) = crate::dispatch::unwrap(query)?;
    Ok(Unwrapped {
        layer: call.layer,
        init: call.init.map(|i| ConnectionInfo {
            api_id: i.api_id,
            device_model: i.device_model.into_owned(),
            system_version: i.system_version.into_owned(),
            app_version: i.app_version.into_owned(),
            system_lang_code: i.system_lang_code.into_owned(),
            lang_pack: i.lang_pack.into_owned(),
            lang_code: i.lang_code.into_owned(),
        }),
        after: call.after_msg_ids.into_iter().map(MsgId).collect(),
        without_updates: call.without_updates,
        query,
    })
}
