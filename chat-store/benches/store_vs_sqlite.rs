//! chat-store (sled engine) against SQLite (WAL, synchronous=FULL) on the same chat workload
//! with the same durability: a send is acknowledged only after it is on disk.
//!
//! - `send/{store,sqlite}/{1,16,256}`: acknowledged private-message sends per second with that
//!   many concurrent senders. A send writes the sender's and the recipient's copies, both
//!   dialogs, both boxes' pts and both update-log entries, and the random-id record. chat-store
//!   groups concurrent sends under one barrier; SQLite commits (and fsyncs) each transaction.
//! - `history_page/{store,sqlite}`: 50-message history pages at random offsets.
//! - `dialog_page/{store,sqlite}`: 20-dialog pages with their top messages.
//! - bytes on disk per message are printed once (stderr) after the read data is loaded.
//!
//! Run: `cargo bench -p chat-store --bench store_vs_sqlite -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;
use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use chat_store::engine::{Engine, SledConfig, SledEngine};
use chat_store::ids::{Date, MsgId, Peer, RandomId, UserId};
use chat_store::model::user::{User, UserStatus};
use chat_store::{HistoryQuery, SendMessage, Store};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rusqlite::{Connection, params};

const USERS: i64 = 512;
const TEXT: &str =
    "The median Telegram message is short; this one is about a hundred bytes long, like many. ok";

fn user(id: i64) -> User {
    User {
        id: UserId(id),
        access_hash: id,
        phone: format!("1{id:09}"),
        first_name: format!("u{id}"),
        last_name: String::new(),
        username: None,
        status: UserStatus::Empty,
    }
}

fn open_store(dir: &Path) -> Store<SledEngine> {
    let store = Store::open(SledEngine::open(dir, &SledConfig::default()).unwrap()).unwrap();
    for u in 1..=USERS {
        store.create_user(user(u)).unwrap();
    }
    store
}

const SCHEMA: &str = "
PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
CREATE TABLE box (owner INTEGER PRIMARY KEY, pts INTEGER NOT NULL, last_msg_id INTEGER NOT NULL);
CREATE TABLE messages (owner INTEGER, id INTEGER, peer INTEGER, sender INTEGER, out INTEGER, date INTEGER,
    text TEXT, version INTEGER, random_id INTEGER, origin_user INTEGER, origin_id INTEGER, PRIMARY KEY (owner, id)) WITHOUT ROWID;
CREATE INDEX messages_peer ON messages (owner, peer, id);
CREATE TABLE dialogs (owner INTEGER, peer INTEGER, top INTEGER, top_date INTEGER, read_inbox INTEGER,
    read_outbox INTEGER, unread INTEGER, PRIMARY KEY (owner, peer)) WITHOUT ROWID;
CREATE INDEX dialogs_order ON dialogs (owner, top_date DESC, top DESC);
CREATE TABLE log (owner INTEGER, pts INTEGER, pts_count INTEGER, date INTEGER, kind INTEGER, msg_id INTEGER,
    PRIMARY KEY (owner, pts)) WITHOUT ROWID;
CREATE TABLE rand (owner INTEGER, random_id INTEGER, msg_id INTEGER, pts INTEGER, PRIMARY KEY (owner, random_id)) WITHOUT ROWID;
";

fn open_sqlite(path: &Path, create: bool) -> Connection {
    let c = Connection::open(path).unwrap();
    c.busy_timeout(Duration::from_secs(600)).unwrap();
    if create {
        c.execute_batch(SCHEMA).unwrap();
        let tx = c.unchecked_transaction().unwrap();
        for u in 1..=USERS {
            tx.execute("INSERT INTO box VALUES (?1, 0, 0)", params![u])
                .unwrap();
        }
        tx.commit().unwrap();
    } else {
        c.execute_batch("PRAGMA synchronous=FULL;").unwrap();
    }
    c
}

/// The same send as chat-store's: both copies, both dialogs, both boxes, both log entries and
/// the random-id record, in one transaction (committed with an fsync: synchronous=FULL).
fn sqlite_send(c: &mut Connection, from: i64, to: i64, rid: i64, date: i64) {
    let tx = c
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .unwrap();
    sqlite_send_in_tx(&tx, from, to, rid, date);
    tx.commit().unwrap();
}

