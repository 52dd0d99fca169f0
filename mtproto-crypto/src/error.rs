//! Typed errors, one enum per concern. Untrusted input never panics: every rejection is one of
//! these values.

use thiserror::Error;

/// Errors of the raw AES-256-IGE mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum IgeError {
    /// IGE works on whole 16-byte blocks and adds no padding itself.
    #[error("IGE input length {0} is not a multiple of 16")]
    NotBlockAligned(usize),
}

/// Errors of MTProto 2.0 message encryption and decryption (cloud messages and secret chats).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum MessageError {
    /// The caller's buffer cannot hold the header, the plaintext and the padding.
    #[error("buffer of {have} bytes is too small: {need} needed")]
    BufferTooSmall {
        /// Bytes the operation needs.
        need: usize,
        /// Bytes the caller gave.
        have: usize,
    },
    /// Padding must be 12..=1024 bytes and make the plaintext a multiple of 16.
    #[error("padding of {padding} bytes after {plaintext} plaintext bytes is invalid")]
    BadPadding {
        /// Plaintext bytes before the padding.
        plaintext: usize,
        /// Padding bytes requested or found.
        padding: usize,
    },
    /// The packet is shorter than a header plus the smallest valid body, or its encrypted part
    /// is not a multiple of 16 bytes.
    #[error("encrypted packet length {0} is invalid")]
    BadPacketLength(usize),
    /// The packet is for another key (auth_key_id or secret-chat key fingerprint differs).
    #[error("packet is for another key (id {found:#018x}, expected {expected:#018x})")]
    WrongKeyId {
        /// The key id our key has.
        expected: u64,
        /// The key id the packet names.
        found: u64,
    },
    /// The msg_key recomputed over the decrypted plaintext differs from the packet's.
    #[error("msg_key mismatch")]
    MsgKeyMismatch,
    /// The inner length field does not fit the plaintext (must be a multiple of 4 and leave
    /// 12..=1024 bytes of padding).
    #[error("inner length {length} does not fit a plaintext of {plaintext} bytes")]
    BadInnerLength {
        /// The decoded length field.
        length: u32,
        /// The plaintext size including padding.
        plaintext: usize,
    },
}

/// Errors of RSA encryption, decryption and key handling.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RsaError {
    /// Inner data too long for the scheme (RSA_PAD: 144 bytes, legacy SHA1: 235 bytes).
    #[error("data of {len} bytes exceeds the scheme's limit of {max}")]
    DataTooLong {
        /// The data length.
        len: usize,
        /// The scheme's limit.
        max: usize,
    },
    /// The given padding does not have the length the scheme requires.
    #[error("padding of {len} bytes given, {need} required")]
    BadPaddingLength {
        /// The length given.
        len: usize,
        /// The length required.
        need: usize,
    },
    /// RSA_PAD: with this temp_key the value to encrypt is not below the modulus; pick another.
    #[error("temp_key gives a value not below the modulus")]
    TempKeyTooLarge,
    /// An encrypted blob must be exactly 256 bytes.
    #[error("encrypted data must be 256 bytes, got {0}")]
    BadCiphertextLength(usize),
    /// The ciphertext is not below the modulus.
    #[error("ciphertext is not below the modulus")]
    CiphertextOutOfRange,
    /// Neither RSA_PAD nor the legacy SHA1 layout checks out.
    #[error("decrypted data matches neither RSA_PAD nor the legacy SHA1 layout")]
    Malformed,
    /// MTProto keys are 2048-bit RSA keys.
    #[error("RSA modulus has {0} bits, 2048 required")]
    BadModulusSize(u64),
    /// A PEM or DER document could not be read or written.
    #[error("key encoding: {0}")]
    Encoding(String),
    /// A PKCS#8 document holds a key that is not RSA.
    #[error("PKCS#8 key is not an RSA key")]
    NotRsa,
    /// Key generation was asked for an unsupported size.
    #[error("unsupported key size {0} (use 2048)")]
    UnsupportedKeySize(u64),
}

/// Errors of pq factorisation and generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PqError {
    /// pq must be a big-endian integer of 1..=8 bytes.
    #[error("pq of {0} bytes does not fit 64 bits")]
    TooLong(usize),
    /// pq is not the product of exactly two primes.
    #[error("pq = {0} is not a product of two primes")]
    NotSemiprime(u64),
}

/// Errors of Diffie–Hellman parameter and value checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum DhError {
    /// dh_prime must satisfy 2^2047 < p < 2^2048.
    #[error("dh_prime has {0} bits, 2048 required")]
    PrimeSize(u64),
    /// dh_prime or (dh_prime - 1) / 2 is not prime.
    #[error("dh_prime is not a safe prime")]
    NotSafePrime,
    /// g must be in 2..=7.
    #[error("g = {0} is outside 2..=7")]
    GeneratorOutOfRange(i64),
    /// g does not generate the subgroup of order (p - 1) / 2 (quadratic-residue condition).
    #[error("g = {0} fails the quadratic-residue condition for this prime")]
    GeneratorNotResidue(u32),
    /// g_a or g_b is outside 2^(2048-64) ..= p - 2^(2048-64).
    #[error("DH public value is out of the safe range")]
    PublicValueOutOfRange,
}
