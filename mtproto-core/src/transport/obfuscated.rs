//! Transport obfuscation, "obfuscated2"
//! (<https://core.telegram.org/mtproto/mtproto-transports#transport-obfuscation>).
//!
//! The client opens with 64 random bytes `init` carrying the protocol tag at 56..60; both
//! directions are then AES-256-CTR streams keyed from `init` (MTPROTO.md §1.7):
//!
//! ```text
//! enc_key = init[8..40]  enc_iv = init[40..56]
//! rev     = reverse(init)
//! dec_key = rev[8..40]   dec_iv = rev[40..56]
//! wire header = init[0..56] ‖ AES-CTR(enc_key, enc_iv)(init)[56..64]
//! ```
//! The server's decrypt stream is the client's encrypt stream and vice versa.

use std::fmt;

use rand::Rng;

use crate::obfuscation_cipher::CtrStream;

/// Length of the obfuscation header.
pub const HEADER_LEN: usize = 64;

/// First words a header must not start with: HTTP verbs, a TLS record start and the
/// intermediate / padded tags (read as LE u32; MTPROTO.md §1.7).
const FORBIDDEN_FIRST_WORDS: [u32; 7] = [
    0x4441_4548,
    0x5453_4f50,
    0x2054_4547,
    0x4954_504f,
    0x0201_0316,
    0xdddd_dddd,
    0xeeee_eeee,
];

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
    /// the first words above, or zero bytes 4..8 that would look like the full transport), then
    /// sets `tag` and the optional DC id (LE i16; +10000 for test DCs, negative for media).
    pub fn generate<R: Rng + ?Sized>(tag: [u8; 4], dc_id: Option<i16>, rng: &mut R) -> Self {
        loop {
            let mut random = [0u8; HEADER_LEN];
            rng.fill_bytes(&mut random);
            if !is_forbidden(&random) {
                return Self::from_random(random, tag, dc_id);
            }
        }
    }

    /// A header from given random bytes (no forbidden-start check; for known-answer tests).
    pub fn from_random(mut random: [u8; HEADER_LEN], tag: [u8; 4], dc_id: Option<i16>) -> Self {
        random[56..60].copy_from_slice(&tag);
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

/// Whether `init` starts like something a server would mistake for another protocol.
pub fn is_forbidden(init: &[u8; HEADER_LEN]) -> bool {
    let first = u32::from_le_bytes([init[0], init[1], init[2], init[3]]);
    init[0] == 0xef || FORBIDDEN_FIRST_WORDS.contains(&first) || init[4..8] == [0; 4]
}

/// What the server reads from a received header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReceivedHeader {
    /// Decrypted bytes 56..60 (the protocol tag).
    pub tag: [u8; 4],
    /// Decrypted bytes 60..62 as LE i16 (DC id, meaningful for MTProxy).
    pub dc_id: i16,
}

/// The two AES-256-CTR streams of an obfuscated connection.
pub(crate) struct Obfuscation {
    encrypt: CtrStream,
    decrypt: CtrStream,
}

impl fmt::Debug for Obfuscation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Obfuscation(..)")
    }
}

/// `(key, iv)` at offsets 8..40 and 40..56 of `block`.
fn key_iv(block: &[u8; HEADER_LEN]) -> ([u8; 32], [u8; 16]) {
    let mut key = [0u8; 32];
    let mut iv = [0u8; 16];
    key.copy_from_slice(&block[8..40]);
    iv.copy_from_slice(&block[40..56]);
    (key, iv)
}

fn reversed(block: &[u8; HEADER_LEN]) -> [u8; HEADER_LEN] {
    let mut rev = *block;
    rev.reverse();
    rev
}

impl Obfuscation {
    /// The client's streams and the 64 bytes it sends.
    pub(crate) fn client(header: &ObfuscationHeader) -> (Self, [u8; HEADER_LEN]) {
        let init = &header.0;
        let (enc_key, enc_iv) = key_iv(init);
        let (dec_key, dec_iv) = key_iv(&reversed(init));
        let mut encrypt = CtrStream::new(&enc_key, &enc_iv);
        let mut encrypted = *init;
        encrypt.apply(&mut encrypted);
        let mut wire = *init;
        wire[56..].copy_from_slice(&encrypted[56..]);
        (
            Self {
                encrypt,
                decrypt: CtrStream::new(&dec_key, &dec_iv),
            },
            wire,
        )
    }

    /// The server's streams and what the header says, from the 64 bytes a client sent.
    pub(crate) fn server(wire: &[u8; HEADER_LEN]) -> (Self, ReceivedHeader) {
        let (dec_key, dec_iv) = key_iv(wire);
        let (enc_key, enc_iv) = key_iv(&reversed(wire));
        let mut decrypt = CtrStream::new(&dec_key, &dec_iv);
        let mut plain = *wire;
        decrypt.apply(&mut plain);
        let header = ReceivedHeader {
            tag: [plain[56], plain[57], plain[58], plain[59]],
            dc_id: i16::from_le_bytes([plain[60], plain[61]]),
        };
        (
            Self {
                encrypt: CtrStream::new(&enc_key, &enc_iv),
                decrypt,
            },
            header,
        )
    }

    /// Encrypts outgoing bytes in place.
    pub(crate) fn encrypt(&mut self, bytes: &mut [u8]) {
        self.encrypt.apply(bytes);
    }

    /// Decrypts incoming bytes in place.
    pub(crate) fn decrypt(&mut self, bytes: &mut [u8]) {
        self.decrypt.apply(bytes);
    }
}
