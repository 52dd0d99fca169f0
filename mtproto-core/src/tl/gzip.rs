//! `gzip_packed#3072cfa1 packed_data:bytes = Object;` — a gzip stream of a serialized object,
//! used by servers inside `rpc_result` and by clients for large queries.
//! <https://core.telegram.org/mtproto/service_messages#packed-object>
//!
//! Inflating is capped: untrusted data that would grow past the caller's cap is an error, so a
//! small "zip bomb" cannot allocate much more than the cap.

use std::borrow::Cow;
use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;

use crate::tl::DecodeError;
use crate::tl::mtproto::types::GzipPacked;

/// `gzip_packed` constructor id.
pub const GZIP_PACKED_ID: u32 = 0x3072_cfa1;
/// Objects at least this long are worth trying to compress (grammers uses 512 for queries).
pub const PACK_THRESHOLD: usize = 512;

/// Compresses a serialized object into a `gzip_packed`.
pub fn pack(object: &[u8]) -> GzipPacked<'static> {
    let mut encoder = GzEncoder::new(
        Vec::with_capacity(object.len() / 2 + 32),
        Compression::default(),
    );
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(object);
    let packed = encoder.finish().unwrap_or_default();
    GzipPacked {
        packed_data: Cow::Owned(packed),
    }
}

/// `object` as a serialized `gzip_packed`, if it is long enough and that makes it smaller.
pub fn pack_if_smaller(object: &[u8]) -> Option<Vec<u8>> {
    if object.len() < PACK_THRESHOLD {
        return None;
    }
    let packed = crate::tl::Serialize::to_bytes(&pack(object));
    (packed.len() < object.len()).then_some(packed)
}

/// Inflates `packed_data`, failing with [`DecodeError::GzipTooLarge`] past `cap` bytes.
pub fn unpack(packed_data: &[u8], cap: usize) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::with_capacity(packed_data.len().saturating_mul(4).min(cap));
    let limit = u64::try_from(cap).unwrap_or(u64::MAX).saturating_add(1);
    GzDecoder::new(packed_data)
        .take(limit)
        .read_to_end(&mut out)
        .map_err(|_| DecodeError::GzipCorrupt)?;
    if out.len() > cap {
        return Err(DecodeError::GzipTooLarge { cap });
    }
    Ok(out)
}

/// If `object` is a `gzip_packed`, inflates it (capped); otherwise borrows it unchanged.
pub fn unpack_object(object: &[u8], cap: usize) -> Result<Cow<'_, [u8]>, DecodeError> {
    if object.first_chunk::<4>().map(|id| u32::from_le_bytes(*id)) != Some(GZIP_PACKED_ID) {
        return Ok(Cow::Borrowed(object));
    }
    let packed: GzipPacked<'_> = crate::tl::Deserialize::from_bytes(object)?;
    unpack(&packed.packed_data, cap).map(Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tl::Serialize;

    #[test]
    fn round_trip_and_cap() {
        let object = crate::tl::mtproto::types::Pong {
            msg_id: 1,
            ping_id: 2,
        }
        .to_bytes();
        let packed = pack(&object).to_bytes();
        assert_eq!(&packed[..4], &GZIP_PACKED_ID.to_le_bytes());
        assert_eq!(
            unpack_object(&packed, 1024).unwrap().as_ref(),
            object.as_slice()
        );
        assert_eq!(
            unpack_object(&object, 1024).unwrap().as_ref(),
            object.as_slice()
        );
        // A megabyte of zeros compresses to about a kilobyte; a 64 KiB cap refuses it.
        let bomb = pack(&vec![0u8; 1 << 20]);
        assert!(bomb.packed_data.len() < 4096);
        assert_eq!(
            unpack(&bomb.packed_data, 1 << 16),
            Err(DecodeError::GzipTooLarge { cap: 1 << 16 })
        );
        assert_eq!(unpack(b"not gzip", 1 << 16), Err(DecodeError::GzipCorrupt));
        // Small or incompressible objects stay as they are.
        assert_eq!(pack_if_smaller(&object), None);
        let large = vec![7u8; 4096];
        let packed = pack_if_smaller(&large).unwrap();
        assert!(packed.len() < large.len());
        assert_eq!(
            unpack_object(&packed, 1 << 16).unwrap().as_ref(),
            &large[..]
        );
    }
}
