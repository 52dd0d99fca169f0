//! Throughput of the three hot paths: allocation + log append, the difference over 1,000
//! missed events, and the client engine's update handling.

use std::hint::black_box;

use bytes::Bytes;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use updates::client::{Action, Container, Engine, EngineConfig, SavedState, Update};
use updates::server::{
    ChannelDifferenceConfig, ChannelDifferenceRequest, Difference, DifferenceConfig,
    DifferenceRequest, Head, MemoryLog, Owner, Sequencer, channel_difference, difference,
};
use updates::{ChannelId, Date, Pts, PtsCount, PtsInfo, Seq, Sequence, Timestamp, UserId};

const N: u32 = 1_000;
const USER: UserId = UserId(1);
const CHANNEL: ChannelId = ChannelId(2);

fn payload() -> Bytes {
    Bytes::from_static(&[0u8; 64])
}

fn allocation(c: &mut Criterion) {
    let mut g = c.benchmark_group("allocation");
    g.throughput(Throughput::Elements(N.into()));
    g.bench_function("allocate_only_1000", |b| {
        b.iter(|| {
            let mut head = Head::default();
            for _ in 0..N {
                head = head
                    .allocate(Owner::Common(USER), PtsCount(1), Date(1))
                    .unwrap()
                    .new_head;
            }
            black_box(head)
        })
    });
    g.bench_function("allocate_and_append_1000", |b| {
        b.iter(|| {
            let mut s = Sequencer::new(MemoryLog::new());
            for _ in 0..N {
                s.append(Owner::Common(USER), PtsCount(1), Date(1), payload())
                    .unwrap();
            }
            black_box(s)
        })
    });
    g.finish();
}

fn differences(c: &mut Criterion) {
    let mut s = Sequencer::new(MemoryLog::new());
    for _ in 0..N {
        s.append(Owner::Common(USER), PtsCount(1), Date(1), payload())
            .unwrap();
        s.append(Owner::Channel(CHANNEL), PtsCount(1), Date(1), payload())
            .unwrap();
    }
    let mut g = c.benchmark_group("difference");
    g.throughput(Throughput::Elements(N.into()));
    let request = DifferenceRequest::default();
    let config = DifferenceConfig { max_entries: 1_000 };
    g.bench_function("account_1000_missed", |b| {
        b.iter(|| black_box(difference(s.log(), USER, &request, &config).unwrap()))
    });
    let request = ChannelDifferenceRequest {
        channel: CHANNEL,
        pts: Pts(0),
        limit: 100_000,
    };
    g.bench_function("channel_1000_missed", |b| {
        b.iter(|| {
            black_box(
                channel_difference(s.log(), &request, &ChannelDifferenceConfig::default()).unwrap(),
            )
        })
    });
    g.finish();
}

/// 1,000 common-box pushes, in order or with each pair swapped (every other one held).
fn pushes(swapped: bool) -> Vec<Container<Bytes>> {
    let mut order: Vec<u32> = (1..=N).collect();
    if swapped {
        order.chunks_mut(2).for_each(|pair| pair.reverse());
    }
    order
        .into_iter()
        .map(|pts| Container {
            seq: None,
            updates: vec![Update {
                info: Some(PtsInfo {
                    sequence: Sequence::Common,
                    pts: Pts(pts),
                    pts_count: PtsCount(1),
                }),
                payload: payload(),
            }],
        })
        .collect()
}

fn engine(c: &mut Criterion) {
    let mut g = c.benchmark_group("engine");
    g.throughput(Throughput::Elements(N.into()));
    for (name, swapped) in [("in_order_1000", false), ("pairs_swapped_1000", true)] {
        let input = pushes(swapped);
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut e = Engine::new(
                    &SavedState::default(),
                    EngineConfig::new(false),
                    Timestamp(0),
                );
                // Answer the startup difference so that pushes are judged, not held.
                if let Some(Action::GetDifference { id, .. }) = e.poll_action() {
                    e.handle_difference(
                        Timestamp(0),
                        id,
                        Difference::Empty {
                            date: Date(0),
                            seq: Seq(0),
                        },
                    );
                }
                let mut delivered = 0;
                for container in input.iter().cloned() {
                    e.handle_container(Timestamp(1), container);
                    while e.poll_action().is_some() {
                        delivered += 1;
                    }
                }
                assert_eq!(delivered, N);
                black_box(delivered)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, allocation, differences, engine);
criterion_main!(benches);
