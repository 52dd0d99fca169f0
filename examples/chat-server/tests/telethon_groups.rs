//! End to end with three Telethon 1.45.0 accounts against the built `chat-server` binary
//! (`tests/telethon/groups.py`): usernames, profile, contacts, authorizations, a basic group in
//! which every member receives every message live, and log-out/sign-in on the same key. The
//! server runs with `--code-webhook` pointing at a loopback listener here, which must receive
//! every login code as JSON.

mod common;

use std::collections::HashSet;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use common::{Server, TRANSPORTS, free_port, run_script};

/// How long the webhook's POSTs may take to arrive after the script finished.
const WEBHOOK_WAIT: Duration = Duration::from_secs(60);

/// Reads one HTTP request (head and `Content-Length` body), answers 204 and returns the body.
fn read_post(mut socket: std::net::TcpStream) -> Option<String> {
    socket.set_read_timeout(Some(WEBHOOK_WAIT)).ok()?;
    let mut received = Vec::new();
    let mut chunk = [0u8; 1024];
    loop {
        let n = socket.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        received.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&received).to_string();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("Content-Length: "))?
                .parse()
                .ok()?;
            if body.len() >= length {
                assert!(head.starts_with("POST /codes HTTP/1.1\r\n"), "{head}");
                socket.write_all(b"HTTP/1.1 204 No Content\r\n\r\n").ok()?;
                return Some(body[..length].to_string());
            }
        }
    }
}

/// A loopback webhook receiver: the bodies of the POSTs it gets, through a channel.
fn webhook() -> (u16, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for socket in listener.incoming().map_while(Result::ok) {
            if let Some(body) = read_post(socket)
                && tx.send(body).is_err()
            {
                return;
            }
        }
    });
    (port, rx)
}

#[test]
fn three_accounts_find_each_other_and_chat_in_a_basic_group_over_every_transport() {
    for connection in TRANSPORTS {
        scenario(connection);
    }
}

/// The whole scenario over one transport, on a fresh server and data directory.
fn scenario(connection: &str) {
    let (hook_port, codes) = webhook();
    let dir = tempfile::tempdir().unwrap();
    let hook = format!("http://127.0.0.1:{hook_port}/codes");
    let server = Server::start_on(dir.path(), free_port(), &["--code-webhook", &hook]);
    let phones = ["9996623001", "9996623002", "9996623003"];
    let out = run_script(
        &server,
        "groups.py",
        &[connection, phones[0], phones[1], phones[2]],
    );
    let expect = |line: &str| {
        assert!(
            out.contains(line),
            "{connection}: missing {line:?} in:\n{out}"
        )
    };
    // Profile and discovery.
    expect("CHECK_FREE True\n");
    expect("USERNAME_SET True\n");
    expect(
        "ERRORS UsernameNotModifiedError UsernameOccupiedError UsernameInvalidError \
         UsernameNotOccupiedError\n",
    );
    expect("CHECK_TAKEN False\n");
    expect("PROFILE Alice Liddell\n");
    expect("RESOLVED True Alice True\n");
    expect("IMPORTED [(True, 7)]\n");
    expect("CONTACTS [(True, 'Carol', True)]\n");
    // Devices.
    expect("AUTHORIZATIONS 2 [False, True]\n");
    expect("RESET_CURRENT HashInvalidError\n");
    expect("RESET True\n");
    expect("RESET_DEVICE AuthKeyUnregisteredError\n");
    // The group: created with B, C added; everyone sees it and every message.
    expect("CREATED Trio 2 True\n");
    expect("ADDED UserAlreadyParticipantError\n");
    expect("SEES B Trio True\n");
    expect("SEES C Trio True\n");
    for (name, others) in [
        ("A", "hello from B|hello from C"),
        ("B", "hello from A|hello from C"),
        ("C", "hello from A|hello from B"),
    ] {
        expect(&format!("LIVE {name} {others}\n"));
    }
    expect("HISTORY A hello from A|hello from B|hello from C [True, False, False]\n");
    expect("HISTORY B hello from A|hello from B|hello from C [False, True, False]\n");
    expect("HISTORY C hello from A|hello from B|hello from C [False, False, True]\n");
    for name in ["A", "B", "C"] {
        expect(&format!("DIALOG {name} [('Trio', 'hello from C')]\n"));
    }
    // auth.logOut keeps the key: the same client signs in again on it.
    expect("LOGGED_OUT AuthKeyUnregisteredError\n");
    expect("SIGNED_IN_AGAIN True\n");
    // Every number's code went to the webhook, none to a log line.
    let mut seen = HashSet::new();
    let deadline = Instant::now() + WEBHOOK_WAIT;
    while seen.len() < phones.len() {
        let left = deadline.saturating_duration_since(Instant::now());
        let body = codes
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("webhook got codes for {seen:?} only"));
        let phone = phones
            .iter()
            .find(|p| body == format!(r#"{{"phone":"{p}","code":"22222"}}"#))
            .unwrap_or_else(|| panic!("unexpected webhook body {body}"));
        seen.insert(*phone);
    }
}
