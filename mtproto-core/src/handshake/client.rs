//! The client side of auth-key creation (<https://core.telegram.org/mtproto/auth_key>), one type
//! per state: [`start`] → [`AwaitResPq`] → [`AwaitServerDh`] → [`AwaitDhGen`] → [`CreatedKey`]
//! (or, on `dh_gen_retry`, another [`AwaitDhGen`]).
//!
//! Randomness is drawn from the caller's RNG in a fixed order — nonce (16 bytes), new_nonce (32),
//! RSA padding (RSA_PAD: `192 − len(data)` bytes then a 32-byte temp_key, repeated while the
//! temp_key is too large; legacy: `235 − len(data)` bytes), b (256), padding of
//! `client_DH_inner_data` — so a recorded exchange replays with its values injected.

use mtproto_crypto::auth_key::DhGenResult;
use mtproto_crypto::dh::{DhGroup, DhSecret};
use mtproto_crypto::error::RsaError;
use mtproto_crypto::handshake::{
    TmpAesKey, check_data_with_hash, initial_server_salt, params_fail_nonce_hash,
};
use mtproto_crypto::rsa::{RsaPublicKey, RsaScheme};
use mtproto_crypto::{AuthKey, ige, pq};
use rand::CryptoRng;

use super::{CreatedKey, HandshakeError, InnerDataKind, sha1};
use crate::envelope::PlainMessage;
use crate::msg_id::{MsgIdGenerator, MsgIdKind};
use crate::time::UnixTime;
use crate::tl::mtproto::{enums, functions, types};
use crate::tl::{Deserialize, Reader, Serialize};

/// How many `dh_gen_retry` rounds the client accepts.
const MAX_RETRIES: u32 = 5;

/// What the client needs to start.
#[derive(Debug, Clone)]
pub struct ClientHandshakeConfig {
    /// The server keys the client trusts.
    pub rsa_keys: Vec<RsaPublicKey>,
    /// Which `p_q_inner_data*` to send (a temporary key: `Temp`/`TempDc` with its lifetime).
    pub inner: InnerDataKind,
    /// RSA_PAD (current) or the legacy SHA1 scheme.
    pub scheme: RsaScheme,
}

impl ClientHandshakeConfig {
    /// A permanent key for `dc` with RSA_PAD.
    pub fn permanent(rsa_keys: Vec<RsaPublicKey>, dc: i32) -> Self {
        Self {
            rsa_keys,
            inner: InnerDataKind::Dc(dc),
            scheme: RsaScheme::RsaPad,
        }
    }

    /// A temporary key for `dc` living `expires_in` seconds, with RSA_PAD.
    pub fn temporary(rsa_keys: Vec<RsaPublicKey>, dc: i32, expires_in: i32) -> Self {
        Self {
            rsa_keys,
            inner: InnerDataKind::TempDc { dc, expires_in },
            scheme: RsaScheme::RsaPad,
        }
    }
}

/// Message ids of the unencrypted exchange (client ids, ≡ 0 mod 4).
#[derive(Debug, Clone, Default)]
struct Envelope {
    ids: MsgIdGenerator,
}

impl Envelope {
    fn wrap(&mut self, now: UnixTime, body: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(20 + body.len());
        PlainMessage::encode(self.ids.next(now, MsgIdKind::Client), body, &mut out);
        out
    }

    /// The body of a server answer (its msg_id must be a server response id, ≡ 1 mod 4).
    fn open(payload: &[u8]) -> Result<&[u8], HandshakeError> {
        let m = PlainMessage::decode(payload)?;
        if m.msg_id.parity() != 1 {
            return Err(HandshakeError::Envelope(
                crate::envelope::PlainError::NotPlain,
            ));
        }
        Ok(m.body)
    }
}

