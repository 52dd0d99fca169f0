//! Secret-chat (end-to-end) key material and encryption
//! (<https://core.telegram.org/api/end-to-end>).
//!
//! * key fingerprint: `SHA1(key)[12..20]` as a little-endian `long` (the same computation as
//!   `auth_key_id`);
//! * MTProto 2.0 packets: `key_fingerprint (8) ‖ msg_key (16) ‖ AES-256-IGE(LE_int32(len) ‖
//!   payload ‖ 12..1024 padding)`, with the cloud KDF and `x = 0` for messages from the chat's
//!   creator, `x = 8` for the other side;
//! * MTProto 1.0 packets (peers below layer 73): SHA1 msg_key over the unpadded plaintext,
//!   the 1.0 KDF with `x = 0`, 0..15 padding bytes;
//! * key visualisation (<https://core.telegram.org/api/end-to-end#key-visualization>).

use rand_core::CryptoRng;
use sha1::{Digest, Sha1};
use sha2::Sha256;

use crate::auth_key::AuthKey;
use crate::error::MessageError;
use crate::kdf;
use crate::message::{self, HEADER_LEN};
use aes::Aes256Dec;
use aes::cipher::KeyInit;

/// Where the payload starts in a packet buffer: the header, then the 4-byte length.
pub const PAYLOAD_OFFSET: usize = HEADER_LEN + 4;

/// A 256-byte secret-chat key (`g_ab mod p`).
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey(AuthKey);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("SecretKey")
            .field(&self.fingerprint())
            .finish()
    }
}

/// Who sent a secret-chat message, which picks `x` in the KDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sender {
    /// The chat's creator (`admin_id`, the originator): `x = 0`.
    Creator,
    /// The other participant: `x = 8`.
    Participant,
}

impl Sender {
    const fn x(self) -> usize {
        match self {
            Self::Creator => 0,
            Self::Participant => 8,
        }
    }
}

impl SecretKey {
    /// Wraps the key bytes.
    pub fn from_bytes(bytes: [u8; 256]) -> Self {
        Self(AuthKey::from_bytes(bytes))
    }

    /// The key bytes.
    pub fn as_bytes(&self) -> &[u8; 256] {
        self.0.as_bytes()
    }

    /// `key_fingerprint` as sent in `messages.acceptEncryption` and in front of every packet.
    pub fn fingerprint(&self) -> i64 {
        self.0.id().0 as i64
    }

    /// The 36-byte visualisation hash of a chat created at layer ≥ 46:
    /// `SHA1(key)[0..16] ‖ SHA256(key)[0..20]`.
    pub fn key_hash(&self) -> [u8; 36] {
        self.key_hash_with_layer46_key(self)
    }

    /// The visualisation hash when the key changed since the chat started (re-keying):
    /// `SHA1(original_key)[0..16] ‖ SHA256(key_at_layer_46)[0..20]`, `self` being the
    /// original key.
    pub fn key_hash_with_layer46_key(&self, layer46_key: &SecretKey) -> [u8; 36] {
        let mut out = [0u8; 36];
        out[..16].copy_from_slice(&Sha1::digest(self.as_bytes())[..16]);
        out[16..].copy_from_slice(&Sha256::digest(layer46_key.as_bytes())[..20]);
        out
    }
}

/// The colours of the visualisation grid (RGB), indexed by a cell's 2-bit value.
pub const VISUALIZATION_PALETTE: [u32; 4] = [0xffffff, 0xd5e6f3, 0x2d5775, 0x2f99c9];

/// The 12×12 grid the official apps draw from a 36-byte key hash: 2 bits per cell, read
/// least-significant first (`(hash[bit / 8] >> (bit % 8)) & 3`), row by row; each value
/// indexes [`VISUALIZATION_PALETTE`].
pub fn visualization_grid(key_hash: &[u8; 36]) -> [[u8; 12]; 12] {
    std::array::from_fn(|row| {
        std::array::from_fn(|col| {
            let bit = 2 * (row * 12 + col);
            (key_hash[bit / 8] >> (bit % 8)) & 3
        })
    })
}

/// Encrypts the payload at `buf[PAYLOAD_OFFSET..PAYLOAD_OFFSET + payload_len]` (a serialised
/// `decryptedMessageLayer`) in place with MTProto 2.0, least padding from `rng`. Returns the
/// packet length; the packet is the `data` of `messages.sendEncrypted*`.
pub fn encrypt(
    key: &SecretKey,
    sender: Sender,
    buf: &mut [u8],
    payload_len: usize,
    rng: &mut impl CryptoRng,
) -> Result<usize, MessageError> {
    let padding = message::min_padding(payload_len.wrapping_add(4));
    seal(key, sender, buf, payload_len, padding, |p| {
        rng.fill_bytes(p)
    })
}

