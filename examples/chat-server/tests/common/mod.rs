//! Helpers shared by the end-to-end tests: the built `chat-server` binary on a free loopback
//! port with a temporary data directory, and the Python that runs the Telethon scenario scripts
//! in `tests/telethon/`.
//!
//! Python with Telethon 1.45.0 comes from `MTPROTO_TEST_PYTHON` (set by `scripts/test.sh`), else
//! `python3`; a test fails with a clear message when Telethon is missing.

#![allow(dead_code)] // each test binary uses a different subset

pub mod raw;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// How long the server may take to say it listens (a loaded CI machine, a cold store).
const START_TIMEOUT: Duration = Duration::from_secs(120);

/// Telethon's connection classes for the full, intermediate, abridged and obfuscated transports.
pub const TRANSPORTS: [&str; 4] = [
    "ConnectionTcpFull",
    "ConnectionTcpIntermediate",
    "ConnectionTcpAbridged",
    "ConnectionTcpObfuscated",
];

/// A running `chat-server` process, killed when dropped.
pub struct Server {
    child: Child,
    /// The loopback port it listens on.
    pub port: u16,
    /// Its data directory.
    pub data_dir: PathBuf,
}

impl Server {
    /// Starts the binary with `--auto-register` and `extra` arguments on `port`, and waits for
    /// its "listening" log line.
    pub fn start_on(data_dir: &Path, port: u16, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_chat-server"))
            .args(["--listen", &format!("127.0.0.1:{port}"), "--auto-register"])
            .arg("--data-dir")
            .arg(data_dir)
            .args(extra)
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("chat-server starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.contains("chat-server listening") {
                    let _ = tx.send(());
                }
            }
        });
        let server = Server {
            child,
            port,
            data_dir: data_dir.to_path_buf(),
        };
        rx.recv_timeout(START_TIMEOUT)
            .expect("chat-server logs that it listens");
        server
    }

    /// Starts the binary on a free port.
    pub fn start(data_dir: &Path) -> Server {
        Server::start_on(data_dir, free_port(), &[])
    }

    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The public key Telethon must trust (written by the server on start).
    pub fn public_key(&self) -> PathBuf {
        self.data_dir.join("server-public.pem")
    }

    /// Kills the process with SIGKILL (no shutdown path runs) and waits for it.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A loopback port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The Python that has Telethon 1.45.0.
pub fn python() -> String {
    let py = std::env::var("MTPROTO_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let check = Command::new(&py)
        .args(["-c", "import telethon; print(telethon.__version__)"])
        .output();
    match check {
        Ok(o) if o.status.success() => {
            let version = String::from_utf8_lossy(&o.stdout).trim().to_string();
            assert_eq!(version, "1.45.0", "the interop tests pin Telethon 1.45.0");
        }
        _ => panic!(
            "Telethon is not importable with `{py}`: install it (pip install telethon==1.45.0) or \
             set MTPROTO_TEST_PYTHON to a Python that has it (scripts/test.sh does)"
        ),
    }
    py
}

/// A scenario script in `tests/telethon/`.
pub fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/telethon")
        .join(name)
}

/// Runs `tests/telethon/<name>` with the server's public key and port as its first two
/// arguments, then `args`; asserts it succeeded and returns its stdout.
pub fn run_script(server: &Server, name: &str, args: &[&str]) -> String {
    let out = spawn_script(server, name, args)
        .wait_with_output()
        .expect("the scenario script runs");
    checked_stdout(name, out)
}

/// Starts `tests/telethon/<name>` like [`run_script`] without waiting (stdin and stdout piped).
pub fn spawn_script(server: &Server, name: &str, args: &[&str]) -> Child {
    Command::new(python())
        .arg(script(name))
        .arg(server.public_key())
        .arg(server.port.to_string())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python starts")
}

/// The stdout of a finished script, or a panic with both of its streams.
pub fn checked_stdout(name: &str, out: Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{name} failed:\n{stdout}\n{stderr}");
    stdout
}

/// How long a test waits for a line a running script prints (a loaded CI machine).
pub const LINE_TIMEOUT: Duration = Duration::from_secs(120);

/// A scenario script the test talks to while it runs: its stdout arrives line by line, and
/// lines can be written to its stdin.
pub struct Conversation {
    name: String,
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
    stderr: thread::JoinHandle<String>,
}

impl Conversation {
    /// Starts `tests/telethon/<name>` like [`spawn_script`].
    pub fn start(server: &Server, name: &str, args: &[&str]) -> Conversation {
        let mut child = spawn_script(server, name, args);
        let stdout = child.stdout.take().unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let (tx, lines) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let stderr = thread::spawn(move || {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
            text
        });
        Conversation {
            name: name.to_string(),
            child,
            lines,
            seen: Vec::new(),
            stderr,
        }
    }

    /// Waits for the next line that starts with `prefix` and returns it; panics with the
    /// transcript when the script ends or [`LINE_TIMEOUT`] passes first.
    pub fn expect(&mut self, prefix: &str) -> String {
        loop {
            match self.lines.recv_timeout(LINE_TIMEOUT) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.starts_with(prefix) {
                        return line;
                    }
                }
                Err(_) => {
                    let _ = self.child.kill();
                    panic!(
                        "{}: no line starting with {prefix:?}; so far:\n{}",
                        self.name,
                        self.seen.join("\n")
                    );
                }
            }
        }
    }

    /// Writes `line` to the script's stdin.
    pub fn say(&mut self, line: &str) {
        let stdin = self.child.stdin.as_mut().unwrap();
        std::io::Write::write_all(stdin, format!("{line}\n").as_bytes()).unwrap();
        std::io::Write::flush(stdin).unwrap();
    }

    /// Waits for the script to exit, asserts it succeeded and returns its whole stdout.
    pub fn finish(mut self) -> String {
        drop(self.child.stdin.take());
        loop {
            match self.lines.recv_timeout(LINE_TIMEOUT) {
                Ok(line) => self.seen.push(line),
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    let _ = self.child.kill();
                    break;
                }
            }
        }
        let status = self.child.wait().expect("the script ends");
        let stdout = self.seen.join("\n") + "\n";
        let stderr = self.stderr.join().unwrap_or_default();
        assert!(
            status.success(),
            "{} failed:\n{stdout}\n{stderr}",
            self.name
        );
        stdout
    }
}
