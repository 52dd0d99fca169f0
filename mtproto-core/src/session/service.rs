//! Service messages the sessions read and write themselves
//! (<https://core.telegram.org/mtproto/service_messages>,
//! <https://core.telegram.org/mtproto/service_messages_about_messages>; ids in MTPROTO.md §3).

use crate::msg_id::MsgId;
use crate::tl_wire::{
    Reader, TlError, VECTOR_ID, put_bytes, put_i32, put_i64, put_u32, put_vec_i64,
};

/// Most ids one `msgs_ack`, `msgs_state_req` or `msg_resend_req` may carry.
pub const MAX_IDS: usize = 8192;

/// Constructor ids.
pub mod ids {
    /// `msgs_ack#62d6b459`.
    pub const MSGS_ACK: u32 = 0x62d6_b459;
    /// `bad_msg_notification#a7eff811`.
    pub const BAD_MSG_NOTIFICATION: u32 = 0xa7ef_f811;
    /// `bad_server_salt#edab447b`.
    pub const BAD_SERVER_SALT: u32 = 0xedab_447b;
    /// `msgs_state_req#da69fb52`.
    pub const MSGS_STATE_REQ: u32 = 0xda69_fb52;
    /// `msgs_state_info#04deb57d`.
    pub const MSGS_STATE_INFO: u32 = 0x04de_b57d;
    /// `msgs_all_info#8cc0d131`.
    pub const MSGS_ALL_INFO: u32 = 0x8cc0_d131;
    /// `msg_detailed_info#276d3ec6`.
    pub const MSG_DETAILED_INFO: u32 = 0x276d_3ec6;
    /// `msg_new_detailed_info#809db6df`.
    pub const MSG_NEW_DETAILED_INFO: u32 = 0x809d_b6df;
    /// `msg_resend_req#7d861a08`.
    pub const MSG_RESEND_REQ: u32 = 0x7d86_1a08;
    /// `msg_resend_ans_req#8610baeb`.
    pub const MSG_RESEND_ANS_REQ: u32 = 0x8610_baeb;
    /// `rpc_result#f35c6d01`.
    pub const RPC_RESULT: u32 = 0xf35c_6d01;
    /// `rpc_error#2144ca19`.
    pub const RPC_ERROR: u32 = 0x2144_ca19;
    /// `rpc_drop_answer#58e4a740`.
    pub const RPC_DROP_ANSWER: u32 = 0x58e4_a740;
    /// `rpc_answer_unknown#5e2ad36e`.
    pub const RPC_ANSWER_UNKNOWN: u32 = 0x5e2a_d36e;
    /// `rpc_answer_dropped_running#cd78e586`.
    pub const RPC_ANSWER_DROPPED_RUNNING: u32 = 0xcd78_e586;
    /// `get_future_salts#b921bd04`.
    pub const GET_FUTURE_SALTS: u32 = 0xb921_bd04;
    /// `future_salt#0949d9dc`.
    pub const FUTURE_SALT: u32 = 0x0949_d9dc;
    /// `future_salts#ae500895`.
    pub const FUTURE_SALTS: u32 = 0xae50_0895;
    /// `ping#7abe77ec`.
    pub const PING: u32 = 0x7abe_77ec;
    /// `pong#347773c5`.
    pub const PONG: u32 = 0x3477_73c5;
    /// `ping_delay_disconnect#f3427b8c`.
    pub const PING_DELAY_DISCONNECT: u32 = 0xf342_7b8c;
    /// `destroy_session#e7512126`.
    pub const DESTROY_SESSION: u32 = 0xe751_2126;
    /// `destroy_session_ok#e22045fc`.
    pub const DESTROY_SESSION_OK: u32 = 0xe220_45fc;
    /// `destroy_session_none#62d350c9`.
    pub const DESTROY_SESSION_NONE: u32 = 0x62d3_50c9;
    /// `new_session_created#9ec20908`.
    pub const NEW_SESSION_CREATED: u32 = 0x9ec2_0908;
    /// `gzip_packed#3072cfa1`.
    pub const GZIP_PACKED: u32 = 0x3072_cfa1;
    /// `msg_copy#e06046b2`.
    pub const MSG_COPY: u32 = 0xe060_46b2;
    /// `http_wait#9299359f`.
    pub const HTTP_WAIT: u32 = 0x9299_359f;
    /// `invokeAfterMsg#cb9f372d`.
    pub const INVOKE_AFTER_MSG: u32 = 0xcb9f_372d;
    /// `invokeAfterMsgs#3dc4b4f0`.
    pub const INVOKE_AFTER_MSGS: u32 = 0x3dc4_b4f0;
    /// `invokeWithLayer#da9b0d0d`.
    pub const INVOKE_WITH_LAYER: u32 = 0xda9b_0d0d;
    /// `invokeWithoutUpdates#bf9459b7`.
    pub const INVOKE_WITHOUT_UPDATES: u32 = 0xbf94_59b7;
    /// `initConnection#c1cd5ea9`.
    pub const INIT_CONNECTION: u32 = 0xc1cd_5ea9;
    /// `destroy_auth_key#d1435160`.
    pub const DESTROY_AUTH_KEY: u32 = 0xd143_5160;
}

