//! Unwrapping the invoke wrappers a server session handles itself: `invokeWithLayer`,
//! `initConnection` (<https://core.telegram.org/api/invoking#layers>), `invokeAfterMsg(s)`
//! (<https://core.telegram.org/api/invoking#dependent-query-sequences>) and
//! `invokeWithoutUpdates` (<https://core.telegram.org/api/invoking#disabling-updates>, reported
//! as a flag). Other wrappers (`invokeWithTakeout`, …) reach the host untouched.

use super::service::ids;
use crate::msg_id::MsgId;
use crate::tl_wire::{Reader, TlError};

/// `jsonArray#f7444763`, `jsonBool#c7345e6a`, `jsonNull#3f6d7b68`, `jsonNumber#2be0dfa4`,
/// `jsonObject#99c1d49d`, `jsonObjectValue#c0de1bd9`, `jsonString#b71e767a` (api-229.tl).
const JSON_ARRAY: u32 = 0xf744_4763;
const JSON_BOOL: u32 = 0xc734_5e6a;
const JSON_NULL: u32 = 0x3f6d_7b68;
const JSON_NUMBER: u32 = 0x2be0_dfa4;
const JSON_OBJECT: u32 = 0x99c1_d49d;
const JSON_OBJECT_VALUE: u32 = 0xc0de_1bd9;
const JSON_STRING: u32 = 0xb71e_767a;
/// `inputClientProxy#75588b3f address:string port:int`.
const INPUT_CLIENT_PROXY: u32 = 0x7558_8b3f;
/// How deep a `JSONValue` may nest before it is refused.
const MAX_JSON_DEPTH: usize = 16;

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
pub fn unwrap(mut query: &[u8]) -> Result<Unwrapped<'_>, TlError> {
    let mut out = Unwrapped {
        layer: None,
        init: None,
        after: Vec::new(),
        without_updates: false,
        query,
    };
    // Each wrapper consumes input, so this loop ends; the bound is a guard against nesting abuse.
    for _ in 0..8 {
        let mut r = Reader::new(query);
        match r.u32() {
            Ok(ids::INVOKE_WITH_LAYER) => out.layer = Some(r.i32()?),
            Ok(ids::INIT_CONNECTION) => out.init = Some(read_init(&mut r)?),
            Ok(ids::INVOKE_AFTER_MSG) => out.after.push(MsgId(r.i64()?)),
            Ok(ids::INVOKE_AFTER_MSGS) => out.after.extend(r.vec_i64()?.into_iter().map(MsgId)),
            Ok(ids::INVOKE_WITHOUT_UPDATES) => out.without_updates = true,
            _ => break,
        }
        query = r.remaining();
        out.query = query;
    }
    Ok(out)
}

fn string(r: &mut Reader<'_>) -> Result<String, TlError> {
    Ok(String::from_utf8_lossy(r.bytes()?).into_owned())
}

fn read_init(r: &mut Reader<'_>) -> Result<ConnectionInfo, TlError> {
    let flags = r.u32()?;
    let info = ConnectionInfo {
        api_id: r.i32()?,
        device_model: string(r)?,
        system_version: string(r)?,
        app_version: string(r)?,
        system_lang_code: string(r)?,
        lang_pack: string(r)?,
        lang_code: string(r)?,
    };
    if flags & 1 != 0 {
        r.expect(INPUT_CLIENT_PROXY)?;
        r.bytes()?;
        r.i32()?;
    }
    if flags & 2 != 0 {
        skip_json(r, 0)?;
    }
    Ok(info)
}

/// Skips one boxed `JSONValue`.
fn skip_json(r: &mut Reader<'_>, depth: usize) -> Result<(), TlError> {
    if depth > MAX_JSON_DEPTH {
        return Err(TlError::BadBytes);
    }
    match r.u32()? {
        JSON_NULL => {}
        JSON_BOOL => {
            r.u32()?;
        }
        JSON_NUMBER => {
            r.raw(8)?;
        }
        JSON_STRING => {
            r.bytes()?;
        }
        JSON_ARRAY => {
            r.expect(crate::tl_wire::VECTOR_ID)?;
            for _ in 0..r.u32()? {
                skip_json(r, depth + 1)?;
            }
        }
        JSON_OBJECT => {
            r.expect(crate::tl_wire::VECTOR_ID)?;
            for _ in 0..r.u32()? {
                r.expect(JSON_OBJECT_VALUE)?;
                r.bytes()?;
                skip_json(r, depth + 1)?;
            }
        }
        other => return Err(TlError::Constructor(other)),
    }
    Ok(())
}
