//! [`StoreLog`]: the store as `updates`' log storage ([`LogRead`], [`LogWrite`]), so the
//! `updates` crate's difference computation and sequencer run over it. The store's own
//! operations do not go through [`LogWrite::append`]: they allocate inside their own atomic
//! write (data change, head and entry together); this impl serves hosts that log events with no
//! data change of their own, with the same guarantees (atomic, durable before it returns).

use updates::server::{Entry, Head, LogRead, LogWrite, ReadRange};
use updates::{Pts, Seq, UserId};

use crate::engine::{Engine, Tree};
use crate::error::StoreError;
use crate::ids::Owner;
use crate::keys;
use crate::model::event::{Event, LogRecord};
use crate::ops::log::{box_state, head, put_box, read, trim};
use crate::store::Store;

/// The store seen as an update log.
#[derive(Debug, Clone)]
pub struct StoreLog<E: Engine> {
    store: Store<E>,
}

impl<E: Engine> Store<E> {
    /// This store as `updates`' log storage.
    pub fn log(&self) -> StoreLog<E> {
        StoreLog {
            store: self.clone(),
        }
    }
}

impl<E: Engine> LogRead for StoreLog<E> {
    type Payload = Event;
    type Error = StoreError;

    fn head(&self, owner: Owner) -> Result<Head, StoreError> {
        self.store.read(|tx| {
            head(tx.engine, owner).map(|s| Head {
                pts: s.pts,
                date: s.date,
            })
        })
    }

    fn floor(&self, owner: Owner) -> Result<Pts, StoreError> {
        self.store
            .read(|tx| head(tx.engine, owner).map(|s| s.log_floor))
    }

    fn seq(&self, user: UserId) -> Result<Seq, StoreError> {
        self.store
            .read(|tx| head(tx.engine, Owner::Common(user)).map(|s| s.seq))
    }

    fn read(
        &self,
        owner: Owner,
        range: ReadRange,
        out: &mut Vec<Entry<Event>>,
    ) -> Result<(), StoreError> {
        self.store.read(|tx| read(tx.engine, owner, range, out))
    }
}

impl<E: Engine> LogWrite for StoreLog<E> {
    fn append(&mut self, entry: Entry<Event>) -> Result<(), StoreError> {
        self.store.write(move |tx| {
            let mut st = box_state(tx, entry.owner)?;
            let new = Head {
                pts: st.pts,
                date: st.date,
            }
            .accept(&entry)
            .map_err(|e| StoreError::Sequence(e.to_string()))?;
            if entry.pts_count.0 != entry.payload.pts_count() {
                return Err(StoreError::Invalid {
                    field: "pts_count",
                    reason: "does not match the event",
                });
            }
            st.pts = new.pts;
            st.date = new.date;
            put_box(tx, entry.owner, &st);
            tx.put(
                Tree::Log,
                keys::log(entry.owner, entry.pts),
                &LogRecord {
                    date: entry.date,
                    event: entry.payload,
                },
            );
            Ok(())
        })
    }

    fn store_seq(&mut self, user: UserId, seq: Seq) -> Result<(), StoreError> {
        self.store.write(move |tx| {
            let owner = Owner::Common(user);
            let mut st = box_state(tx, owner)?;
            if seq <= st.seq {
                return Err(StoreError::Invalid {
                    field: "seq",
                    reason: "must advance",
                });
            }
            st.seq = seq;
            put_box(tx, owner, &st);
            Ok(())
        })
    }

    fn trim(&mut self, owner: Owner, up_to: Pts) -> Result<Pts, StoreError> {
        self.store.write(move |tx| trim(tx, owner, up_to))
    }
}
