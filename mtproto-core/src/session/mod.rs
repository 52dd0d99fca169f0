//! Encrypted sessions for both roles (<https://core.telegram.org/mtproto/description>,
//! <https://core.telegram.org/mtproto/service_messages>).

pub mod msg_window;
