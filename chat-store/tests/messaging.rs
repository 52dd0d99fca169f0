//! Messaging operations end to end on the in-memory engine.

mod common;

use chat_store::ids::{ChannelId, ChatId, Date, MsgId, Owner, Peer, Pts, RandomId, UserId};
use chat_store::model::channel::Role;
use chat_store::model::event::Event;
use chat_store::{EditMessage, HistoryQuery, NewChannel, NewChat, StoreError};
use common::*;

fn two_users() -> chat_store::Store<chat_store::engine::MemoryEngine> {
    let s = memory();
    s.create_user(user(1)).unwrap();
    s.create_user(user(2)).unwrap();
    s
}

#[test]
fn private_send_gives_each_box_its_own_id_and_pts() {
    let s = two_users();
    let a = send(&s, 1, pu(2), 100, 10, "hello");
    assert_eq!((a.id, a.pts.0, a.duplicate), (MsgId(1), 1, false));
    assert_eq!(a.entries.len(), 2);
    assert_eq!(a.entries[1].owner, Owner::Common(UserId(2)));
    // Bob's box already had an event, so his copy's id and pts move independently.
    send(&s, 2, pu(1), 200, 11, "hi back");
    let b = send(&s, 1, pu(2), 101, 12, "again");
    assert_eq!((b.id, b.pts.0), (MsgId(3), 3));
    assert_eq!(b.entries[1].pts.0, 3);
    let bob = s
        .history(
            UserId(2),
            pu(1),
            HistoryQuery {
                limit: 10,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(ids(&bob), vec![3, 2, 1]);
    assert!(bob[1].out && !bob[0].out);
    assert_eq!(bob[0].origin, Some((UserId(1), MsgId(3))));
}

#[test]
fn retried_send_returns_the_original() {
    let s = two_users();
    let a = send(&s, 1, pu(2), 7, 10, "once");
    let b = send(&s, 1, pu(2), 7, 20, "once");
    assert!(b.duplicate);
    assert_eq!((b.id, b.pts, b.date), (a.id, a.pts, a.date));
    assert_eq!(
        s.difference(UserId(2), Pts(0), 100).unwrap().entries.len(),
        1
    );
    // Another sender using the same random id is its own namespace (its own box).
    assert!(!send(&s, 2, pu(1), 7, 21, "mine").duplicate);
}

#[test]
fn history_follows_telegram_offsets() {
    let s = two_users();
    for i in 0..20 {
        send(&s, 1, pu(2), i, 100 + i as u32, &format!("m{i}"));
    }
    let h = |q: HistoryQuery| ids(&s.history(UserId(1), pu(2), q).unwrap());
    let q = HistoryQuery {
        limit: 5,
        ..Default::default()
    };
    assert_eq!(h(q), vec![20, 19, 18, 17, 16]);
    assert_eq!(
        h(HistoryQuery {
            offset_id: MsgId(10),
            ..q
        }),
        vec![9, 8, 7, 6, 5]
    );
    assert_eq!(
        h(HistoryQuery {
            offset_id: MsgId(10),
            add_offset: -2,
            ..q
        }),
        vec![11, 10, 9, 8, 7]
    );
    assert_eq!(
        h(HistoryQuery {
            offset_id: MsgId(10),
            add_offset: 3,
            ..q
        }),
        vec![6, 5, 4, 3, 2]
    );
    assert_eq!(
        h(HistoryQuery {
            offset_id: MsgId(19),
            add_offset: -5,
            ..q
        }),
        vec![20, 19, 18, 17, 16]
    );
    assert_eq!(
        h(HistoryQuery {
            max_id: MsgId(8),
            min_id: MsgId(4),
            ..q
        }),
        vec![7, 6, 5]
    );
    // Message i was sent at 100 + i - 1: dates older than 105 are ids 1..=5.
    assert_eq!(
        h(HistoryQuery {
            offset_date: Date(105),
            ..q
        }),
        vec![5, 4, 3, 2, 1]
    );
}

#[test]
fn edits_are_versioned_and_reach_every_copy() {
    let s = two_users();
    let a = send(&s, 1, pu(2), 1, 10, "draft");
    let edit = |text: &str, if_version| EditMessage {
        editor: UserId(1),
        peer: pu(2),
        id: a.id,
        text: text.into(),
        date: Date(11),
        if_version,
    };
    let (aff, v) = s.edit(edit("v1", None)).unwrap();
    assert_eq!((v, aff.entries.len()), (1, 2));
    assert!(matches!(
        s.edit(edit("stale", Some(0))),
        Err(StoreError::EditConflict { current: 1 })
    ));
    let (_, v) = s.edit(edit("v2", Some(1))).unwrap();
    assert_eq!(v, 2);
    let theirs = s.messages(UserId(2), &[MsgId(1)]).unwrap();
    assert_eq!((theirs[0].text.as_str(), theirs[0].version), ("v2", 2));
    // Both dialog pages list the edited top message (their ordering entries carry a copy).
    for (u, p) in [(1, 2), (2, 1)] {
        let page = s.dialogs(UserId(u), None, 10).unwrap();
        let top = page[0].top.as_ref().expect("top message");
        assert_eq!((page[0].dialog.peer, top.text.as_str()), (pu(p), "v2"));
    }
    // The recipient cannot edit the sender's message.
    let bad = EditMessage {
        editor: UserId(2),
        peer: pu(1),
        id: MsgId(1),
        text: "x".into(),
        date: Date(12),
        if_version: None,
    };
    assert!(matches!(s.edit(bad), Err(StoreError::Forbidden(_))));
}

#[test]
fn delete_for_me_and_for_everyone() {
    let s = two_users();
    send(&s, 1, pu(2), 1, 10, "a");
    send(&s, 1, pu(2), 2, 11, "b");
    let aff = s
        .delete_messages(UserId(1), vec![MsgId(2)], false, Date(12))
        .unwrap();
    assert_eq!(aff.pts_count.0, 1);
    assert_eq!(
        s.messages(UserId(2), &[MsgId(2)]).unwrap().len(),
        1,
        "delete for me keeps their copy"
    );
    let d = s.dialog(UserId(1), pu(2)).unwrap();
    assert_eq!(d.dialog.top_message, MsgId(1));
    let page = s.dialogs(UserId(1), None, 10).unwrap();
    assert_eq!(page[0].top.as_ref().map(|m| m.text.as_str()), Some("a"));
    let aff = s
        .delete_messages(
            UserId(2),
            vec![MsgId(1), MsgId(1), MsgId(99)],
            true,
            Date(13),
        )
        .unwrap();
    assert_eq!(aff.pts_count.0, 1);
    assert_eq!(aff.entries.len(), 2);
    assert!(s.messages(UserId(1), &[MsgId(1)]).unwrap().is_empty());
    assert!(
        matches!(&aff.entries[1].payload, Event::DeleteMessages { ids } if ids == &vec![MsgId(1)])
    );
}

#[test]
fn read_history_moves_unread_and_the_outbox_marker() {
    let s = two_users();
    for i in 0..5 {
        send(&s, 1, pu(2), i, 10 + i as u32, "x");
    }
    assert_eq!(s.dialog(UserId(2), pu(1)).unwrap().dialog.unread_count, 5);
    let aff = s
        .read_history(UserId(2), pu(1), MsgId(3), Date(20))
        .unwrap();
    assert_eq!(aff.entries.len(), 2);
    assert_eq!(s.dialog(UserId(2), pu(1)).unwrap().dialog.unread_count, 2);
    assert_eq!(
        s.dialog(UserId(1), pu(2))
            .unwrap()
            .dialog
            .read_outbox_max_id,
        MsgId(3)
    );
    // Reading again below the marker changes nothing.
    assert_eq!(
        s.read_history(UserId(2), pu(1), MsgId(2), Date(21))
            .unwrap()
            .pts_count
            .0,
        0
    );
}

#[test]
fn dialogs_paginate_pinned_first_then_newest() {
    let s = memory();
    for u in 1..=6 {
        s.create_user(user(u)).unwrap();
    }
    for (i, u) in [2, 3, 4, 5, 6].into_iter().enumerate() {
        send(&s, 1, pu(u), i as i64, 100 + i as u32, "x");
    }
    s.set_pinned(UserId(1), pu(3), Some(0)).unwrap();
    let page1 = s.dialogs(UserId(1), None, 3).unwrap();
    let peers: Vec<_> = page1.iter().map(|v| v.dialog.peer).collect();
    assert_eq!(peers, vec![pu(3), pu(6), pu(5)]);
    let page2 = s.dialogs(UserId(1), Some(page1[2].cursor()), 3).unwrap();
    let peers: Vec<_> = page2.iter().map(|v| v.dialog.peer).collect();
    assert_eq!(peers, vec![pu(4), pu(2)]);
    // A page never exceeds its limit, also with pinned dialogs and a zero limit.
    assert!(s.dialogs(UserId(1), None, 0).unwrap().is_empty());
    s.set_pinned(UserId(1), pu(2), Some(1)).unwrap();
    let page = s.dialogs(UserId(1), None, 1).unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].dialog.peer, pu(3));
}

