//! Decoding errors. Every failure of untrusted TL input is one of these; nothing panics.

use thiserror::Error;

/// Why TL bytes could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecodeError {
    /// The input ended inside a value.
    #[error("unexpected end of input: needed {needed} more bytes, {remaining} left")]
    UnexpectedEof {
        /// Bytes the next read needed.
        needed: usize,
        /// Bytes that were left.
        remaining: usize,
    },
    /// A constructor id that the expected type does not have (a server answers such a query with
    /// `rpc_error` and goes on).
    #[error("unknown constructor {id:#010x} for type {expected}")]
    UnknownConstructor {
        /// The id read.
        id: u32,
        /// The TL type (or constructor, for a struct decoded boxed) that was expected.
        expected: &'static str,
    },
    /// Values nested deeper than [`crate::tl::MAX_DEPTH`].
    #[error("values nested deeper than {max} levels")]
    TooDeep {
        /// The cap.
        max: u32,
    },
    /// A declared byte length or vector count larger than what is left (checked before any
    /// allocation).
    #[error("declared length {declared} exceeds the {remaining} bytes left")]
    LengthOverflow {
        /// The declared length (for vectors: the element count).
        declared: usize,
        /// Bytes left in the input.
        remaining: usize,
    },
    /// A negative vector count or container body length.
    #[error("negative length {0}")]
    NegativeLength(i32),
    /// A `bytes`/`string` whose first byte is 0xff (not a valid length prefix).
    #[error("invalid length prefix 0xff")]
    BadLengthPrefix,
    /// A `string` that is not UTF-8 (Telegram strings are UTF-8; such input is rejected rather
    /// than repaired so that decoding stays zero-copy and re-encoding gives the same bytes).
    #[error("string is not valid UTF-8")]
    InvalidUtf8,
    /// Bytes left over after a complete value.
    #[error("{0} trailing bytes after the value")]
    TrailingBytes(usize),
    /// A raw object shorter than a constructor id.
    #[error("object shorter than a constructor id ({0} bytes)")]
    ObjectTooShort(usize),
    /// `gzip_packed` data that does not inflate.
    #[error("gzip_packed data is corrupt")]
    GzipCorrupt,
    /// `gzip_packed` data that inflates past the caller's cap.
    #[error("gzip_packed data inflates past the cap of {cap} bytes")]
    GzipTooLarge {
        /// The cap in bytes.
        cap: usize,
    },
}
