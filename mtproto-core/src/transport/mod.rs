//! MTProto transports as Sans-IO codecs over byte buffers.
//!
//! Implements <https://core.telegram.org/mtproto/mtproto-transports>: the abridged, intermediate,
//! padded intermediate and full envelopes, quick acknowledgements in both directions, 4-byte
//! transport errors, obfuscation ("obfuscated2") and the server's detection of which of these a
//! new connection speaks.
//!
//! Layers, bottom to top: [`Transport`] (a connection's byte stream, with its input buffer and
//! optional [`obfuscated`] stream cipher) → [`FrameCodec`] (one envelope format) → MTProto payload.
//! The server starts with a [`ServerTransport`], which detects the format from the first bytes.

pub mod abridged;
mod codec;
mod detect;
mod error;
pub mod full;
pub mod intermediate;
pub mod obfuscated;
pub mod padded;
mod stream;

pub use codec::FrameCodec;
pub use detect::ServerTransport;
pub use error::{TransportError, TransportErrorCode};
pub use mtproto_crypto::ctr::ProtocolTag;
pub use stream::Transport;

/// Largest payload any decoder accepts unless configured otherwise: 2^24 bytes, the bound TDLib
/// uses for what it writes (`td/mtproto/TcpTransport.cpp`; MTPROTO.md §1.2).
pub const DEFAULT_MAX_PAYLOAD: usize = 1 << 24;

/// The envelope format of a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TransportKind {
    /// 1- or 4-byte length in 4-byte units; tag `ef`.
    Abridged,
    /// 4-byte length; tag `ee ee ee ee`.
    Intermediate,
    /// 4-byte length, payload followed by 0..15 random bytes; tag `dd dd dd dd`.
    PaddedIntermediate,
    /// Length, sequence number and CRC32; no tag.
    Full,
}

impl TransportKind {
    /// The tag a client writes before its first packet (empty for full).
    pub fn tag(self) -> &'static [u8] {
        match self {
            TransportKind::Abridged => &[0xef],
            TransportKind::Intermediate => &[0xee; 4],
            TransportKind::PaddedIntermediate => &[0xdd; 4],
            TransportKind::Full => &[],
        }
    }

    /// The tag at offset 56 of an obfuscated2 header, or `None` for full, which no
    /// implementation obfuscates (MTPROTO.md §10).
    pub fn obfuscated_tag(self) -> Option<ProtocolTag> {
        match self {
            TransportKind::Abridged => Some(ProtocolTag::Abridged),
            TransportKind::Intermediate => Some(ProtocolTag::Intermediate),
            TransportKind::PaddedIntermediate => Some(ProtocolTag::PaddedIntermediate),
            TransportKind::Full => None,
        }
    }

    /// The transport an obfuscated2 tag names.
    pub fn from_obfuscated_tag(tag: ProtocolTag) -> Self {
        match tag {
            ProtocolTag::Abridged => TransportKind::Abridged,
            ProtocolTag::Intermediate => TransportKind::Intermediate,
            ProtocolTag::PaddedIntermediate => TransportKind::PaddedIntermediate,
        }
    }
}

/// A quick-ack token: `LE_u32(msg_key_large[0..4]) | 0x8000_0000` (MTPROTO.md §1.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct QuickAckToken(pub u32);

/// One decoded transport packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// An MTProto payload (unencrypted or encrypted message).
    Payload {
        /// The payload, with any padded-intermediate tail removed.
        data: Vec<u8>,
        /// The client asked for a quick ack (only ever set on the server side).
        quick_ack: bool,
    },
    /// The server acknowledged a packet early (only ever produced on the client side).
    QuickAck(QuickAckToken),
    /// A 4-byte transport error from the peer.
    Error(TransportErrorCode),
}

/// Reads a little-endian u32 from the first 4 bytes of `b` (callers check the length).
fn le_u32(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

/// If `payload` is a 4-byte transport error (a negative LE int32), its code.
fn as_error(payload: &[u8]) -> Option<TransportErrorCode> {
    if payload.len() == 4 {
        let v = le_u32(payload) as i32;
        if v < 0 {
            return Some(TransportErrorCode(v));
        }
    }
    None
}
