//! The client side of encrypted sessions: the mirror image of the server session.
//!
//! A [`ClientSession`] queues requests ([`ClientSession::send`] returns a [`RequestId`]),
//! matches answers to them by msg_id (`rpc_result`, and the top-level `pong` / `future_salts`),
//! acknowledges what the server sends, recovers from `bad_server_salt` and `bad_msg_notification`
//! by resending under new ids, re-sends unanswered requests under their original ids after a
//! timeout, keeps the connection alive with `ping_delay_disconnect`, follows the server clock,
//! and surfaces everything else the server pushes as [`ClientEvent::Update`] for the gap engine.
//! [`ClientConnection`] adds the transport.

mod connection;
mod state;

pub use connection::ClientConnection;
pub use state::{ClientConfig, ClientSession};

use crate::msg_id::MsgId;

/// Names one request sent through a [`ClientSession`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

/// An `rpc_error` from the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RpcError {
    /// The code (400, 401, 420, …).
    pub code: i32,
    /// The message (`FLOOD_WAIT_5`, …).
    pub message: String,
}

/// Why a request failed without an answer from the host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestError {
    /// The server answered with `rpc_error`.
    Rpc(RpcError),
    /// The server refused the message with a code that means a bug on this side
    /// (18, 19, 34, 35, 64).
    BadMessage(i32),
    /// The answer could not be read (bad gzip, truncated rpc_result).
    BadAnswer,
}

/// What the host must act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientEvent {
    /// The answer to a request: the serialized TL result (unpacked from gzip), a top-level
    /// `pong` or `future_salts`.
    Result {
        /// Which request.
        request: RequestId,
        /// The answer.
        result: Result<Vec<u8>, RequestError>,
    },
    /// Something the server sent on its own (updates): hand it to the gap engine.
    Update(Vec<u8>),
    /// The server started a new session for us: updates may have been missed
    /// (call `updates.getDifference`).
    NewSession {
        /// The first message the server saw in the new session.
        first_msg_id: MsgId,
    },
    /// The server salt changed.
    SaltChanged(i64),
    /// The server acknowledged a packet early (quick ack).
    QuickAck(u32),
    /// A transport error (−404: the server does not know our key; −429: flood).
    TransportError(i32),
    /// The transport can no longer be framed: reconnect.
    Closed,
}
