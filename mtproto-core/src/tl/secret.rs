//! The secret-chat end-to-end schema (`schema/secret.tl`), layers 8 to 144.
//! <https://core.telegram.org/api/end-to-end>
//!
//! Older versions of a constructor carry their layer in the Rust name (`DecryptedMessage46`).
#![allow(clippy::all, missing_docs)]

include!(concat!(env!("OUT_DIR"), "/secret.rs"));
