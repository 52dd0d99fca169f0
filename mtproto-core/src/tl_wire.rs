//! The few TL primitives the wire layer reads and writes itself
//! (<https://core.telegram.org/mtproto/serialize>): little-endian ints, raw int128/int256,
//! `bytes` with their 1- or 4-byte length and padding, and boxed `Vector<long>`.
//!
//! Readers never allocate more than the input holds and never panic.

/// Constructor id of a boxed vector.
pub const VECTOR_ID: u32 = 0x1cb5_c415;

/// A TL decoding failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TlError {
    /// The input ended early.
    #[error("unexpected end of TL data")]
    Eof,
    /// A constructor id other than the expected one(s).
    #[error("unexpected constructor {0:#010x}")]
    Constructor(u32),
    /// A malformed `bytes` length prefix.
    #[error("malformed bytes length")]
    BadBytes,
}

/// A cursor over TL data.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `buf`.
    pub fn new(buf: &'a [u8]) -> Self {
        Self { buf, pos: 0 }
    }

    /// Bytes consumed so far.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Bytes not yet consumed.
    pub fn remaining(&self) -> &'a [u8] {
        &self.buf[self.pos..]
    }

    /// The next `n` raw bytes.
    pub fn raw(&mut self, n: usize) -> Result<&'a [u8], TlError> {
        let end = self.pos.checked_add(n).ok_or(TlError::Eof)?;
        let out = self.buf.get(self.pos..end).ok_or(TlError::Eof)?;
        self.pos = end;
        Ok(out)
    }

    /// A fixed-size raw array (int128, int256).
    pub fn array<const N: usize>(&mut self) -> Result<[u8; N], TlError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.raw(N)?);
        Ok(out)
    }

    /// A 32-bit unsigned int (constructor ids, flags).
    pub fn u32(&mut self) -> Result<u32, TlError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    /// A TL `int`.
    pub fn i32(&mut self) -> Result<i32, TlError> {
        Ok(i32::from_le_bytes(self.array()?))
    }

    /// A TL `long`.
    pub fn i64(&mut self) -> Result<i64, TlError> {
        Ok(i64::from_le_bytes(self.array()?))
    }

    /// A constructor id that must equal `id`.
    pub fn expect(&mut self, id: u32) -> Result<(), TlError> {
        match self.u32()? {
            got if got == id => Ok(()),
            got => Err(TlError::Constructor(got)),
        }
    }

    /// TL `bytes`/`string`: `len ≤ 253` as one byte, else `fe` + 3-byte LE length; padded to 4.
    pub fn bytes(&mut self) -> Result<&'a [u8], TlError> {
        let first = self.raw(1)?[0];
        let (len, header) = match first {
            0xff => return Err(TlError::BadBytes),
            0xfe => {
                let l = self.raw(3)?;
                (u32::from_le_bytes([l[0], l[1], l[2], 0]) as usize, 4)
            }
            short => (usize::from(short), 1),
        };
        let out = self.raw(len)?;
        self.raw((4 - (header + len) % 4) % 4)?;
        Ok(out)
    }

    /// A boxed `Vector<long>`.
    pub fn vec_i64(&mut self) -> Result<Vec<i64>, TlError> {
        self.expect(VECTOR_ID)?;
        let count = self.u32()? as usize;
        if count > self.remaining().len() / 8 {
            return Err(TlError::Eof);
        }
        (0..count).map(|_| self.i64()).collect()
    }
}

/// Appends a TL `int`/`#`/constructor id.
pub fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// Appends a TL `int`.
pub fn put_i32(out: &mut Vec<u8>, v: i32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// Appends a TL `long`.
pub fn put_i64(out: &mut Vec<u8>, v: i64) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// Appends TL `bytes` (length prefix and zero padding to a multiple of 4).
pub fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    let header = if b.len() <= 253 {
        out.push(b.len() as u8);
        1
    } else {
        out.push(0xfe);
        out.extend_from_slice(&(b.len() as u32).to_le_bytes()[..3]);
        4
    };
    out.extend_from_slice(b);
    out.resize(out.len() + (4 - (header + b.len()) % 4) % 4, 0);
}

/// Appends a boxed `Vector<long>`.
pub fn put_vec_i64(out: &mut Vec<u8>, v: &[i64]) {
    put_u32(out, VECTOR_ID);
    put_u32(out, v.len() as u32);
    for x in v {
        put_i64(out, *x);
    }
}
