//! The bounded, zero-copy reader all generated decoders use.
//!
//! Every read checks the remaining length first; `bytes`/`string` are returned as slices of the
//! input; a vector count must fit in what is left (at least 4 bytes per element) before any
//! allocation; boxed values nest at most [`MAX_DEPTH`] levels.
//! Layout: <https://core.telegram.org/mtproto/serialize>.

use crate::tl::DecodeError;

/// Maximum nesting of boxed values (real Telegram objects nest well under 20 levels).
pub const MAX_DEPTH: u32 = 64;

/// A cursor over TL input.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    rest: &'a [u8],
    depth: u32,
}

impl<'a> Reader<'a> {
    /// A reader over `input`.
    pub fn new(input: &'a [u8]) -> Self {
        Self {
            rest: input,
            depth: 0,
        }
    }

    /// Bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.rest.len()
    }

    /// Runs `f` and then requires that nothing is left ([`DecodeError::TrailingBytes`]).
    pub fn finish_with<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, DecodeError>,
    ) -> Result<T, DecodeError> {
        let value = f(self)?;
        match self.rest.len() {
            0 => Ok(value),
            n => Err(DecodeError::TrailingBytes(n)),
        }
    }

    /// Takes everything left.
    pub fn take_rest(&mut self) -> &'a [u8] {
        std::mem::take(&mut self.rest)
    }

    /// Takes the next `n` bytes.
    #[inline]
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        if n > self.rest.len() {
            return Err(DecodeError::UnexpectedEof {
                needed: n,
                remaining: self.rest.len(),
            });
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    /// Reads `N` raw bytes (`int128`, `int256`).
    #[inline]
    pub fn read_array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        match self.rest.split_first_chunk::<N>() {
            Some((head, tail)) => {
                self.rest = tail;
                Ok(*head)
            }
            None => Err(DecodeError::UnexpectedEof {
                needed: N,
                remaining: self.rest.len(),
            }),
        }
    }

    /// Reads a little-endian `u32` (constructor ids, flags words).
    #[inline]
    pub fn read_u32(&mut self) -> Result<u32, DecodeError> {
        self.read_array::<4>().map(u32::from_le_bytes)
    }

    /// Reads a TL `int`.
    #[inline]
    pub fn read_i32(&mut self) -> Result<i32, DecodeError> {
        self.read_array::<4>().map(i32::from_le_bytes)
    }

    /// Reads a TL `long`.
    #[inline]
    pub fn read_i64(&mut self) -> Result<i64, DecodeError> {
        self.read_array::<8>().map(i64::from_le_bytes)
    }

    /// Reads a TL `double`.
    #[inline]
    pub fn read_f64(&mut self) -> Result<f64, DecodeError> {
        self.read_array::<8>().map(f64::from_le_bytes)
    }

    /// Reads TL `bytes`: a 1-byte length (≤ 253) or `0xfe` + 3-byte length, the data, and zero
    /// padding to a multiple of 4 (the padding's content is not checked).
    #[inline]
    pub fn read_bytes(&mut self) -> Result<&'a [u8], DecodeError> {
        let remaining = self.rest.len();
        let first = *self.rest.first().ok_or(DecodeError::UnexpectedEof {
            needed: 1,
            remaining,
        })?;
        let (header, len) = match first {
            0..=253 => (1, usize::from(first)),
            254 => {
                let [_, a, b, c] =
                    *self
                        .rest
                        .first_chunk::<4>()
                        .ok_or(DecodeError::UnexpectedEof {
                            needed: 4,
                            remaining,
                        })?;
                (
                    4,
                    usize::from(a) | usize::from(b) << 8 | usize::from(c) << 16,
                )
            }
            255 => return Err(DecodeError::BadLengthPrefix),
        };
        // header + data + padding is a multiple of 4.
        let total = (header + len).next_multiple_of(4);
        if total > remaining {
            return Err(DecodeError::LengthOverflow {
                declared: len,
                remaining,
            });
        }
        let all = self.take(total)?;
        all.get(header..header + len)
            .ok_or(DecodeError::LengthOverflow {
                declared: len,
                remaining,
            })
    }

    /// Reads a TL `string` (bytes that must be UTF-8).
    #[inline]
    pub fn read_str(&mut self) -> Result<&'a str, DecodeError> {
        std::str::from_utf8(self.read_bytes()?).map_err(|_| DecodeError::InvalidUtf8)
    }

    /// Reads a vector header: `0x1cb5c415` if `boxed`, then the count, which must be
    /// non-negative and at most a quarter of the bytes left (every element takes ≥ 4 bytes).
    #[inline]
    pub fn read_vector_len(&mut self, boxed: bool) -> Result<usize, DecodeError> {
        if boxed {
            self.expect_id(crate::tl::VECTOR_ID, "Vector")?;
        }
        let count = self.read_i32()?;
        let count = usize::try_from(count).map_err(|_| DecodeError::NegativeLength(count))?;
        if count > self.rest.len() / 4 {
            return Err(DecodeError::LengthOverflow {
                declared: count,
                remaining: self.rest.len(),
            });
        }
        Ok(count)
    }

    /// Reads a constructor id and requires it to be `id`.
    #[inline]
    pub fn expect_id(&mut self, id: u32, name: &'static str) -> Result<(), DecodeError> {
        match self.read_u32()? {
            found if found == id => Ok(()),
            found => Err(DecodeError::UnknownConstructor {
                id: found,
                expected: name,
            }),
        }
    }

    /// Enters one level of boxed nesting.
    #[inline]
    pub fn enter(&mut self) -> Result<(), DecodeError> {
        if self.depth >= MAX_DEPTH {
            return Err(DecodeError::TooDeep { max: MAX_DEPTH });
        }
        self.depth += 1;
        Ok(())
    }

    /// Leaves one level entered with [`Reader::enter`].
    #[inline]
    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
}
