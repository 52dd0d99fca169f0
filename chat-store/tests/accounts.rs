//! Users, auth keys, contacts, files, secret chats, shard moves and the `updates` log view.

mod common;

use chat_store::engine::MemoryEngine;
use chat_store::ids::{
    AuthKeyId, Date, FileId, MsgId, Owner, Pts, PtsCount, RandomId, SecretChatId, SessionId, UserId,
};
use chat_store::model::auth::AuthKey;
use chat_store::model::event::Event;
use chat_store::model::file::FileMeta;
use chat_store::shard::VShard;
use chat_store::{RequestSecretChat, SendEncrypted, Store, StoreError};
use common::*;
use updates::server::{Head, LogRead, LogWrite, ReadRange};

fn key(id: i64, user: Option<i64>) -> AuthKey {
    AuthKey {
        id: AuthKeyId(id),
        key: vec![id as u8; 256],
        user: user.map(UserId),
        layer: 229,
        device_model: "pc".into(),
        system_version: "linux".into(),
        app_version: "1".into(),
        created: Date(1),
        last_active: Date(1),
    }
}

fn users(n: i64) -> Store<MemoryEngine> {
    let s = memory();
    for u in 1..=n {
        s.create_user(user(u)).unwrap();
    }
    s
}

#[test]
fn usernames_are_unique_and_case_insensitive() {
    let s = users(2);
    s.set_username(UserId(1), Some("Alice_1".into())).unwrap();
    assert!(matches!(
        s.set_username(UserId(2), Some("alice_1".into())),
        Err(StoreError::UsernameTaken)
    ));
    assert!(matches!(
        s.set_username(UserId(2), Some("a b".into())),
        Err(StoreError::Invalid { .. })
    ));
    assert_eq!(
        s.resolve_username("ALICE_1").unwrap().map(|u| u.id),
        Some(UserId(1))
    );
    s.set_username(UserId(1), None).unwrap();
    s.set_username(UserId(2), Some("alice_1".into())).unwrap();
    assert_eq!(
        s.resolve_username("alice_1").unwrap().map(|u| u.id),
        Some(UserId(2))
    );
    assert_eq!(
        s.user_by_phone(&user(2).phone).unwrap().map(|u| u.id),
        Some(UserId(2))
    );
}

#[test]
fn auth_keys_bind_and_keep_sessions() {
    let s = users(1);
    s.create_auth_key(key(10, None)).unwrap();
    assert!(matches!(
        s.create_auth_key(key(10, None)),
        Err(StoreError::AuthKeyExists(_))
    ));
    let mut short = key(11, None);
    short.key.truncate(100);
    assert!(matches!(
        s.create_auth_key(short),
        Err(StoreError::Invalid { .. })
    ));
    s.bind_auth_key(AuthKeyId(10), UserId(1)).unwrap();
    s.touch_session(AuthKeyId(10), SessionId(5), 230, Date(9))
        .unwrap();
    s.touch_session(AuthKeyId(10), SessionId(5), 230, Date(12))
        .unwrap();
    let sessions = s.sessions(AuthKeyId(10)).unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(
        (sessions[0].1.created, sessions[0].1.last_seen),
        (Date(9), Date(12))
    );
    assert_eq!(s.auth_key(AuthKeyId(10)).unwrap().layer, 230);
    assert_eq!(s.authorizations(UserId(1)).unwrap().len(), 1);
    // Log-out unbinds the key and keeps it (and its sessions); it may sign in again.
    s.unbind_auth_key(AuthKeyId(10)).unwrap();
    assert!(s.authorizations(UserId(1)).unwrap().is_empty());
    assert_eq!(s.auth_key(AuthKeyId(10)).unwrap().user, None);
    assert_eq!(s.sessions(AuthKeyId(10)).unwrap().len(), 1);
    s.bind_auth_key(AuthKeyId(10), UserId(1)).unwrap();
    assert_eq!(s.authorizations(UserId(1)).unwrap().len(), 1);
    s.drop_auth_key(AuthKeyId(10)).unwrap();
    assert!(s.authorizations(UserId(1)).unwrap().is_empty());
    assert!(s.sessions(AuthKeyId(10)).unwrap().is_empty());
}

