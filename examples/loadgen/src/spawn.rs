//! `--spawn-server`: starts a chat-server binary on a free loopback port with a fresh data
//! directory and `--auto-register`, and stops it (and removes the directory) when dropped.

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// How long the server may take to say it listens (a loaded machine, a cold store).
const START_TIMEOUT: Duration = Duration::from_secs(120);

/// A chat-server process started by loadgen.
#[derive(Debug)]
pub struct SpawnedServer {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its data directory (removed on drop).
    pub data_dir: PathBuf,
}

impl SpawnedServer {
    /// Starts `binary` for DC `dc` and waits for its "chat-server listening" log line.
    pub fn start(binary: &Path, dc: u8) -> std::io::Result<SpawnedServer> {
        let addr = TcpListener::bind("127.0.0.1:0")?.local_addr()?;
        let data_dir = std::env::temp_dir().join(format!(
            "loadgen-{}-{}",
            std::process::id(),
            crate::clock::nanos()
        ));
        std::fs::create_dir_all(&data_dir)?;
        let mut child = Command::new(binary)
            .args(["--listen", &addr.to_string(), "--auto-register"])
            .args(["--dc-id", &dc.to_string()])
            .arg("--data-dir")
            .arg(&data_dir)
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let (tx, rx) = mpsc::channel();
        // Reads the log to its end, so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.contains("chat-server listening") {
                    let _ = tx.send(());
                }
            }
        });
        let server = SpawnedServer {
            child,
            addr,
            data_dir,
        };
        rx.recv_timeout(START_TIMEOUT).map_err(|_| {
            std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "chat-server did not log that it listens",
            )
        })?;
        Ok(server)
    }

    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The public key it wrote.
    pub fn public_key(&self) -> PathBuf {
        self.data_dir.join("server-public.pem")
    }
}

impl Drop for SpawnedServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}