#[test]
fn channels_have_one_sequence_and_check_membership() {
    let s = two_users();
    s.create_user(user(3)).unwrap();
    let c = ChannelId(50);
    s.create_channel(NewChannel {
        id: c,
        access_hash: 1,
        creator: UserId(1),
        title: "news".into(),
        megagroup: true,
        date: Date(1),
    })
    .unwrap();
    s.add_member(Peer::Channel(c), UserId(2), UserId(2), Date(2))
        .unwrap();
    let a = send(&s, 1, Peer::Channel(c), 1, 10, "one");
    let b = send(&s, 2, Peer::Channel(c), 1, 11, "two");
    assert_eq!(
        (a.id, a.pts, b.id, b.pts),
        (MsgId(1), Pts(1), MsgId(2), Pts(2))
    );
    let h = s
        .history(
            UserId(2),
            Peer::Channel(c),
            HistoryQuery {
                limit: 10,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(ids(&h), vec![2, 1]);
    assert!(h[0].out && !h[1].out);
    assert!(matches!(
        s.history(
            UserId(3),
            Peer::Channel(c),
            HistoryQuery {
                limit: 10,
                ..Default::default()
            }
        ),
        Err(StoreError::NotMember { .. })
    ));
    assert!(matches!(
        s.channel_difference(UserId(3), c, Pts(0), 10),
        Err(StoreError::NotMember { .. })
    ));
    assert_eq!(
        s.channel_difference(UserId(2), c, Pts(0), 10)
            .unwrap()
            .entries
            .len(),
        2
    );
    let dialogs = s.dialogs(UserId(2), None, 10).unwrap();
    assert_eq!(dialogs[0].dialog.peer, Peer::Channel(c));
    assert_eq!(dialogs[0].dialog.unread_count, 1);
}

#[test]
fn basic_groups_fan_out_to_every_member() {
    let s = two_users();
    s.create_user(user(3)).unwrap();
    let g = Peer::Chat(ChatId(9));
    s.create_chat(NewChat {
        id: ChatId(9),
        creator: UserId(1),
        title: "g".into(),
        members: vec![UserId(2), UserId(3)],
        date: Date(1),
    })
    .unwrap();
    let members = s.chat_members(g, UserId(2)).unwrap();
    let ids: Vec<_> = members.iter().map(|(u, _)| u.0).collect();
    assert_eq!(ids, vec![1, 2, 3]);
    assert_eq!(members[0].1.role, Role::Creator);
    assert!(matches!(
        s.chat_members(g, UserId(4)),
        Err(StoreError::NotMember { .. })
    ));
    let sent = send(&s, 2, g, 5, 10, "to all");
    assert_eq!(sent.entries.len(), 3);
    for u in 1..=3 {
        let h = s
            .history(
                UserId(u),
                g,
                HistoryQuery {
                    limit: 5,
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!(h.len(), 1, "user {u}");
        assert_eq!(h[0].text, "to all");
    }
    let found = s.search(UserId(3), g, "ALL", MsgId(0), 10).unwrap();
    assert_eq!(found.len(), 1);
}

#[test]
fn bad_input_gets_typed_errors_and_changes_nothing() {
    let s = two_users();
    assert!(matches!(
        s.send(text(1, pu(99), 1, 1, "x")),
        Err(StoreError::UserNotFound(UserId(99)))
    ));
    assert!(matches!(
        s.send(text(1, pu(2), 1, 1, &"x".repeat(20_000))),
        Err(StoreError::TooLong { .. })
    ));
    assert!(matches!(
        s.send(text(1, pu(2), 1, 1, "")),
        Err(StoreError::Invalid { .. })
    ));
    assert!(matches!(
        s.send(text(1, Peer::Channel(ChannelId(5)), 1, 1, "x")),
        Err(StoreError::PeerNotFound(_))
    ));
    assert!(matches!(
        s.delete_messages(UserId(1), (0..101).map(MsgId).collect(), false, Date(1)),
        Err(StoreError::TooLong { .. })
    ));
    assert!(matches!(
        s.create_user(user(1)),
        Err(StoreError::UserExists(_))
    ));
    let mut dup_phone = user(3);
    dup_phone.phone = user(1).phone;
    assert!(matches!(
        s.create_user(dup_phone),
        Err(StoreError::PhoneTaken)
    ));
    assert_eq!(s.state(UserId(1)).unwrap().0.pts, Pts(0));
    // Another account's message ids resolve only inside the caller's own box.
    send(&s, 2, pu(2), 1, 1, "note to self");
    assert!(s.messages(UserId(1), &[MsgId(1)]).unwrap().is_empty());
    assert!(
        s.history(
            UserId(1),
            pu(2),
            HistoryQuery {
                limit: 10,
                ..Default::default()
            }
        )
        .unwrap()
        .is_empty()
    );
    let _ = RandomId(0);
}

#[test]
fn log_trimming_raises_the_floor() {
    let s = two_users();
    for i in 0..10 {
        send(&s, 1, pu(2), i, 10, "x");
    }
    let floor = s.trim_log(Owner::Common(UserId(1)), Pts(4)).unwrap();
    assert_eq!(floor, Pts(4));
    assert!(matches!(
        s.difference(UserId(1), Pts(3), 100),
        Err(StoreError::LogTrimmed { floor: Pts(4) })
    ));
    let d = s.difference(UserId(1), Pts(4), 100).unwrap();
    assert_eq!(d.entries.first().map(|e| e.pts), Some(Pts(5)));
    assert_eq!(d.head.pts, Pts(10));
}
