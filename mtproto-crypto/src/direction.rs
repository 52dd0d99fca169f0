//! Which way a message travels, which selects the `x` offset into the key in the KDF
//! (<https://core.telegram.org/mtproto/description#defining-aes-key-and-initialization-vector>).

/// The direction of a cloud message: `x = 0` client→server, `x = 8` server→client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Sent by the client, read by the server (`x = 0`).
    ClientToServer,
    /// Sent by the server, read by the client (`x = 8`).
    ServerToClient,
}

impl Direction {
    /// The KDF offset `x`.
    pub const fn x(self) -> usize {
        match self {
            Self::ClientToServer => 0,
            Self::ServerToClient => 8,
        }
    }
}

/// Which end of a connection we are; gives the direction of what we send and what we read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The client end.
    Client,
    /// The server end.
    Server,
}

impl Side {
    /// The direction of messages this side sends.
    pub const fn outgoing(self) -> Direction {
        match self {
            Self::Client => Direction::ClientToServer,
            Self::Server => Direction::ServerToClient,
        }
    }

    /// The direction of messages this side receives.
    pub const fn incoming(self) -> Direction {
        match self {
            Self::Client => Direction::ServerToClient,
            Self::Server => Direction::ClientToServer,
        }
    }
}
