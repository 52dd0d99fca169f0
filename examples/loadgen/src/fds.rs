//! File descriptors: each client holds one socket in this process and the server one more, so
//! N clients on loopback need about 2N descriptors between the two processes.

/// Descriptors needed besides the sockets (stdio, the runtime, the server's store).
const SPARE: u64 = 256;

/// Descriptors one process needs for `clients` connections.
pub fn needed(clients: usize) -> u64 {
    clients as u64 + SPARE
}

/// Raises this process's soft `RLIMIT_NOFILE` (up to the hard limit) so that `clients` sockets
/// fit; returns the soft limit now in force. A spawned server inherits it.
pub fn ensure_for(clients: usize) -> std::io::Result<u64> {
    rlimit::increase_nofile_limit(needed(clients))
}
