//! End to end with a real client: the built `chat-server` binary (temp data dir,
//! `--auto-register`) and Telethon 1.45.0 logging in with a test number over the full,
//! intermediate, abridged and obfuscated transports, then `get_me`, `send_message` to self and
//! `get_messages`; and two accounts where one receives the other's message live.

mod common;

use common::{Server, TRANSPORTS, run_script};

#[test]
fn telethon_logs_in_and_chats_with_itself_over_every_transport() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let login =
        |connection: &str, phone: &str| run_script(&server, "login.py", &[connection, phone]);
    for (i, connection) in TRANSPORTS.into_iter().enumerate() {
        // A new test number per transport: each one registers; DC 2 test numbers take 22222.
        let phone = format!("99966200{i:02}");
        let out = login(connection, &phone);
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
    let again = login("ConnectionTcpFull", "+9996620000");
    let id = |out: &str| {
        out.lines()
            .find(|l| l.starts_with("GET_ME"))
            .map(|l| l.split(' ').nth(1).unwrap_or("").to_string())
    };
    let first = login("ConnectionTcpFull", "9996620000");
    assert_eq!(id(&again), id(&first), "{again}\n{first}");
}

#[test]
fn a_private_message_reaches_the_other_account_live() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let stdout = run_script(
        &server,
        "live.py",
        &["ConnectionTcpFull", "9996621111", "9996622222"],
    );
    assert!(stdout.contains("RECEIVED hi B True"), "{stdout}");
    assert!(stdout.contains("HISTORY_B hi B\n"), "{stdout}");
    assert!(stdout.contains("HISTORY_A hi B\n"), "{stdout}");
}
