//! Transport obfuscation, "obfuscated2"
//! (<https://core.telegram.org/mtproto/mtproto-transports#transport-obfuscation>).
//!
//! The client opens with 64 random bytes `init` carrying the protocol tag at 56..60; both
//! directions are then AES-256-CTR streams keyed from `init` and its reverse (MTPROTO.md §1.7).
//! The key schedule and the header rules are mtproto-crypto's ([`mtproto_crypto::ctr`]); this
//! module ties them to the transports.

use std::fmt;

use mtproto_crypto::ctr::{self, ProtocolTag};
use rand::CryptoRng;

/// Length of the obfuscation header.
pub const HEADER_LEN: usize = 64;

/// A client's 64-byte header before encryption: random bytes with the protocol tag at 56..60
/// and, optionally, a DC id at 60..62.
#[derive(Clone, PartialEq, Eq)]
pub struct ObfuscationHeader([u8; HEADER_LEN]);

impl fmt::Debug for ObfuscationHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ObfuscationHeader(..)")
    }
}

impl ObfuscationHeader {
    /// Draws random headers from `rng` until one avoids every forbidden start (first byte `ef`,
    /// HTTP verbs, a TLS record, the intermediate tags, zero bytes 4..8), then sets `tag` and the
    /// optional DC id (LE i16; +10000 for test DCs, negative for media).
    pub fn generate<R: CryptoRng>(tag: ProtocolTag, dc_id: Option<i16>, rng: &mut R) -> Self {
        Self(ctr::generate_init(rng, tag, dc_id))
    }

    /// A header from given random bytes (no forbidden-start check; for known-answer tests).
    pub fn from_random(mut random: [u8; HEADER_LEN], tag: ProtocolTag, dc_id: Option<i16>) -> Self {
        random[56..60].copy_from_slice(&tag.bytes());
        if let Some(dc) = dc_id {
            random[60..62].copy_from_slice(&dc.to_le_bytes());
        }
        Self(random)
    }

    /// The header bytes before encryption.
    pub fn as_bytes(&self) -> &[u8; HEADER_LEN] {
        &self.0
    }
}

/// What the server reads from a received header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReceivedHeader {
    /// The protocol tag, if bytes 56..60 decrypt to one.
    pub tag: Option<ProtocolTag>,
    /// Decrypted bytes 60..62 as LE i16 (DC id, meaningful for MTProxy).
    pub dc_id: i16,
}

/// The two AES-256-CTR streams of an obfuscated connection.
pub(crate) struct Obfuscation(ctr::Obfuscation);

impl fmt::Debug for Obfuscation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Obfuscation(..)")
    }
}

impl Obfuscation {
    /// The client's streams and the 64 bytes it sends.
    pub(crate) fn client(header: &ObfuscationHeader) -> (Self, [u8; HEADER_LEN]) {
        let (streams, wire) = ctr::Obfuscation::initiator(&header.0, None);
        (Self(streams), wire)
    }

    /// The server's streams and what the header says, from the 64 bytes a client sent.
    pub(crate) fn server(wire: &[u8; HEADER_LEN]) -> (Self, ReceivedHeader) {
        let (streams, plain) = ctr::Obfuscation::receiver(wire, None);
        let header = ReceivedHeader {
            tag: ProtocolTag::from_bytes([plain[56], plain[57], plain[58], plain[59]]),
            dc_id: i16::from_le_bytes([plain[60], plain[61]]),
        };
        (Self(streams), header)
    }

    /// Encrypts outgoing bytes in place.
    pub(crate) fn encrypt(&mut self, bytes: &mut [u8]) {
        self.0.send.apply(bytes);
    }

    /// Decrypts incoming bytes in place.
    pub(crate) fn decrypt(&mut self, bytes: &mut [u8]) {
        self.0.recv.apply(bytes);
    }
}
