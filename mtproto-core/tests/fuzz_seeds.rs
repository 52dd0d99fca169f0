//! Replays the checked-in seeds (and any local corpus) of the TL fuzz targets, plus a short
//! non-guided smoke run, in plain `cargo test`.

use mtproto_core::fuzzing;

#[test]
fn fuzz_seeds_mtproto_core_tl_decode() {
    assert!(testkit::replay_seeds("mtproto_core_tl_decode", fuzzing::tl_decode) > 0);
    testkit::smoke_random(1, 20_000, 96, fuzzing::tl_decode);
}

#[test]
fn fuzz_seeds_mtproto_core_tl_dispatch() {
    assert!(testkit::replay_seeds("mtproto_core_tl_dispatch", fuzzing::tl_dispatch) > 0);
    testkit::smoke_random(2, 20_000, 96, fuzzing::tl_dispatch);
}
