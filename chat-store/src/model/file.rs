//! File metadata (the blobs live elsewhere, e.g. S3): content hash for deduplication, size,
//! parts, MIME type and a reference count. <https://core.telegram.org/api/files>

use crate::codec::{CodecError, Dec, Enc, Record};
use crate::ids::{FileId, UserId};
use crate::limits::MAX_MIME_BYTES;

/// Metadata of one stored file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileMeta {
    /// The file id.
    pub id: FileId,
    /// The uploader.
    pub owner: UserId,
    /// SHA-256 of the content (deduplication key).
    pub content_hash: [u8; 32],
    /// Size in bytes.
    pub size: u64,
    /// Number of upload parts.
    pub parts: u32,
    /// MIME type.
    pub mime: String,
    /// How many messages reference the file.
    pub references: u32,
}

impl Record for FileMeta {
    const TAG: u8 = 12;
    const VERSION: u8 = 1;

    fn write(&self, e: &mut Enc) {
        e.i64(self.id.0).i64(self.owner.0);
        for b in self.content_hash {
            e.u8(b);
        }
        e.u64(self.size)
            .u32(self.parts)
            .str(&self.mime)
            .u32(self.references);
    }

    fn read(d: &mut Dec<'_>) -> Result<Self, CodecError> {
        Ok(FileMeta {
            id: FileId(d.i64("file.id")?),
            owner: UserId(d.i64("file.owner")?),
            content_hash: d.fixed("file.hash")?,
            size: d.u64("file.size")?,
            parts: d.u32("file.parts")?,
            mime: d.str("file.mime", MAX_MIME_BYTES)?,
            references: d.u32("file.references")?,
        })
    }
}