/// The statements of one send, inside the caller's transaction.
fn sqlite_send_in_tx(tx: &Connection, from: i64, to: i64, rid: i64, date: i64) {
    let dup: Option<i64> = tx
        .query_row(
            "SELECT msg_id FROM rand WHERE owner=?1 AND random_id=?2",
            params![from, rid],
            |r| r.get(0),
        )
        .ok();
    if dup.is_none() {
        let mut sender_id = 0;
        for (owner, peer, out) in [(from, to, 1), (to, from, 0)] {
            let (pts, last): (i64, i64) = tx
                .query_row(
                    "SELECT pts, last_msg_id FROM box WHERE owner=?1",
                    params![owner],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            let id = last + 1;
            tx.execute(
                "UPDATE box SET pts=?2, last_msg_id=?3 WHERE owner=?1",
                params![owner, pts + 1, id],
            )
            .unwrap();
            let origin = if out == 1 {
                (None, None)
            } else {
                (Some(from), Some(sender_id))
            };
            tx.execute(
                "INSERT INTO messages VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?9, ?10)",
                params![
                    owner, id, peer, from, out, date, TEXT, rid, origin.0, origin.1
                ],
            )
            .unwrap();
            tx.execute(
                "INSERT INTO dialogs VALUES (?1, ?2, ?3, ?4, 0, 0, ?5) ON CONFLICT (owner, peer) DO UPDATE
                 SET top=excluded.top, top_date=excluded.top_date, unread=CASE WHEN ?6 THEN 0 ELSE unread + 1 END",
                params![owner, peer, id, date, 1 - out, out == 1],
            )
            .unwrap();
            tx.execute(
                "INSERT INTO log VALUES (?1, ?2, 1, ?3, 1, ?4)",
                params![owner, pts + 1, date, id],
            )
            .unwrap();
            if out == 1 {
                tx.execute(
                    "INSERT INTO rand VALUES (?1, ?2, ?3, ?4)",
                    params![owner, rid, id, pts + 1],
                )
                .unwrap();
                sender_id = id;
            }
        }
    }
}

fn store_send(s: &Store<SledEngine>, from: i64, to: i64, rid: i64, date: u32) {
    s.send(SendMessage {
        from: UserId(from),
        peer: Peer::User(UserId(to)),
        random_id: RandomId(rid),
        date: Date(date),
        text: TEXT.into(),
        media: None,
        reply_to: None,
    })
    .unwrap();
}

/// Runs `iters` sends spread over `senders` threads and returns the wall time. So that every
/// sender really is concurrent, a sample runs at least 8 sends per sender and the time is
/// scaled back to `iters`.
fn concurrent(
    iters: u64,
    senders: u64,
    next: &AtomicI64,
    send: impl Fn(u64, i64) + Sync,
) -> Duration {
    let total = iters.max(8 * senders);
    let start = Instant::now();
    std::thread::scope(|scope| {
        for t in 0..senders {
            let n = total / senders + u64::from(t < total % senders);
            let send = &send;
            scope.spawn(move || {
                for _ in 0..n {
                    send(t, next.fetch_add(1, Ordering::Relaxed));
                }
            });
        }
    });
    start.elapsed().mul_f64(iters as f64 / total as f64)
}

fn sends(c: &mut Criterion) {
    let mut g = c.benchmark_group("send");
    g.sample_size(10).throughput(Throughput::Elements(1));
    for senders in [1u64, 16, 256] {
        let dir = tempfile::tempdir().unwrap();
        let store = open_store(dir.path());
        let next = AtomicI64::new(0);
        g.bench_with_input(BenchmarkId::new("store", senders), &senders, |b, &k| {
            b.iter_custom(|iters| {
                concurrent(iters, k, &next, |t, n| {
                    let from = 1 + (t as i64 * 7 + n) % USERS;
                    store_send(&store, from, 1 + (from + 1 + n % 13) % USERS, n, 1000);
                })
            })
        });
        drop(store);
        let sdir = tempfile::tempdir().unwrap();
        let path = sdir.path().join("chat.db");
        drop(open_sqlite(&path, true));
        let next = AtomicI64::new(0);
        g.bench_with_input(BenchmarkId::new("sqlite", senders), &senders, |b, &k| {
            let conns: Vec<std::sync::Mutex<Connection>> = (0..k)
                .map(|_| std::sync::Mutex::new(open_sqlite(&path, false)))
                .collect();
            b.iter_custom(|iters| {
                concurrent(iters, k, &next, |t, n| {
                    let from = 1 + (t as i64 * 7 + n) % USERS;
                    sqlite_send(
                        &mut conns[t as usize].lock().unwrap(),
                        from,
                        1 + (from + 1 + n % 13) % USERS,
                        n,
                        1000,
                    );
                })
            })
        });
    }
    g.finish();
}

/// Loads the read data set into both: user 1 has `DIALOGS` dialogs; the one with user 2 holds
/// `HISTORY` messages.
const DIALOGS: i64 = 200;
const HISTORY: i64 = 3000;

fn dir_size(p: &Path) -> u64 {
    std::fs::read_dir(p)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| {
            if e.path().is_dir() {
                dir_size(&e.path())
            } else {
                e.metadata().map_or(0, |m| m.len())
            }
        })
        .sum()
}

