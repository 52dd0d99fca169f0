//! The record codec: a small, versioned, bounded binary format for values on disk.
//!
//! A record is `tag: u8 ‖ version: u8 ‖ fields`. Integers are little-endian fixed width;
//! byte strings and lists carry a `u32` length that is checked against a per-field cap *and*
//! against the bytes that remain before anything is allocated, so a decoder never allocates more
//! than the input's size and never panics on any input (fuzzed: `chat_store_record`).
//! A reader accepts every version up to its own; fields added in a later version go at the end
//! and are read only when the stored version has them.

use thiserror::Error;

/// Why stored bytes could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CodecError {
    /// The input ended inside a field.
    #[error("record truncated while reading {field}")]
    Truncated {
        /// The field being read.
        field: &'static str,
    },
    /// The record's tag names another record type.
    #[error("expected record tag {expected}, found {found}")]
    WrongTag {
        /// The tag of the type being decoded.
        expected: u8,
        /// The stored tag.
        found: u8,
    },
    /// The record was written by a newer format version.
    #[error("record tag {tag} has version {found}, newest known is {known}")]
    UnknownVersion {
        /// The record tag.
        tag: u8,
        /// The stored version.
        found: u8,
        /// The newest version this build reads.
        known: u8,
    },
    /// A length exceeded its cap or the remaining input.
    #[error("{field}: length {len} exceeds the limit of {max}")]
    TooLong {
        /// The field.
        field: &'static str,
        /// The stored length.
        len: u64,
        /// The cap.
        max: u64,
    },
    /// A field holds a value outside its domain.
    #[error("{field}: invalid value {value}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// The offending value.
        value: i64,
    },
    /// A string field is not UTF-8.
    #[error("{field}: not UTF-8")]
    NotUtf8 {
        /// The field.
        field: &'static str,
    },
    /// Bytes remained after the last field.
    #[error("{0} trailing bytes after the record")]
    Trailing(usize),
}

/// An encoder appending fields to a buffer.
#[derive(Debug, Default)]
pub struct Enc(Vec<u8>);

impl Enc {
    /// A record header: tag and version.
    pub fn record(tag: u8, version: u8) -> Enc {
        Enc(vec![tag, version])
    }

    /// The encoded bytes.
    pub fn finish(self) -> Vec<u8> {
        self.0
    }

    /// A byte.
    pub fn u8(&mut self, v: u8) -> &mut Self {
        self.0.push(v);
        self
    }

    /// A bool as one byte.
    pub fn bool(&mut self, v: bool) -> &mut Self {
        self.u8(u8::from(v))
    }

    /// A `u32`.
    pub fn u32(&mut self, v: u32) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }

    /// An `i32`.
    pub fn i32(&mut self, v: i32) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }

    /// A `u64`.
    pub fn u64(&mut self, v: u64) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }

    /// An `i64`.
    pub fn i64(&mut self, v: i64) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }

    /// Length-prefixed bytes (callers validate lengths before encoding).
    pub fn bytes(&mut self, v: &[u8]) -> &mut Self {
        self.u32(v.len() as u32);
        self.0.extend_from_slice(v);
        self
    }

    /// A length-prefixed UTF-8 string.
    pub fn str(&mut self, v: &str) -> &mut Self {
        self.bytes(v.as_bytes())
    }
}

/// A decoder over stored bytes.
#[derive(Debug)]
pub struct Dec<'a> {
    buf: &'a [u8],
    version: u8,
}