/// The first 4 bytes of a TL object as its constructor id (0 if shorter).
pub fn constructor_of(body: &[u8]) -> u32 {
    if body.len() < 4 {
        0
    } else {
        u32::from_le_bytes([body[0], body[1], body[2], body[3]])
    }
}

/// Whether a message with this body must be content-related (needs an ack and an odd seq_no):
/// `Some(false)` for `msgs_ack`, containers, `msg_copy` and the notifications about messages,
/// `None` for `gzip_packed` (it takes the kind of what it packs: clients gzip queries and mark
/// them content-related), `Some(true)` otherwise
/// (<https://core.telegram.org/mtproto/description#content-related-message>).
pub fn content_kind(body: &[u8]) -> Option<bool> {
    match constructor_of(body) {
        ids::GZIP_PACKED => None,
        _ => Some(is_content_related(body)),
    }
}

/// Whether a message with this body is content-related (see [`content_kind`]; a `gzip_packed`
/// counts as not content-related here, as the spec lists it).
pub fn is_content_related(body: &[u8]) -> bool {
    !matches!(
        constructor_of(body),
        ids::MSGS_ACK
            | crate::envelope::container::MSG_CONTAINER_ID
            | ids::MSG_COPY
            | ids::GZIP_PACKED
            | ids::BAD_MSG_NOTIFICATION
            | ids::BAD_SERVER_SALT
            | ids::MSGS_STATE_INFO
            | ids::MSGS_ALL_INFO
            | ids::MSG_DETAILED_INFO
            | ids::MSG_NEW_DETAILED_INFO
            | ids::PONG
            | ids::FUTURE_SALTS
    )
}

/// `msgs_ack msg_ids:Vector<long>`.
pub fn msgs_ack(ids_: &[MsgId]) -> Vec<u8> {
    let mut out = Vec::with_capacity(12 + 8 * ids_.len());
    put_u32(&mut out, ids::MSGS_ACK);
    put_vec_i64(&mut out, &ids_.iter().map(|m| m.0).collect::<Vec<_>>());
    out
}

/// Reads the `Vector<long>` after a constructor id (msgs_ack, msgs_state_req, msg_resend_req).
pub fn read_id_vector(body: &[u8]) -> Result<Vec<MsgId>, TlError> {
    let mut r = Reader::new(body);
    r.u32()?;
    Ok(r.vec_i64()?.into_iter().map(MsgId).collect())
}

