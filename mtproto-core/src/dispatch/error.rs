//! Why a query could not be dispatched, and the `rpc_error` that answers it.

use std::borrow::Cow;

use thiserror::Error;

use crate::tl::DecodeError;
use crate::tl::mtproto::types::RpcError;

/// A query that reached no method.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DispatchError {
    /// The (innermost) constructor id names no function of the schema.
    #[error("unknown method {id:#010x}")]
    UnknownMethod {
        /// The id read.
        id: u32,
    },
    /// The function is known but its arguments (or a wrapper) do not decode.
    #[error("cannot decode {name} ({id:#010x}): {error}")]
    Decode {
        /// The function or wrapper id.
        id: u32,
        /// Its TL name.
        name: &'static str,
        /// What went wrong.
        error: DecodeError,
    },
}

impl DispatchError {
    /// The `rpc_error` Telegram answers such a query with: `INPUT_METHOD_INVALID` for an unknown
    /// method, `INPUT_CONSTRUCTOR_INVALID` for an unknown constructor inside the arguments,
    /// `INPUT_FETCH_ERROR` for arguments that do not decode (all code 400; names as in Telethon
    /// 1.45's `rpcerrorlist`).
    pub fn to_rpc_error(&self) -> RpcError<'static> {
        let message = match self {
            Self::UnknownMethod { .. } => super::NOT_IMPLEMENTED.1,
            Self::Decode {
                error: DecodeError::UnknownConstructor { .. },
                ..
            } => "INPUT_CONSTRUCTOR_INVALID",
            Self::Decode { .. } => "INPUT_FETCH_ERROR",
        };
        RpcError {
            error_code: 400,
            error_message: Cow::Borrowed(message),
        }
    }
}
