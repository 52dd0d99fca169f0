//! TL: the runtime (bounded zero-copy [`Reader`], serialization traits, base types, `gzip_packed`,
//! names) and the types generated at build time from the schemas in `schema/`:
//! [`mtproto`] (service messages and auth-key creation), [`api`] (Telegram API layer 229) and
//! [`secret`] (secret-chat end-to-end layers 8–144).
//!
//! Serialization rules: <https://core.telegram.org/mtproto/serialize>. How the generator works,
//! how to add a declaration and how layers are handled: `docs/tl.md`.
//!
//! Generated values borrow `bytes`/`string` from the input when decoded (`Cow::Borrowed`) and own
//! them when built (`Cow::Owned`); [`IntoOwned::into_owned`] turns any value into its `'static`
//! form for storing.
//!
//! ```
//! use mtproto_core::tl::{Deserialize, Serialize, mtproto::functions::ReqPqMulti, mtproto::types::ResPQ};
//! let query = ReqPqMulti { nonce: [7; 16] }.to_bytes();
//! assert_eq!(ReqPqMulti::from_bytes(&query).unwrap().nonce, [7; 16]);
//! let answer = ResPQ { nonce: [7; 16], server_nonce: [8; 16], pq: b"\x17\xed\x48\x94\x1a\x08\xf9\x81"[..].into(), server_public_key_fingerprints: vec![1] };
//! let bytes = answer.to_bytes();
//! assert_eq!(ResPQ::from_bytes(&bytes).unwrap(), answer);
//! ```

pub mod api;
#[cfg(feature = "proptest")]
mod arbitrary;
mod base;
#[cfg(any(fuzzing, feature = "proptest"))]
mod checks;
mod error;
pub mod gzip;
pub mod mtproto;
pub mod names;
mod object;
mod reader;
pub mod secret;
mod traits;

#[cfg(feature = "proptest")]
pub use arbitrary::{ArbitraryTl, Gen, sample, strategy};
pub use base::{
    BOOL_FALSE_ID, BOOL_TRUE_ID, MAX_BYTES_LEN, VECTOR_ID, write_bytes, write_len, write_u32,
};
#[cfg(any(fuzzing, feature = "proptest"))]
#[doc(hidden)]
pub use checks::fuzz_check;
#[cfg(feature = "proptest")]
pub use checks::{check_bare_roundtrip, check_roundtrip};
pub use error::DecodeError;
pub use names::name_for_id;
pub use object::RawObject;
pub use reader::{MAX_DEPTH, Reader};
pub use traits::{
    BareDeserialize, BareSerialize, Deserialize, Identifiable, IntoOwned, RemoteCall, Serialize,
};

/// What generated code refers to as `rt::…`.
#[doc(hidden)]
pub mod gen_prelude {
    #[cfg(any(fuzzing, feature = "proptest"))]
    pub use super::fuzz_check;
    #[cfg(feature = "proptest")]
    pub use super::{ArbitraryTl, Gen};
    pub use super::{
        BareDeserialize, BareSerialize, DecodeError, Deserialize, Identifiable, IntoOwned,
        RawObject, Reader, RemoteCall, Serialize, VECTOR_ID, write_len, write_u32,
    };
}
