//! `Object`: any boxed value, kept as its raw bytes (`rpc_result.result`, the body of a
//! container `message`, the query of a generic wrapper). It always extends to the end of its
//! enclosing input, which is where the schema puts it.
//! <https://core.telegram.org/mtproto/serialize#boxed-and-bare-types>

use std::borrow::Cow;

use crate::tl::{DecodeError, Deserialize, IntoOwned, Reader, Serialize};

/// A serialized boxed object of a type decided elsewhere (by the request it answers, by the
/// caller's knowledge of the schema).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawObject<'a>(pub Cow<'a, [u8]>);

impl<'a> RawObject<'a> {
    /// Wraps serialized bytes (which must start with a constructor id to decode again).
    pub fn new(bytes: impl Into<Cow<'a, [u8]>>) -> Self {
        Self(bytes.into())
    }

    /// Serializes `value` into a new owned object.
    pub fn of(value: &impl Serialize) -> RawObject<'static> {
        RawObject(Cow::Owned(value.to_bytes()))
    }

    /// The constructor id in the first four bytes.
    pub fn constructor_id(&self) -> u32 {
        match self.0.first_chunk::<4>() {
            Some(id) => u32::from_le_bytes(*id),
            None => 0,
        }
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl Serialize for RawObject<'_> {
    #[inline]
    fn serialize(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0);
    }
}

impl<'a> Deserialize<'a> for RawObject<'a> {
    /// Takes the rest of the input, which must hold at least a constructor id.
    #[inline]
    fn deserialize(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let rest = r.take_rest();
        if rest.len() < 4 {
            return Err(DecodeError::ObjectTooShort(rest.len()));
        }
        Ok(Self(Cow::Borrowed(rest)))
    }
}

impl IntoOwned for RawObject<'_> {
    type Owned = RawObject<'static>;
    fn into_owned(self) -> Self::Owned {
        RawObject(IntoOwned::into_owned(self.0))
    }
}
