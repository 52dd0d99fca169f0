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

#[test]
fn format_2_record_seeds_decode() {
    use chat_store::codec::Record;
    use chat_store::model::dialog::OrderEntry;
    use chat_store::model::message::MsgPlace;
    let seed = |name: &str| {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../fuzz/seeds/chat_store_record/"
        );
        std::fs::read(format!("{dir}{name}")).expect("seed file")
    };
    assert!(MsgPlace::decode(&seed("msg_place")).is_ok());
    let with_top = OrderEntry::decode(&seed("order_entry")).expect("order_entry seed");
    assert!(with_top.top.is_some());
    let without = OrderEntry::decode(&seed("order_entry_no_top")).expect("no-top seed");
    assert_eq!((without.dialog, without.top), (with_top.dialog, None));
}
