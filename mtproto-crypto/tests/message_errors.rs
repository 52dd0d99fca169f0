//! Bad message input gives typed errors, never panics: wrong msg_key, bad lengths, bad padding,
//! wrong key, bad inner length, small buffers.

mod common;

use mtproto_crypto::error::{IgeError, MessageError};
use mtproto_crypto::message::{self, HEADER_LEN};
use mtproto_crypto::secret::{self, SecretKey, Sender};
use mtproto_crypto::{AuthKey, Direction, ige};

fn key() -> AuthKey {
    AuthKey::from_bytes(common::seq())
}

/// A sealed cloud message whose inner length field says `length` (plaintext of 64 bytes).
fn packet_with_inner_length(length: u32) -> Vec<u8> {
    let mut buf = vec![0u8; HEADER_LEN + 64];
    buf[HEADER_LEN + 28..HEADER_LEN + 32].copy_from_slice(&length.to_le_bytes());
    message::encrypt_with_padding(&key(), Direction::ClientToServer, &mut buf, 48, &[0; 16])
        .unwrap();
    buf
}

#[test]
fn encrypt_rejects_bad_padding_and_small_buffers() {
    let k = key();
    let d = Direction::ClientToServer;
    let mut buf = vec![0u8; 2000];
    for (plain, pad) in [(48, 11), (48, 17), (4, 1036), (45, 18)] {
        let padding = vec![0u8; pad];
        assert_eq!(
            message::encrypt_with_padding(&k, d, &mut buf, plain, &padding),
            Err(MessageError::BadPadding {
                plaintext: plain,
                padding: pad
            })
        );
    }
    let mut small = vec![0u8; message::packet_len(100) - 1];
    assert_eq!(
        message::encrypt(&k, d, &mut small, 100, &mut common::rng(1)),
        Err(MessageError::BufferTooSmall {
            need: small.len() + 1,
            have: small.len()
        })
    );
    for huge in [usize::MAX / 2, usize::MAX - 5, usize::MAX] {
        assert!(message::encrypt(&k, d, &mut [], huge, &mut common::rng(1)).is_err());
        assert!(message::packet_len(huge) >= huge);
    }
}

#[test]
fn decrypt_rejects_bad_lengths_keys_and_msg_keys() {
    let k = key();
    let d = Direction::ClientToServer;
    for len in [0usize, 23, 24, 39, 41, 71, 73] {
        assert!(
            matches!(message::decrypt(&k, d, &mut vec![0u8; len]), Err(MessageError::BadPacketLength(l)) if l == len)
        );
    }
    let good = packet_with_inner_length(16);
    let mut wrong_id = good.clone();
    wrong_id[3] ^= 0x40;
    assert!(matches!(
        message::decrypt(&k, d, &mut wrong_id),
        Err(MessageError::WrongKeyId { .. })
    ));
    let mut wrong_key = good.clone();
    wrong_key[10] ^= 1;
    assert_eq!(
        message::decrypt(&k, d, &mut wrong_key).unwrap_err(),
        MessageError::MsgKeyMismatch
    );
    let mut other_key = good.clone();
    let other = AuthKey::from_bytes([9; 256]);
    other_key[..8].copy_from_slice(&other.id().to_bytes());
    assert_eq!(
        message::decrypt(&other, d, &mut other_key).unwrap_err(),
        MessageError::MsgKeyMismatch
    );
    assert!(message::decrypt(&k, d, &mut good.clone()).is_ok());
}

#[test]
fn decrypt_checks_the_inner_length() {
    let k = key();
    let d = Direction::ClientToServer;
    // 64-byte plaintext: length must be a multiple of 4 with 12..=1024 bytes of padding left
    // after the 32-byte inner header, i.e. 0..=20.
    for length in [0u32, 4, 16, 20] {
        assert!(
            message::decrypt(&k, d, &mut packet_with_inner_length(length)).is_ok(),
            "{length}"
        );
    }
    for length in [2u32, 21, 24, 32, 64, u32::MAX, 0x8000_0000] {
        assert_eq!(
            message::decrypt(&k, d, &mut packet_with_inner_length(length)).unwrap_err(),
            MessageError::BadInnerLength {
                length,
                plaintext: 64
            },
        );
    }
}

#[test]
fn secret_chat_errors() {
    let key = SecretKey::from_bytes(std::array::from_fn(|i| (i * 3) as u8));
    let mut buf = vec![0u8; 100];
    let len = secret::encrypt(&key, Sender::Creator, &mut buf, 8, &mut common::rng(2)).unwrap();
    let packet = buf[..len].to_vec();
    let other = SecretKey::from_bytes([4; 256]);
    assert!(matches!(
        secret::decrypt(&other, Sender::Creator, &mut packet.clone()),
        Err(MessageError::WrongKeyId { .. })
    ));
    assert_eq!(
        secret::decrypt(&key, Sender::Participant, &mut packet.clone()),
        Err(MessageError::MsgKeyMismatch)
    );
    assert!(matches!(
        secret::decrypt_v1(&key, &mut packet.clone()),
        Err(MessageError::MsgKeyMismatch | MessageError::BadInnerLength { .. })
    ));
    assert!(matches!(
        secret::decrypt(&key, Sender::Creator, &mut packet[..len - 1].to_vec()),
        Err(MessageError::BadPacketLength(_))
    ));
    assert!(matches!(
        secret::encrypt(
            &key,
            Sender::Creator,
            &mut [0u8; 10],
            8,
            &mut common::rng(2)
        ),
        Err(MessageError::BufferTooSmall { .. })
    ));
}

#[test]
fn ige_rejects_partial_blocks() {
    assert_eq!(
        ige::encrypt(&[0; 32], &[0; 32], &mut [0; 17]),
        Err(IgeError::NotBlockAligned(17))
    );
    assert_eq!(
        ige::decrypt(&[0; 32], &[0; 32], &mut [0; 15]),
        Err(IgeError::NotBlockAligned(15))
    );
}
