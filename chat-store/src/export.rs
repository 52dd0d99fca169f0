//! Moving a virtual shard: export every key of the shard from every tree, import it on another
//! node, then drop it here. The procedure around these calls (catch-up from the update log and a
//! fenced cut-over) is in `docs/storage.md` ("Moving a shard").

use crate::codec::{CodecError, Dec, Enc, Record};
use crate::engine::{Direction, Engine, MAX_KEY_LEN, MAX_VALUE_LEN, Tree};
use crate::error::StoreError;
use crate::shard::VShard;
use crate::store::Store;

/// Every entry of one virtual shard, in tree and key order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardDump {
    /// The shard.
    pub shard: VShard,
    /// `(tree, key, value)` triples; every key starts with the shard.
    pub entries: Vec<(Tree, Vec<u8>, Vec<u8>)>,
}

impl Record for ShardDump {
    const TAG: u8 = 20;
    const VERSION: u8 = 1;

    fn write(&self, e: &mut Enc) {
        e.u32(u32::from(self.shard.get()))
            .u32(self.entries.len() as u32);
        for (t, k, v) in &self.entries {
            e.u8(*t as u8).bytes(k).bytes(v);
        }
    }

    fn read(d: &mut Dec<'_>) -> Result<Self, CodecError> {
        let raw = d.u32("dump.shard")?;
        let shard = u16::try_from(raw)
            .ok()
            .and_then(VShard::new)
            .ok_or(CodecError::Invalid {
                field: "dump.shard",
                value: i64::from(raw),
            })?;
        // Each entry takes at least 1 + 4 + 4 bytes.
        let n = d.count("dump.entries", u32::MAX, 9)?;
        let mut entries = Vec::with_capacity(n);
        for _ in 0..n {
            let t = d.u8("dump.tree")?;
            let tree = *Tree::ALL
                .get(usize::from(t))
                .filter(|t| **t != Tree::Meta)
                .ok_or(CodecError::Invalid {
                    field: "dump.tree",
                    value: i64::from(t),
                })?;
            let key = d.bytes("dump.key", MAX_KEY_LEN as u32)?.to_vec();
            if !key.starts_with(&shard.get().to_be_bytes()) {
                return Err(CodecError::Invalid {
                    field: "dump.key",
                    value: i64::from(raw),
                });
            }
            let value = d.bytes("dump.value", MAX_VALUE_LEN as u32)?.to_vec();
            entries.push((tree, key, value));
        }
        Ok(ShardDump { shard, entries })
    }
}

fn shard_range(shard: VShard) -> (Vec<u8>, Vec<u8>) {
    let lo = shard.get().to_be_bytes().to_vec();
    let hi = crate::keys::prefix_end(&lo);
    (lo, hi)
}

impl<E: Engine> Store<E> {
    /// Exports every entry of `shard` (a consistent, durable snapshot: taken under the gate).
    pub fn export_shard(&self, shard: VShard) -> Result<ShardDump, StoreError> {
        self.read(|tx| {
            let (lo, hi) = shard_range(shard);
            let mut entries = Vec::new();
            for tree in Tree::ALL.into_iter().filter(|t| *t != Tree::Meta) {
                tx.engine
                    .scan(tree, &lo, &hi, Direction::Forward, &mut |k, v| {
                        entries.push((tree, k.to_vec(), v.to_vec()));
                        true
                    })?;
            }
            Ok(ShardDump { shard, entries })
        })
    }

    /// Imports a shard exported elsewhere, atomically. Refuses if this node already holds any
    /// key of the shard (a shard has one owner at a time).
    pub fn import_shard(&self, dump: ShardDump) -> Result<(), StoreError> {
        self.write(move |tx| {
            let (lo, hi) = shard_range(dump.shard);
            for tree in Tree::ALL.into_iter().filter(|t| *t != Tree::Meta) {
                let mut any = false;
                tx.engine
                    .scan(tree, &lo, &hi, Direction::Forward, &mut |_, _| {
                        any = true;
                        false
                    })?;
                if any {
                    return Err(StoreError::Invalid {
                        field: "shard",
                        reason: "already present on this node",
                    });
                }
            }
            for (tree, key, value) in dump.entries {
                if tree == Tree::Meta || !key.starts_with(&lo) {
                    return Err(StoreError::Invalid {
                        field: "shard dump",
                        reason: "key outside the shard",
                    });
                }
                tx.put_raw(tree, key, value);
            }
            Ok(())
        })
    }

    /// Deletes every entry of `shard` (after its new owner took over), atomically.
    pub fn drop_shard(&self, shard: VShard) -> Result<usize, StoreError> {
        self.write(move |tx| {
            let (lo, hi) = shard_range(shard);
            let mut doomed = Vec::new();
            for tree in Tree::ALL.into_iter().filter(|t| *t != Tree::Meta) {
                tx.engine
                    .scan(tree, &lo, &hi, Direction::Forward, &mut |k, _| {
                        doomed.push((tree, k.to_vec()));
                        true
                    })?;
            }
            let n = doomed.len();
            for (tree, k) in doomed {
                tx.delete(tree, k);
            }
            Ok(n)
        })
    }
}
