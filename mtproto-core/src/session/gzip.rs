//! `gzip_packed#3072cfa1 packed_data:bytes` (<https://core.telegram.org/mtproto/service_messages#packed-object>):
//! unpacking with an output cap, and packing when it makes a message smaller.

use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;

use super::service::{constructor_of, ids};
use crate::tl_wire::{Reader, put_bytes, put_u32};

/// Bodies at least this long are worth trying to compress (grammers uses 512 for queries).
pub const PACK_THRESHOLD: usize = 512;

/// Why a `gzip_packed` object was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum GzipError {
    /// The TL wrapper is malformed.
    #[error("malformed gzip_packed")]
    Malformed,
    /// The gzip stream is corrupt.
    #[error("corrupt gzip stream")]
    Corrupt,
    /// The unpacked object exceeds the cap.
    #[error("unpacked object larger than {0} bytes")]
    TooLarge(usize),
}

/// If `body` is `gzip_packed`, the unpacked object (at most `cap` bytes); otherwise `None`.
pub fn unpack(body: &[u8], cap: usize) -> Option<Result<Vec<u8>, GzipError>> {
    (constructor_of(body) == ids::GZIP_PACKED).then(|| {
        let mut r = Reader::new(&body[4..]);
        let packed = r.bytes().map_err(|_| GzipError::Malformed)?;
        let mut out = Vec::new();
        GzDecoder::new(packed)
            .take(cap as u64 + 1)
            .read_to_end(&mut out)
            .map_err(|_| GzipError::Corrupt)?;
        if out.len() > cap {
            return Err(GzipError::TooLarge(cap));
        }
        Ok(out)
    })
}

/// `body` wrapped in `gzip_packed` if it is long enough and the result is smaller.
pub fn pack_if_smaller(body: &[u8]) -> Option<Vec<u8>> {
    if body.len() < PACK_THRESHOLD {
        return None;
    }
    let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
    enc.write_all(body).ok()?;
    let packed = enc.finish().ok()?;
    let mut out = Vec::with_capacity(packed.len() + 8);
    put_u32(&mut out, ids::GZIP_PACKED);
    put_bytes(&mut out, &packed);
    (out.len() < body.len()).then_some(out)
}
