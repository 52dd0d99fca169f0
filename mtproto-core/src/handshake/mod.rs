//! Authorization-key creation for both roles (<https://core.telegram.org/mtproto/auth_key>).

pub mod messages;
