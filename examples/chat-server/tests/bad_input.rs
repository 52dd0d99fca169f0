//! Bad input against the built `chat-server` binary over raw loopback TCP — garbage bytes (no
//! transport, a junk unencrypted message, a bad full-transport CRC), a truncated frame, an unknown auth key, an oversized frame and a replayed encrypted message —
//! while two Telethon 1.45.0 accounts keep chatting on their own connections. Each bad
//! connection gets its answer (a transport error, a close, or the session's answer to a
//! duplicate msg_id) and nothing else is affected: the chat goes on, and the server still
//! accepts new connections afterwards.

mod common;

use common::raw::{self, BAD_MSG_NOTIFICATION, MSG_DETAILED_INFO, RPC_RESULT, RawClient};
use common::{Conversation, Server};
use mtproto_core::tl::Serialize;
use mtproto_core::tl::api::{functions, types};
use mtproto_core::transport::DEFAULT_MAX_PAYLOAD;

/// Bytes that start no known transport: not the abridged/intermediate/padded tags, no full
/// transport (bytes 4..8 are not zero), and an obfuscation header whose decrypted tag is none of
/// the three.
fn garbage() -> Vec<u8> {
    (0..64u32).map(|i| (i * 37 + 11) as u8).collect()
}

/// Sends `payload` as one intermediate-transport frame on a fresh connection and expects the
/// transport error −404 in answer (MTPROTO.md §1.6; intermediate framing
/// `04 00 00 00 6c fe ff ff`).
fn intermediate_payload_gets_404(port: u16, payload: &[u8], what: &str) {
    let mut s = raw::connect(port);
    let mut bytes = raw::INTERMEDIATE_TAG.to_vec();
    bytes.extend(raw::intermediate_frame(payload));
    std::io::Write::write_all(&mut s, &bytes).unwrap();
    assert_eq!(
        raw::read_exact(&mut s, 8),
        [4, 0, 0, 0, 0x6c, 0xfe, 0xff, 0xff],
        "{what}: -404"
    );
}

/// Garbage: the server closes the connection without a word (the stream cannot be framed).
fn garbage_is_closed(port: u16) {
    let mut s = raw::connect(port);
    std::io::Write::write_all(&mut s, &garbage()).unwrap();
    assert_eq!(raw::read_to_close(&mut s), Vec::<u8>::new(), "garbage");
}

/// Garbage inside a well-framed packet: an unencrypted message (auth_key_id 0) that is no
/// handshake step → −404, as Telegram answers a malformed handshake query (MTPROTO.md §1.6).
fn garbage_plain_message_gets_404(port: u16) {
    let mut payload = 0u64.to_le_bytes().to_vec(); // auth_key_id 0: unencrypted
    payload.extend(0x6500_0000_0000_0000u64.to_le_bytes()); // msg_id
    payload.extend(16u32.to_le_bytes()); // body length
    payload.extend(garbage()[..16].iter());
    intermediate_payload_gets_404(port, &payload, "junk unencrypted message");
}

/// A full-transport packet whose CRC32 is wrong: the stream cannot be trusted, so the server
/// closes the connection (<https://core.telegram.org/mtproto/mtproto-transports#full>).
fn bad_crc_is_closed(port: u16) {
    let mut s = raw::connect(port);
    let mut bytes = 28u32.to_le_bytes().to_vec(); // len: itself, seq, 16 bytes, crc
    bytes.extend(0u32.to_le_bytes()); // seq
    bytes.extend(garbage()[..16].iter());
    bytes.extend(0xdead_beefu32.to_le_bytes()); // not the CRC32 of the above
    std::io::Write::write_all(&mut s, &bytes).unwrap();
    assert_eq!(raw::read_to_close(&mut s), Vec::<u8>::new(), "bad crc");
}

/// A frame announcing 1000 bytes, 100 sent, then the client closes: nothing is answered or run.
fn truncated_frame_is_dropped(port: u16) {
    let mut s = raw::connect(port);
    let mut bytes = raw::INTERMEDIATE_TAG.to_vec();
    bytes.extend(1000u32.to_le_bytes());
    bytes.extend([0x5a; 100]);
    raw::send_and_half_close(&mut s, &bytes);
    assert_eq!(raw::read_to_close(&mut s), Vec::<u8>::new(), "truncated");
}

/// An encrypted message under an auth key the server never made: transport error −404, as
/// Telegram sends it (MTPROTO.md §1.6).
fn unknown_key_gets_404(port: u16) {
    let mut payload = 0x1122_3344_5566_7788u64.to_le_bytes().to_vec(); // auth_key_id
    payload.extend([0xab; 16]); // msg_key
    payload.extend([0xcd; 64]); // "encrypted" data
    intermediate_payload_gets_404(port, &payload, "unknown auth key");
}

