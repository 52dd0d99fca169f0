//! [`Store`]: the public, thread-safe handle. Writes go through the single writer (group
//! commit, durability barrier before the result returns); reads run on the caller's thread
//! under the visibility gate.

use std::sync::{Arc, RwLock, RwLockReadGuard};

use crate::engine::{Engine, Tree};
use crate::error::StoreError;
use crate::txn::Txn;
use crate::writer::Writer;

/// The on-disk format version stored under `meta/schema` (2: `peer_msg` ids descending and
/// holding the common-box records, `msg` holding their place, `dialog_order` entries carrying
/// the dialog and its top message).
pub const SCHEMA_VERSION: u8 = 2;

struct Inner<E: Engine> {
    engine: Arc<E>,
    gate: Arc<RwLock<()>>,
    writer: Writer<E>,
}

/// A chat store over an engine. Cheap to clone; every clone shares one writer.
pub struct Store<E: Engine> {
    inner: Arc<Inner<E>>,
}

impl<E: Engine> Clone for Store<E> {
    fn clone(&self) -> Self {
        Store {
            inner: Arc::clone(&self.inner),
        }
    }
}

impl<E: Engine> std::fmt::Debug for Store<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").finish_non_exhaustive()
    }
}

impl<E: Engine> Store<E> {
    /// Opens a store over `engine`, starting its writer thread. Refuses data written by a newer
    /// format version.
    pub fn open(engine: E) -> Result<Self, StoreError> {
        let engine = Arc::new(engine);
        let gate = Arc::new(RwLock::new(()));
        let writer = Writer::start(Arc::clone(&engine), Arc::clone(&gate)).map_err(|e| {
            StoreError::Engine(crate::engine::EngineError::Backend {
                during: "spawn writer",
                message: e.to_string(),
            })
        })?;
        let store = Store {
            inner: Arc::new(Inner {
                engine,
                gate,
                writer,
            }),
        };
        store.write(|tx| match tx.get_raw(Tree::Meta, b"schema")? {
            Some(v) if v.as_slice() == [SCHEMA_VERSION] => Ok(()),
            Some(_) => Err(StoreError::Invalid {
                field: "schema",
                reason: "written by another format version",
            }),
            None => {
                tx.put_raw(Tree::Meta, b"schema".to_vec(), vec![SCHEMA_VERSION]);
                Ok(())
            }
        })?;
        Ok(store)
    }

    /// The engine (for statistics).
    pub fn engine(&self) -> &E {
        &self.inner.engine
    }

    /// Runs a write operation on the writer thread; returns once it is durable.
    pub(crate) fn write<T: Send + 'static>(
        &self,
        op: impl FnOnce(&mut Txn<'_, E>) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        self.inner.writer.submit(move |engine: &E| {
            let mut tx = Txn::new(engine);
            let out = op(&mut tx)?;
            tx.commit()?;
            Ok(out)
        })
    }

    /// Runs a read under the gate (it sees only durable state).
    pub(crate) fn read<T>(
        &self,
        op: impl FnOnce(&Txn<'_, E>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let _shared: RwLockReadGuard<'_, ()> =
            self.inner.gate.read().unwrap_or_else(|p| p.into_inner());
        op(&Txn::new(&*self.inner.engine))
    }
}