/// Step 1: the first message (`req_pq_multi`) and the state waiting for `resPQ`.
pub fn start<R: CryptoRng>(
    config: ClientHandshakeConfig,
    now: UnixTime,
    rng: &mut R,
) -> (AwaitResPq, Vec<u8>) {
    let mut nonce = [0u8; 16];
    rng.fill_bytes(&mut nonce);
    let mut env = Envelope::default();
    let request = env.wrap(now, &functions::ReqPqMulti { nonce }.to_bytes());
    (AwaitResPq { config, env, nonce }, request)
}

/// Waiting for `resPQ`.
#[derive(Debug)]
pub struct AwaitResPq {
    config: ClientHandshakeConfig,
    env: Envelope,
    nonce: [u8; 16],
}

impl AwaitResPq {
    /// Steps 2–5: checks `resPQ`, factors pq, encrypts `p_q_inner_data*` and returns
    /// `req_DH_params`.
    pub fn handle<R: CryptoRng>(
        mut self,
        now: UnixTime,
        payload: &[u8],
        rng: &mut R,
    ) -> Result<(AwaitServerDh, Vec<u8>), HandshakeError> {
        let res = enums::ResPQ::deserialize(&mut Reader::new(Envelope::open(payload)?))?;
        let enums::ResPQ::ResPQ(res) = res;
        if res.nonce != self.nonce {
            return Err(HandshakeError::NonceMismatch);
        }
        let key = self
            .config
            .rsa_keys
            .iter()
            .find(|k| {
                res.server_public_key_fingerprints
                    .contains(&k.fingerprint().0)
            })
            .ok_or(HandshakeError::UnknownFingerprint)?;
        let factors = pq::from_be(&res.pq)
            .and_then(pq::factorize)
            .map_err(|_| HandshakeError::BadPq)?;
        let mut new_nonce = [0u8; 32];
        rng.fill_bytes(&mut new_nonce);
        let (p, q) = (pq::to_minimal_be(factors.p), pq::to_minimal_be(factors.q));
        let inner = types::PQInnerData {
            pq: res.pq,
            p: p.as_slice().into(),
            q: q.as_slice().into(),
            nonce: self.nonce,
            server_nonce: res.server_nonce,
            new_nonce,
        };
        let data = self.config.inner.join(inner).to_bytes();
        let encrypted_data = rsa_encrypt(key, self.config.scheme, &data, rng)?;
        let body = functions::ReqDHParams {
            nonce: self.nonce,
            server_nonce: res.server_nonce,
            p: p.as_slice().into(),
            q: q.as_slice().into(),
            public_key_fingerprint: key.fingerprint().0,
            encrypted_data: encrypted_data.as_slice().into(),
        }
        .to_bytes();
        let request = self.env.wrap(now, &body);
        let next = AwaitServerDh {
            env: self.env,
            nonce: self.nonce,
            server_nonce: res.server_nonce,
            new_nonce,
            kind: self.config.inner,
            scheme: self.config.scheme,
        };
        Ok((next, request))
    }
}

/// RSA-encrypts the inner data, drawing padding and temp keys from `rng` in the documented order.
fn rsa_encrypt<R: CryptoRng>(
    key: &RsaPublicKey,
    scheme: RsaScheme,
    data: &[u8],
    rng: &mut R,
) -> Result<[u8; 256], HandshakeError> {
    match scheme {
        RsaScheme::LegacySha1 => {
            let mut padding =
                vec![0u8; mtproto_crypto::rsa::legacy::MAX_DATA.saturating_sub(data.len())];
            rng.fill_bytes(&mut padding);
            Ok(key.encrypt_legacy_with(data, &padding)?)
        }
        RsaScheme::RsaPad => {
            let mut padding = vec![0u8; 192usize.saturating_sub(data.len())];
            rng.fill_bytes(&mut padding);
            loop {
                let mut temp_key = [0u8; 32];
                rng.fill_bytes(&mut temp_key);
                match key.encrypt_rsa_pad_with(data, &padding, &temp_key) {
                    Err(RsaError::TempKeyTooLarge) => continue,
                    other => return Ok(other?),
                }
            }
        }
    }
}

