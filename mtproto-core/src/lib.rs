//! mtproto-core (under construction).