fn reads(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    let sdir = tempfile::tempdir().unwrap();
    let path = sdir.path().join("chat.db");
    let conn = open_sqlite(&path, true);
    let mut plan: Vec<(i64, i64)> = (0..HISTORY)
        .map(|i| if i % 2 == 0 { (1, 2) } else { (2, 1) })
        .collect();
    plan.extend((3..3 + DIALOGS).map(|u| (u, 1)));
    let next = AtomicI64::new(0);
    let plan_ref = &plan;
    concurrent(plan.len() as u64, 32, &next, |_, n| {
        let (from, to) = plan_ref[n as usize];
        store_send(&store, from, to, n, 1000 + n as u32);
    });
    conn.execute_batch("BEGIN;").unwrap();
    for (n, &(from, to)) in plan.iter().enumerate() {
        sqlite_send_in_tx(&conn, from, to, n as i64, 1000 + n as i64);
    }
    conn.execute_batch("COMMIT; PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    let messages = 2 * plan.len() as u64;
    eprintln!(
        "bytes on disk per message (each of {} sends stores 2 copies): store {:.0}, sqlite {:.0}",
        plan.len(),
        store.engine().stats().unwrap().disk_bytes as f64 / messages as f64,
        dir_size(sdir.path()) as f64 / messages as f64
    );

    let mut g = c.benchmark_group("history_page");
    g.sample_size(20).throughput(Throughput::Elements(1));
    let mut rng = 1u64;
    let mut offset = move || {
        rng = rng
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (100 + (rng >> 33) % (HISTORY as u64 - 100)) as i32
    };
    g.bench_function("store", |b| {
        b.iter(|| {
            let q = HistoryQuery {
                offset_id: MsgId(offset()),
                limit: 50,
                ..HistoryQuery::default()
            };
            black_box(store.history(UserId(1), Peer::User(UserId(2)), q).unwrap())
        })
    });
    let mut stmt = conn
        .prepare("SELECT id, sender, peer, out, date, text, version, random_id, origin_user, origin_id FROM messages WHERE owner=?1 AND peer=?2 AND id<?3 ORDER BY id DESC LIMIT 50")
        .unwrap();
    g.bench_function("sqlite", |b| {
        b.iter(|| {
            let rows = stmt.query_map(params![1, 2, offset()], row_tuple).unwrap();
            black_box(rows.collect::<Result<Vec<_>, _>>().unwrap())
        })
    });
    g.finish();
    drop(stmt);

    let mut g = c.benchmark_group("dialog_page");
    g.sample_size(20).throughput(Throughput::Elements(1));
    g.bench_function("store", |b| {
        b.iter(|| {
            let first = store.dialogs(UserId(1), None, 20).unwrap();
            let cursor = first.last().unwrap().cursor();
            black_box(store.dialogs(UserId(1), Some(cursor), 20).unwrap())
        })
    });
    let mut first = conn
        .prepare("SELECT d.peer, d.top, d.top_date, d.read_inbox, d.read_outbox, d.unread, m.id, m.sender, m.peer, m.out, m.date, m.text, m.version, m.random_id, m.origin_user, m.origin_id
                  FROM dialogs d LEFT JOIN messages m ON m.owner = d.owner AND m.id = d.top
                  WHERE d.owner=?1 AND (d.top_date, d.top) < (?2, ?3) ORDER BY d.top_date DESC, d.top DESC LIMIT 20")
        .unwrap();
    g.bench_function("sqlite", |b| {
        b.iter(|| {
            let page: Vec<(i64, i64, i64)> = first
                .query_map(params![1, i64::MAX, i64::MAX], dialog_row)
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            let (_, top, date) = *page.last().unwrap();
            let next: Vec<(i64, i64, i64)> = first
                .query_map(params![1, date, top], dialog_row)
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            black_box(next)
        })
    });
    g.finish();
}

type Row = (
    i64,
    i64,
    i64,
    bool,
    i64,
    String,
    i64,
    i64,
    Option<i64>,
    Option<i64>,
);

fn row_tuple(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
    ))
}

/// A dialog's top message as the join returns it (absent columns are NULL).
type TopMessage = (
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<bool>,
    Option<i64>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

/// Decodes the whole row (as chat-store decodes the whole record) and returns the cursor part.
fn dialog_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, i64, i64)> {
    let d: (i64, i64, i64, i64, i64, i64) = (
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    );
    let m: TopMessage = (
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
        r.get(11)?,
        r.get(12)?,
        r.get(13)?,
        r.get(14)?,
        r.get(15)?,
    );
    black_box(&m);
    Ok((d.0, d.1, d.2))
}

criterion_group!(benches, sends, reads);
criterion_main!(benches);
