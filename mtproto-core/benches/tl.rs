//! TL decode/encode side by side with grammers-tl-types 0.11 (PERF-ANCHORS.md): a text message
//! with entities, and an `updates` with 50 `updateNewMessage`. Each group holds both peers on the
//! same input bytes, so the ratio is read off one run.
//!
//! `cargo bench -p mtproto-core --bench tl -- --warm-up-time 1 --measurement-time 2`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use grammers_tl_types::{Deserializable as _, Serializable as _};
use mtproto_core::tl::api::{enums, types};
use mtproto_core::tl::{Deserialize, Serialize};

/// A 200-character text with 3 entities, as in PERF-ANCHORS' `Message` case.
fn message(id: i32) -> enums::Message<'static> {
    let text: String = "Benchmark text with some words, numbers 12345 and a link t.me/x. "
        .chars()
        .cycle()
        .take(200)
        .collect();
    types::Message {
        out: true,
        id,
        from_id: Some(
            types::PeerUser {
                user_id: 777_000_123,
            }
            .into(),
        ),
        peer_id: types::PeerUser {
            user_id: 777_000_124,
        }
        .into(),
        date: 1_700_000_000,
        message: text.into(),
        entities: Some(vec![
            types::MessageEntityBold {
                offset: 0,
                length: 9,
            }
            .into(),
            types::MessageEntityItalic {
                offset: 10,
                length: 4,
            }
            .into(),
            types::MessageEntityTextUrl {
                offset: 58,
                length: 6,
                url: "https://t.me/x".into(),
            }
            .into(),
        ]),
        ..Default::default()
    }
    .into()
}

fn updates() -> enums::Updates<'static> {
    let updates = (0..50)
        .map(|i| {
            types::UpdateNewMessage {
                message: message(100 + i),
                pts: 1000 + i,
                pts_count: 1,
            }
            .into()
        })
        .collect();
    types::Updates {
        updates,
        users: vec![],
        chats: vec![],
        date: 1_700_000_000,
        seq: 0,
    }
    .into()
}

fn bench(c: &mut Criterion) {
    let msg_bytes = message(42).to_bytes();
    let upd_bytes = updates().to_bytes();
    let g_msg = grammers_tl_types::enums::Message::from_bytes(&msg_bytes)
        .expect("grammers decodes the message");
    let g_upd = grammers_tl_types::enums::Updates::from_bytes(&upd_bytes)
        .expect("grammers decodes the updates");
    assert_eq!(
        g_msg.to_bytes(),
        msg_bytes,
        "both peers encode the same bytes"
    );
    assert_eq!(g_upd.to_bytes(), upd_bytes);

    let mut g = c.benchmark_group(format!("decode message ({} B)", msg_bytes.len()));
    g.bench_function("mtproto-core", |b| {
        b.iter(|| enums::Message::from_bytes(black_box(&msg_bytes)).unwrap())
    });
    g.bench_function("grammers-tl-types", |b| {
        b.iter(|| grammers_tl_types::enums::Message::from_bytes(black_box(&msg_bytes)).unwrap())
    });
    g.finish();
    let ours = enums::Message::from_bytes(&msg_bytes).unwrap();
    let mut g = c.benchmark_group(format!("encode message ({} B)", msg_bytes.len()));
    g.bench_function("mtproto-core", |b| b.iter(|| black_box(&ours).to_bytes()));
    g.bench_function("grammers-tl-types", |b| {
        b.iter(|| black_box(&g_msg).to_bytes())
    });
    g.finish();

    let mut g = c.benchmark_group(format!("decode updates x50 ({} B)", upd_bytes.len()));
    g.bench_function("mtproto-core", |b| {
        b.iter(|| enums::Updates::from_bytes(black_box(&upd_bytes)).unwrap())
    });
    g.bench_function("grammers-tl-types", |b| {
        b.iter(|| grammers_tl_types::enums::Updates::from_bytes(black_box(&upd_bytes)).unwrap())
    });
    g.finish();
    let ours = enums::Updates::from_bytes(&upd_bytes).unwrap();
    let mut g = c.benchmark_group(format!("encode updates x50 ({} B)", upd_bytes.len()));
    g.bench_function("mtproto-core", |b| b.iter(|| black_box(&ours).to_bytes()));
    g.bench_function("grammers-tl-types", |b| {
        b.iter(|| black_box(&g_upd).to_bytes())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
