//! The typed server dispatcher: decode a query, unwrap the generic wrappers
//! (`invokeWithLayer`, `initConnection`, `invokeAfterMsg(s)`, `invokeWithoutUpdates`), keep what
//! they said in a [`Call`], and call the method of [`Api`] for the inner function.
//! <https://core.telegram.org/api/invoking>
//!
//! A host implements [`Api`] for what it supports; every other method answers the `rpc_error`
//! Telegram gives for a method it does not know ([`not_implemented`]). A query whose constructor
//! is unknown or whose arguments do not decode is a [`DispatchError`] carrying the id, which
//! [`DispatchError::to_rpc_error`] turns into the answer, so the session goes on.

mod call;
mod error;

pub use crate::tl::api::server::Api;
pub use call::{Call, dispatch, unwrap};
pub use error::DispatchError;

use std::borrow::Cow;

use crate::tl::Serialize;
use crate::tl::mtproto::types::RpcError;

/// What a method returns: the result object, or the `rpc_error` to answer with.
pub type Answer<T> = Result<T, RpcError<'static>>;

/// Error code and message of a method the server does not implement: Telegram answers methods
/// it does not know with `400 INPUT_METHOD_INVALID` ("the method invoked does not exist anymore
/// or has never existed", as listed in Telethon 1.45's `rpcerrorlist`).
pub const NOT_IMPLEMENTED: (i32, &str) = (400, "INPUT_METHOD_INVALID");

/// The `rpc_error` for a method the server does not implement (see [`NOT_IMPLEMENTED`]).
pub fn not_implemented() -> RpcError<'static> {
    RpcError {
        error_code: NOT_IMPLEMENTED.0,
        error_message: Cow::Borrowed(NOT_IMPLEMENTED.1),
    }
}

/// Writes a method's answer: the result object, or the `rpc_error`.
pub fn write_answer<T: Serialize>(answer: Answer<T>, out: &mut Vec<u8>) {
    match answer {
        Ok(value) => value.serialize(out),
        Err(error) => error.serialize(out),
    }
}
