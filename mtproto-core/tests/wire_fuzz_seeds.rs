//! Replays the checked-in seeds (and any local corpus) of the wire layer's fuzz targets, plus a
//! short non-guided smoke pass over random inputs.

use mtproto_core::fuzzing;
use testkit::{replay_seeds, smoke_random};

/// A fuzz target's name, its body, and how many random smoke inputs to run.
type Target = (&'static str, fn(&[u8]), usize);

const TARGETS: [Target; 9] = [
    (
        "mtproto_core_transport_abridged",
        fuzzing::transport_abridged,
        300,
    ),
    (
        "mtproto_core_transport_intermediate",
        fuzzing::transport_intermediate,
        300,
    ),
    (
        "mtproto_core_transport_padded",
        fuzzing::transport_padded,
        300,
    ),
    ("mtproto_core_transport_full", fuzzing::transport_full, 300),
    (
        "mtproto_core_transport_detect",
        fuzzing::transport_detect,
        300,
    ),
    (
        "mtproto_core_transport_obfuscated",
        fuzzing::transport_obfuscated,
        300,
    ),
    // Replays a whole RSA + DH exchange per input: fewer runs.
    (
        "mtproto_core_handshake_server",
        fuzzing::handshake_server,
        12,
    ),
    (
        "mtproto_core_session_server_encrypted",
        fuzzing::session_server_encrypted,
        300,
    ),
    (
        "mtproto_core_session_server_plaintext",
        fuzzing::session_server_plaintext,
        300,
    ),
];

#[test]
fn wire_seeds_replay() {
    for (name, body, _) in TARGETS {
        assert!(replay_seeds(name, body) >= 3, "{name}");
    }
}

#[test]
fn wire_smoke_random() {
    for (i, (_, body, count)) in TARGETS.iter().enumerate() {
        smoke_random(i as u64 + 1, *count, 600, body);
    }
}
