//! Deterministic simulation: one server sequencer, several accounts and channels, several
//! devices per account each running the gap engine, over a network that drops, duplicates,
//! delays and reorders pushes and disconnects devices, with server-side log trimming and
//! device restarts from saved state.
//!
//! After quiescence every device has delivered every event exactly once, in pts order per
//! sequence, and all devices of an account agree; events a device could not get because the
//! log was trimmed past it are accounted for as TooLong skips, which the engine may only report
//! right after a TooLong answer.
//!
//! Replay one seed: `SIM_SEED=1234 cargo test -p updates --test simulation`.
//! More runs: `SIM_RUNS=20000 cargo test -p updates --test simulation`.

mod check;
mod network;
mod world;

use updates::Timestamp;
use world::{Stats, World};

/// Runs one seed; on failure, the message names the seed and the replay command.
fn run(seed: u64) -> Result<Stats, String> {
    let mut world = World::new(seed);
    let active = Timestamp(5_000 + seed % 15_000);
    world.run(active);
    if let Some(failure) = world.failure.take() {
        return Err(failure);
    }
    let skipped = check::check(&world)?;
    let mut stats = world.stats;
    stats.skipped_events = skipped;
    Ok(stats)
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().map(|v| {
        v.parse()
            .unwrap_or_else(|_| panic!("{name} must be a number"))
    })
}

#[test]
fn every_device_sees_every_event_once_in_order() {
    let seeds: Vec<u64> = match env_u64("SIM_SEED") {
        Some(seed) => vec![seed],
        None => (1..=env_u64("SIM_RUNS").unwrap_or(2000)).collect(),
    };
    let mut total = Stats::default();
    for &seed in &seeds {
        match run(seed) {
            Ok(stats) => total.add(&stats),
            Err(why) => panic!(
                "simulation failed for seed {seed}: {why}\n\
                 replay: SIM_SEED={seed} cargo test -p updates --test simulation"
            ),
        }
    }
    eprintln!("{} runs: {total:?}", seeds.len());
    if seeds.len() > 100 {
        // The runs must have exercised every recovery path, or they prove little.
        assert!(
            total.skipped_events > 0 && total.too_long_answers > 0,
            "{total:?}"
        );
        assert!(
            total.slices > 0 && total.restarts > 0 && total.dropped_pushes > 0,
            "{total:?}"
        );
    }
}
