//! mtproto-crypto (under construction).
