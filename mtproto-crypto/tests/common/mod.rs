//! Helpers shared by the integration tests.
#![allow(dead_code)]

/// Decodes a hex string (whitespace ignored).
pub fn hex(s: &str) -> Vec<u8> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(s.len().is_multiple_of(2), "odd hex length");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Decodes a hex string into a fixed-size array.
pub fn arr<const N: usize>(s: &str) -> [u8; N] {
    hex(s).try_into().expect("hex length")
}

/// Bytes `0, 1, 2, ...` (mod 256).
pub fn seq<const N: usize>() -> [u8; N] {
    std::array::from_fn(|i| i as u8)
}

/// A deterministic RNG for tests.
pub fn rng(seed: u64) -> rand_chacha::ChaCha20Rng {
    use rand::SeedableRng;
    rand_chacha::ChaCha20Rng::seed_from_u64(seed)
}

/// An "RNG" that replays fixed bytes (for vectors whose random inputs are published).
pub struct Replay(pub Vec<u8>, pub usize);

impl rand_core::TryRng for Replay {
    type Error = std::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        rand_core::utils::next_word_via_fill(self)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        rand_core::utils::next_word_via_fill(self)
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        dst.copy_from_slice(&self.0[self.1..self.1 + dst.len()]);
        self.1 += dst.len();
        Ok(())
    }
}

impl rand_core::TryCryptoRng for Replay {}
