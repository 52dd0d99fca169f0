//! Fuzz-target bodies, called by `fuzz/fuzz_targets/mtproto_crypto_*.rs` and replayed over the
//! checked-in seeds by `tests/fuzz_seeds.rs`. Not part of the API.
//!
//! The first input byte picks a mode; the rest is the untrusted data. Besides "never panic",
//! the round-trip modes assert that a valid packet decrypts to what was sealed and that any
//! tampering is rejected.

use std::sync::OnceLock;

use rand_core::{TryCryptoRng, TryRng};
use sha2::{Digest, Sha256};

use crate::message::{self, HEADER_LEN};
use crate::rsa::{RsaPrivateKey, RsaScheme};
use crate::secret::{self, SecretKey, Sender};
use crate::{AuthKey, Direction};

/// A deterministic byte stream (SHA-256 in counter mode over a seed) so that every fuzz run
/// replays exactly. Only for fuzzing: its seed comes from the input.
pub struct FuzzRng {
    seed: [u8; 32],
    counter: u64,
}

impl FuzzRng {
    /// A stream seeded with `seed`.
    pub fn new(seed: &[u8]) -> Self {
        Self {
            seed: Sha256::digest(seed).into(),
            counter: 0,
        }
    }
}

impl TryRng for FuzzRng {
    type Error = std::convert::Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        rand_core::utils::next_word_via_fill(self)
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        rand_core::utils::next_word_via_fill(self)
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for chunk in dst.chunks_mut(32) {
            let block = Sha256::new()
                .chain_update(self.seed)
                .chain_update(self.counter.to_le_bytes())
                .finalize();
            self.counter += 1;
            chunk.copy_from_slice(&block[..chunk.len()]);
        }
        Ok(())
    }
}

impl TryCryptoRng for FuzzRng {}

/// The fixed key of the message target: bytes 0x00..0xff (its id `32d1586ea457dfc8` is in the
/// dictionary), the key of the grammers vectors.
fn fuzz_key_bytes() -> [u8; 256] {
    std::array::from_fn(|i| i as u8)
}

/// Cap on the plaintext of the round-trip mode (keeps each run fast).
const MAX_ROUND_TRIP: usize = 4096;

/// Message decryption for both roles (cloud messages in each direction, secret chats 2.0 and
/// 1.0), plus a seal → open → tamper round trip.
pub fn message_decrypt(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let key = AuthKey::from_bytes(fuzz_key_bytes());
    let secret_key = SecretKey::from_bytes(fuzz_key_bytes());
    let mut packet = rest.to_vec();
    match mode % 6 {
        0 | 1 => {
            let direction = if mode % 6 == 0 {
                Direction::ClientToServer
            } else {
                Direction::ServerToClient
            };
            if let Ok(m) = message::decrypt(&key, direction, &mut packet) {
                assert!(m.body().len() + 32 + message::MIN_PADDING <= m.plaintext().len());
            }
        }
        2 | 3 => {
            let sender = if mode % 6 == 2 {
                Sender::Creator
            } else {
                Sender::Participant
            };
            if let Ok(payload) = secret::decrypt(&secret_key, sender, &mut packet) {
                assert!(payload.len() + 4 + message::MIN_PADDING <= rest.len() - HEADER_LEN);
            }
        }
        4 => {
            let _ = secret::decrypt_v1(&secret_key, &mut packet);
        }
        _ => round_trip(&key, mode, rest),
    }
}

fn round_trip(key: &AuthKey, mode: u8, rest: &[u8]) {
    let plaintext = &rest[..rest.len().min(MAX_ROUND_TRIP)];
    let direction = if mode & 0x80 == 0 {
        Direction::ClientToServer
    } else {
        Direction::ServerToClient
    };
    let mut buf = vec![0u8; message::packet_len(plaintext.len())];
    buf[HEADER_LEN..HEADER_LEN + plaintext.len()].copy_from_slice(plaintext);
    let mut rng = FuzzRng::new(rest);
    let len = message::encrypt(key, direction, &mut buf, plaintext.len(), &mut rng)
        .expect("buffer sized by packet_len");
    let sealed = buf[..len].to_vec();
    let opened = message::decrypt_raw(key, direction, &mut buf[..len]).expect("own packet opens");
    assert_eq!(&opened[..plaintext.len()], plaintext);
    // Flip one bit chosen by the input: the packet must be rejected.
    let mut tampered = sealed;
    let at = rest.iter().fold(mode as usize, |a, &b| {
        a.wrapping_mul(31).wrapping_add(b as usize)
    });
    let at = at % (tampered.len() * 8);
    tampered[at / 8] ^= 1 << (at % 8);
    assert!(message::decrypt_raw(key, direction, &mut tampered).is_err());
}

/// A 2048-bit test key for the RSA target (generated for this purpose; protects nothing).
pub fn fuzz_rsa_key() -> &'static RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| {
        RsaPrivateKey::from_pem(include_str!("../testdata/fuzz_rsa_key.pem"))
            .expect("the checked-in test key loads")
    })
}

/// Server-side RSA decryption of `req_DH_params.encrypted_data` (both schemes), plus client
/// encryption → server decryption round trips for RSA_PAD and the legacy scheme.
pub fn rsa_decrypt(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let key = fuzz_rsa_key();
    let mut rng = FuzzRng::new(data);
    match mode % 3 {
        0 => {
            if let Ok(inner) = key.decrypt_inner(rest, &mut rng) {
                assert!(inner.data.len() <= 235);
            }
        }
        1 => {
            let inner = &rest[..rest.len().min(crate::rsa::pad::MAX_DATA)];
            let blob = key
                .public()
                .encrypt_rsa_pad(inner, &mut rng)
                .expect("data within limit");
            let got = key
                .decrypt_inner(&blob, &mut rng)
                .expect("own RSA_PAD blob decrypts");
            assert_eq!(got.scheme, RsaScheme::RsaPad);
            assert_eq!(&got.data[..inner.len()], inner);
        }
        _ => {
            let inner = &rest[..rest.len().min(crate::rsa::legacy::MAX_DATA)];
            let blob = key
                .public()
                .encrypt_legacy(inner, &mut rng)
                .expect("data within limit");
            let got = key
                .decrypt_inner(&blob, &mut rng)
                .expect("own legacy blob decrypts");
            assert_eq!(got.scheme, RsaScheme::LegacySha1);
            assert_eq!(got.data, inner);
        }
    }
}
