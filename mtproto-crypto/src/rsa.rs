//! RSA as MTProto uses it (<https://core.telegram.org/mtproto/auth_key#presenting-proof-of-work-server-authentication>):
//! 2048-bit keys, the key fingerprint, client-side encryption of `p_q_inner_data` with RSA_PAD
//! ([`pad`]) or the legacy SHA1 layout ([`legacy`]), and server-side decryption that accepts
//! both and says which one arrived. Keys load from and save to PEM ([`pem`]) and can be
//! generated ([`keygen`]).
//!
//! The arithmetic is textbook modular exponentiation on `num-bigint`. It is not constant-time,
//! so the private operation is blinded with a fresh random factor on every call.

pub mod keygen;
pub mod legacy;
pub mod pad;
pub mod pem;

use num_bigint::BigUint;
use num_traits::One;
use rand_core::CryptoRng;
use sha1::{Digest, Sha1};

use crate::dh::to_be_fixed;
use crate::error::RsaError;
use crate::hex_const;

/// The size of the modulus and of every RSA blob, in bytes.
pub const RSA_BYTES: usize = 256;

/// Telegram's production key (fingerprint `0xd09d1d85de64fd85`), MTPROTO.md §4.10.
const TELEGRAM_PRODUCTION_N: [u8; 256] = hex_const::decode(
    "e8bb3305c0b52c6cf2afdf7637313489e63e05268e5badb601af417786472e5f93b85438968e20e6729a301c0afc121bf7151f834436f7fda680847a66bf64accec78ee21c0b316f0edafe2f41908da7bd1f4a5107638eeb67040ace472a14f90d9f7c2b7def99688ba3073adb5750bb02964902a359fe745d8170e36876d4fd8a5d41b2a76cbff9a13267eb9580b2d06d10357448d20d9da2191cb5d8c93982961cdfdeda629e37f1fb09a0722027696032fe61ed663db7a37f6f263d370f69db53a0dc0a1748bdaaff6209d5645485e6e001d1953255757e4b8e42813347b11da6ab500fd0ace7e6dfa3736199ccaf9397ed0745a427dcfa6cd67bcb1acff3",
);

/// Telegram's test-DC key (fingerprint `0xb25898df208d2603`), MTPROTO.md §4.10.
const TELEGRAM_TEST_N: [u8; 256] = hex_const::decode(
    "c8c11d635691fac091dd9489aedced2932aa8a0bcefef05fa800892d9b52ed03200865c9e97211cb2ee6c7ae96d3fb0e15aeffd66019b44a08a240cfdd2868a85e1f54d6fa5deaa041f6941ddf302690d61dc476385c2fa655142353cb4e4b59f6e5b6584db76fe8b1370263246c010c93d011014113ebdf987d093f9d37c2be48352d69a1683f8f6e6c2167983c761e3ab169fde5daaa12123fa1beab621e4da5935e9c198f82f35eae583a99386d8110ea6bd1abb0f568759f62694419ea5f69847c43462abef858b4cb5edc84e7b9226cd7bd7e183aa974a712c079dde85b9dc063b8a5c08e8f859c0ee5dcd824c7807f20153361a7f63cfd2a433a1be7f5",
);

/// A key fingerprint: `SHA1(TL bytes n ‖ TL bytes e)[12..20]` as a little-endian `long`
/// (<https://core.telegram.org/mtproto/auth_key#dh-exchange-initiation>).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RsaFingerprint(pub i64);

impl RsaFingerprint {
    /// The 8 bytes as they appear in `resPQ` and `req_DH_params`.
    pub const fn to_bytes(self) -> [u8; 8] {
        self.0.to_le_bytes()
    }
}

/// Appends `data` TL-serialised as `bytes` (length prefix, data, zero padding to 4).
fn tl_bytes(out: &mut Vec<u8>, data: &[u8]) {
    if data.len() < 254 {
        out.push(data.len() as u8);
    } else {
        out.push(254);
        out.extend_from_slice(&(data.len() as u32).to_le_bytes()[..3]);
    }
    out.extend_from_slice(data);
    while !out.len().is_multiple_of(4) {
        out.push(0);
    }
}

/// An RSA public key with a 2048-bit modulus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RsaPublicKey {
    n: BigUint,
    e: BigUint,
}

impl RsaPublicKey {
    /// A key from its modulus and exponent; the modulus must have exactly 2048 bits.
    pub fn new(n: BigUint, e: BigUint) -> Result<Self, RsaError> {
        if n.bits() != 2048 {
            return Err(RsaError::BadModulusSize(n.bits()));
        }
        Ok(Self { n, e })
    }

    /// A key from big-endian `n` and `e`.
    pub fn from_be_bytes(n: &[u8], e: &[u8]) -> Result<Self, RsaError> {
        Self::new(BigUint::from_bytes_be(n), BigUint::from_bytes_be(e))
    }

    /// Telegram's production key.
    pub fn telegram_production() -> Self {
        Self {
            n: BigUint::from_bytes_be(&TELEGRAM_PRODUCTION_N),
            e: BigUint::from(65537u32),
        }
    }

    /// Telegram's test-DC key.
    pub fn telegram_test() -> Self {
        Self {
            n: BigUint::from_bytes_be(&TELEGRAM_TEST_N),
            e: BigUint::from(65537u32),
        }
    }

    /// The modulus.
    pub fn n(&self) -> &BigUint {
        &self.n
    }

    /// The public exponent.
    pub fn e(&self) -> &BigUint {
        &self.e
    }