#[test]
fn contacts_import_by_phone() {
    let s = users(2);
    assert_eq!(
        s.import_contact(UserId(1), user(2).phone, "Bob".into(), "B".into())
            .unwrap(),
        Some(UserId(2))
    );
    assert_eq!(
        s.import_contact(UserId(1), "999".into(), "Nobody".into(), String::new())
            .unwrap(),
        None
    );
    assert_eq!(s.contacts(UserId(1)).unwrap()[0].first_name, "Bob");
    s.delete_contact(UserId(1), UserId(2)).unwrap();
    assert!(s.contacts(UserId(1)).unwrap().is_empty());
}

#[test]
fn files_deduplicate_and_need_a_grant() {
    let s = users(3);
    let meta = |id, owner| FileMeta {
        id: FileId(id),
        owner: UserId(owner),
        content_hash: [7; 32],
        size: 10,
        parts: 1,
        mime: "image/png".into(),
        references: 0,
    };
    assert_eq!(s.put_file(meta(1, 1)).unwrap(), FileId(1));
    assert_eq!(
        s.put_file(meta(2, 2)).unwrap(),
        FileId(1),
        "same content, same file"
    );
    assert!(matches!(
        s.file(UserId(3), FileId(1)),
        Err(StoreError::FileNotFound(_))
    ));
    let mut m = text(1, pu(3), 1, 5, "pic");
    m.media = Some(FileId(1));
    s.send(m).unwrap();
    assert_eq!(s.file(UserId(3), FileId(1)).unwrap().references, 1);
    let mut m = text(3, pu(1), 1, 6, "");
    m.media = Some(FileId(99));
    assert!(matches!(s.send(m), Err(StoreError::FileNotFound(_))));
}

#[test]
fn secret_chat_queue_is_kept_until_the_device_acknowledges() {
    let s = users(2);
    s.create_auth_key(key(1, Some(1))).unwrap();
    s.create_auth_key(key(2, Some(2))).unwrap();
    s.create_auth_key(key(3, Some(2))).unwrap();
    let chat = SecretChatId(42);
    s.request_secret_chat(RequestSecretChat {
        id: chat,
        admin: UserId(1),
        admin_device: AuthKeyId(1),
        participant: UserId(2),
        g_a: vec![1; 256],
        date: Date(1),
    })
    .unwrap();
    let enc = |rid, bytes: &[u8]| SendEncrypted {
        from: UserId(1),
        device: AuthKeyId(1),
        chat,
        random_id: RandomId(rid),
        bytes: bytes.to_vec(),
        date: Date(2),
    };
    assert!(matches!(
        s.send_encrypted(enc(1, b"x")),
        Err(StoreError::SecretChatState(_))
    ));
    s.accept_secret_chat(UserId(2), AuthKeyId(2), chat, vec![2; 256], 77)
        .unwrap();
    assert_eq!(s.send_encrypted(enc(1, b"one")).unwrap().0, Pts(1));
    assert_eq!(
        s.send_encrypted(enc(1, b"one")).unwrap().0,
        Pts(1),
        "retry keeps its qts"
    );
    assert_eq!(s.send_encrypted(enc(2, b"two")).unwrap().0, Pts(2));
    // The other device of user 2 is not the chat's device and cannot send in it.
    let wrong = SendEncrypted {
        from: UserId(2),
        device: AuthKeyId(3),
        chat,
        random_id: RandomId(1),
        bytes: vec![1],
        date: Date(3),
    };
    assert!(matches!(
        s.send_encrypted(wrong),
        Err(StoreError::Forbidden(_))
    ));
    let q = s
        .secret_difference(UserId(2), AuthKeyId(2), Pts(0), 10)
        .unwrap();
    assert_eq!(q.entries.len(), 2);
    assert!(
        matches!(&q.entries[0].payload, Event::Encrypted { device: AuthKeyId(2), bytes, .. } if bytes == b"one")
    );
    assert!(matches!(
        s.secret_difference(UserId(1), AuthKeyId(2), Pts(0), 10),
        Err(StoreError::AuthKeyNotFound(_))
    ));
    assert!(matches!(
        s.trim_log(Owner::Secondary(UserId(2)), Pts(5)),
        Err(StoreError::Forbidden(_))
    ));
    assert_eq!(
        s.received_queue(UserId(2), AuthKeyId(2), Pts(1)).unwrap(),
        vec![RandomId(1)]
    );
    let q = s
        .secret_difference(UserId(2), AuthKeyId(2), Pts(0), 10)
        .unwrap();
    assert_eq!(
        q.entries.iter().map(|e| e.pts).collect::<Vec<_>>(),
        vec![Pts(2)]
    );
    assert_eq!(s.state(UserId(2)).unwrap().1.pts, Pts(2));
    s.discard_secret_chat(UserId(2), chat).unwrap();
    assert!(matches!(
        s.send_encrypted(enc(3, b"late")),
        Err(StoreError::SecretChatState(_))
    ));
}

