//! The Telegram API at layer 229 (`schema/api.tl`): the declarations the project implements and
//! every constructor of every type they reach. <https://core.telegram.org/schema>
//!
//! [`server::Api`] is the typed server dispatcher's trait (see [`crate::dispatch`]).
#![allow(clippy::all, missing_docs)]

include!(concat!(env!("OUT_DIR"), "/api.rs"));
