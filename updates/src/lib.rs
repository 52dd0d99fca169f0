//! updates (under construction).
