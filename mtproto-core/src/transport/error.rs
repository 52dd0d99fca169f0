//! Transport errors: the ones a decoder detects, and the 4-byte codes peers exchange
//! (<https://core.telegram.org/mtproto/mtproto-transports#transport-errors>).

/// A 4-byte transport error code as sent on the wire (negative).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TransportErrorCode(pub i32);

impl TransportErrorCode {
    /// −404: auth key unknown, or a malformed query/handshake message.
    pub const AUTH_KEY_NOT_FOUND: Self = Self(-404);
    /// −429: transport flood (too many connections, or container/service limits exceeded).
    pub const FLOOD: Self = Self(-429);
    /// −444: invalid DC id.
    pub const INVALID_DC: Self = Self(-444);

    /// The 4 payload bytes that carry this code.
    pub fn to_bytes(self) -> [u8; 4] {
        self.0.to_le_bytes()
    }
}

/// Why a transport decoder gave up on a connection. Every variant is fatal for the connection:
/// its byte stream can no longer be framed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// A length field exceeds the configured maximum payload.
    #[error("frame of {len} bytes exceeds the maximum of {max}")]
    TooLarge {
        /// Declared payload length.
        len: usize,
        /// Configured maximum.
        max: usize,
    },
    /// A length field is impossible for this transport (e.g. not a multiple of 4).
    #[error("invalid frame length {0}")]
    BadLength(usize),
    /// Full transport: the packet's sequence number is not the expected one.
    #[error("full transport: expected seq {expected}, got {got}")]
    BadSeq {
        /// The next expected sequence number.
        expected: u32,
        /// The received one.
        got: u32,
    },
    /// Full transport: the CRC32 does not match.
    #[error("full transport: bad crc32 (expected {expected:#010x}, got {got:#010x})")]
    BadCrc {
        /// CRC32 computed over the packet.
        expected: u32,
        /// CRC32 carried by the packet.
        got: u32,
    },
    /// Server: the first bytes of a connection match no known transport.
    #[error("unrecognised transport in the first bytes of the connection")]
    UnknownTransport,
}
