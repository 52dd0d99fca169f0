#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| mtproto_crypto::fuzzing::message_decrypt(data));