/// Waiting for `server_DH_params_ok`.
#[derive(Debug)]
pub struct AwaitServerDh {
    env: Envelope,
    nonce: [u8; 16],
    server_nonce: [u8; 16],
    new_nonce: [u8; 32],
    kind: InnerDataKind,
    scheme: RsaScheme,
}

impl AwaitServerDh {
    /// Steps 6–7: decrypts and checks `server_DH_inner_data` (nonces, SHA1, dh_prime, g, g_a),
    /// measures the time offset, and returns `set_client_DH_params`.
    pub fn handle<R: CryptoRng>(
        self,
        now: UnixTime,
        payload: &[u8],
        rng: &mut R,
    ) -> Result<(AwaitDhGen, Vec<u8>), HandshakeError> {
        let params =
            enums::ServerDHParams::deserialize(&mut Reader::new(Envelope::open(payload)?))?;
        let mut answer = match params {
            enums::ServerDHParams::Ok(ok) => {
                self.check_nonces(ok.nonce, ok.server_nonce)?;
                ok.encrypted_answer.into_owned()
            }
            enums::ServerDHParams::Fail(fail) => {
                self.check_nonces(fail.nonce, fail.server_nonce)?;
                if fail.new_nonce_hash != params_fail_nonce_hash(&self.new_nonce) {
                    return Err(HandshakeError::BadNewNonceHash);
                }
                return Err(HandshakeError::ServerRefused);
            }
        };
        let tmp = TmpAesKey::from_nonces(&self.server_nonce, &self.new_nonce);
        if answer.len() < 20 {
            return Err(HandshakeError::BadHash);
        }
        ige::decrypt(&tmp.key, &tmp.iv, &mut answer).map_err(|_| HandshakeError::BadHash)?;
        let mut r = Reader::new(&answer[20..]);
        let inner = types::ServerDHInnerData::deserialize(&mut r)?;
        if !check_data_with_hash(&answer, answer.len() - 20 - r.remaining()) {
            return Err(HandshakeError::BadHash);
        }
        self.check_nonces(inner.nonce, inner.server_nonce)?;
        let group = DhGroup::validate(&inner.dh_prime, i64::from(inner.g), rng)?;
        group.check_public(&inner.g_a)?;
        let time_offset = i64::from(inner.server_time) - now.as_secs() as i64;
        let mut state = AwaitDhGen {
            env: self.env,
            nonce: self.nonce,
            server_nonce: self.server_nonce,
            new_nonce: self.new_nonce,
            kind: self.kind,
            scheme: self.scheme,
            group,
            g_a: inner.g_a.into_owned(),
            tmp,
            time_offset,
            key: None,
            retries: 0,
        };
        state
            .env
            .ids
            .sync_to_server_time(i64::from(inner.server_time), now);
        let request = state.client_dh(now, 0, rng)?;
        Ok((state, request))
    }

    fn check_nonces(&self, nonce: [u8; 16], server_nonce: [u8; 16]) -> Result<(), HandshakeError> {
        if nonce != self.nonce || server_nonce != self.server_nonce {
            return Err(HandshakeError::NonceMismatch);
        }
        Ok(())
    }
}

/// Waiting for `dh_gen_ok` / `dh_gen_retry` / `dh_gen_fail`.
#[derive(Debug)]
pub struct AwaitDhGen {
    env: Envelope,
    nonce: [u8; 16],
    server_nonce: [u8; 16],
    new_nonce: [u8; 32],
    kind: InnerDataKind,
    scheme: RsaScheme,
    group: DhGroup,
    g_a: Vec<u8>,
    tmp: TmpAesKey,
    time_offset: i64,
    key: Option<AuthKey>,
    retries: u32,
}

/// What `dh_gen_*` led to.
#[derive(Debug)]
pub enum DhGenOutcome {
    /// `dh_gen_ok`: the key.
    Done(Box<CreatedKey>),
    /// `dh_gen_retry`: send the request and wait again.
    Retry(Box<AwaitDhGen>, Vec<u8>),
}

