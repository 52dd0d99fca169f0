//! Every MTProto cryptographic primitive, for clients and servers, without I/O: no sockets, no
//! clock, no OS randomness. Randomness comes in as an `&mut impl rand_core::CryptoRng` (or as
//! ready bytes), so any run can be replayed from a seed.
//!
//! # API map
//!
//! | concern | items |
//! |---|---|
//! | AES-256-IGE | [`ige::AesIge`] (reusable schedule), [`ige::encrypt`] / [`ige::decrypt`] (one-shot, in place), [`ige::batch`] (up to 8 independent messages interleaved) |
//! | obfuscated transport | [`ctr::Obfuscation::initiator`] / [`ctr::Obfuscation::receiver`] from the 64-byte header, each side's `send`/`recv` [`ctr::CtrStream::apply`]; [`ctr::generate_init`] |
//! | key derivation | [`kdf::msg_key_v2`], [`kdf::derive_v2`] (MTProto 2.0), [`kdf::msg_key_v1`], [`kdf::derive_v1`] (1.0, for `auth.bindTempAuthKey` and old secret chats) |
//! | cloud messages | [`message::encrypt`] (in place, padding from your RNG), [`message::decrypt`] (in place, checked view), for either [`Direction`] |
//! | auth key | [`AuthKey`] (id and aux hash precomputed), [`AuthKey::new_nonce_hash`], [`handshake::TmpAesKey`], [`handshake::initial_server_salt`] |
//! | RSA | [`rsa::RsaPublicKey`] (fingerprint, RSA_PAD and legacy encryption, PKCS#1 PEM), [`rsa::RsaPrivateKey`] (decryption of both schemes, PEM loading, generation) |
//! | pq | [`pq::factorize`] (client), [`pq::generate`] (server) |
//! | Diffie–Hellman | [`dh::DhGroup`] (Telegram's prime, full validation), [`dh::check_public_value`], [`dh::DhSecret`] |
//! | secret chats | [`secret::SecretKey`] (fingerprint, visualisation), [`secret::encrypt`] / [`secret::decrypt`] (2.0), [`secret::decrypt_v1`] |
//!
//! Bad input gives a typed error from [`error`]; it never panics.

// `unsafe` is denied everywhere but in `ige::aesni` (AES-NI intrinsics, allowed there alone
// because the benchmarks in docs/benchmarks/mtproto-crypto.md proved the need).
#![deny(unsafe_code)]

pub mod auth_key;
mod concat_hash;
pub mod ctr;
pub mod dh;
pub mod direction;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod handshake;
mod hex_const;
pub mod ige;
pub mod kdf;
pub mod message;
pub mod pq;
mod prime;
pub mod rsa;
pub mod secret;

pub use auth_key::{AuthKey, AuthKeyId};
pub use direction::{Direction, Side};
