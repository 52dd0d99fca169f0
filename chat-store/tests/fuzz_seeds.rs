//! Replays the checked-in fuzz seeds (and any local corpus) through the fuzz-target bodies, plus
//! a non-guided random smoke pass.

#[test]
fn record_seeds() {
    assert!(testkit::replay_seeds("chat_store_record", chat_store::fuzzing::record) >= 5);
    testkit::smoke_random(1, 20_000, 64, chat_store::fuzzing::record);
}

#[test]
fn shard_dump_seeds() {
    assert!(testkit::replay_seeds("chat_store_shard_dump", chat_store::fuzzing::shard_dump) >= 2);
    testkit::smoke_random(2, 20_000, 64, chat_store::fuzzing::shard_dump);
}
