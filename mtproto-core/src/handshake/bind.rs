//! Temporary-key binding, the server side of perfect forward secrecy
//! (<https://core.telegram.org/method/auth.bindTempAuthKey>, <https://core.telegram.org/api/pfs>,
//! MTPROTO.md §4.9).
//!
//! ```text
//! inner  = bind_auth_key_inner(nonce, temp_auth_key_id, perm_auth_key_id, temp_session_id, expires_at)
//! plain  = random(16) ‖ msg_id ‖ seq_no = 0 ‖ length = 40 ‖ inner
//! msg_key = SHA1(plain)[4..20]                              (MTProto 1.0, before padding)
//! encrypted_message = perm_auth_key_id ‖ msg_key ‖ AES-IGE(plain ‖ padding, KDF_v1(perm_key, msg_key, x = 0))
//! ```
//! The request travels under the temporary key; `msg_id` must be the request's own msg_id,
//! `nonce` and `expires_at` must repeat the outer arguments, and the ids must name the two keys.

use mtproto_crypto::kdf::{self, MsgKey};
use mtproto_crypto::{AuthKey, AuthKeyId, ige};
use rand::CryptoRng;

use crate::msg_id::MsgId;
use crate::tl::mtproto::types::BindAuthKeyInner;
use crate::tl::{Deserialize, Reader, Serialize};

/// `auth.bindTempAuthKey perm_auth_key_id:long nonce:long expires_at:int encrypted_message:bytes`
/// (the generated query type).
pub use crate::tl::api::functions::auth::BindTempAuthKey;

/// Bytes of the inner message: random(16), msg_id, seq_no, length, then the object.
const INNER_HEADER: usize = 32;
/// Serialized `bind_auth_key_inner`: id, four longs, an int.
const INNER_LEN: usize = 40;

/// Why a binding is refused, named as the API error the server answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BindError {
    /// `ENCRYPTED_MESSAGE_INVALID`: bad layout, msg_key, ids, msg_id, nonce or session.
    #[error("ENCRYPTED_MESSAGE_INVALID")]
    EncryptedMessageInvalid,
    /// `EXPIRES_AT_INVALID`: the binding ends in the past or does not match.
    #[error("EXPIRES_AT_INVALID")]
    ExpiresAtInvalid,
}

/// Where the query arrived: under which temporary key, in which session, with which msg_id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BindContext {
    /// The temporary key the request came under.
    pub temp_auth_key_id: AuthKeyId,
    /// The session that carried it.
    pub session_id: i64,
    /// The request's msg_id.
    pub msg_id: MsgId,
    /// The server's time (Unix seconds).
    pub now: i64,
}

/// Builds `auth.bindTempAuthKey` for `ctx` (client side; `ctx.msg_id` is the msg_id the request
/// will be sent with). Draws 16 random bytes and the padding from `rng`.
pub fn build<R: CryptoRng>(
    perm: &AuthKey,
    ctx: BindContext,
    nonce: i64,
    expires_at: i32,
    rng: &mut R,
) -> BindTempAuthKey<'static> {
    let mut plain = vec![0u8; 16];
    rng.fill_bytes(&mut plain);
    plain.extend_from_slice(&ctx.msg_id.0.to_le_bytes());
    plain.extend_from_slice(&0i32.to_le_bytes());
    plain.extend_from_slice(&(INNER_LEN as i32).to_le_bytes());
    BindAuthKeyInner {
        nonce,
        temp_auth_key_id: ctx.temp_auth_key_id.0 as i64,
        perm_auth_key_id: perm.id().0 as i64,
        temp_session_id: ctx.session_id,
        expires_at,
    }
    .serialize(&mut plain);
    let msg_key = kdf::msg_key_v1(&plain);
    let start = plain.len();
    plain.resize(start.next_multiple_of(16), 0);
    rng.fill_bytes(&mut plain[start..]);
    let keys = kdf::derive_v1(perm.as_bytes(), 0, &msg_key);
    // 80 bytes, a multiple of 16: IGE cannot fail.
    let _ = ige::encrypt(&keys.key, &keys.iv, &mut plain);
    let mut encrypted_message = perm.id().to_bytes().to_vec();
    encrypted_message.extend_from_slice(&msg_key.0);
    encrypted_message.extend_from_slice(&plain);
    BindTempAuthKey {
        perm_auth_key_id: perm.id().0 as i64,
        nonce,
        expires_at,
        encrypted_message: encrypted_message.into(),
    }
}

/// Verifies a binding request (server side) against the permanent key the host found for
/// `req.perm_auth_key_id`. On success the host records `temp → perm` until `expires_at`.
pub fn verify(
    perm: &AuthKey,
    req: &BindTempAuthKey<'_>,
    ctx: BindContext,
) -> Result<(), BindError> {
    let invalid = BindError::EncryptedMessageInvalid;
    if req.perm_auth_key_id != perm.id().0 as i64 {
        return Err(invalid);
    }
    if i64::from(req.expires_at) <= ctx.now {
        return Err(BindError::ExpiresAtInvalid);
    }
    let m = &req.encrypted_message;
    if m.len() < 24 + 80 || !(m.len() - 24).is_multiple_of(16) || m[..8] != perm.id().to_bytes() {
        return Err(invalid);
    }
    let mut msg_key = MsgKey([0; 16]);
    msg_key.0.copy_from_slice(&m[8..24]);
    let keys = kdf::derive_v1(perm.as_bytes(), 0, &msg_key);
    let mut plain = m[24..].to_vec();
    ige::decrypt(&keys.key, &keys.iv, &mut plain).map_err(|_| invalid)?;
    // msg_key covers the 72 bytes before the padding.
    let plain = &plain[..INNER_HEADER + INNER_LEN];
    if !kdf::msg_key_v1(plain).ct_eq(&msg_key) {
        return Err(invalid);
    }
    let mut r = Reader::new(&plain[16..INNER_HEADER]);
    let header = (r.read_i64(), r.read_i32(), r.read_i32());
    let (Ok(msg_id), Ok(_seq_no), Ok(len)) = header else {
        return Err(invalid);
    };
    let inner = BindAuthKeyInner::from_bytes(&plain[INNER_HEADER..]).map_err(|_| invalid)?;
    if len != INNER_LEN as i32
        || msg_id != ctx.msg_id.0
        || inner.nonce != req.nonce
        || inner.temp_auth_key_id != ctx.temp_auth_key_id.0 as i64
        || inner.perm_auth_key_id != perm.id().0 as i64
        || inner.temp_session_id != ctx.session_id
    {
        return Err(invalid);
    }
    let expires_at = inner.expires_at;
    if expires_at != req.expires_at {
        return Err(BindError::ExpiresAtInvalid);
    }
    Ok(())
}