impl AwaitDhGen {
    /// Step 7: a fresh b, `g_b`, `auth_key = g_a^b`, and `set_client_DH_params` carrying
    /// `client_DH_inner_data` encrypted with the temporary key.
    fn client_dh<R: CryptoRng>(
        &mut self,
        now: UnixTime,
        retry_id: i64,
        rng: &mut R,
    ) -> Result<Vec<u8>, HandshakeError> {
        let secret: DhSecret = self.group.generate_secret(rng);
        self.key = Some(AuthKey::from_bytes(
            secret.shared_key(&self.group, &self.g_a)?,
        ));
        let data = types::ClientDHInnerData {
            nonce: self.nonce,
            server_nonce: self.server_nonce,
            retry_id,
            g_b: secret.public().to_vec().into(),
        }
        .to_bytes();
        // data_with_hash = SHA1(data) ‖ data ‖ 0..15 random bytes (to a multiple of 16)
        let mut with_hash = sha1(&data).to_vec();
        with_hash.extend_from_slice(&data);
        let pad = (16 - with_hash.len() % 16) % 16;
        let start = with_hash.len();
        with_hash.resize(start + pad, 0);
        rng.fill_bytes(&mut with_hash[start..]);
        ige::encrypt(&self.tmp.key, &self.tmp.iv, &mut with_hash)
            .map_err(|_| HandshakeError::BadHash)?;
        let body = functions::SetClientDHParams {
            nonce: self.nonce,
            server_nonce: self.server_nonce,
            encrypted_data: with_hash.into(),
        }
        .to_bytes();
        Ok(self.env.wrap(now, &body))
    }

    /// Step 9: checks the answer's nonces and new_nonce_hash; on retry, a new g_b with
    /// `retry_id = auth_key_aux_hash`.
    pub fn handle<R: CryptoRng>(
        mut self,
        now: UnixTime,
        payload: &[u8],
        rng: &mut R,
    ) -> Result<DhGenOutcome, HandshakeError> {
        let answer = enums::SetClientDHParamsAnswer::deserialize(&mut Reader::new(
            Envelope::open(payload)?,
        ))?;
        // (nonce, server_nonce, new_nonce_hash{1,2,3}) and which answer it is.
        let (nonce, server_nonce, hash, result) = match answer {
            enums::SetClientDHParamsAnswer::DhGenOk(a) => {
                (a.nonce, a.server_nonce, a.new_nonce_hash1, DhGenResult::Ok)
            }
            enums::SetClientDHParamsAnswer::DhGenRetry(a) => (
                a.nonce,
                a.server_nonce,
                a.new_nonce_hash2,
                DhGenResult::Retry,
            ),
            enums::SetClientDHParamsAnswer::DhGenFail(a) => (
                a.nonce,
                a.server_nonce,
                a.new_nonce_hash3,
                DhGenResult::Fail,
            ),
        };
        if nonce != self.nonce || server_nonce != self.server_nonce {
            return Err(HandshakeError::NonceMismatch);
        }
        let key = self.key.take().ok_or(HandshakeError::Failed)?;
        if hash != key.new_nonce_hash(&self.new_nonce, result) {
            return Err(HandshakeError::BadNewNonceHash);
        }
        match result {
            DhGenResult::Ok => Ok(DhGenOutcome::Done(Box::new(CreatedKey {
                first_salt: i64::from_le_bytes(initial_server_salt(
                    &self.new_nonce,
                    &self.server_nonce,
                )),
                expires_at: self
                    .kind
                    .expires_in()
                    .map(|e| now.as_secs() as i64 + self.time_offset + i64::from(e)),
                dc: self.kind.dc(),
                scheme: self.scheme,
                time_offset: self.time_offset,
                key,
            }))),
            DhGenResult::Retry => {
                if self.retries >= MAX_RETRIES {
                    return Err(HandshakeError::TooManyRetries);
                }
                self.retries += 1;
                let request = self.client_dh(now, i64::from_le_bytes(key.aux_hash()), rng)?;
                Ok(DhGenOutcome::Retry(Box::new(self), request))
            }
            DhGenResult::Fail => Err(HandshakeError::GenFailed),
        }
    }
}
