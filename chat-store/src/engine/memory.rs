//! The in-memory engine: ordered maps behind a lock. Deterministic; the model the sled engine is
//! checked against in the property tests. Its barrier is a no-op: nothing survives the process.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::RwLock;

use super::{
    Direction, Engine, EngineError, EngineStats, Tree, Visit, WriteBatch, check_sizes, walk,
};

type Map = BTreeMap<Vec<u8>, Vec<u8>>;

/// An engine that keeps every tree in a `BTreeMap`.
#[derive(Debug)]
pub struct MemoryEngine {
    trees: RwLock<Vec<Map>>,
}

impl Default for MemoryEngine {
    fn default() -> Self {
        Self {
            trees: RwLock::new(vec![Map::new(); Tree::ALL.len()]),
        }
    }
}

impl MemoryEngine {
    /// An empty engine.
    pub fn new() -> Self {
        Self::default()
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Vec<Map>> {
        // A panic while holding the lock cannot leave a map half-written (commit builds nothing
        // in place before it finishes validating), so a poisoned lock is still consistent.
        self.trees.read().unwrap_or_else(|p| p.into_inner())
    }
}

impl Engine for MemoryEngine {
    fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, EngineError> {
        Ok(self.read()[tree.index()].get(key).cloned())
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
        let trees = self.read();
        let range =
            trees[tree.index()].range::<[u8], _>((Bound::Included(lo), Bound::Excluded(hi)));
        walk(range, direction, |(k, v)| Ok(visit(k, v)))
    }

    fn commit(&self, batch: &WriteBatch) -> Result<(), EngineError> {
        check_sizes(batch)?;
        let mut trees = self.trees.write().unwrap_or_else(|p| p.into_inner());
        for w in batch.writes() {
            let map = &mut trees[w.tree.index()];
            match &w.value {
                Some(v) => {
                    map.insert(w.key.clone(), v.clone());
                }
                None => {
                    map.remove(&w.key);
                }
            }
        }
        Ok(())
    }

    fn barrier(&self) -> Result<(), EngineError> {
        Ok(())
    }

    fn stats(&self) -> Result<EngineStats, EngineError> {
        let trees = self.read();
        let entries = trees.iter().map(|m| m.len() as u64).collect();
        let logical_bytes = trees
            .iter()
            .flat_map(|m| m.iter())
            .map(|(k, v)| (k.len() + v.len()) as u64)
            .sum();
        Ok(EngineStats {
            disk_bytes: 0,
            entries,
            logical_bytes,
        })
    }
}