impl<'a> Dec<'a> {
    /// Reads the record header, checking the tag and that the version is at most `known`.
    pub fn record(buf: &'a [u8], tag: u8, known: u8) -> Result<Dec<'a>, CodecError> {
        let mut d = Dec { buf, version: 0 };
        let found = d.u8("tag")?;
        if found != tag {
            return Err(CodecError::WrongTag {
                expected: tag,
                found,
            });
        }
        let version = d.u8("version")?;
        if version == 0 || version > known {
            return Err(CodecError::UnknownVersion {
                tag,
                found: version,
                known,
            });
        }
        d.version = version;
        Ok(d)
    }

    /// The stored record's version.
    pub fn version(&self) -> u8 {
        self.version
    }

    /// Fails unless every byte was consumed.
    pub fn finish(self) -> Result<(), CodecError> {
        if self.buf.is_empty() {
            Ok(())
        } else {
            Err(CodecError::Trailing(self.buf.len()))
        }
    }

    fn take(&mut self, n: usize, field: &'static str) -> Result<&'a [u8], CodecError> {
        if self.buf.len() < n {
            return Err(CodecError::Truncated { field });
        }
        let (head, rest) = self.buf.split_at(n);
        self.buf = rest;
        Ok(head)
    }

    fn array<const N: usize>(&mut self, field: &'static str) -> Result<[u8; N], CodecError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N, field)?);
        Ok(out)
    }

    /// A byte.
    pub fn u8(&mut self, field: &'static str) -> Result<u8, CodecError> {
        Ok(self.take(1, field)?[0])
    }

    /// A bool (0 or 1).
    pub fn bool(&mut self, field: &'static str) -> Result<bool, CodecError> {
        match self.u8(field)? {
            0 => Ok(false),
            1 => Ok(true),
            v => Err(CodecError::Invalid {
                field,
                value: i64::from(v),
            }),
        }
    }

    /// A `u32`.
    pub fn u32(&mut self, field: &'static str) -> Result<u32, CodecError> {
        Ok(u32::from_le_bytes(self.array(field)?))
    }

    /// An `i32`.
    pub fn i32(&mut self, field: &'static str) -> Result<i32, CodecError> {
        Ok(i32::from_le_bytes(self.array(field)?))
    }

    /// A `u64`.
    pub fn u64(&mut self, field: &'static str) -> Result<u64, CodecError> {
        Ok(u64::from_le_bytes(self.array(field)?))
    }

    /// An `i64`.
    pub fn i64(&mut self, field: &'static str) -> Result<i64, CodecError> {
        Ok(i64::from_le_bytes(self.array(field)?))
    }

    /// A count of list elements, each at least `min_elem` bytes, capped at `max`.
    pub fn count(
        &mut self,
        field: &'static str,
        max: u32,
        min_elem: usize,
    ) -> Result<usize, CodecError> {
        let n = self.u32(field)?;
        let fits = (n as usize).saturating_mul(min_elem.max(1)) <= self.buf.len();
        if n > max || !fits {
            return Err(CodecError::TooLong {
                field,
                len: u64::from(n),
                max: u64::from(max),
            });
        }
        Ok(n as usize)
    }

    /// Length-prefixed bytes of at most `max` bytes.
    pub fn bytes(&mut self, field: &'static str, max: u32) -> Result<&'a [u8], CodecError> {
        let n = self.count(field, max, 1)?;
        self.take(n, field)
    }

    /// A length-prefixed UTF-8 string of at most `max` bytes.
    pub fn str(&mut self, field: &'static str, max: u32) -> Result<String, CodecError> {
        let b = self.bytes(field, max)?;
        std::str::from_utf8(b)
            .map(str::to_owned)
            .map_err(|_| CodecError::NotUtf8 { field })
    }

    /// A fixed-size byte array.
    pub fn fixed<const N: usize>(&mut self, field: &'static str) -> Result<[u8; N], CodecError> {
        self.array(field)
    }
}

/// A value stored as one record.
pub trait Record: Sized {
    /// The record's tag (unique per type).
    const TAG: u8;
    /// The newest version this build writes and reads.
    const VERSION: u8;

    /// Writes the fields after the header.
    fn write(&self, e: &mut Enc);

    /// Reads the fields after the header.
    fn read(d: &mut Dec<'_>) -> Result<Self, CodecError>;

    /// The record's bytes.
    fn encode(&self) -> Vec<u8> {
        let mut e = Enc::record(Self::TAG, Self::VERSION);
        self.write(&mut e);
        e.finish()
    }

    /// Decodes stored bytes; never panics.
    fn decode(bytes: &[u8]) -> Result<Self, CodecError> {
        let mut d = Dec::record(bytes, Self::TAG, Self::VERSION)?;
        let v = Self::read(&mut d)?;
        d.finish()?;
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_are_checked_before_allocation() {
        let mut e = Enc::record(9, 1);
        e.u32(u32::MAX);
        let bytes = e.finish();
        let mut d = Dec::record(&bytes, 9, 1).unwrap();
        assert!(matches!(d.bytes("x", 100), Err(CodecError::TooLong { .. })));
        let mut d = Dec::record(&bytes, 9, 1).unwrap();
        assert!(matches!(
            d.bytes("x", u32::MAX),
            Err(CodecError::TooLong { .. })
        ));
    }

    #[test]
    fn header_checks() {
        assert!(matches!(
            Dec::record(&[], 1, 1),
            Err(CodecError::Truncated { .. })
        ));
        assert!(matches!(
            Dec::record(&[2, 1], 1, 1),
            Err(CodecError::WrongTag { .. })
        ));
        assert!(matches!(
            Dec::record(&[1, 2], 1, 1),
            Err(CodecError::UnknownVersion { .. })
        ));
        assert!(matches!(
            Dec::record(&[1, 0], 1, 1),
            Err(CodecError::UnknownVersion { .. })
        ));
        let d = Dec::record(&[1, 1, 0], 1, 1).unwrap();
        assert_eq!(d.finish(), Err(CodecError::Trailing(1)));
    }
}
