//! AES-256 key schedules for IGE: the AES-NI path ([`super::aesni`]) when the CPU has it,
//! checked once when the schedule is built, and the portable `aes`-crate path otherwise (other
//! CPUs and architectures).

use aes::cipher::KeyInit;
use aes::{Aes256Dec, Aes256Enc};

#[cfg(target_arch = "x86_64")]
use super::aesni::{self, AesNi};

/// An encryption schedule on the fastest path this CPU offers.
#[derive(Clone)]
pub(crate) enum EncSchedule {
    #[cfg(target_arch = "x86_64")]
    AesNi(aesni::EncKey),
    Portable(Aes256Enc),
}

impl EncSchedule {
    pub(crate) fn new(key: &[u8; 32]) -> Self {
        #[cfg(target_arch = "x86_64")]
        if let Some(ni) = AesNi::detect() {
            return Self::AesNi(ni.enc_key(key));
        }
        Self::Portable(Aes256Enc::new(key.into()))
    }

    /// The IGE chain over every whole block of `data` (callers guarantee alignment); `iv`
    /// becomes the chaining state after the last block.
    pub(crate) fn encrypt_blocks(&self, iv: &mut [u8; 32], data: &mut [u8]) {
        match self {
            #[cfg(target_arch = "x86_64")]
            Self::AesNi(key) => key.encrypt(iv, data),
            Self::Portable(cipher) => super::encrypt_blocks(cipher, iv, data),
        }
    }
}

/// A decryption schedule on the fastest path this CPU offers.
#[derive(Clone)]
pub(crate) enum DecSchedule {
    #[cfg(target_arch = "x86_64")]
    AesNi(aesni::DecKey),
    Portable(Aes256Dec),
}

impl DecSchedule {
    pub(crate) fn new(key: &[u8; 32]) -> Self {
        #[cfg(target_arch = "x86_64")]
        if let Some(ni) = AesNi::detect() {
            return Self::AesNi(ni.dec_key(key));
        }
        Self::Portable(Aes256Dec::new(key.into()))
    }

    /// Which path this schedule runs on (shown by `AesIge`'s `Debug`).
    pub(crate) fn path(&self) -> &'static str {
        match self {
            #[cfg(target_arch = "x86_64")]
            Self::AesNi(_) => "AES-NI",
            Self::Portable(_) => "portable",
        }
    }

    /// The IGE chain over every whole block of `data` (callers guarantee alignment).
    pub(crate) fn decrypt_blocks(&self, iv: &mut [u8; 32], data: &mut [u8]) {
        self.decrypt_blocks_observed(iv, data, |_| {});
    }

    /// [`DecSchedule::decrypt_blocks`], handing each finished 64-byte piece of plaintext (then
    /// the remainder) to `observe` while the chain goes on.
    pub(crate) fn decrypt_blocks_observed(
        &self,
        iv: &mut [u8; 32],
        data: &mut [u8],
        observe: impl FnMut(&[u8]),
    ) {
        match self {
            #[cfg(target_arch = "x86_64")]
            Self::AesNi(key) => key.decrypt(iv, data, observe),
            Self::Portable(cipher) => super::decrypt_blocks_observed(cipher, iv, data, observe),
        }
    }
}
