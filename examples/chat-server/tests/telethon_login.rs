//! End to end with a real client: the built `chat-server` binary (temp data dir,
//! `--auto-register`) and Telethon 1.45.0 logging in with a test number over the full,
//! intermediate, abridged and obfuscated transports, then `get_me`, `send_message` to self and
//! `get_messages`; and two accounts where one receives the other's message live.
//!
//! Needs Python with Telethon 1.45.0: `MTPROTO_TEST_PYTHON` (set by `scripts/test.sh`), else
//! `python3`; the test fails with a clear message when Telethon is missing.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// The server process, killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts the binary and waits for its "listening" log line.
fn start_server(data_dir: &Path, port: u16) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chat-server"))
        .args(["--listen", &format!("127.0.0.1:{port}"), "--auto-register"])
        .arg("--data-dir")
        .arg(data_dir)
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
    let server = Server(child);
    rx.recv_timeout(Duration::from_secs(120))
        .expect("chat-server logs that it listens");
    server
}

fn python() -> String {
    let py = std::env::var("MTPROTO_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let check = Command::new(&py)
        .args(["-c", "import telethon; print(telethon.__version__)"])
        .output();
    match check {
        Ok(o) if o.status.success() => {
            let version = String::from_utf8_lossy(&o.stdout).trim().to_string();
            assert_eq!(version, "1.45.0", "the interop test pins Telethon 1.45.0");
        }
        _ => panic!(
            "Telethon is not importable with `{py}`: install it (pip install telethon==1.45.0) or \
             set MTPROTO_TEST_PYTHON to a Python that has it (scripts/test.sh does)"
        ),
    }
    py
}

fn login(py: &str, pem: &Path, port: u16, connection: &str, phone: &str) -> String {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/telethon/login.py");
    let out = Command::new(py)
        .arg(script)
        .arg(pem)
        .args([&port.to_string(), connection, phone, "22222"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "Telethon over {connection} failed:\n{stdout}\n{stderr}"
    );
    stdout
}

#[test]
fn telethon_logs_in_and_chats_with_itself_over_every_transport() {
    let py = python();
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let _server = start_server(dir.path(), port);
    let pem = dir.path().join("server-public.pem");
    for (i, connection) in [
        "ConnectionTcpFull",
        "ConnectionTcpIntermediate",
        "ConnectionTcpAbridged",
        "ConnectionTcpObfuscated",
    ]
    .into_iter()
    .enumerate()
    {
        // A new test number per transport: each one registers; DC 2 test numbers take 22222.
        let phone = format!("99966200{i:02}");
        let out = login(&py, &pem, port, connection, &phone);
        assert!(
            out.contains("AUTHORIZED_BEFORE False"),
            "{connection}: {out}"
        );
        assert!(
            out.contains(&format!(" {phone} True")),
            "{connection}: get_me: {out}"
        );
        assert!(out.contains("AUTHORIZED_AFTER True"), "{connection}: {out}");
        // Each account's own box: ids 1 and 2, read back newest first.
        assert!(out.contains("SENT 1\nSENT 2\n"), "{connection}: {out}");
        assert!(
            out.contains("HISTORY second message|hello from telethon\n"),
            "{connection}: {out}"
        );
    }
    // The same number again logs in to the same account (no second registration).
    let again = login(&py, &pem, port, "ConnectionTcpFull", "+9996620000");
    let id = |out: &str| {
        out.lines()
            .find(|l| l.starts_with("GET_ME"))
            .map(|l| l.split(' ').nth(1).unwrap_or("").to_string())
    };
    let first = login(&py, &pem, port, "ConnectionTcpFull", "9996620000");
    assert_eq!(id(&again), id(&first), "{again}\n{first}");
}

#[test]
fn a_private_message_reaches_the_other_account_live() {
    let py = python();
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let _server = start_server(dir.path(), port);
    let pem = dir.path().join("server-public.pem");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/telethon/live.py");
    let out = Command::new(&py)
        .arg(script)
        .arg(&pem)
        .args([&port.to_string(), "ConnectionTcpFull"])
        .args(["9996621111", "9996622222", "22222"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "live.py failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("RECEIVED hi B True"), "{stdout}\n{stderr}");
    assert!(stdout.contains("HISTORY_B hi B\n"), "{stdout}");
    assert!(stdout.contains("HISTORY_A hi B\n"), "{stdout}");
}