/// A length above the server's maximum payload (16 MiB): the transport page defines no error
/// code for it and the stream cannot be framed any more, so the server closes the connection
/// without reading or allocating the announced bytes.
fn oversized_frame_is_closed(port: u16) {
    let mut s = raw::connect(port);
    let mut bytes = raw::INTERMEDIATE_TAG.to_vec();
    bytes.extend(((DEFAULT_MAX_PAYLOAD + 4) as u32).to_le_bytes());
    bytes.extend([0u8; 1024]);
    std::io::Write::write_all(&mut s, &bytes).unwrap();
    assert_eq!(raw::read_to_close(&mut s), Vec::<u8>::new(), "oversized");
}

/// A client built from the crates logs in and sends a message to itself; the exact encrypted
/// bytes are then written again on the same connection. The duplicate msg_id is not executed
/// twice: per <https://core.telegram.org/mtproto/service_messages_about_messages> the server
/// answers a duplicate by re-sending its answer (the same server message) or with
/// `msg_detailed_info`, and a reused container id with `bad_msg_notification` 19. Replayed on a
/// new connection, the send is still stored once.
fn replayed_message_runs_once(server: &Server) {
    let mut c = RawClient::connect(server.port, &server.public_key());
    c.login("9996629003");
    c.flush(); // acknowledgements go out on their own
    let text = format!("replayed once {}", rand::random::<u32>());
    let send = functions::messages::SendMessage {
        peer: types::InputPeerSelf.into(),
        message: text.clone().into(),
        random_id: rand::random(),
        ..Default::default()
    };
    let (request, written) = c.start(send.to_bytes());
    c.wait(request).expect("messages.sendMessage");
    let sent_ids = raw::sent_msg_ids(c.key(), &written);
    assert!(!sent_ids.is_empty(), "the captured frame decrypts");
    let first_answers: Vec<i64> = c
        .received
        .iter()
        .filter(|r| r.constructor() == RPC_RESULT && sent_ids.contains(&r.first_long()))
        .map(|r| r.msg_id)
        .collect();
    assert_eq!(first_answers.len(), 1, "one rpc_result for the send");
    let before = c.received.len();

    c.write_raw(&written);
    // A later query on the same connection: its answer comes after the server handled the replay.
    let history = c.history_with_self();
    assert_eq!(
        history.iter().filter(|t| **t == text).count(),
        1,
        "the replayed send ran once: {history:?}"
    );
    let replies: Vec<_> = c.received[before..]
        .iter()
        .filter(|r| sent_ids.iter().any(|&id| raw::names(r, id)))
        .collect();
    assert!(!replies.is_empty(), "the replay was answered");
    for r in replies {
        match r.constructor() {
            RPC_RESULT => assert_eq!(
                r.msg_id, first_answers[0],
                "a duplicate gets the original answer again, not a new one"
            ),
            MSG_DETAILED_INFO => {}
            BAD_MSG_NOTIFICATION => {
                let code = i32::from_le_bytes(r.body[16..20].try_into().unwrap());
                assert_eq!(code, 19, "container msg_id reused");
            }
            other => panic!("unexpected answer {other:#x}"),
        }
    }

    // The same bytes on a new connection while the first is still open: the session is live
    // there (sessions are parked for other connections only when theirs ends), so the query
    // reaches the handler again, and `messages.sendMessage` is idempotent on its `random_id`
    // (<https://core.telegram.org/method/messages.sendMessage>): still stored once.
    let mut other = raw::connect(server.port);
    let mut bytes = raw::INTERMEDIATE_TAG.to_vec();
    bytes.extend(&written);
    std::io::Write::write_all(&mut other, &bytes).unwrap();
    // Answers are written after the store call returned: once bytes arrive, the replay is done.
    let mut buf = [0u8; 4096];
    let n = std::io::Read::read(&mut other, &mut buf).expect("an answer on the new connection");
    assert!(n > 0, "the new connection was answered");
    let history = c.history_with_self();
    assert_eq!(
        history.iter().filter(|t| **t == text).count(),
        1,
        "replayed on a new connection, still stored once: {history:?}"
    );
}

#[test]
fn bad_connections_get_their_answer_and_disturb_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let mut chat = Conversation::start(
        &server,
        "chat.py",
        &["9996629001", "9996629002", "9996629004"],
    );
    chat.expect("LOGGED_IN");
    chat.expect("ROUND 1");
    garbage_is_closed(server.port);
    garbage_plain_message_gets_404(server.port);
    bad_crc_is_closed(server.port);
    truncated_frame_is_dropped(server.port);
    unknown_key_gets_404(server.port);
    oversized_frame_is_closed(server.port);
    replayed_message_runs_once(&server);
    // The chat went on meanwhile; it ends with one more round and a login on a new connection.
    chat.expect("ROUND");
    chat.say("STOP");
    let out = chat.finish();
    assert!(out.contains("NEW_CONNECTION True"), "{out}");
    assert!(out.contains("IN_ORDER True"), "{out}");
    assert!(out.contains("CHAT_OK"), "{out}");
}
