//! The update log: pts/qts allocation inside the operation's own atomic write, difference reads
//! and trimming. Allocation is `updates`' pure [`Head::allocate`] (`pts = head + pts_count`,
//! core.telegram.org/api/updates#pts); the new head (in the owner's [`BoxState`]) and the entry
//! are written in the same batch as the data change they describe.

use updates::server::{Entry, Head, ReadRange};

use crate::engine::{Direction, Engine, Tree};
use crate::error::StoreError;
use crate::ids::{Date, Owner, Pts, PtsCount};
use crate::keys;
use crate::limits::MAX_LOG_READ;
use crate::model::event::{Event, LogRecord};
use crate::model::message::BoxState;
use crate::txn::{Txn, decode, load};

/// An owner's state (default for an owner without events).
pub(crate) fn box_state<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    owner: Owner,
) -> Result<BoxState, StoreError> {
    Ok(tx
        .get(Tree::Box, &keys::owner_box(owner))?
        .unwrap_or_default())
}

/// Writes an owner's state.
pub(crate) fn put_box<E: Engine + ?Sized>(tx: &mut Txn<'_, E>, owner: Owner, st: &BoxState) {
    tx.put(Tree::Box, keys::owner_box(owner), st);
}

/// Allocates the event's pts from the owner's head and stages the entry and the new head.
pub(crate) fn append<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    owner: Owner,
    date: Date,
    event: Event,
) -> Result<Entry<Event>, StoreError> {
    let mut st = box_state(tx, owner)?;
    let head = Head {
        pts: st.pts,
        date: st.date,
    };
    let alloc = head
        .allocate(owner, PtsCount(event.pts_count()), date)
        .map_err(|e| StoreError::Sequence(e.to_string()))?;
    st.pts = alloc.new_head.pts;
    st.date = alloc.new_head.date;
    put_box(tx, owner, &st);
    tx.put(
        Tree::Log,
        keys::log(owner, alloc.pts),
        &LogRecord {
            date: alloc.date,
            event: event.clone(),
        },
    );
    Ok(alloc.entry(event))
}

/// Reads the owner's head from the committed state.
pub(crate) fn head<E: Engine + ?Sized>(engine: &E, owner: Owner) -> Result<BoxState, StoreError> {
    Ok(load(engine, Tree::Box, &keys::owner_box(owner))?.unwrap_or_default())
}

/// Appends to `out` the entries of `range` (pts in `(after, up_to]`), in pts order.
pub(crate) fn read<E: Engine + ?Sized>(
    engine: &E,
    owner: Owner,
    range: ReadRange,
    out: &mut Vec<Entry<Event>>,
) -> Result<(), StoreError> {
    let lo = keys::log(owner, Pts(range.after.0.saturating_add(1)));
    let hi = keys::prefix_end(&keys::log(owner, range.up_to));
    let max = range.max_entries.min(MAX_LOG_READ as usize);
    let mut failure = None;
    let mut n = 0;
    engine.scan(Tree::Log, &lo, &hi, Direction::Forward, &mut |k, v| {
        if n >= max {
            return false;
        }
        let entry = keys::read_u32(k, k.len() - 4)
            .ok_or(StoreError::Invalid {
                field: "log key",
                reason: "too short",
            })
            .and_then(|pts| Ok((pts, decode::<LogRecord>(Tree::Log, v)?)));
        match entry {
            Ok((pts, rec)) => {
                out.push(Entry {
                    owner,
                    pts: Pts(pts),
                    pts_count: PtsCount(rec.event.pts_count()),
                    date: rec.date,
                    payload: rec.event,
                });
                n += 1;
                true
            }
            Err(e) => {
                failure = Some(e);
                false
            }
        }
    })?;
    failure.map_or(Ok(()), Err)
}

/// Reads the entries after `after` for a difference, refusing a state below the floor.
pub(crate) fn difference<E: Engine + ?Sized>(
    engine: &E,
    owner: Owner,
    after: Pts,
    limit: usize,
) -> Result<(Vec<Entry<Event>>, BoxState), StoreError> {
    let st = head(engine, owner)?;
    if after < st.log_floor {
        return Err(StoreError::LogTrimmed {
            floor: st.log_floor,
        });
    }
    let mut out = Vec::new();
    read(
        engine,
        owner,
        ReadRange {
            after,
            up_to: st.pts,
            max_entries: limit,
        },
        &mut out,
    )?;
    Ok((out, st))
}

/// Most entries one trim call deletes (keeps each writer job small; call again to continue).
pub const TRIM_BATCH: usize = 10_000;

/// Deletes entries with pts `<= up_to` (at most [`TRIM_BATCH`]) and raises the floor to the
/// start of the first entry kept (or the head). Secondary (qts) boxes are never trimmed by floor:
/// their entries stay until the device acknowledges them.
pub(crate) fn trim<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    owner: Owner,
    up_to: Pts,
) -> Result<Pts, StoreError> {
    if matches!(owner, Owner::Secondary(_)) {
        return Err(StoreError::Forbidden(
            "the qts queue is trimmed only by acknowledgement",
        ));
    }
    let mut st = box_state(tx, owner)?;
    let up_to = up_to.min(st.pts);
    let lo = keys::log(owner, Pts(0));
    let hi = keys::log(owner, Pts(up_to.0.saturating_add(1)));
    let mut doomed = Vec::new();
    tx.scan_live(Tree::Log, &lo, &hi, Direction::Forward, &mut |k, _| {
        doomed.push(k.to_vec());
        doomed.len() < TRIM_BATCH
    })?;
    let reached = match doomed.last() {
        Some(k) if doomed.len() == TRIM_BATCH => Pts(keys::read_u32(k, k.len() - 4).unwrap_or(0)),
        _ => up_to,
    };
    for k in doomed {
        tx.delete(Tree::Log, k);
    }
    // The floor is the start (pts - pts_count) of the first entry kept, or the head if none is
    // kept; it never goes down.
    let mut first_kept = None;
    let rest_lo = keys::log(owner, Pts(reached.0.saturating_add(1)));
    let rest_hi = keys::prefix_end(&keys::log(owner, st.pts));
    tx.scan_live(
        Tree::Log,
        &rest_lo,
        &rest_hi,
        Direction::Forward,
        &mut |k, v| {
            first_kept = Some((keys::read_u32(k, k.len() - 4).unwrap_or(0), v.to_vec()));
            false
        },
    )?;
    let floor = match first_kept {
        Some((pts, v)) => {
            let rec: LogRecord = decode(Tree::Log, &v)?;
            Pts(pts).saturating_sub(PtsCount(rec.event.pts_count()))
        }
        None => st.pts,
    };
    st.log_floor = st.log_floor.max(floor);
    put_box(tx, owner, &st);
    Ok(st.log_floor)
}
