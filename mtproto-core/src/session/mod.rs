//! Encrypted sessions for both roles (<https://core.telegram.org/mtproto/description>,
//! <https://core.telegram.org/mtproto/service_messages>).

pub mod bad_msg;
pub mod gzip;
pub mod msg_window;
pub mod salts;
pub mod service;
pub mod wrappers;
