//! The traits every TL value implements. Serialization writes into a `Vec<u8>`; decoding reads
//! from a [`Reader`] and borrows `bytes`/`string` from the input.
//! <https://core.telegram.org/mtproto/serialize>

use crate::tl::{DecodeError, Reader};

/// Writes a value in its boxed form (constructor id first, for types that have one; base types
/// such as `int` or `string` are always bare).
pub trait Serialize {
    /// Appends the encoding to `out`.
    fn serialize(&self, out: &mut Vec<u8>);

    /// The encoding as a new vector.
    fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64);
        self.serialize(&mut out);
        out
    }
}

/// Reads a value in its boxed form, borrowing from the input.
pub trait Deserialize<'a>: Sized {
    /// Reads one value.
    fn deserialize(r: &mut Reader<'a>) -> Result<Self, DecodeError>;

    /// Reads one value that must span all of `bytes`.
    fn from_bytes(bytes: &'a [u8]) -> Result<Self, DecodeError> {
        Reader::new(bytes).finish_with(Self::deserialize)
    }
}

/// Writes a constructor's fields without its id (bare form: `%T`, lowercase types).
pub trait BareSerialize {
    /// Appends the bare encoding to `out`.
    fn serialize_bare(&self, out: &mut Vec<u8>);
}

/// Reads a constructor's fields without its id.
pub trait BareDeserialize<'a>: Sized {
    /// Reads the fields.
    fn deserialize_bare(r: &mut Reader<'a>) -> Result<Self, DecodeError>;
}

/// A constructor or function with a fixed id.
pub trait Identifiable {
    /// The constructor id.
    const CONSTRUCTOR_ID: u32;
    /// The TL name (`auth.sentCode`).
    const NAME: &'static str;
}

/// A function: its serialized form is a query, and `Return` is what the answer decodes to.
pub trait RemoteCall: Serialize {
    /// The result type, borrowing from the answer bytes.
    type Return<'de>: Deserialize<'de>;
}

/// Converts a value that may borrow from its input into one that owns everything (`'static`).
pub trait IntoOwned {
    /// The owned form.
    type Owned: 'static;
    /// Copies every borrowed `bytes`/`string`.
    fn into_owned(self) -> Self::Owned;
}
