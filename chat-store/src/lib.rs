//! chat-store (under construction).
