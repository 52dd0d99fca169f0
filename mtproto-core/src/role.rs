//! Which end of a connection a state machine plays.
//!
//! Many MTProto rules are asymmetric: the message-key offset `x`
//! (<https://core.telegram.org/mtproto/description#defining-aes-key-and-initialization-vector>),
//! the msg_id parity (<https://core.telegram.org/mtproto/description#message-identifier-msg-id>)
//! and the transport quick-ack encodings (<https://core.telegram.org/mtproto/mtproto-transports#quick-ack>).

/// The end of a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The end that opens the connection and sends queries.
    Client,
    /// The end that accepts the connection and answers queries.
    Server,
}

impl Role {
    /// The other end.
    pub fn peer(self) -> Role {
        match self {
            Role::Client => Role::Server,
            Role::Server => Role::Client,
        }
    }
}