/// Like [`encrypt`] with the caller's padding (12..=1024 bytes, making `4 + payload_len +
/// padding` a multiple of 16).
pub fn encrypt_with_padding(
    key: &SecretKey,
    sender: Sender,
    buf: &mut [u8],
    payload_len: usize,
    padding: &[u8],
) -> Result<usize, MessageError> {
    seal(key, sender, buf, payload_len, padding.len(), |p| {
        p.copy_from_slice(padding)
    })
}

fn seal(
    key: &SecretKey,
    sender: Sender,
    buf: &mut [u8],
    payload_len: usize,
    padding: usize,
    fill: impl FnOnce(&mut [u8]),
) -> Result<usize, MessageError> {
    let need = PAYLOAD_OFFSET.saturating_add(payload_len);
    if buf.len() < need {
        return Err(MessageError::BufferTooSmall {
            need,
            have: buf.len(),
        });
    }
    // A payload that fits a buffer fits the 32-bit length field in practice; saturate anyway.
    let len = u32::try_from(payload_len).unwrap_or(u32::MAX);
    buf[HEADER_LEN..PAYLOAD_OFFSET].copy_from_slice(&len.to_le_bytes());
    let id = key.0.id().to_bytes();
    message::seal(
        key.as_bytes(),
        id,
        sender.x(),
        buf,
        4 + payload_len,
        padding,
        fill,
    )
}

/// Decrypts an MTProto 2.0 secret-chat packet in place: fingerprint, msg_key (constant time),
/// then the length prefix (a multiple of 4 leaving 12..=1024 padding bytes). Returns the payload.
pub fn decrypt<'a>(
    key: &SecretKey,
    sender: Sender,
    packet: &'a mut [u8],
) -> Result<&'a [u8], MessageError> {
    let plaintext = message::open(key.as_bytes(), key.0.id().to_bytes(), sender.x(), packet)?;
    let length = u32::from_le_bytes([plaintext[0], plaintext[1], plaintext[2], plaintext[3]]);
    let len = message::checked_body_len(length, plaintext.len() - 4).ok_or(
        MessageError::BadInnerLength {
            length,
            plaintext: plaintext.len(),
        },
    )?;
    Ok(&plaintext[4..4 + len])
}

/// Decrypts an MTProto 1.0 secret-chat packet in place (peers below layer 73): fingerprint,
/// the length prefix (leaving 0..=15 padding bytes), then msg_key = SHA1 of the unpadded
/// plaintext, compared in constant time. Returns the payload.
pub fn decrypt_v1<'a>(key: &SecretKey, packet: &'a mut [u8]) -> Result<&'a [u8], MessageError> {
    let len = packet.len();
    if len < HEADER_LEN + 16 || !(len - HEADER_LEN).is_multiple_of(16) {
        return Err(MessageError::BadPacketLength(len));
    }
    let expected = key.0.id().to_bytes();
    let (header, body) = packet.split_at_mut(HEADER_LEN);
    if header[..8] != expected {
        let mut found = [0; 8];
        found.copy_from_slice(&header[..8]);
        return Err(MessageError::WrongKeyId {
            expected: u64::from_le_bytes(expected),
            found: u64::from_le_bytes(found),
        });
    }
    let mut msg_key = kdf::MsgKey([0; 16]);
    msg_key.0.copy_from_slice(&header[8..]);
    let keys = kdf::derive_v1(key.as_bytes(), 0, &msg_key);
    crate::ige::decrypt_blocks(&Aes256Dec::new(&keys.key.into()), &mut { keys.iv }, body);
    let length = u32::from_le_bytes([body[0], body[1], body[2], body[3]]);
    let payload_len = usize::try_from(length)
        .ok()
        .filter(|&l| l % 4 == 0 && l <= body.len() - 4 && body.len() - 4 - l < 16)
        .ok_or(MessageError::BadInnerLength {
            length,
            plaintext: body.len(),
        })?;
    if !kdf::msg_key_v1(&body[..4 + payload_len]).ct_eq(&msg_key) {
        return Err(MessageError::MsgKeyMismatch);
    }
    Ok(&body[4..4 + payload_len])
}
