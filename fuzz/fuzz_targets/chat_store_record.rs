#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| chat_store::fuzzing::record(data));
