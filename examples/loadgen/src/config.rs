//! The command line (also the library's configuration: tests build it with
//! [`clap::Parser::parse_from`], so they exercise the same options as the binary).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, ValueEnum};
use mtproto_core::transport::TransportKind;

/// Drives N clients against a chat-server and reports throughput, latency and memory.
#[derive(Debug, Clone, Parser)]
#[command(name = "loadgen", version)]
pub struct Config {
    /// How many concurrent clients (each one TCP connection, one auth key, one account).
    #[arg(short = 'n', long, default_value_t = 100)]
    pub clients: usize,

    /// Start this chat-server binary (fresh data directory, free loopback port, --auto-register).
    #[arg(long, value_name = "PATH", conflicts_with_all = ["server", "server_pid"])]
    pub spawn_server: Option<PathBuf>,

    /// The address of an already running server (started with --auto-register).
    #[arg(long, value_name = "HOST:PORT", requires = "public_key")]
    pub server: Option<SocketAddr>,

    /// The running server's public key (its `<data-dir>/server-public.pem`).
    #[arg(long, value_name = "PEM")]
    pub public_key: Option<PathBuf>,

    /// The running server's process id, to read its memory from /proc (optional).
    #[arg(long, value_name = "PID")]
    pub server_pid: Option<u32>,

    /// The server's DC id: test numbers are 99966XYYYY with X this id, and take the code XXXXX.
    #[arg(long, default_value_t = 2)]
    pub dc: u8,

    /// The first YYYY of the test numbers (client i uses YYYY = first + i).
    #[arg(long, default_value_t = 0)]
    pub first_number: u32,

    /// Transport every client speaks.
    #[arg(long, value_enum, default_value_t = Transport::Intermediate)]
    pub transport: Transport,

    /// Who writes to whom.
    #[arg(long, value_enum, default_value_t = Topology::Pairs)]
    pub topology: Topology,

    /// How long the clients send, in seconds (the run stops at whichever of --duration and
    /// --messages comes first).
    #[arg(long, default_value_t = 10.0)]
    pub duration: f64,

    /// How many messages each client sends at most (0: no limit).
    #[arg(long, default_value_t = 0)]
    pub messages: u64,

    /// Messages each client keeps in flight (sent, not yet answered by the server).
    #[arg(long, default_value_t = 1)]
    pub in_flight: usize,

    /// Pause between a client's sends, in milliseconds (0: send as soon as the window allows).
    #[arg(long, default_value_t = 0)]
    pub interval_ms: u64,

    /// Handshakes and logins run at once.
    #[arg(long, default_value_t = 64)]
    pub connect_concurrency: usize,

    /// After sending stops, how long to wait for every acknowledged message to arrive, in
    /// seconds.
    #[arg(long, default_value_t = 60)]
    pub drain_timeout: u64,

    /// How long one request may wait for its answer, in seconds.
    #[arg(long, default_value_t = 120)]
    pub request_timeout: u64,

    /// Round trips of the codec-only measurement (0: skip it).
    #[arg(long, default_value_t = 20_000)]
    pub codec_messages: u64,
}

/// The transports loadgen speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Transport {
    /// 4-byte lengths (`ee ee ee ee`).
    Intermediate,
    /// 1- or 4-byte lengths in 4-byte units (`ef`).
    Abridged,
}

impl Transport {
    /// The mtproto-core transport kind.
    pub fn kind(self) -> TransportKind {
        match self {
            Transport::Intermediate => TransportKind::Intermediate,
            Transport::Abridged => TransportKind::Abridged,
        }
    }
}

/// Who writes to whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Topology {
    /// Clients 2k and 2k+1 write to each other (an odd last client writes to client 0).
    Pairs,
    /// Client i writes to client i+1 (the last to client 0).
    Ring,
}

impl Topology {
    /// The client that client `i` of `n` writes to.
    pub fn target(self, i: usize, n: usize) -> usize {
        match self {
            Topology::Pairs if i ^ 1 < n => i ^ 1,
            Topology::Pairs | Topology::Ring => (i + 1) % n,
        }
    }
}

impl Config {
    /// The sending phase's length.
    pub fn duration(&self) -> Duration {
        Duration::from_secs_f64(self.duration.max(0.0))
    }

    /// The test number of client `i`: `99966` + DC digit + four digits.
    pub fn phone(&self, i: usize) -> String {
        format!("99966{}{:04}", self.dc, self.first_number as usize + i)
    }

    /// The code of every test number: the DC digit five times.
    pub fn code(&self) -> String {
        self.dc.to_string().repeat(5)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_and_numbers() {
        assert_eq!(Topology::Pairs.target(0, 4), 1);
        assert_eq!(Topology::Pairs.target(3, 4), 2);
        // An odd last client writes to client 0.
        assert_eq!(Topology::Pairs.target(4, 5), 0);
        assert_eq!(Topology::Ring.target(4, 5), 0);
        assert_eq!(Topology::Ring.target(1, 5), 2);
        let c = Config::parse_from(["loadgen", "--first-number", "20", "--dc", "3"]);
        assert_eq!(c.phone(5), "9996630025");
        assert_eq!(c.code(), "33333");
    }
}
