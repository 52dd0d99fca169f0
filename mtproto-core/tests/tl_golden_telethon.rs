//! Golden bytes of representative layer-229 objects against an independent encoder: Telethon
//! 1.45.0's generated classes, run from `tests/golden/telethon_golden.py`. Each object must decode
//! and re-encode to exactly Telethon's bytes; one is also built here field by field.
//!
//! The interpreter is `$MTPROTO_TEST_PYTHON` (set by scripts/test.sh to the venv with the pinned
//! Telethon) or `python3`; the test fails, saying so, when Telethon 1.45.0 is not importable.

use std::borrow::Cow;
use std::collections::HashMap;
use std::process::Command;

use mtproto_core::tl::api::{enums, types};
use mtproto_core::tl::{Deserialize, Serialize};

fn telethon_objects() -> HashMap<String, Vec<u8>> {
    let python = std::env::var("MTPROTO_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/telethon_golden.py"
    );
    let out = Command::new(&python)
        .arg(script)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}"));
    assert!(
        out.status.success(),
        "{python} {script} failed (is Telethon 1.45.0 installed? scripts/test.sh installs it into .venv): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("utf-8 output")
        .lines()
        .map(|line| {
            let (name, hex) = line.split_once(' ').expect("`name hex` line");
            let bytes = (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                .collect();
            (name.to_owned(), bytes)
        })
        .collect()
}

/// Decodes Telethon's bytes as `T`, re-encodes and requires the same bytes; returns the value.
fn same_bytes<'a, T: Deserialize<'a> + Serialize + std::fmt::Debug>(
    name: &str,
    bytes: &'a [u8],
) -> T {
    let value = T::from_bytes(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(
        value.to_bytes(),
        bytes,
        "{name}: re-encoding differs from Telethon's for {value:?}"
    );
    value
}

#[test]
fn layer_229_objects_match_telethon() {
    let objects = telethon_objects();
    assert_eq!(objects.len(), 7, "the script prints seven objects");
    let config: enums::Config = same_bytes("config", &objects["config"]);
    let enums::Config::Config(config) = config;
    assert_eq!(
        (config.this_dc, config.dc_options.len(), config.tmp_sessions),
        (2, 2, Some(5))
    );

    let user: enums::User = same_bytes("user", &objects["user"]);
    let enums::User::User(user) = user else {
        panic!("expected user, got {user:?}")
    };
    assert!(user.self_ && user.contact && !user.bot);
    assert_eq!(user.first_name.as_deref(), Some("Ада"));
    assert!(
        matches!(user.first_name, Some(Cow::Borrowed(_))),
        "strings borrow from the input"
    );

    let message: enums::Message = same_bytes("message", &objects["message"]);
    let enums::Message::Message(message) = message else {
        panic!("expected message, got {message:?}")
    };
    assert_eq!(message.message, "Hello t.me 🙂 — текст");
    assert_eq!(message.entities.as_ref().map(Vec::len), Some(3));

    let history: enums::messages::Messages =
        same_bytes("messages.messages", &objects["messages.messages"]);
    assert!(
        matches!(history, enums::messages::Messages::Messages(ref m) if m.messages.len() == 1 && m.users.len() == 1)
    );

    let updates: enums::Updates = same_bytes("updates", &objects["updates"]);
    assert!(matches!(updates, enums::Updates::Updates(ref u) if u.updates.len() == 2));

    let diff: enums::updates::Difference =
        same_bytes("updates.difference", &objects["updates.difference"]);
    assert!(
        matches!(diff, enums::updates::Difference::Difference(ref d) if d.new_messages.len() == 1)
    );

    // Built here, independently of Telethon's bytes.
    let sent = types::auth::SentCode {
        r#type: types::auth::SentCodeTypeApp { length: 5 }.into(),
        phone_code_hash: "a1b2c3d4e5".into(),
        next_type: Some(enums::auth::CodeType::Sms(types::auth::CodeTypeSms)),
        timeout: Some(60),
    };
    assert_eq!(
        enums::auth::SentCode::from(sent).to_bytes(),
        objects["auth.sentCode"]
    );
    let _: enums::auth::SentCode = same_bytes("auth.sentCode", &objects["auth.sentCode"]);
}
