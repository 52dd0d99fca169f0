//! The write context of one operation: reads see the committed state plus the operation's own
//! pending writes (point reads only), and everything the operation writes goes into one
//! [`WriteBatch`] committed atomically at the end. An operation that fails before its commit
//! leaves no trace.

use crate::codec::Record;
use crate::engine::{Direction, Engine, Tree, WriteBatch};
use crate::error::StoreError;

/// Decodes a stored record, naming the tree on failure.
pub(crate) fn decode<R: Record>(tree: Tree, bytes: &[u8]) -> Result<R, StoreError> {
    R::decode(bytes).map_err(|source| StoreError::Corrupt {
        tree: tree.name(),
        source,
    })
}

/// Reads one record from the committed state.
pub(crate) fn load<R: Record, E: Engine + ?Sized>(
    engine: &E,
    tree: Tree,
    key: &[u8],
) -> Result<Option<R>, StoreError> {
    engine.get(tree, key)?.map(|b| decode(tree, &b)).transpose()
}

/// One operation's reads and pending writes.
pub(crate) struct Txn<'a, E: Engine + ?Sized> {
    pub(crate) engine: &'a E,
    batch: WriteBatch,
}

impl<'a, E: Engine + ?Sized> Txn<'a, E> {
    /// A fresh context over `engine`.
    pub(crate) fn new(engine: &'a E) -> Self {
        Txn {
            engine,
            batch: WriteBatch::new(),
        }
    }

    /// Reads raw bytes, pending writes first.
    pub(crate) fn get_raw(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        match self.batch.pending(tree, key) {
            Some(v) => Ok(v.map(<[u8]>::to_vec)),
            None => Ok(self.engine.get(tree, key)?),
        }
    }

    /// Reads a record, pending writes first.
    pub(crate) fn get<R: Record>(&self, tree: Tree, key: &[u8]) -> Result<Option<R>, StoreError> {
        self.get_raw(tree, key)?
            .map(|b| decode(tree, &b))
            .transpose()
    }

    /// Whether a key exists, pending writes first.
    pub(crate) fn exists(&self, tree: Tree, key: &[u8]) -> Result<bool, StoreError> {
        Ok(self.get_raw(tree, key)?.is_some())
    }

    /// Whether this operation has deleted `key`.
    pub(crate) fn deleted(&self, tree: Tree, key: &[u8]) -> bool {
        matches!(self.batch.pending(tree, key), Some(None))
    }

    /// Puts a record.
    pub(crate) fn put<R: Record>(&mut self, tree: Tree, key: Vec<u8>, value: &R) {
        self.batch.put(tree, key, value.encode());
    }

    /// Puts raw bytes.
    pub(crate) fn put_raw(&mut self, tree: Tree, key: Vec<u8>, value: Vec<u8>) {
        self.batch.put(tree, key, value);
    }

    /// Deletes a key.
    pub(crate) fn delete(&mut self, tree: Tree, key: Vec<u8>) {
        self.batch.delete(tree, key);
    }

    /// Visits the committed entries of `[lo, hi)` minus those this operation deleted (writes
    /// pending in this operation are not merged in: operations scan only what they do not
    /// write).
    pub(crate) fn scan_live(
        &self,
        tree: Tree,
        lo: &[u8],
        hi: &[u8],
        direction: Direction,
        visit: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), StoreError> {
        self.engine.scan(tree, lo, hi, direction, &mut |k, v| {
            if self.deleted(tree, k) {
                true
            } else {
                visit(k, v)
            }
        })?;
        Ok(())
    }

    /// Like [`Txn::scan_live`], decoding each value as an `R` record of `tree`: stops at the
    /// first value that does not decode and returns its error.
    pub(crate) fn scan_records<R: Record>(
        &self,
        tree: Tree,
        lo: &[u8],
        hi: &[u8],
        direction: Direction,
        visit: &mut dyn FnMut(&[u8], R) -> bool,
    ) -> Result<(), StoreError> {
        let mut failure = None;
        self.scan_live(
            tree,
            lo,
            hi,
            direction,
            &mut |k, v| match decode::<R>(tree, v) {
                Ok(record) => visit(k, record),
                Err(e) => {
                    failure = Some(e);
                    false
                }
            },
        )?;
        failure.map_or(Ok(()), Err)
    }

    /// Commits the pending writes atomically.
    pub(crate) fn commit(self) -> Result<(), StoreError> {
        if !self.batch.is_empty() {
            self.engine.commit(&self.batch)?;
        }
        Ok(())
    }
}