    /// The fingerprint that names this key in `resPQ`.
    pub fn fingerprint(&self) -> RsaFingerprint {
        let mut tl = Vec::with_capacity(272);
        tl_bytes(&mut tl, &self.n.to_bytes_be());
        tl_bytes(&mut tl, &self.e.to_bytes_be());
        let h: [u8; 20] = Sha1::digest(&tl).into();
        let mut fp = [0; 8];
        fp.copy_from_slice(&h[12..]);
        RsaFingerprint(i64::from_le_bytes(fp))
    }

    /// `m^e mod n` as 256 big-endian bytes; `m` must be below `n`.
    fn encrypt_raw(&self, m: &BigUint) -> [u8; RSA_BYTES] {
        to_be_fixed(&m.modpow(&self.e, &self.n))
    }
}

/// Which encryption scheme a client used for `req_DH_params.encrypted_data`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RsaScheme {
    /// RSA_PAD (current).
    RsaPad,
    /// `SHA1(data) ‖ data ‖ padding` (legacy; still sent by widely used clients).
    LegacySha1,
}

/// What the server recovered from `encrypted_data`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecryptedInner {
    /// The scheme the client used.
    pub scheme: RsaScheme,
    /// RSA_PAD: the 192-byte `data_with_padding` (the TL object, then random padding; the TL
    /// layer parses the object's length). Legacy: exactly the bytes the SHA1 covered.
    pub data: Vec<u8>,
}

/// An RSA private key (server side), kept with its primes so it can be written back to PEM.
#[derive(Clone)]
pub struct RsaPrivateKey {
    public: RsaPublicKey,
    d: BigUint,
    p: BigUint,
    q: BigUint,
    /// CRT values: `d mod (p − 1)`, `d mod (q − 1)`, `q⁻¹ mod p`.
    dp: BigUint,
    dq: BigUint,
    q_inv: BigUint,
}

impl std::fmt::Debug for RsaPrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RsaPrivateKey")
            .field("public", &self.public)
            .finish_non_exhaustive()
    }
}

impl RsaPrivateKey {
    /// A key from its primes and exponents; `n = p·q` must have 2048 bits and `d` must invert
    /// `e` (checked on a test value).
    pub fn from_parts(p: BigUint, q: BigUint, e: BigUint, d: BigUint) -> Result<Self, RsaError> {
        let public = RsaPublicKey::new(&p * &q, e)?;
        let probe = BigUint::from(0x1234_5678_9abc_def1u64);
        if probe.modpow(&public.e, &public.n).modpow(&d, &public.n) != probe {
            return Err(RsaError::Encoding("d does not invert e".into()));
        }
        let one = BigUint::one();
        let q_inv = q
            .modinv(&p)
            .ok_or(RsaError::Encoding("q has no inverse mod p".into()))?;
        let (dp, dq) = (&d % (&p - &one), &d % (&q - &one));
        Ok(Self {
            public,
            d,
            p,
            q,
            dp,
            dq,
            q_inv,
        })
    }

    /// The public half.
    pub fn public(&self) -> &RsaPublicKey {
        &self.public
    }

    /// `c^d mod n` as 256 bytes, blinded: `(c·r^e)^d · r^-1 = c^d` with a fresh random `r`, so
    /// the timing of the exponentiation says nothing about `c`.
    fn decrypt_raw(&self, c: &BigUint, rng: &mut impl CryptoRng) -> [u8; RSA_BYTES] {
        let n = &self.public.n;
        let (r, r_inv) = loop {
            let mut bytes = [0u8; RSA_BYTES];
            rng.fill_bytes(&mut bytes);
            let r = BigUint::from_bytes_be(&bytes) % n;
            if r > BigUint::one()
                && let Some(inv) = r.modinv(n)
            {
                break (r, inv);
            }
        };
        let blinded = (c * r.modpow(&self.public.e, n)) % n;
        // c^d mod n through the CRT: two half-size exponentiations (about 3× faster).
        let m1 = blinded.modpow(&self.dp, &self.p);
        let m2 = blinded.modpow(&self.dq, &self.q);
        let h = (&self.q_inv * ((&m1 + &self.p) - (&m2 % &self.p))) % &self.p;
        let m = ((m2 + h * &self.q) * r_inv) % n;
        to_be_fixed(&m)
    }

    /// Server side of `req_DH_params`: decrypts `encrypted_data` (exactly 256 bytes) and
    /// accepts RSA_PAD or, failing that, the legacy SHA1 layout, reporting which one it was.
    /// `rng` blinds the private operation.
    pub fn decrypt_inner(
        &self,
        encrypted: &[u8],
        rng: &mut impl CryptoRng,
    ) -> Result<DecryptedInner, RsaError> {
        if encrypted.len() != RSA_BYTES {
            return Err(RsaError::BadCiphertextLength(encrypted.len()));
        }
        let c = BigUint::from_bytes_be(encrypted);
        if c >= self.public.n {
            return Err(RsaError::CiphertextOutOfRange);
        }
        let m = self.decrypt_raw(&c, rng);
        if let Some(data) = pad::unpad(&m) {
            return Ok(DecryptedInner {
                scheme: RsaScheme::RsaPad,
                data: data.to_vec(),
            });
        }
        if let Some(data) = legacy::unpad(&m) {
            return Ok(DecryptedInner {
                scheme: RsaScheme::LegacySha1,
                data: data.to_vec(),
            });
        }
        Err(RsaError::Malformed)
    }
}
