//! What the sessions need to know about service messages beyond their generated types
//! ([`crate::tl::mtproto`]): which ones are content-related, and the cap on id lists
//! (<https://core.telegram.org/mtproto/service_messages>,
//! <https://core.telegram.org/mtproto/service_messages_about_messages>; ids in MTPROTO.md §3).

use crate::tl::mtproto::types;
use crate::tl::{Identifiable, Serialize};

/// Most ids one `msgs_ack`, `msgs_state_req` or `msg_resend_req` may carry.
pub const MAX_IDS: usize = 8192;

/// The first 4 bytes of a TL object as its constructor id (0 if shorter).
pub fn constructor_of(body: &[u8]) -> u32 {
    body.first_chunk::<4>()
        .map_or(0, |id| u32::from_le_bytes(*id))
}

/// Whether a message with this body must be content-related (needs an ack and an odd seq_no):
/// `Some(false)` for `msgs_ack`, containers, `msg_copy` and the notifications about messages,
/// `None` for `gzip_packed` (it takes the kind of what it packs: clients gzip queries and mark
/// them content-related), `Some(true)` otherwise
/// (<https://core.telegram.org/mtproto/description#content-related-message>).
pub fn content_kind(body: &[u8]) -> Option<bool> {
    match constructor_of(body) {
        types::GzipPacked::CONSTRUCTOR_ID => None,
        _ => Some(is_content_related(body)),
    }
}

/// Whether a message with this body is content-related (see [`content_kind`]; a `gzip_packed`
/// counts as not content-related here, as the spec lists it).
pub fn is_content_related(body: &[u8]) -> bool {
    !matches!(
        constructor_of(body),
        types::MsgsAck::CONSTRUCTOR_ID
            | types::MsgContainer::CONSTRUCTOR_ID
            | types::MsgCopy::CONSTRUCTOR_ID
            | types::GzipPacked::CONSTRUCTOR_ID
            | types::BadMsgNotification::CONSTRUCTOR_ID
            | types::BadServerSalt::CONSTRUCTOR_ID
            | types::MsgsStateInfo::CONSTRUCTOR_ID
            | types::MsgsAllInfo::CONSTRUCTOR_ID
            | types::MsgDetailedInfo::CONSTRUCTOR_ID
            | types::MsgNewDetailedInfo::CONSTRUCTOR_ID
            | types::Pong::CONSTRUCTOR_ID
            | types::FutureSalts::CONSTRUCTOR_ID
    )
}

/// `msgs_ack` for `ids`.
pub fn msgs_ack(ids: &[crate::msg_id::MsgId]) -> types::MsgsAck {
    types::MsgsAck {
        msg_ids: ids.iter().map(|m| m.0).collect(),
    }
}

/// `rpc_result` answering `req_msg_id` around an already serialized `result`.
pub fn rpc_result(req_msg_id: crate::msg_id::MsgId, result: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(12 + result.len());
    types::RpcResult {
        req_msg_id: req_msg_id.0,
        result: crate::tl::RawObject::new(result),
    }
    .serialize(&mut out);
    out
}