#[test]
fn a_shard_moves_between_nodes_as_a_unit() {
    let a = users(2);
    send(&a, 1, pu(2), 1, 10, "travels");
    send(&a, 2, pu(1), 2, 11, "back");
    let shard = VShard::of_user(UserId(1));
    let dump = a.export_shard(shard).unwrap();
    assert!(
        dump.entries
            .iter()
            .all(|(_, k, _)| k.starts_with(&shard.get().to_be_bytes()))
    );
    let b = memory();
    b.import_shard(dump.clone()).unwrap();
    assert!(matches!(
        b.import_shard(dump),
        Err(StoreError::Invalid { .. })
    ));
    // User 1's box, dialogs and log arrived whole.
    let h = b
        .history(
            UserId(1),
            pu(2),
            chat_store::HistoryQuery {
                limit: 10,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(ids(&h), vec![2, 1]);
    assert_eq!(
        b.difference(UserId(1), Pts(0), 10).unwrap().head.pts,
        Pts(2)
    );
    assert!(a.drop_shard(shard).unwrap() > 0);
    assert!(matches!(
        a.user(UserId(1)),
        Err(StoreError::UserNotFound(_))
    ));
    assert_eq!(
        a.messages(UserId(2), &[MsgId(1), MsgId(2)]).unwrap().len(),
        2,
        "user 2's shard stayed"
    );
}

#[test]
fn the_store_is_an_updates_log() {
    let s = users(1);
    send(&s, 1, pu(1), 1, 10, "self");
    let mut log = s.log();
    let owner = Owner::Common(UserId(1));
    assert_eq!(
        log.head(owner).unwrap(),
        Head {
            pts: Pts(1),
            date: Date(10)
        }
    );
    let head = log.head(owner).unwrap();
    let entry = head
        .allocate(owner, PtsCount(1), Date(11))
        .unwrap()
        .entry(Event::NewMessage { id: MsgId(1) });
    log.append(entry.clone()).unwrap();
    assert!(
        log.append(entry).is_err(),
        "a stale entry does not continue the head"
    );
    let mut out = Vec::new();
    log.read(
        owner,
        ReadRange {
            after: Pts(0),
            up_to: Pts(10),
            max_entries: 10,
        },
        &mut out,
    )
    .unwrap();
    assert_eq!(out.iter().map(|e| e.pts.0).collect::<Vec<_>>(), vec![1, 2]);
    log.store_seq(UserId(1), updates::Seq(3)).unwrap();
    assert_eq!(log.seq(UserId(1)).unwrap(), updates::Seq(3));
    assert!(log.store_seq(UserId(1), updates::Seq(3)).is_err());
    assert_eq!(log.trim(owner, Pts(1)).unwrap(), Pts(1));
    assert_eq!(log.floor(owner).unwrap(), Pts(1));
    assert!(s.check_consistency().unwrap().is_empty());
}

#[test]
fn updates_difference_runs_over_the_store() {
    use updates::server::{Difference, DifferenceConfig, DifferenceRequest, difference};
    let s = users(2);
    for i in 0..5 {
        send(&s, 1, pu(2), i, 10 + i as u32, "x");
    }
    s.trim_log(Owner::Common(UserId(2)), Pts(2)).unwrap();
    let log = s.log();
    let ask = |pts| {
        difference(
            &log,
            UserId(2),
            &DifferenceRequest {
                pts: Pts(pts),
                ..Default::default()
            },
            &DifferenceConfig::default(),
        )
        .unwrap()
    };
    match ask(3) {
        Difference::Full { common, state, .. } => {
            assert_eq!(
                common.iter().map(|e| e.pts.0).collect::<Vec<_>>(),
                vec![4, 5]
            );
            assert_eq!(state.pts, Pts(5));
        }
        other => panic!("expected a difference, got {other:?}"),
    }
    assert!(
        matches!(ask(1), Difference::TooLong { .. }),
        "below the trimmed floor"
    );
    assert!(matches!(ask(5), Difference::Empty { .. }));
}
