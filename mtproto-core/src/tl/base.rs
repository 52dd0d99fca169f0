//! Base types: `int`, `long`, `double`, `int128`, `int256`, `bytes`, `string` (always bare),
//! `Bool` (boxed), `Vector<T>` (boxed) — <https://core.telegram.org/mtproto/serialize>.

use std::borrow::Cow;

use crate::tl::{
    BareDeserialize, BareSerialize, DecodeError, Deserialize, IntoOwned, Reader, Serialize,
};

/// `vector#1cb5c415 {t:Type} # [ t ] = Vector t;`
pub const VECTOR_ID: u32 = 0x1cb5_c415;
/// `boolTrue#997275b5 = Bool;`
pub const BOOL_TRUE_ID: u32 = 0x9972_75b5;
/// `boolFalse#bc799737 = Bool;`
pub const BOOL_FALSE_ID: u32 = 0xbc79_9737;
/// Longest `bytes`/`string` TL can represent (a 3-byte length).
pub const MAX_BYTES_LEN: usize = 0xff_ffff;

/// Appends a little-endian `u32`.
#[inline]
pub fn write_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// Appends a vector count.
#[inline]
pub fn write_len(out: &mut Vec<u8>, len: usize) {
    write_u32(out, u32::try_from(len).unwrap_or(u32::MAX));
}

/// Appends TL `bytes`: short form for ≤ 253 bytes, `0xfe` + 3-byte length otherwise, then zero
/// padding to a multiple of 4. Data beyond [`MAX_BYTES_LEN`] cannot be expressed in TL and is cut
/// there (the output stays well-formed).
#[inline]
pub fn write_bytes(out: &mut Vec<u8>, data: &[u8]) {
    let data = &data[..data.len().min(MAX_BYTES_LEN)];
    let len = data.len();
    let header = if len <= 253 {
        out.push(len as u8);
        1
    } else {
        out.extend_from_slice(&[254, len as u8, (len >> 8) as u8, (len >> 16) as u8]);
        4
    };
    out.extend_from_slice(data);
    let pad = (header + len).next_multiple_of(4) - (header + len);
    out.extend_from_slice(&[0; 3][..pad]);
}

macro_rules! fixed {
    ($t:ty, $read:ident) => {
        impl Serialize for $t {
            #[inline]
            fn serialize(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
        }
        impl<'a> Deserialize<'a> for $t {
            #[inline]
            fn deserialize(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
                r.$read()
            }
        }
        impl BareSerialize for $t {
            #[inline]
            fn serialize_bare(&self, out: &mut Vec<u8>) {
                self.serialize(out)
            }
        }
        impl<'a> BareDeserialize<'a> for $t {
            #[inline]
            fn deserialize_bare(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
                r.$read()
            }
        }
        impl IntoOwned for $t {
            type Owned = $t;
            #[inline]
            fn into_owned(self) -> Self {
                self
            }
        }
    };
}
fixed!(i32, read_i32);
fixed!(i64, read_i64);
fixed!(f64, read_f64);

macro_rules! raw {
    ($n:literal) => {
        impl Serialize for [u8; $n] {
            #[inline]
            fn serialize(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(self);
            }
        }
        impl<'a> Deserialize<'a> for [u8; $n] {
            #[inline]
            fn deserialize(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
                r.read_array::<$n>()
            }
        }
        impl IntoOwned for [u8; $n] {
            type Owned = [u8; $n];
            #[inline]
            fn into_owned(self) -> Self {
                self
            }
        }
    };
}
raw!(16);
raw!(32);

impl Serialize for Cow<'_, [u8]> {
    #[inline]
    fn serialize(&self, out: &mut Vec<u8>) {
        write_bytes(out, self);
    }
}
impl<'a> Deserialize<'a> for Cow<'a, [u8]> {
    #[inline]
    fn deserialize(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        r.read_bytes().map(Cow::Borrowed)
    }
}
impl IntoOwned for Cow<'_, [u8]> {
    type Owned = Cow<'static, [u8]>;
    fn into_owned(self) -> Cow<'static, [u8]> {
        Cow::Owned(Cow::into_owned(self))
    }
}

impl Serialize for Cow<'_, str> {
    #[inline]
    fn serialize(&self, out: &mut Vec<u8>) {
        write_bytes(out, self.as_bytes());
    }
}
impl<'a> Deserialize<'a> for Cow<'a, str> {
    #[inline]
    fn deserialize(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        r.read_str().map(Cow::Borrowed)
    }
}
impl IntoOwned for Cow<'_, str> {
    type Owned = Cow<'static, str>;
    fn into_owned(self) -> Cow<'static, str> {
        Cow::Owned(Cow::into_owned(self))
    }
}

impl Serialize for bool {
    #[inline]
    fn serialize(&self, out: &mut Vec<u8>) {
        write_u32(out, if *self { BOOL_TRUE_ID } else { BOOL_FALSE_ID });
    }
}
impl<'a> Deserialize<'a> for bool {
    #[inline]
    fn deserialize(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        match r.read_u32()? {
            BOOL_TRUE_ID => Ok(true),
            BOOL_FALSE_ID => Ok(false),
            id => Err(DecodeError::UnknownConstructor {
                id,
                expected: "Bool",
            }),
        }
    }
}
impl IntoOwned for bool {
    type Owned = bool;
    fn into_owned(self) -> Self {
        self
    }
}

/// `Vector<T>`: boxed, elements as `T` serializes itself (bare base types, boxed objects).
impl<T: Serialize> Serialize for Vec<T> {
    #[inline]
    fn serialize(&self, out: &mut Vec<u8>) {
        write_u32(out, VECTOR_ID);
        write_len(out, self.len());
        for x in self {
            x.serialize(out);
        }
    }
}
impl<'a, T: Deserialize<'a>> Deserialize<'a> for Vec<T> {
    #[inline]
    fn deserialize(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let n = r.read_vector_len(true)?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(T::deserialize(r)?);
        }
        Ok(v)
    }
}
impl<T: IntoOwned> IntoOwned for Vec<T> {
    type Owned = Vec<T::Owned>;
    fn into_owned(self) -> Self::Owned {
        self.into_iter().map(IntoOwned::into_owned).collect()
    }
}
impl<T: IntoOwned> IntoOwned for Option<T> {
    type Owned = Option<T::Owned>;
    fn into_owned(self) -> Self::Owned {
        self.map(IntoOwned::into_owned)
    }
}
impl<T: IntoOwned> IntoOwned for Box<T> {
    type Owned = Box<T::Owned>;
    fn into_owned(self) -> Self::Owned {
        Box::new((*self).into_owned())
    }
}
