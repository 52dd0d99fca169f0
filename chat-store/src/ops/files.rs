//! File metadata with content-hash deduplication and per-user access grants: a user sees a file
//! they uploaded or received in a message, nothing else. <https://core.telegram.org/api/files>

use crate::engine::{Engine, Tree};
use crate::error::{StoreError, check_len};
use crate::ids::{FileId, UserId};
use crate::keys;
use crate::limits::MAX_MIME_BYTES;
use crate::model::file::FileMeta;
use crate::ops::users::require_user;
use crate::txn::Txn;

fn grant<E: Engine + ?Sized>(tx: &mut Txn<'_, E>, user: UserId, file: FileId) {
    tx.put_raw(Tree::FileAccess, keys::file_access(user, file), Vec::new());
}

/// The file, if `user` may see it.
pub(crate) fn get_file<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    user: UserId,
    id: FileId,
) -> Result<FileMeta, StoreError> {
    if !tx.exists(Tree::FileAccess, &keys::file_access(user, id))? {
        return Err(StoreError::FileNotFound(id));
    }
    tx.get(Tree::File, &keys::file(id))?
        .ok_or(StoreError::FileNotFound(id))
}

/// Stores an uploaded file's metadata. If a file with the same content hash exists, the
/// uploader is granted that one instead and its id is returned (deduplication).
pub(crate) fn put_file<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    meta: &FileMeta,
) -> Result<FileId, StoreError> {
    check_len("mime", meta.mime.len(), MAX_MIME_BYTES as usize)?;
    require_user(tx, meta.owner)?;
    let hash_key = keys::name(&meta.content_hash);
    if let Some(existing) = tx.get_raw(Tree::FileHash, &hash_key)? {
        let id = FileId(i64::from_le_bytes(existing.as_slice().try_into().map_err(
            |_| StoreError::Invalid {
                field: "file_hash",
                reason: "not 8 bytes",
            },
        )?));
        grant(tx, meta.owner, id);
        return Ok(id);
    }
    if tx.exists(Tree::File, &keys::file(meta.id))? {
        return Err(StoreError::Invalid {
            field: "file id",
            reason: "already used",
        });
    }
    tx.put(
        Tree::File,
        keys::file(meta.id),
        &FileMeta {
            references: 0,
            ..meta.clone()
        },
    );
    tx.put_raw(Tree::FileHash, hash_key, meta.id.0.to_le_bytes().to_vec());
    grant(tx, meta.owner, meta.id);
    Ok(meta.id)
}

/// A message by `from` attaches `file`: `from` must see it; the recipients are granted it and
/// the reference count grows.
pub(crate) fn grant_for_message<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    from: UserId,
    file: FileId,
    recipients: impl Iterator<Item = UserId>,
) -> Result<(), StoreError> {
    let mut meta = get_file(tx, from, file)?;
    for r in recipients {
        grant(tx, r, file);
    }
    meta.references = meta.references.saturating_add(1);
    tx.put(Tree::File, keys::file(file), &meta);
    Ok(())
}
