//! Crash test: a child process writes under load and is killed with SIGKILL at random moments;
//! after each kill the parent reopens the store and checks that every acknowledged operation is
//! present, that no pts sequence has a hole or went backwards, and that every index agrees with
//! the data (`Store::check_consistency`).
//!
//! The child is this same test binary re-executed with `CHAT_STORE_CRASH_DIR` set: the test
//! function then runs the writer loop and prints one line per acknowledged operation.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chat_store::engine::SledEngine;
use chat_store::ids::{ChannelId, Date, MsgId, Owner, Peer, Pts, UserId};
use chat_store::{EditMessage, NewChannel, Store, StoreError};
use common::*;

const ENV: &str = "CHAT_STORE_CRASH_DIR";
const USERS: i64 = 6;
const CHANNEL: ChannelId = ChannelId(777);
const WRITERS: usize = 6;
const KILLS: usize = 24;

#[test]
fn acknowledged_writes_survive_sigkill() {
    if let Ok(dir) = std::env::var(ENV) {
        child(std::path::Path::new(&dir));
    }
    parent();
}

/// Child mode: set up once, then write forever from several threads, printing each ack.
fn child(dir: &std::path::Path) -> ! {
    let store = sled(dir);
    for u in 1..=USERS {
        match store.create_user(user(u)) {
            Ok(()) | Err(StoreError::UserExists(_)) => {}
            Err(e) => panic!("create user: {e}"),
        }
    }
    let chan = NewChannel {
        id: CHANNEL,
        access_hash: 1,
        creator: UserId(1),
        title: "load".into(),
        megagroup: true,
        date: Date(1),
    };
    match store.create_channel(chan) {
        Ok(()) | Err(StoreError::ChatExists(_)) => {}
        Err(e) => panic!("create channel: {e}"),
    }
    for u in 2..=USERS {
        store
            .add_member(Peer::Channel(CHANNEL), UserId(u), UserId(u), Date(1))
            .expect("join");
    }
    println!("ready");
    let nonce = std::process::id() as i64;
    let out = Arc::new(Mutex::new(std::io::stdout()));
    let threads: Vec<_> = (0..WRITERS)
        .map(|t| {
            let (store, out) = (store.clone(), Arc::clone(&out));
            std::thread::spawn(move || {
                let from = 1 + (t as i64 % USERS);
                let mut last_private: Option<MsgId> = None;
                for n in 0i64.. {
                    let rid = (nonce << 32) | ((t as i64) << 24) | n;
                    let to = 1 + ((from + n) % USERS);
                    let line = match n % 5 {
                        0 => {
                            let s = send(
                                &store,
                                from,
                                Peer::Channel(CHANNEL),
                                rid,
                                1000,
                                &format!("c{rid}"),
                            );
                            format!("chan {from} {rid} {} {}", s.id.0, s.pts.0)
                        }
                        3 if last_private.is_some() => {
                            let id = last_private.expect("checked");
                            let req = EditMessage {
                                editor: UserId(from),
                                peer: pu(to_of(&store, from, id)),
                                id,
                                text: format!("e{rid}"),
                                date: Date(1000),
                                if_version: None,
                            };
                            let (aff, v) = store.edit(req).expect("edit");
                            format!("edit {from} {} {v} {}", id.0, aff.pts.0)
                        }
                        _ => {
                            let s = send(&store, from, pu(to), rid, 1000, &format!("p{rid}"));
                            last_private = Some(s.id);
                            format!("send {from} {to} {rid} {} {}", s.id.0, s.pts.0)
                        }
                    };
                    let mut o = out.lock().expect("stdout");
                    writeln!(o, "{line}").expect("write ack");
                    o.flush().expect("flush ack");
                }
            })
        })
        .collect();
    for t in threads {
        let _ = t.join();
    }
    unreachable!("writers never stop");
}

/// The peer of one of `from`'s own messages.
fn to_of(store: &Store<SledEngine>, from: i64, id: MsgId) -> i64 {
    match store.messages(UserId(from), &[id]).expect("lookup")[0].peer {
        Peer::User(u) => u.0,
        p => panic!("unexpected peer {p:?}"),
    }
}

#[derive(Default)]
struct Expected {
    /// (box owner user, msg id) → text that must be there (or a later edit of it).
    private: BTreeMap<(i64, i32), String>,
    /// channel msg id → text.
    channel: BTreeMap<i32, String>,
    /// (user, msg id) → lowest acknowledged version.
    versions: BTreeMap<(i64, i32), u32>,
    /// highest acknowledged pts per owner.
    pts: BTreeMap<Owner, u32>,
}

fn record(exp: &mut Expected, line: &str) {
    let f: Vec<&str> = line.split(' ').collect();
    let num = |i: usize| f[i].parse::<i64>().expect("number");
    match f[0] {
        "send" => {
            exp.private
                .insert((num(1), num(4) as i32), format!("p{}", num(3)));
            bump(&mut exp.pts, Owner::Common(UserId(num(1))), num(5) as u32);
        }
        "chan" => {
            exp.channel.insert(num(3) as i32, format!("c{}", num(2)));
            bump(&mut exp.pts, Owner::Channel(CHANNEL), num(4) as u32);
        }
        "edit" => {
            let v = exp.versions.entry((num(1), num(2) as i32)).or_default();
            *v = (*v).max(num(3) as u32);
            bump(&mut exp.pts, Owner::Common(UserId(num(1))), num(4) as u32);
        }
        other => panic!("unknown ack line {other:?}"),
    }
}