/// `bad_msg_notification bad_msg_id:long bad_msg_seqno:int error_code:int`.
pub fn bad_msg_notification(bad_msg_id: MsgId, bad_seq_no: i32, code: i32) -> Vec<u8> {
    let mut out = Vec::with_capacity(20);
    put_u32(&mut out, ids::BAD_MSG_NOTIFICATION);
    put_i64(&mut out, bad_msg_id.0);
    put_i32(&mut out, bad_seq_no);
    put_i32(&mut out, code);
    out
}

/// `bad_server_salt bad_msg_id:long bad_msg_seqno:int error_code:int new_server_salt:long`.
pub fn bad_server_salt(bad_msg_id: MsgId, bad_seq_no: i32, new_salt: i64) -> Vec<u8> {
    let mut out = Vec::with_capacity(28);
    put_u32(&mut out, ids::BAD_SERVER_SALT);
    put_i64(&mut out, bad_msg_id.0);
    put_i32(&mut out, bad_seq_no);
    put_i32(&mut out, 48);
    put_i64(&mut out, new_salt);
    out
}

/// A parsed `bad_msg_notification` or `bad_server_salt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadMsg {
    /// The refused message.
    pub bad_msg_id: MsgId,
    /// Its seq_no.
    pub bad_seq_no: i32,
    /// The error code (48 for a bad salt).
    pub code: i32,
    /// The salt to use, for `bad_server_salt`.
    pub new_salt: Option<i64>,
}

/// Reads a `bad_msg_notification` or `bad_server_salt`.
pub fn read_bad_msg(body: &[u8]) -> Result<BadMsg, TlError> {
    let mut r = Reader::new(body);
    let id = r.u32()?;
    let bad_msg_id = MsgId(r.i64()?);
    let bad_seq_no = r.i32()?;
    let code = r.i32()?;
    let new_salt = if id == ids::BAD_SERVER_SALT {
        Some(r.i64()?)
    } else {
        None
    };
    Ok(BadMsg {
        bad_msg_id,
        bad_seq_no,
        code,
        new_salt,
    })
}

/// `new_session_created first_msg_id:long unique_id:long server_salt:long`.
pub fn new_session_created(first_msg_id: MsgId, unique_id: i64, server_salt: i64) -> Vec<u8> {
    let mut out = Vec::with_capacity(28);
    put_u32(&mut out, ids::NEW_SESSION_CREATED);
    put_i64(&mut out, first_msg_id.0);
    put_i64(&mut out, unique_id);
    put_i64(&mut out, server_salt);
    out
}

/// `rpc_result req_msg_id:long result:Object` around an already serialized `result`.
pub fn rpc_result(req_msg_id: MsgId, result: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(12 + result.len());
    put_u32(&mut out, ids::RPC_RESULT);
    put_i64(&mut out, req_msg_id.0);
    out.extend_from_slice(result);
    out
}

/// `rpc_error error_code:int error_message:string`.
pub fn rpc_error(code: i32, message: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(12 + message.len());
    put_u32(&mut out, ids::RPC_ERROR);
    put_i32(&mut out, code);
    put_bytes(&mut out, message.as_bytes());
    out
}

/// `pong msg_id:long ping_id:long`.
pub fn pong(ping_msg_id: MsgId, ping_id: i64) -> Vec<u8> {
    let mut out = Vec::with_capacity(20);
    put_u32(&mut out, ids::PONG);
    put_i64(&mut out, ping_msg_id.0);
    put_i64(&mut out, ping_id);
    out
}

/// `ping ping_id:long`.
pub fn ping(ping_id: i64) -> Vec<u8> {
    let mut out = Vec::with_capacity(12);
    put_u32(&mut out, ids::PING);
    put_i64(&mut out, ping_id);
    out
}

/// `ping_delay_disconnect ping_id:long disconnect_delay:int`.
pub fn ping_delay_disconnect(ping_id: i64, disconnect_delay: i32) -> Vec<u8> {
    let mut out = Vec::with_capacity(16);
    put_u32(&mut out, ids::PING_DELAY_DISCONNECT);
    put_i64(&mut out, ping_id);
    put_i32(&mut out, disconnect_delay);
    out
}

