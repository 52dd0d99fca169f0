//! Telegram's data model as stored records. Each type is one [`crate::codec::Record`].

pub mod auth;
pub mod channel;
pub mod contact;
pub mod dialog;
pub mod event;
pub mod file;
pub mod message;
pub mod secret;
pub mod user;

use crate::codec::{CodecError, Dec, Enc};
use crate::ids::Peer;

/// Writes a peer: kind byte, then id.
pub(crate) fn put_peer(e: &mut Enc, p: Peer) {
    e.u8(p.kind()).i64(p.raw_id());
}

/// Reads a peer written by [`put_peer`].
pub(crate) fn get_peer(d: &mut Dec<'_>, field: &'static str) -> Result<Peer, CodecError> {
    let kind = d.u8(field)?;
    let id = d.i64(field)?;
    Peer::from_parts(kind, id).ok_or(CodecError::Invalid {
        field,
        value: i64::from(kind),
    })
}

/// Writes an optional `i32` as a presence byte and the value.
pub(crate) fn put_opt_i32(e: &mut Enc, v: Option<i32>) {
    match v {
        Some(v) => e.u8(1).i32(v),
        None => e.u8(0),
    };
}

/// Reads an optional `i32` written by [`put_opt_i32`].
pub(crate) fn get_opt_i32(d: &mut Dec<'_>, field: &'static str) -> Result<Option<i32>, CodecError> {
    Ok(if d.bool(field)? {
        Some(d.i32(field)?)
    } else {
        None
    })
}

/// Writes an optional `i64`.
pub(crate) fn put_opt_i64(e: &mut Enc, v: Option<i64>) {
    match v {
        Some(v) => e.u8(1).i64(v),
        None => e.u8(0),
    };
}

/// Reads an optional `i64` written by [`put_opt_i64`].
pub(crate) fn get_opt_i64(d: &mut Dec<'_>, field: &'static str) -> Result<Option<i64>, CodecError> {
    Ok(if d.bool(field)? {
        Some(d.i64(field)?)
    } else {
        None
    })
}
