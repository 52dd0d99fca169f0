//! The server side of encrypted sessions: one [`ServerConnection`] per transport connection,
//! holding the sessions whose messages arrive on it.
//!
//! Shaped like quinn-proto: [`ServerConnection::handle_input`] takes bytes and the time,
//! [`ServerConnection::poll_transmit`] yields bytes to write, [`ServerConnection::poll_event`]
//! what the host must act on (one [`RpcCall`] per query), and
//! [`ServerConnection::poll_timeout`] / [`ServerConnection::handle_timeout`] drive the
//! `ping_delay_disconnect` timer. Auth keys live in a host-supplied [`ServerKeys`] store: they
//! outlive connections, and one key may carry many sessions. Sessions outlive connections too:
//! [`ServerConnection::park_sessions`] hands them to the store when a connection ends, and the
//! next connection carrying the same session resumes it and re-sends what was not acknowledged.

mod connection;
mod keys;
mod state;

pub use connection::{ServerConfig, ServerConnection};
pub use keys::{
    DEFAULT_MAX_PARKED, KeyStoreError, MemoryKeys, ParkedSession, ParkedSessions, ServerKeys,
};

use mtproto_crypto::AuthKeyId;

use super::wrappers::ConnectionInfo;
use crate::msg_id::MsgId;

/// A query the host must answer with [`ServerConnection::respond`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RpcCall {
    /// Which message to answer.
    pub handle: RpcHandle,
    /// The API layer of this auth key (from this or an earlier `invokeWithLayer`).
    pub layer: Option<i32>,
    /// The `initConnection` fields, when this query carried them.
    pub init: Option<ConnectionInfo>,
    /// The query came inside `invokeWithoutUpdates` (push no updates to this session).
    pub without_updates: bool,
    /// The query with `invokeWithLayer`, `initConnection`, `invokeAfterMsg(s)` and
    /// `invokeWithoutUpdates` removed.
    pub query: Vec<u8>,
}

/// Names one received query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RpcHandle {
    /// The auth key the query came under.
    pub auth_key_id: AuthKeyId,
    /// The client's session.
    pub session_id: i64,
    /// The query's msg_id.
    pub msg_id: MsgId,
}

/// The host's answer to an [`RpcCall`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RpcAnswer {
    /// A serialized TL result (gzip-packed on the wire when that makes it smaller).
    Result(Vec<u8>),
    /// An `rpc_error`.
    Error {
        /// The error code (400, 401, 420, …).
        code: i32,
        /// The error message (`AUTH_KEY_UNREGISTERED`, …).
        message: String,
    },
}

/// Why a packet was dropped without an answer (the spec asks for silence; the host may count).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// The encrypted payload failed decryption or its length/padding/msg_key checks.
    Undecryptable,
    /// An unencrypted message that is not part of a valid handshake.
    BadPlainMessage,
    /// A duplicate of a message already received.
    Duplicate(MsgId),
    /// A `gzip_packed` object that could not be unpacked.
    BadGzip(MsgId),
}

/// Why a connection should be closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CloseReason {
    /// The transport could not be framed any more.
    Transport(crate::transport::TransportError),
    /// `ping_delay_disconnect` expired without another ping.
    PingTimeout,
}

/// What the host must act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerEvent {
    /// The handshake on this connection created an auth key (already stored in [`ServerKeys`]).
    AuthKeyCreated {
        /// Its id.
        auth_key_id: AuthKeyId,
        /// Expiry (Unix seconds) for a temporary key.
        expires_at: Option<i64>,
    },
    /// A client started a new session (after `new_session_created` was queued).
    SessionCreated {
        /// The key.
        auth_key_id: AuthKeyId,
        /// The session.
        session_id: i64,
    },
    /// A client asked to forget another session of its key (`destroy_session`).
    SessionDestroyed {
        /// The key.
        auth_key_id: AuthKeyId,
        /// The destroyed session.
        session_id: i64,
    },
    /// A query to answer.
    Rpc(RpcCall),
    /// A packet was dropped silently.
    Rejected(Rejection),
    /// The host should close the connection (after writing what [`ServerConnection::poll_transmit`]
    /// still yields).
    Closed(CloseReason),
}
