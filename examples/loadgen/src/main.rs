//! Load generator for `chat-server` (work in progress).

fn main() {}
