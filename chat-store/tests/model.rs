//! Model-based property tests: random operation sequences give identical results, and identical
//! stored bytes, on sled and on the in-memory engine; and history pages match a naive reading
//! of Telegram's offset definition.

mod common;

use chat_store::engine::{Direction, Engine, MemoryEngine, SledEngine, Tree};
use chat_store::ids::{ChannelId, ChatId, Date, MsgId, Owner, Peer, Pts, UserId};
use chat_store::{EditMessage, HistoryQuery, NewChannel, NewChat, Store};
use common::*;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Send {
        from: i64,
        peer: u8,
        rid: i64,
        text: String,
    },
    Edit {
        user: i64,
        id: i32,
        text: String,
        if_version: Option<u32>,
    },
    Delete {
        user: i64,
        ids: Vec<i32>,
        revoke: bool,
    },
    DeleteChannel {
        user: i64,
        ids: Vec<i32>,
    },
    Read {
        user: i64,
        peer: u8,
        max: i32,
    },
    History {
        user: i64,
        peer: u8,
        offset_id: i32,
        add_offset: i32,
        limit: u32,
        max_id: i32,
        min_id: i32,
    },
    Dialogs {
        user: i64,
        limit: u32,
    },
    Search {
        user: i64,
        peer: u8,
        query: String,
    },
    Difference {
        user: i64,
        after: u32,
    },
    Trim {
        user: i64,
        up_to: u32,
    },
    Pin {
        user: i64,
        peer: u8,
        pos: Option<u32>,
    },
}

fn peer_of(user: i64, p: u8) -> Peer {
    match p % 6 {
        0 => Peer::Channel(ChannelId(10)),
        1 => Peer::Chat(ChatId(20)),
        n => pu(1 + (user + i64::from(n)) % 4),
    }
}

fn op() -> impl Strategy<Value = Op> {
    let user = 1i64..=4;
    let text = "[a-c ]{0,12}";
    prop_oneof![
        4 => (user.clone(), any::<u8>(), 0i64..6, text).prop_map(|(from, peer, rid, text)| Op::Send { from, peer, rid, text }),
        1 => (user.clone(), 1i32..12, text, proptest::option::of(0u32..3)).prop_map(|(user, id, text, if_version)| Op::Edit { user, id, text, if_version }),
        1 => (user.clone(), proptest::collection::vec(0i32..12, 0..4), any::<bool>()).prop_map(|(user, ids, revoke)| Op::Delete { user, ids, revoke }),
        1 => (user.clone(), proptest::collection::vec(0i32..12, 0..3)).prop_map(|(user, ids)| Op::DeleteChannel { user, ids }),
        1 => (user.clone(), any::<u8>(), 0i32..12).prop_map(|(user, peer, max)| Op::Read { user, peer, max }),
        2 => (user.clone(), any::<u8>(), 0i32..14, -4i32..4, 0u32..6, 0i32..14, 0i32..6).prop_map(|(user, peer, offset_id, add_offset, limit, max_id, min_id)| Op::History { user, peer, offset_id, add_offset, limit, max_id, min_id }),
        1 => (user.clone(), 1u32..5).prop_map(|(user, limit)| Op::Dialogs { user, limit }),
        1 => (user.clone(), any::<u8>(), "[a-c]{1,2}").prop_map(|(user, peer, query)| Op::Search { user, peer, query }),
        1 => (user.clone(), 0u32..20).prop_map(|(user, after)| Op::Difference { user, after }),
        1 => (user.clone(), 0u32..20).prop_map(|(user, up_to)| Op::Trim { user, up_to }),
        1 => (user, any::<u8>(), proptest::option::of(0u32..3)).prop_map(|(user, peer, pos)| Op::Pin { user, peer, pos }),
    ]
}

fn setup<E: Engine>(s: &Store<E>) {
    for u in 1..=4 {
        s.create_user(user(u)).unwrap();
    }
    s.create_channel(NewChannel {
        id: ChannelId(10),
        access_hash: 3,
        creator: UserId(1),
        title: "c".into(),
        megagroup: true,
        date: Date(1),
    })
    .unwrap();
    for u in 2..=3 {
        s.add_member(Peer::Channel(ChannelId(10)), UserId(u), UserId(u), Date(1))
            .unwrap();
    }
    s.create_chat(NewChat {
        id: ChatId(20),
        creator: UserId(1),
        title: "g".into(),
        members: vec![UserId(2), UserId(4)],
        date: Date(1),
    })
    .unwrap();
}

