//! RPCs: each query goes through mtproto-core's typed dispatcher to a [`Handler`] that knows the
//! caller (auth key, bound user). Methods are grouped by service: [`help`] (configuration),
//! [`auth`] (Auth & Session Service), [`account`] and [`users`] (profiles), [`contacts`]
//! (discovery), [`messages`], [`history`], [`dialogs`] and [`chats`] (Message Handling Service:
//! private chats, basic groups), [`updates`] (Updates Service). [`peers`] resolves the client's
//! peers; [`convert`] turns stored messages and update-log entries into TL.
//! Methods not implemented here answer Telegram's `INPUT_METHOD_INVALID` through the trait's
//! defaults, or `401 AUTH_KEY_UNREGISTERED` before login.

pub mod account;
mod api;
pub mod auth;
pub mod chats;
pub mod contacts;
pub mod convert;
pub mod dialogs;
pub mod help;
pub mod history;
pub mod messages;
pub mod peers;
pub mod updates;
pub mod users;

use std::borrow::Cow;

use chat_store::StoreError;
use chat_store::ids::UserId;
use mtproto_core::dispatch::{self, Answer};
use mtproto_core::session::server::{RpcAnswer, RpcCall};
use mtproto_core::tl::Serialize;
use mtproto_core::tl::mtproto::types::RpcError;
use mtproto_crypto::AuthKeyId;
use rand::rngs::StdRng;

use crate::app::{App, now};
use crate::gateway::keys::stored_id;
use crate::online::Push;

/// The caller of one RPC.
pub struct Handler<'a> {
    /// Shared server state.
    pub app: &'a App,
    /// The auth key the query came under.
    pub key: AuthKeyId,
    /// The client's session.
    pub session: i64,
    /// The user bound to that key (after sign-in).
    pub user: Option<UserId>,
    /// Unix seconds now.
    pub now: u32,
    /// The host's CSPRNG.
    pub rng: &'a mut StdRng,
    /// Updates to publish once the answer is queued.
    pub pushes: Vec<Push>,
}

/// An answered query: the answer, the account signed in under its key afterwards, and the
/// updates to publish after the answer.
pub struct Answered {
    /// The answer.
    pub answer: RpcAnswer,
    /// The signed-in account, if any.
    pub user: Option<UserId>,
    /// Live updates for other sessions.
    pub pushes: Vec<Push>,
}

/// An `rpc_error`.
pub fn error(code: i32, message: impl Into<Cow<'static, str>>) -> RpcError<'static> {
    RpcError {
        error_code: code,
        error_message: message.into(),
    }
}

/// `401 AUTH_KEY_UNREGISTERED`: the key is not signed in.
pub fn unregistered() -> RpcError<'static> {
    error(401, "AUTH_KEY_UNREGISTERED")
}

/// A store failure as `500 INTERNAL` (logged; the client may retry).
pub fn internal(e: StoreError) -> RpcError<'static> {
    tracing::error!(error = %e, "store operation failed");
    error(500, "INTERNAL")
}

impl Handler<'_> {
    /// The signed-in user, or 401.
    pub fn me(&self) -> Answer<UserId> {
        self.user.ok_or_else(unregistered)
    }
}

/// Whether a method needs a signed-in key: everything but `help.*`, `auth.*` and `langpack.*`
/// (what Telegram serves before login, <https://core.telegram.org/api/auth>).
fn needs_login(method: u32) -> bool {
    match mtproto_core::tl::name_for_id(method) {
        Some(name) => !["help.", "auth.", "langpack."]
            .iter()
            .any(|p| name.starts_with(p)),
        None => false,
    }
}

/// Answers one query.
pub fn answer(app: &App, call: &RpcCall, rng: &mut StdRng) -> Answered {
    let key = call.handle.auth_key_id;
    let user = match app.store.auth_key(stored_id(key)) {
        Ok(stored) => stored.user,
        Err(e) => {
            tracing::warn!(error = %e, "auth key of a query not found");
            None
        }
    };
    let mut handler = Handler {
        app,
        key,
        session: call.handle.session_id,
        user,
        now: now().as_secs() as u32,
        rng,
        pushes: Vec::new(),
    };
    let mut out = Vec::new();
    match dispatch::dispatch(&mut handler, &call.query, &mut out) {
        Ok(done) if user.is_none() && needs_login(done.method) => {
            out.clear();
            unregistered().serialize(&mut out);
        }
        Ok(done) => {
            tracing::debug!(method = ?mtproto_core::tl::name_for_id(done.method), "answered");
        }
        Err(e) => {
            tracing::debug!(error = %e, "query not dispatched");
            out.clear();
            e.to_rpc_error().serialize(&mut out);
        }
    }
    Answered {
        answer: RpcAnswer::Result(out),
        user: handler.user,
        pushes: handler.pushes,
    }
}
