//! Replays the checked-in fuzz seeds (and any local corpus) through the fuzz bodies, plus a
//! non-guided random smoke pass.

#[test]
fn saved_state_seeds() {
    testkit::replay_seeds("updates_saved_state", updates::fuzzing::saved_state);
    testkit::smoke_random(7, 2_000, 64, updates::fuzzing::saved_state);
}

#[test]
fn engine_seeds() {
    testkit::replay_seeds("updates_engine", updates::fuzzing::engine);
    testkit::smoke_random(11, 2_000, 256, updates::fuzzing::engine);
}
