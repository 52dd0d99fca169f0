//! Load generator for `chat-server`: N clients built from the workspace's crates — the client
//! handshake ([`mtproto_core::handshake::client`]), the client session
//! ([`mtproto_core::session::client::ClientConnection`]) and the gap engine
//! ([`updates::client::Engine`]) — each open a TCP connection, create an auth key, sign in with a
//! test number and exchange private messages with a partner. The run reports messages/s
//! delivered, delivery latency, handshakes/s, the server's memory per connection and, measured
//! in the same process, the codec-only rate of the same message (see `docs/loadgen.md`).
//!
//! The libraries stay Sans-IO: this crate is the host that owns the sockets, the clock
//! ([`clock`]) and the OS-seeded random generator.

pub mod clock;
pub mod codec;
pub mod config;
pub mod fds;
pub mod link;
pub mod login;
pub mod memory;
pub mod peer;
pub mod report;
pub mod run;
pub mod spawn;
pub mod stats;
pub mod text;
pub mod tl;

pub use config::Config;
pub use report::Report;
pub use run::{RunError, run};