/// One `future_salt valid_since:int valid_until:int salt:long`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FutureSalt {
    /// Start of validity (Unix seconds).
    pub valid_since: i32,
    /// End of validity (Unix seconds).
    pub valid_until: i32,
    /// The salt.
    pub salt: i64,
}

/// `future_salts req_msg_id:long now:int salts:vector future_salt` (bare vector of bare items).
pub fn future_salts(req_msg_id: MsgId, now: i32, salts: &[FutureSalt]) -> Vec<u8> {
    let mut out = Vec::with_capacity(20 + 16 * salts.len());
    put_u32(&mut out, ids::FUTURE_SALTS);
    put_i64(&mut out, req_msg_id.0);
    put_i32(&mut out, now);
    put_u32(&mut out, salts.len() as u32);
    for s in salts {
        put_i32(&mut out, s.valid_since);
        put_i32(&mut out, s.valid_until);
        put_i64(&mut out, s.salt);
    }
    out
}

/// Reads `future_salts`: `(req_msg_id, now, salts)`.
pub fn read_future_salts(body: &[u8]) -> Result<(MsgId, i32, Vec<FutureSalt>), TlError> {
    let mut r = Reader::new(body);
    r.expect(ids::FUTURE_SALTS)?;
    let req = MsgId(r.i64()?);
    let now = r.i32()?;
    let count = r.u32()? as usize;
    if count > r.remaining().len() / 16 {
        return Err(TlError::Eof);
    }
    let salts = (0..count)
        .map(|_| {
            Ok(FutureSalt {
                valid_since: r.i32()?,
                valid_until: r.i32()?,
                salt: r.i64()?,
            })
        })
        .collect::<Result<_, TlError>>()?;
    Ok((req, now, salts))
}

/// `msgs_state_info req_msg_id:long info:bytes`.
pub fn msgs_state_info(req_msg_id: MsgId, info: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + info.len());
    put_u32(&mut out, ids::MSGS_STATE_INFO);
    put_i64(&mut out, req_msg_id.0);
    put_bytes(&mut out, info);
    out
}

/// `msgs_all_info msg_ids:Vector<long> info:bytes`.
pub fn msgs_all_info(msg_ids: &[MsgId], info: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + 9 * msg_ids.len());
    put_u32(&mut out, ids::MSGS_ALL_INFO);
    put_vec_i64(&mut out, &msg_ids.iter().map(|m| m.0).collect::<Vec<_>>());
    put_bytes(&mut out, info);
    out
}

/// `msg_detailed_info msg_id:long answer_msg_id:long bytes:int status:int`.
pub fn msg_detailed_info(msg_id: MsgId, answer_msg_id: MsgId, bytes: i32) -> Vec<u8> {
    let mut out = Vec::with_capacity(28);
    put_u32(&mut out, ids::MSG_DETAILED_INFO);
    put_i64(&mut out, msg_id.0);
    put_i64(&mut out, answer_msg_id.0);
    put_i32(&mut out, bytes);
    put_i32(&mut out, 0);
    out
}

/// `destroy_session_ok` / `destroy_session_none` for `session_id`.
pub fn destroy_session_result(ok: bool, session_id: i64) -> Vec<u8> {
    let mut out = Vec::with_capacity(12);
    put_u32(
        &mut out,
        if ok {
            ids::DESTROY_SESSION_OK
        } else {
            ids::DESTROY_SESSION_NONE
        },
    );
    put_i64(&mut out, session_id);
    out
}

/// The `long` right after the constructor id (ping_id, session_id, req_msg_id, …).
pub fn first_long(body: &[u8]) -> Result<i64, TlError> {
    let mut r = Reader::new(body);
    r.u32()?;
    r.i64()
}

/// Whether `body` is a boxed `Vector` (for results such as `Vector<long>`).
pub fn is_vector(body: &[u8]) -> bool {
    constructor_of(body) == VECTOR_ID
}
