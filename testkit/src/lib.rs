//! Test helpers shared by the workspace's crates. A dev-dependency only: nothing here ships.
//!
//! [`replay_seeds`] runs a fuzz-target body over its checked-in seeds (`fuzz/seeds/<target>/`) and
//! the local, git-ignored corpus (`fuzz/corpus/<target>/`), so `cargo test` on the stable
//! toolchain exercises exactly what cargo-fuzz runs (see `fuzz/README.md`).

use std::panic::{RefUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

/// The workspace's `fuzz/` directory.
pub fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// Runs `body` on every seed and corpus file of `target` and returns how many files ran.
///
/// Panics (failing the calling test) if no file was found — a misspelt target name must not pass
/// silently — or if `body` panicked on any file, naming every such file.
pub fn replay_seeds(target: &str, body: impl Fn(&[u8]) + RefUnwindSafe) -> usize {
    let fuzz = fuzz_dir();
    let mut files = Vec::new();
    for sub in ["seeds", "corpus"] {
        if let Ok(entries) = std::fs::read_dir(fuzz.join(sub).join(target)) {
            files.extend(
                entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .filter(|p| p.is_file()),
            );
        }
    }
    files.sort();
    assert!(
        !files.is_empty(),
        "no seed files for fuzz target `{target}` under {}",
        fuzz.display()
    );
    let failed: Vec<String> = files
        .iter()
        .filter(|f| {
            let data = std::fs::read(f).expect("read seed file");
            catch_unwind(|| body(&data)).is_err()
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        failed.is_empty(),
        "fuzz target `{target}` panicked on: {failed:#?}"
    );
    files.len()
}

/// A tiny deterministic xorshift64* generator for smoke inputs; tests must not touch the OS RNG
/// where a seed would make them replayable.
#[derive(Debug, Clone)]
pub struct XorShift(u64);

impl XorShift {
    /// A generator from a seed (0 is mapped to a fixed non-zero state).
    pub fn new(seed: u64) -> Self {
        Self(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next 64 pseudo-random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// `len` pseudo-random bytes.
    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next_u64() as u8).collect()
    }
}

/// Runs `body` over `count` pseudo-random inputs of up to `max_len` bytes (a non-guided smoke
/// pass beside the seed replay).
pub fn smoke_random(seed: u64, count: usize, max_len: usize, body: impl Fn(&[u8])) {
    let mut rng = XorShift::new(seed);
    for _ in 0..count {
        let len = (rng.next_u64() as usize) % (max_len + 1);
        body(&rng.bytes(len));
    }
}
