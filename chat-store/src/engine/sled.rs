//! The sled 0.34.7 engine: one `sled::Db` per process, one sled tree per [`Tree`].
//!
//! A [`WriteBatch`] touching one tree becomes `Tree::apply_batch`; touching several, one sled
//! transaction over exactly those trees, each applying its own `sled::Batch`. Both are atomic
//! and recovered atomically (sled recovers a prefix of its log). The barrier is `Db::flush`,
//! which writes sled's IO buffers and fsyncs: sled's own background flush (every 500 ms by
//! default) would lose acknowledged writes on a crash (`STORAGE-AND-UPDATES.md` §1.3).
//! sled serialises batches and transactions process-wide, so one engine per process is the only
//! sensible layout (§1.4); the store's single writer matches it.

use std::path::Path;

use sled::transaction::{ConflictableTransactionError, TransactionError, Transactional};

use super::{
    Direction, Engine, EngineError, EngineStats, Tree, Visit, WriteBatch, check_sizes, walk,
};

/// Tuning for [`SledEngine::open`].
#[derive(Debug, Clone)]
pub struct SledConfig {
    /// sled's page cache in bytes (RSS runs several times higher, so keep it modest).
    pub cache_capacity: u64,
    /// sled's background flush interval; durability never depends on it (the store calls the
    /// barrier itself), it only bounds how much a crash loses of unacknowledged writes.
    pub flush_every_ms: Option<u64>,
}

impl Default for SledConfig {
    fn default() -> Self {
        Self {
            cache_capacity: 64 << 20,
            flush_every_ms: Some(500),
        }
    }
}

/// The sled engine.
#[derive(Debug, Clone)]
pub struct SledEngine {
    db: sled::Db,
    trees: Vec<sled::Tree>,
}

fn backend(during: &'static str) -> impl FnOnce(sled::Error) -> EngineError {
    move |e| EngineError::Backend {
        during,
        message: e.to_string(),
    }
}

impl SledEngine {
    /// Opens (or creates) the database at `path`.
    pub fn open(path: &Path, config: &SledConfig) -> Result<Self, EngineError> {
        let db = sled::Config::new()
            .path(path)
            .cache_capacity(config.cache_capacity)
            .flush_every_ms(config.flush_every_ms)
            .open()
            .map_err(backend("open"))?;
        let trees = Tree::ALL
            .iter()
            .map(|t| db.open_tree(t.name()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(backend("open tree"))?;
        Ok(Self { db, trees })
    }

    fn tree(&self, tree: Tree) -> &sled::Tree {
        &self.trees[tree.index()]
    }
}

impl Engine for SledEngine {
    fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, EngineError> {
        Ok(self
            .tree(tree)
            .get(key)
            .map_err(backend("get"))?
            .map(|v| v.to_vec()))
    }

    fn scan(
        &self,
        tree: Tree,
        lo: &[u8],
        hi: &[u8],
        direction: Direction,
        visit: &mut Visit<'_>,
    ) -> Result<(), EngineError> {
        if lo >= hi {
            return Ok(());
        }
        let range = self.tree(tree).range(lo..hi);
        walk(range, direction, |item| {
            let (k, v) = item.map_err(backend("scan"))?;
            Ok(visit(&k, &v))
        })
    }

    fn commit(&self, batch: &WriteBatch) -> Result<(), EngineError> {
        check_sizes(batch)?;
        // One sled batch per touched tree, in first-touch order.
        let mut touched: Vec<(Tree, sled::Batch)> = Vec::new();
        for w in batch.writes() {
            let slot = match touched.iter().position(|(t, _)| *t == w.tree) {
                Some(i) => i,
                None => {
                    touched.push((w.tree, sled::Batch::default()));
                    touched.len() - 1
                }
            };
            let b = &mut touched[slot].1;
            match &w.value {
                Some(v) => b.insert(w.key.as_slice(), v.as_slice()),
                None => b.remove(w.key.as_slice()),
            }
        }
        match touched.as_slice() {
            [] => Ok(()),
            [(tree, b)] => self
                .tree(*tree)
                .apply_batch(b.clone())
                .map_err(backend("commit")),
            many => {
                let trees: Vec<&sled::Tree> = many.iter().map(|(t, _)| self.tree(*t)).collect();
                let result: Result<(), TransactionError<()>> =
                    trees.as_slice().transaction(|view| {
                        for (tx, (_, b)) in view.iter().zip(many) {
                            tx.apply_batch(b)?;
                        }
                        Ok::<(), ConflictableTransactionError<()>>(())
                    });
                result.map_err(|e| match e {
                    TransactionError::Storage(e) => backend("commit")(e),
                    TransactionError::Abort(()) => EngineError::Backend {
                        during: "commit",
                        message: "transaction aborted".into(),
                    },
                })
            }
        }
    }

    fn barrier(&self) -> Result<(), EngineError> {
        self.db.flush().map(|_| ()).map_err(backend("flush"))
    }

    fn stats(&self) -> Result<EngineStats, EngineError> {
        let mut entries = Vec::with_capacity(self.trees.len());
        let mut logical_bytes = 0u64;
        for t in &self.trees {
            let mut n = 0u64;
            for item in t.iter() {
                let (k, v) = item.map_err(backend("stats"))?;
                n += 1;
                logical_bytes += (k.len() + v.len()) as u64;
            }
            entries.push(n);
        }
        let disk_bytes = self.db.size_on_disk().map_err(backend("size_on_disk"))?;
        Ok(EngineStats {
            disk_bytes,
            entries,
            logical_bytes,
        })
    }
}