fn bump(m: &mut BTreeMap<Owner, u32>, o: Owner, pts: u32) {
    let e = m.entry(o).or_default();
    *e = (*e).max(pts);
}

fn parent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let exe = std::env::current_exe().expect("current exe");
    let mut rng = testkit::XorShift::new(0x5eed_c4a5);
    let mut exp = Expected::default();
    let mut last_heads: BTreeMap<Owner, Pts> = BTreeMap::new();
    let started = Instant::now();
    let mut total_acks = 0usize;
    for round in 0..KILLS {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "acknowledged_writes_survive_sigkill",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(ENV, dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn child");
        let stdout = child.stdout.take().expect("child stdout");
        let lines = Arc::new(Mutex::new(Vec::<String>::new()));
        let sink = Arc::clone(&lines);
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                sink.lock().expect("lines").push(line);
            }
        });
        // Wait until the child is writing, then let it run a random while.
        let deadline = Instant::now() + Duration::from_secs(20);
        // The harness prints "test … " without a newline first, so "ready" ends a line.
        while !lines
            .lock()
            .expect("lines")
            .iter()
            .any(|l| l.ends_with("ready"))
        {
            assert!(Instant::now() < deadline, "child never became ready");
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(20 + rng.next_u64() % 250));
        child.kill().expect("SIGKILL the child");
        child.wait().expect("reap child");
        reader.join().expect("reader");
        let lines = lines.lock().expect("lines").clone();
        // Ack lines start with their kind; a line torn by the kill has too few fields.
        let acks: Vec<&String> = lines
            .iter()
            .filter(|l| {
                let n = l.split(' ').count();
                (l.starts_with("send ") && n == 6)
                    || ((l.starts_with("chan ") || l.starts_with("edit ")) && n == 5)
            })
            .collect();
        total_acks += acks.len();
        for l in &acks {
            record(&mut exp, l);
        }
        verify(&sled(dir.path()), &exp, &mut last_heads, round);
    }
    eprintln!(
        "{KILLS} kills, {total_acks} acknowledged operations checked in {:?}",
        started.elapsed()
    );
    assert!(
        total_acks > KILLS * 10,
        "the child wrote too little ({total_acks} acks) for the test to mean anything"
    );
}

fn verify(
    store: &Store<SledEngine>,
    exp: &Expected,
    last_heads: &mut BTreeMap<Owner, Pts>,
    round: usize,
) {
    let problems = store.check_consistency().expect("consistency check");
    assert!(problems.is_empty(), "round {round}: {problems:#?}");
    for (&(u, id), text) in &exp.private {
        let m = store.messages(UserId(u), &[MsgId(id)]).expect("read");
        assert_eq!(
            m.len(),
            1,
            "round {round}: acknowledged message {id} of user {u} lost"
        );
        let version = exp.versions.get(&(u, id)).copied().unwrap_or(0);
        assert!(
            m[0].version >= version,
            "round {round}: acknowledged edit of {u}/{id} lost"
        );
        if m[0].version == 0 {
            assert_eq!(
                &m[0].text, text,
                "round {round}: message {u}/{id} has another text"
            );
        }
    }
    let ids: Vec<MsgId> = exp.channel.keys().map(|&i| MsgId(i)).collect();
    for chunk in ids.chunks(100) {
        let got = store
            .channel_messages(UserId(1), CHANNEL, chunk)
            .expect("channel read");
        assert_eq!(
            got.len(),
            chunk.len(),
            "round {round}: acknowledged channel messages lost"
        );
        for m in got {
            assert_eq!(
                exp.channel[&m.id.0], m.text,
                "round {round}: channel message {:?} changed",
                m.id
            );
        }
    }
    // pts: at least every acknowledged value, never below what an earlier reopen saw, and the
    // log serves every number up to the head without a hole (check_consistency above).
    for u in 1..=USERS {
        let owner = Owner::Common(UserId(u));
        let head = store
            .difference(UserId(u), Pts(0), 1)
            .expect("difference")
            .head
            .pts;
        check_head(owner, head, exp, last_heads, round);
    }
    let head = store
        .channel_difference(UserId(1), CHANNEL, Pts(0), 1)
        .expect("channel difference")
        .head
        .pts;
    check_head(Owner::Channel(CHANNEL), head, exp, last_heads, round);
}

fn check_head(
    owner: Owner,
    head: Pts,
    exp: &Expected,
    last: &mut BTreeMap<Owner, Pts>,
    round: usize,
) {
    let acked = exp.pts.get(&owner).copied().unwrap_or(0);
    assert!(
        head.0 >= acked,
        "round {round}: {owner:?} head {head:?} below acknowledged pts {acked}"
    );
    let prev = last.insert(owner, head).unwrap_or_default();
    assert!(
        head >= prev,
        "round {round}: {owner:?} pts went back from {prev:?} to {head:?}"
    );
}
