#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| mtproto_core::fuzzing::tl_decode(data));
