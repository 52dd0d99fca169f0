//! The MTProto service schema (`schema/mtproto.tl`): auth-key creation
//! (<https://core.telegram.org/mtproto/auth_key>), service messages
//! (<https://core.telegram.org/mtproto/service_messages>,
//! <https://core.telegram.org/mtproto/service_messages_about_messages>) and RPC envelopes.
//!
//! `message` (inside `msg_container`) is hand-written in [`container`]: its body is an `Object`
//! whose length is given by the preceding `bytes` field, which the schema language cannot say.
//!
//! Encode a `resPQ`: `types::ResPQ { .. }.to_bytes()` (or `enums::ResPQ::from(..)`); decode a
//! `req_pq_multi`: `functions::ReqPqMulti::from_bytes(body)`, or any handshake query by matching
//! [`name_for_id`] / the first four bytes.
#![allow(clippy::all, missing_docs)]

include!(concat!(env!("OUT_DIR"), "/mtproto.rs"));

pub mod container;
