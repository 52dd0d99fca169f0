//! Resilience with real clients against the built `chat-server` binary: Telethon 1.45.0
//! accounts keep chatting across a SIGKILL of the server and a restart on the same data
//! directory and port (no acknowledged message lost, no new login); and one account on two
//! devices (two auth keys) receives every message on both, in the same order.

mod common;

use common::{Conversation, Server, run_script};

#[test]
fn no_acknowledged_message_is_lost_when_the_server_is_killed() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(dir.path());
    let port = server.port;
    let mut chat = Conversation::start(&server, "restart.py", &["9996623001", "9996623002"]);
    // Kill mid-conversation: A has had some sends acknowledged and keeps sending.
    chat.expect("ACKED 5");
    server.kill();
    let server = Server::start_on(dir.path(), port, &[]);
    chat.say("RESTARTED");
    let out = chat.finish();
    drop(server);
    assert!(out.contains("SAME_ACCOUNTS True True"), "{out}");
    assert!(out.contains("LIVE_AFTER_RESTART True"), "{out}");
    assert!(out.contains("MISSING_A []"), "{out}");
    assert!(out.contains("MISSING_B []"), "{out}");
    let total: usize = out
        .lines()
        .find_map(|l| l.strip_prefix("ACKED_TOTAL "))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(
        total >= 9,
        "5 before the kill, 3 after, and the last: {out}"
    );
}

#[test]
fn two_devices_of_one_account_receive_every_message_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let out = run_script(&server, "devices.py", &["9996624001", "9996624002", "20"]);
    assert!(out.contains("SAME_ACCOUNT True"), "{out}");
    assert!(out.contains("DEVICE_1_IN_ORDER True"), "{out}");
    assert!(out.contains("DEVICE_2_IN_ORDER True"), "{out}");
    assert!(out.contains("OTHER_DEVICE_SEES_OUTGOING True"), "{out}");
}
