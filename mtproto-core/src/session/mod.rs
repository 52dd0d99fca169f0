//! Encrypted sessions for both roles (<https://core.telegram.org/mtproto/description>,
//! <https://core.telegram.org/mtproto/service_messages>).

pub mod bad_msg;
pub mod client;
pub mod msg_window;
pub mod outbox;
pub mod salts;
pub mod server;
pub mod service;
pub mod wrappers;
