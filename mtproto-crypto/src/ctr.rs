//! AES-256-CTR streams of the obfuscated transport ("obfuscated2")
//! (<https://core.telegram.org/mtproto/mtproto-transports#transport-obfuscation>).
//!
//! The initiator (client) picks 64 random bytes `init`, puts the protocol tag at 56..60, and
//! derives two streams: `send` from `init[8..40]`/`init[40..56]`, `recv` from the same ranges of
//! `reverse(init)`. It encrypts `init` with `send` and transmits `init[0..56] ‖ encrypted[56..64]`.
//! The receiver (server) derives the same two streams with the roles swapped, and learns the tag
//! by decrypting the header with its `recv` stream. With an MTProxy secret each key becomes
//! `SHA256(key ‖ secret)`.

use aes::Aes256;
use ctr::Ctr128BE;
use ctr::cipher::{KeyIvInit, StreamCipher};
use rand_core::CryptoRng;

use crate::concat_hash::sha256_concat;

/// One direction of the obfuscated byte stream (AES-256-CTR with a 128-bit big-endian counter).
pub struct CtrStream {
    cipher: Ctr128BE<Aes256>,
}

impl std::fmt::Debug for CtrStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CtrStream(..)")
    }
}

impl CtrStream {
    /// A stream from a raw key and IV.
    pub fn new(key: &[u8; 32], iv: &[u8; 16]) -> Self {
        Self {
            cipher: Ctr128BE::new(key.into(), iv.into()),
        }
    }

    /// XORs the keystream into `data` (encryption and decryption are the same operation); the
    /// stream continues where the previous call stopped.
    pub fn apply(&mut self, data: &mut [u8]) {
        self.cipher.apply_keystream(data);
    }
}

/// The tag at bytes 56..60 of the header: which transport runs inside the obfuscation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProtocolTag {
    /// Abridged (`ef ef ef ef`).
    Abridged,
    /// Intermediate (`ee ee ee ee`).
    Intermediate,
    /// Padded intermediate (`dd dd dd dd`).
    PaddedIntermediate,
}

impl ProtocolTag {
    /// The four tag bytes.
    pub const fn bytes(self) -> [u8; 4] {
        match self {
            Self::Abridged => [0xef; 4],
            Self::Intermediate => [0xee; 4],
            Self::PaddedIntermediate => [0xdd; 4],
        }
    }

    /// The tag these four bytes name, if any.
    pub fn from_bytes(bytes: [u8; 4]) -> Option<Self> {
        [Self::Abridged, Self::Intermediate, Self::PaddedIntermediate]
            .into_iter()
            .find(|t| t.bytes() == bytes)
    }
}

/// Both streams of one obfuscated connection, from our side's point of view.
#[derive(Debug)]
pub struct Obfuscation {
    /// Applied to every byte we send.
    pub send: CtrStream,
    /// Applied to every byte we receive.
    pub recv: CtrStream,
}

fn stream(bytes: &[u8; 64], secret: Option<&[u8; 16]>) -> CtrStream {
    let mut key = [0; 32];
    key.copy_from_slice(&bytes[8..40]);
    let mut iv = [0; 16];
    iv.copy_from_slice(&bytes[40..56]);
    if let Some(secret) = secret {
        key = sha256_concat(&[&key, secret]);
    }
    CtrStream::new(&key, &iv)
}

fn reversed(bytes: &[u8; 64]) -> [u8; 64] {
    let mut r = *bytes;
    r.reverse();
    r
}

impl Obfuscation {
    /// The initiator's side, from `init` (random bytes with the tag at 56..60, e.g. from
    /// [`generate_init`]). Returns the streams, with `send` already advanced past the header,
    /// and the 64-byte header to transmit first.
    pub fn initiator(init: &[u8; 64], secret: Option<&[u8; 16]>) -> (Self, [u8; 64]) {
        let mut this = Self {
            send: stream(init, secret),
            recv: stream(&reversed(init), secret),
        };
        let mut encrypted = *init;
        this.send.apply(&mut encrypted);
        let mut header = *init;
        header[56..].copy_from_slice(&encrypted[56..]);
        (this, header)
    }

    /// The receiver's side, from the 64 header bytes received. Returns the streams, with `recv`
    /// already advanced past the header, and the decrypted header: its bytes 56..60 are the tag
    /// (see [`ProtocolTag::from_bytes`]) and 60..62 the DC id (LE `i16`) where the initiator
    /// wrote one.
    pub fn receiver(header: &[u8; 64], secret: Option<&[u8; 16]>) -> (Self, [u8; 64]) {
        let mut this = Self {
            send: stream(&reversed(header), secret),
            recv: stream(header, secret),
        };
        let mut decrypted = *header;
        this.recv.apply(&mut decrypted);
        (this, decrypted)
    }
}

/// Whether `init` may start an obfuscated connection: its first bytes must not look like another
/// transport's start (abridged `ef`, HTTP verbs, a TLS record, the intermediate tags, or a full
/// transport's zero `seq` at 4..8).
pub fn is_valid_init(init: &[u8; 64]) -> bool {
    const FORBIDDEN: [u32; 7] = [
        0x4441_4548,
        0x5453_4f50,
        0x2054_4547,
        0x4954_504f,
        0x0201_0316,
        0xdddd_dddd,
        0xeeee_eeee,
    ];
    let first = u32::from_le_bytes([init[0], init[1], init[2], init[3]]);
    init[0] != 0xef && !FORBIDDEN.contains(&first) && init[4..8] != [0; 4]
}

/// Draws a valid `init` from `rng` with `tag` at 56..60 and, when given, the DC id at 60..62
/// (LE `i16`; +10000 for test DCs, negative for media DCs: MTProxy reads it).
pub fn generate_init(rng: &mut impl CryptoRng, tag: ProtocolTag, dc: Option<i16>) -> [u8; 64] {
    let mut init = [0; 64];
    loop {
        rng.fill_bytes(&mut init);
        if is_valid_init(&init) {
            break;
        }
    }
    init[56..60].copy_from_slice(&tag.bytes());
    if let Some(dc) = dc {
        init[60..62].copy_from_slice(&dc.to_le_bytes());
    }
    init
}
