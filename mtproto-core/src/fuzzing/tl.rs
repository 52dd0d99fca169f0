//! TL fuzz bodies (`fuzz/fuzz_targets/mtproto_core_tl_*`).

use crate::tl::{api, mtproto, secret};

/// Decodes `data[2..]` as one of the boxed types, constructors or functions of the three schemas,
/// chosen by `data[0..2]`; when that succeeds, encode → decode → encode must be a fixpoint.
pub fn tl_decode(data: &[u8]) {
    let Some((selector, body)) = data.split_first_chunk::<2>() else {
        return;
    };
    let index = usize::from(u16::from_le_bytes(*selector));
    let schemas = mtproto::FUZZ_TARGETS + api::FUZZ_TARGETS + secret::FUZZ_TARGETS;
    let index = index % schemas;
    if index < mtproto::FUZZ_TARGETS {
        mtproto::fuzz_roundtrip(index, body);
    } else if index < mtproto::FUZZ_TARGETS + api::FUZZ_TARGETS {
        api::fuzz_roundtrip(index - mtproto::FUZZ_TARGETS, body);
    } else {
        secret::fuzz_roundtrip(index - mtproto::FUZZ_TARGETS - api::FUZZ_TARGETS, body);
    }
}

/// A server that implements nothing: every decodable query gets `INPUT_METHOD_INVALID`.
struct Nothing;
impl crate::dispatch::Api for Nothing {}

/// Dispatches `data` as an API query (wrappers included) to a handler implementing nothing; an
/// answer is always written for a query that reached a method, and errors map to an `rpc_error`.
pub fn tl_dispatch(data: &[u8]) {
    let mut out = Vec::new();
    match crate::dispatch::dispatch(&mut Nothing, data, &mut out) {
        Ok(_) => assert!(out.len() >= 4, "a dispatched query wrote no answer"),
        Err(e) => assert_eq!(e.to_rpc_error().error_code, 400),
    }
}
