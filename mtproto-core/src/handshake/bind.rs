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
use crate::tl_wire::{Reader, TlError, put_bytes, put_i32, put_i64, put_u32};

/// `auth.bindTempAuthKey#cdd42a05`.
pub const BIND_TEMP_AUTH_KEY: u32 = 0xcdd4_2a05;
/// `bind_auth_key_inner#75a3f765`.
pub const BIND_AUTH_KEY_INNER: u32 = 0x75a3_f765;

/// The arguments of `auth.bindTempAuthKey`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindTempAuthKey {
    /// The permanent key's id.
    pub perm_auth_key_id: i64,
    /// A random nonce, repeated inside.
    pub nonce: i64,
    /// When the binding ends (Unix seconds), repeated inside.
    pub expires_at: i32,
    /// The MTProto 1.0 message under the permanent key.
    pub encrypted_message: Vec<u8>,
}

impl BindTempAuthKey {
    /// Reads the query (boxed).
    pub fn decode(query: &[u8]) -> Result<Self, TlError> {
        let mut r = Reader::new(query);
        r.expect(BIND_TEMP_AUTH_KEY)?;
        Ok(Self {
            perm_auth_key_id: r.i64()?,
            nonce: r.i64()?,
            expires_at: r.i32()?,
            encrypted_message: r.bytes()?.to_vec(),
        })
    }

    /// Writes the query (boxed).
    pub fn encode(&self, out: &mut Vec<u8>) {
        put_u32(out, BIND_TEMP_AUTH_KEY);
        put_i64(out, self.perm_auth_key_id);
        put_i64(out, self.nonce);
        put_i32(out, self.expires_at);
        put_bytes(out, &self.encrypted_message);
    }
}

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
) -> BindTempAuthKey {
    let mut plain = vec![0u8; 16];
    rng.fill_bytes(&mut plain);
    put_i64(&mut plain, ctx.msg_id.0);
    put_i32(&mut plain, 0);
    put_i32(&mut plain, 40);
    put_u32(&mut plain, BIND_AUTH_KEY_INNER);
    put_i64(&mut plain, nonce);
    put_i64(&mut plain, ctx.temp_auth_key_id.0 as i64);
    put_i64(&mut plain, perm.id().0 as i64);
    put_i64(&mut plain, ctx.session_id);
    put_i32(&mut plain, expires_at);
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
        encrypted_message,
    }
}

/// Verifies a binding request (server side) against the permanent key the host found for
/// `req.perm_auth_key_id`. On success the host records `temp → perm` until `expires_at`.
pub fn verify(perm: &AuthKey, req: &BindTempAuthKey, ctx: BindContext) -> Result<(), BindError> {
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
    if !kdf::msg_key_v1(&plain[..72]).ct_eq(&msg_key) {
        return Err(invalid);
    }
    let mut r = Reader::new(&plain[16..72]);
    let fields = (|| -> Result<_, TlError> {
        let msg_id = r.i64()?;
        let seq_no = r.i32()?;
        let len = r.i32()?;
        r.expect(BIND_AUTH_KEY_INNER)?;
        Ok((
            msg_id,
            seq_no,
            len,
            r.i64()?,
            r.i64()?,
            r.i64()?,
            r.i64()?,
            r.i32()?,
        ))
    })();
    let (msg_id, _seq_no, len, nonce, temp_id, perm_id, session, expires_at) =
        fields.map_err(|_| invalid)?;
    if len != 40
        || msg_id != ctx.msg_id.0
        || nonce != req.nonce
        || temp_id != ctx.temp_auth_key_id.0 as i64
        || perm_id != perm.id().0 as i64
        || session != ctx.session_id
    {
        return Err(invalid);
    }
    if expires_at != req.expires_at {
        return Err(BindError::ExpiresAtInvalid);
    }
    Ok(())
}
