//! Fuzz-target bodies (see fuzz/README.md): plain functions over bytes, so libFuzzer and the
//! seed-replay tests run the same code. Each body must never panic.

mod tl;
mod wire;

pub use tl::*;
pub use wire::*;