/// Applies one op and renders its result (errors included) for comparison.
fn apply<E: Engine>(s: &Store<E>, op: &Op, step: u32) -> String {
    let date = Date(100 + step);
    match op.clone() {
        Op::Send {
            from,
            peer,
            rid,
            text: t,
        } => format!(
            "{:?}",
            s.send(text(from, peer_of(from, peer), rid, date.0, &t))
        ),
        Op::Edit {
            user,
            id,
            text,
            if_version,
        } => {
            let peer = s
                .messages(UserId(user), &[MsgId(id)])
                .ok()
                .and_then(|m| m.first().map(|m| m.peer))
                .unwrap_or(pu(user));
            format!(
                "{:?}",
                s.edit(EditMessage {
                    editor: UserId(user),
                    peer,
                    id: MsgId(id),
                    text,
                    date,
                    if_version
                })
            )
        }
        Op::Delete { user, ids, revoke } => format!(
            "{:?}",
            s.delete_messages(
                UserId(user),
                ids.into_iter().map(MsgId).collect(),
                revoke,
                date
            )
        ),
        Op::DeleteChannel { user, ids } => format!(
            "{:?}",
            s.delete_channel_messages(
                UserId(user),
                ChannelId(10),
                ids.into_iter().map(MsgId).collect(),
                date
            )
        ),
        Op::Read { user, peer, max } => format!(
            "{:?}",
            s.read_history(UserId(user), peer_of(user, peer), MsgId(max), date)
        ),
        Op::History {
            user,
            peer,
            offset_id,
            add_offset,
            limit,
            max_id,
            min_id,
        } => {
            let q = HistoryQuery {
                offset_id: MsgId(offset_id),
                offset_date: Date(0),
                add_offset,
                limit,
                max_id: MsgId(max_id),
                min_id: MsgId(min_id),
            };
            format!("{:?}", s.history(UserId(user), peer_of(user, peer), q))
        }
        Op::Dialogs { user, limit } => {
            let first = s.dialogs(UserId(user), None, limit);
            let next = first
                .as_ref()
                .ok()
                .and_then(|p| p.last())
                .map(|v| s.dialogs(UserId(user), Some(v.cursor()), limit));
            format!("{first:?} {next:?}")
        }
        Op::Search { user, peer, query } => format!(
            "{:?}",
            s.search(UserId(user), peer_of(user, peer), &query, MsgId(0), 10)
        ),
        Op::Difference { user, after } => {
            format!("{:?}", s.difference(UserId(user), Pts(after), 50))
        }
        Op::Trim { user, up_to } => {
            format!("{:?}", s.trim_log(Owner::Common(UserId(user)), Pts(up_to)))
        }
        Op::Pin { user, peer, pos } => {
            format!("{:?}", s.set_pinned(UserId(user), peer_of(user, peer), pos))
        }
    }
}

fn dump<E: Engine>(e: &E) -> Vec<(Tree, Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    for t in Tree::ALL {
        e.scan(t, &[], &[0xff; 4], Direction::Forward, &mut |k, v| {
            out.push((t, k.to_vec(), v.to_vec()));
            true
        })
        .unwrap();
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn sled_and_memory_agree(ops in proptest::collection::vec(op(), 1..40)) {
        let dir = tempfile::tempdir().unwrap();
        let disk: Store<SledEngine> = sled(dir.path());
        let mem: Store<MemoryEngine> = memory();
        setup(&disk);
        setup(&mem);
        for (i, op) in ops.iter().enumerate() {
            let a = apply(&disk, op, i as u32);
            let b = apply(&mem, op, i as u32);
            prop_assert_eq!(&a, &b, "step {} {:?}", i, op);
        }
        prop_assert_eq!(dump(disk.engine()), dump(mem.engine()));
        prop_assert!(disk.check_consistency().unwrap().is_empty());
        let problems = mem.check_consistency().unwrap();
        prop_assert!(problems.is_empty(), "{:#?}", problems);
    }

}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn history_matches_the_offset_definition(
        deleted in proptest::collection::vec(1i32..30, 0..8),
        offset_id in 0i32..35, offset_date in 0u32..40, add_offset in -12i32..12,
        limit in 0u32..15, max_id in 0i32..35, min_id in 0i32..35,
    ) {
        let s = memory();
        s.create_user(user(1)).unwrap();
        s.create_user(user(2)).unwrap();
        for i in 0..30 {
            send(&s, 1, pu(2), i, 10 + i as u32, "x");
        }
        s.delete_messages(UserId(1), deleted.iter().map(|&i| MsgId(i)).collect(), false, Date(50)).unwrap();
        let q = HistoryQuery { offset_id: MsgId(offset_id), offset_date: Date(offset_date), add_offset, limit, max_id: MsgId(max_id), min_id: MsgId(min_id) };
        let got = ids(&s.history(UserId(1), pu(2), q).unwrap());
        // Naive: the filtered list newest first; the offset position; the slice.
        let all: Vec<(i32, u32)> = (1..=30).rev().filter(|i| !deleted.contains(i)).map(|i| (i, 9 + i as u32)).collect();
        let list: Vec<(i32, u32)> = all.into_iter().filter(|&(i, _)| (max_id == 0 || i < max_id) && i > min_id).collect();
        let pos = if offset_id > 0 {
            list.iter().take_while(|&&(i, _)| i >= offset_id).count()
        } else if offset_date > 0 {
            list.iter().take_while(|&&(_, d)| d >= offset_date).count()
        } else {
            0
        } as i64;
        let start = (pos + i64::from(add_offset)).max(0) as usize;
        let want: Vec<i32> = list.iter().skip(start).take(limit as usize).map(|&(i, _)| i).collect();
        prop_assert_eq!(got, want);
    }
}
