//! Replays the fuzz targets' checked-in seeds (and any local corpus) on the stable toolchain,
//! plus a short non-guided smoke pass over pseudo-random inputs.

#[test]
fn fuzz_seeds_message_decrypt() {
    let n = testkit::replay_seeds(
        "mtproto_crypto_message_decrypt",
        mtproto_crypto::fuzzing::message_decrypt,
    );
    assert!(n >= 10);
}

#[test]
fn fuzz_seeds_rsa_decrypt() {
    let n = testkit::replay_seeds(
        "mtproto_crypto_rsa_decrypt",
        mtproto_crypto::fuzzing::rsa_decrypt,
    );
    assert!(n >= 7);
}

#[test]
fn fuzz_smoke_message_decrypt() {
    testkit::smoke_random(1, 3000, 300, mtproto_crypto::fuzzing::message_decrypt);
}

#[test]
fn fuzz_smoke_rsa_decrypt() {
    // Each run costs a private-key operation: a few dozen inputs.
    testkit::smoke_random(2, 30, 300, mtproto_crypto::fuzzing::rsa_decrypt);
}
