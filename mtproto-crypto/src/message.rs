//! MTProto 2.0 encrypted messages for either role
//! (<https://core.telegram.org/mtproto/description#encrypted-message>).
//!
//! A packet is `auth_key_id (8) ‖ msg_key (16) ‖ AES-256-IGE(plaintext ‖ padding)`. Everything
//! happens in the caller's buffer: to send, write the plaintext at [`HEADER_LEN`] in a buffer of
//! at least [`packet_len`] bytes and call [`encrypt`]; to receive, call [`decrypt`] on the packet
//! (it decrypts in place and returns a checked view). No allocation, no system call.

use rand_core::CryptoRng;
use sha2::{Digest, Sha256};

use crate::auth_key::AuthKey;
use crate::direction::Direction;
use crate::error::MessageError;
use crate::ige;
use crate::kdf::{self, MsgKey};
use aes::cipher::KeyInit;
use aes::{Aes256Dec, Aes256Enc};

/// Bytes in front of the ciphertext: `auth_key_id` (8) and `msg_key` (16).
pub const HEADER_LEN: usize = 24;
/// The least padding MTProto 2.0 allows.
pub const MIN_PADDING: usize = 12;
/// The most padding MTProto 2.0 allows.
pub const MAX_PADDING: usize = 1024;
/// The inner header of a cloud message: salt, session_id, msg_id, seq_no, length.
pub const INNER_HEADER_LEN: usize = 32;
/// The smallest valid cloud packet: header + inner header + the least padding, rounded to 16
/// (security guidelines, receiver check 1).
pub const MIN_PACKET_LEN: usize = HEADER_LEN + 48;

/// The least padding that keeps 12..=1024 bytes and makes `plaintext_len + padding` a
/// multiple of 16 (12..=27 bytes).
pub const fn min_padding(plaintext_len: usize) -> usize {
    MIN_PADDING + (16 - (plaintext_len % 16 + MIN_PADDING) % 16) % 16
}

/// The packet size [`encrypt`] produces for `plaintext_len` bytes of plaintext.
pub const fn packet_len(plaintext_len: usize) -> usize {
    HEADER_LEN
        .saturating_add(plaintext_len)
        .saturating_add(min_padding(plaintext_len))
}

/// For the padded intermediate transport, which appends 0..=15 random bytes the receiver cannot
/// tell apart: the packet length without them (the encrypted part is a multiple of 16).
pub const fn strip_transport_padding(len: usize) -> usize {
    if len < HEADER_LEN {
        len
    } else {
        len - (len - HEADER_LEN) % 16
    }
}

/// Encrypts the plaintext at `buf[HEADER_LEN..HEADER_LEN + plaintext_len]` in place, adding
/// the least valid padding (random bytes from `rng`) and the header. Returns the packet length;
/// the packet is `buf[..len]`.
pub fn encrypt(
    key: &AuthKey,
    direction: Direction,
    buf: &mut [u8],
    plaintext_len: usize,
    rng: &mut impl CryptoRng,
) -> Result<usize, MessageError> {
    let padding = min_padding(plaintext_len);
    seal(
        key.as_bytes(),
        key.id().to_bytes(),
        direction.x(),
        buf,
        plaintext_len,
        padding,
        |p| rng.fill_bytes(p),
    )
}

/// Like [`encrypt`] with the caller's padding bytes (12..=1024 of them, making the plaintext a
/// multiple of 16): longer padding hides message sizes; fixed padding gives test vectors.
pub fn encrypt_with_padding(
    key: &AuthKey,
    direction: Direction,
    buf: &mut [u8],
    plaintext_len: usize,
    padding: &[u8],
) -> Result<usize, MessageError> {
    seal(
        key.as_bytes(),
        key.id().to_bytes(),
        direction.x(),
        buf,
        plaintext_len,
        padding.len(),
        |p| p.copy_from_slice(padding),
    )
}

/// Decrypts `packet` in place and checks `auth_key_id` and `msg_key` (in constant time); returns
/// the whole plaintext including padding. No check of the inner layout: see [`decrypt`].
pub fn decrypt_raw<'a>(
    key: &AuthKey,
    direction: Direction,
    packet: &'a mut [u8],
) -> Result<&'a mut [u8], MessageError> {
    open(key.as_bytes(), key.id().to_bytes(), direction.x(), packet)
}

/// Decrypts a cloud message in place and runs the security guidelines' receiver checks that
/// need no session state: length, `auth_key_id`, `msg_key`, and the inner length field (a
/// multiple of 4 leaving 12..=1024 bytes of padding). Session id, msg_id and salt checks belong
/// to the session. A receiver should treat every error alike (drop the packet), so failures
/// before the msg_key check reveal nothing more than a msg_key failure would.
pub fn decrypt<'a>(
    key: &AuthKey,
    direction: Direction,
    packet: &'a mut [u8],
) -> Result<Decrypted<'a>, MessageError> {
    if packet.len() < MIN_PACKET_LEN {
        return Err(MessageError::BadPacketLength(packet.len()));
    }
    let plaintext = decrypt_raw(key, direction, packet)?;
    let length = u32::from_le_bytes([plaintext[28], plaintext[29], plaintext[30], plaintext[31]]);
    let body_len = checked_body_len(length, plaintext.len() - INNER_HEADER_LEN).ok_or(
        MessageError::BadInnerLength {
            length,
            plaintext: plaintext.len(),
        },
    )?;
    Ok(Decrypted {
        plaintext,
        body_len,
    })
}

