//! Fuzz-target bodies (cargo-fuzz targets in `fuzz/fuzz_targets/chat_store_*.rs` and the seed
//! replay in `tests/fuzz_seeds.rs` call these). Each decodes untrusted bytes, must never panic,
//! and checks that whatever decodes re-encodes to something that decodes to the same value.

use crate::codec::Record;
use crate::export::ShardDump;
use crate::model::auth::{AuthKey, Session};
use crate::model::channel::{ChatInfo, Member};
use crate::model::contact::Contact;
use crate::model::dialog::{Dialog, OrderEntry};
use crate::model::event::LogRecord;
use crate::model::file::FileMeta;
use crate::model::message::{BoxState, Copies, Message, MsgPlace, RandRef};
use crate::model::secret::SecretChat;
use crate::model::user::User;

fn round_trip<R: Record + PartialEq + std::fmt::Debug>(data: &[u8]) {
    if let Ok(v) = R::decode(data) {
        let again = R::decode(&v.encode()).expect("a re-encoded record decodes");
        assert_eq!(again, v, "record round trip changed the value");
    }
}

/// Every stored record decoder over `data` (chat_store_record).
pub fn record(data: &[u8]) {
    round_trip::<User>(data);
    round_trip::<Message>(data);
    round_trip::<MsgPlace>(data);
    round_trip::<BoxState>(data);
    round_trip::<Copies>(data);
    round_trip::<RandRef>(data);
    round_trip::<LogRecord>(data);
    round_trip::<Dialog>(data);
    round_trip::<OrderEntry>(data);
    round_trip::<ChatInfo>(data);
    round_trip::<Member>(data);
    round_trip::<Contact>(data);
    round_trip::<FileMeta>(data);
    round_trip::<SecretChat>(data);
    round_trip::<AuthKey>(data);
    round_trip::<Session>(data);
}

/// The shard-dump decoder, fed bytes from another node (chat_store_shard_dump).
pub fn shard_dump(data: &[u8]) {
    round_trip::<ShardDump>(data);
}
