//! End to end with a real client: Telethon 1.45.0 against the built `chat-server` binary (temp
//! data dir, `--auto-register`), two accounts per transport running `tests/telethon/messages.py`:
//! history paging (get_messages, iter_messages), messages by id, search, iter_dialogs, edits
//! seen as `MessageEdited`, the errors of edits that cannot apply and of a forged peer,
//! deletions seen as `MessageDeleted`, read receipts seen as `MessageRead(outbox)` (the sender's
//! second device sees its own edits, deletions and read receipts too), typing, and catch-up
//! through `updates.getDifference` after a disconnect (5 messages, then 130: a
//! `differenceSlice` first). The full, intermediate, abridged and obfuscated transports run
//! concurrently against one server, each with its own pair of test numbers.

mod common;

use common::{Server, TRANSPORTS, checked_stdout, spawn_script};

#[test]
fn telethon_pages_edits_deletes_reads_and_catches_up_over_every_transport() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let runs: Vec<_> = TRANSPORTS
        .into_iter()
        .enumerate()
        .map(|(i, connection)| {
            // DC 2 test numbers (code 22222), a new pair per transport.
            let (a, b) = (format!("99966230{i}1"), format!("99966230{i}2"));
            let child = spawn_script(&server, "messages.py", &[connection, &a, &b]);
            (connection, child)
        })
        .collect();
    for (connection, child) in runs {
        let out = checked_stdout(
            &format!("messages.py over {connection}"),
            child.wait_with_output().expect("the scenario script runs"),
        );
        for step in [
            "PAGED 3",
            "ITERATED 25 10",
            "BY_ID",
            "SEARCH 7",
            "DIALOGS 2 1",
            "EDITED",
            "REFUSED",
            "DELETED",
            "READ",
            "TYPING",
            "CAUGHT_UP 5",
            "CAUGHT_UP 130",
            "ALL OK",
        ] {
            assert!(out.contains(step), "{connection}: no {step}:\n{out}");
        }
    }
}
