//! Replays the checked-in seeds (and any local corpus) of the wire layer's fuzz targets, plus a
//! short non-guided smoke pass over random inputs.

use mtproto_core::fuzzing;
use testkit::{replay_seeds, smoke_random};

/// A fuzz target's name and body.
type Target = (&'static str, fn(&[u8]));

const TARGETS: [Target; 6] = [
    (
        "mtproto_core_transport_abridged",
        fuzzing::transport_abridged,
    ),
    (
        "mtproto_core_transport_intermediate",
        fuzzing::transport_intermediate,
    ),
    ("mtproto_core_transport_padded", fuzzing::transport_padded),
    ("mtproto_core_transport_full", fuzzing::transport_full),
    ("mtproto_core_transport_detect", fuzzing::transport_detect),
    (
        "mtproto_core_transport_obfuscated",
        fuzzing::transport_obfuscated,
    ),
];

#[test]
fn transport_seeds_replay() {
    for (name, body) in TARGETS {
        assert!(replay_seeds(name, body) >= 3, "{name}");
    }
}

#[test]
fn transport_smoke_random() {
    for (i, (_, body)) in TARGETS.iter().enumerate() {
        smoke_random(i as u64 + 1, 300, 600, body);
    }
}