/// `length` is valid if it is a multiple of 4 and leaves 12..=1024 of the `room` bytes as padding.
pub(crate) fn checked_body_len(length: u32, room: usize) -> Option<usize> {
    let len = usize::try_from(length).ok()?;
    let padding = room.checked_sub(len)?;
    (len % 4 == 0 && (MIN_PADDING..=MAX_PADDING).contains(&padding)).then_some(len)
}

/// A decrypted, checked cloud message (a view into the caller's buffer).
#[derive(Debug)]
pub struct Decrypted<'a> {
    plaintext: &'a [u8],
    body_len: usize,
}

impl<'a> Decrypted<'a> {
    fn i64_at(&self, at: usize) -> i64 {
        let mut b = [0; 8];
        b.copy_from_slice(&self.plaintext[at..at + 8]);
        i64::from_le_bytes(b)
    }

    /// The server salt.
    pub fn salt(&self) -> i64 {
        self.i64_at(0)
    }

    /// The session id.
    pub fn session_id(&self) -> i64 {
        self.i64_at(8)
    }

    /// The message id.
    pub fn msg_id(&self) -> i64 {
        self.i64_at(16)
    }

    /// The sequence number.
    pub fn seq_no(&self) -> i32 {
        let p = self.plaintext;
        i32::from_le_bytes([p[24], p[25], p[26], p[27]])
    }

    /// The message body (`message_data`, a TL object), without padding.
    pub fn body(&self) -> &'a [u8] {
        &self.plaintext[INNER_HEADER_LEN..INNER_HEADER_LEN + self.body_len]
    }

    /// The whole plaintext, inner header and padding included.
    pub fn plaintext(&self) -> &'a [u8] {
        self.plaintext
    }
}

/// The shared sealing step (cloud messages and secret chats): pads, computes msg_key over the
/// padded plaintext, derives the key, encrypts and writes `key_id ‖ msg_key` in front.
pub(crate) fn seal(
    key: &[u8; 256],
    key_id: [u8; 8],
    x: usize,
    buf: &mut [u8],
    plaintext_len: usize,
    padding: usize,
    fill_padding: impl FnOnce(&mut [u8]),
) -> Result<usize, MessageError> {
    let total = plaintext_len.checked_add(padding);
    if !(MIN_PADDING..=MAX_PADDING).contains(&padding)
        || !total.is_some_and(|t| t.is_multiple_of(16))
    {
        return Err(MessageError::BadPadding {
            plaintext: plaintext_len,
            padding,
        });
    }
    let need = total
        .and_then(|t| t.checked_add(HEADER_LEN))
        .unwrap_or(usize::MAX);
    if buf.len() < need {
        return Err(MessageError::BufferTooSmall {
            need,
            have: buf.len(),
        });
    }
    let (header, body) = buf[..need].split_at_mut(HEADER_LEN);
    fill_padding(&mut body[plaintext_len..]);
    let msg_key = kdf::msg_key_v2(key, x, body);
    let keys = kdf::derive_v2(key, x, &msg_key);
    ige::encrypt_blocks(&Aes256Enc::new(&keys.key.into()), &mut { keys.iv }, body);
    header[..8].copy_from_slice(&key_id);
    header[8..].copy_from_slice(&msg_key.0);
    Ok(need)
}

/// The shared opening step: length, key id, decryption, constant-time msg_key check.
pub(crate) fn open<'a>(
    key: &[u8; 256],
    key_id: [u8; 8],
    x: usize,
    packet: &'a mut [u8],
) -> Result<&'a mut [u8], MessageError> {
    let len = packet.len();
    if len < HEADER_LEN + 16 || !(len - HEADER_LEN).is_multiple_of(16) {
        return Err(MessageError::BadPacketLength(len));
    }
    let (header, body) = packet.split_at_mut(HEADER_LEN);
    let mut found = [0; 8];
    found.copy_from_slice(&header[..8]);
    if found != key_id {
        return Err(MessageError::WrongKeyId {
            expected: u64::from_le_bytes(key_id),
            found: u64::from_le_bytes(found),
        });
    }
    let mut msg_key = MsgKey([0; 16]);
    msg_key.0.copy_from_slice(&header[8..]);
    let keys = kdf::derive_v2(key, x, &msg_key);
    // msg_key_large = SHA256(substr(auth_key, 88 + x, 32) ‖ plaintext), hashed piece by piece
    // while the IGE chain decrypts the next piece.
    let mut hasher = Sha256::new();
    hasher.update(&key[88 + x..120 + x]);
    ige::decrypt_blocks_observed(
        &Aes256Dec::new(&keys.key.into()),
        &mut { keys.iv },
        body,
        |piece| hasher.update(piece),
    );
    if !kdf::msg_key_from_large(&hasher.finalize().into()).ct_eq(&msg_key) {
        return Err(MessageError::MsgKeyMismatch);
    }
    Ok(body)
}
