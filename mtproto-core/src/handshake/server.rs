//! The server side of auth-key creation (<https://core.telegram.org/mtproto/auth_key>,
//! SERVER-INTEROP.md §2): `resPQ` with a fresh pq whose factors are below 2^32, both RSA
//! schemes and all four `p_q_inner_data*` constructors accepted, Telegram's DH prime with g = 3,
//! every nonce, hash and range checked, `dh_gen_retry` on a key-id collision, and the key with
//! its first salt returned. The key is stored through the host's [`ServerKeys`] before
//! `dh_gen_ok` is sent; when storing fails the answer is `dh_gen_fail`, and the client starts over
//! with `req_pq_multi` (the spec's "start from the beginning" outcome) instead of using a key the
//! server could not keep.

use mtproto_crypto::auth_key::DhGenResult;
use mtproto_crypto::dh::{DhGroup, DhSecret};
use mtproto_crypto::handshake::{TmpAesKey, check_data_with_hash, initial_server_salt};
use mtproto_crypto::rsa::RsaPrivateKey;
use mtproto_crypto::{AuthKey, ige, pq};
use rand::CryptoRng;

use super::{CreatedKey, HandshakeError, InnerDataKind, sha1};
use crate::envelope::PlainMessage;
use crate::msg_id::{MsgIdGenerator, MsgIdKind};
use crate::session::server::ServerKeys;
use crate::time::UnixTime;
use crate::tl::mtproto::{enums, functions, types};
use crate::tl::{Deserialize, Reader, Serialize};

/// Largest `set_client_DH_params.encrypted_data` accepted (a 256-byte g_b needs 336).
const MAX_CLIENT_DH_DATA: usize = 1024;
/// How many times the server asks for a new g_b after key-id collisions.
const MAX_RETRIES: u32 = 3;

/// What every server handshake needs.
#[derive(Debug, Clone)]
pub struct HandshakeConfig {
    /// The server's RSA keys (their fingerprints go into `resPQ`).
    pub rsa_keys: Vec<RsaPrivateKey>,
    /// The DH group: Telegram's prime with g = 3 by default.
    pub dh: DhGroup,
    /// Whether this is a test server: DC ids ≥ 10000 (in absolute value) are test DCs, and a
    /// client naming the other environment gets −444.
    pub test_mode: bool,
}

impl HandshakeConfig {
    /// A production configuration with these RSA keys and Telegram's DH group.
    pub fn new(rsa_keys: Vec<RsaPrivateKey>) -> Self {
        Self {
            rsa_keys,
            dh: DhGroup::telegram(),
            test_mode: false,
        }
    }
}

/// The outcome of one handled message.
#[derive(Debug, Default)]
pub struct HandshakeStep {
    /// The unencrypted message to send back.
    pub reply: Option<Vec<u8>>,
    /// The key, once it is stored and `dh_gen_ok` is the reply.
    pub created: Option<CreatedKey>,
}

#[derive(Debug)]
struct AwaitReqDh {
    nonce: [u8; 16],
    server_nonce: [u8; 16],
    pq: pq::Pq,
}

#[derive(Debug)]
struct AwaitClientDh {
    nonce: [u8; 16],
    server_nonce: [u8; 16],
    new_nonce: [u8; 32],
    kind: InnerDataKind,
    scheme: mtproto_crypto::rsa::RsaScheme,
    secret: DhSecret,
    tmp: TmpAesKey,
    retry_id: i64,
    retries: u32,
}

#[derive(Debug, Default)]
enum State {
    #[default]
    AwaitReqPq,
    AwaitReqDh(AwaitReqDh),
    AwaitClientDh(Box<AwaitClientDh>),
    Failed,
}

/// One connection's server handshake. It also repeats its last answer when a client re-sends
/// the same request (the spec's retransmission rule).
#[derive(Debug, Default)]
pub struct ServerHandshake {
    state: State,
    ids: MsgIdGenerator,
    last: Option<(Vec<u8>, Vec<u8>)>,
}

impl ServerHandshake {
    /// A handshake waiting for `req_pq_multi`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Handles one unencrypted message. `keys` tells whether an auth key id is taken (a
    /// collision is answered with `dh_gen_retry`) and stores the new key. After an error every
    /// later message fails too: the connection must restart (MTPROTO.md §1.6).
    pub fn handle<R: CryptoRng>(
        &mut self,
        config: &HandshakeConfig,
        now: UnixTime,
        payload: &[u8],
        keys: &mut dyn ServerKeys,
        rng: &mut R,
    ) -> Result<HandshakeStep, HandshakeError> {
        if matches!(self.state, State::Failed) {
            return Err(HandshakeError::Failed);
        }
        let message = PlainMessage::decode(payload)?;
        if let Some((request, reply)) = &self.last
            && request == message.body
        {
            return Ok(HandshakeStep {
                reply: Some(reply.clone()),
                created: None,
            });
        }
        let result = self.step(config, now, message.body, keys, rng);
        match result {
            Ok((body, created)) => {
                let mut reply = Vec::with_capacity(20 + body.len());
                PlainMessage::encode(
                    self.ids.next(now, MsgIdKind::ServerResponse),
                    &body,
                    &mut reply,
                );
                self.last = Some((message.body.to_vec(), reply.clone()));
                Ok(HandshakeStep {
                    reply: Some(reply),
                    created,
                })
            }
            Err(e) => {
                self.state = State::Failed;
                Err(e)
            }
        }
    }

    fn step<R: CryptoRng>(
        &mut self,
        config: &HandshakeConfig,
        now: UnixTime,
        body: &[u8],
        keys: &mut dyn ServerKeys,
        rng: &mut R,
    ) -> Result<(Vec<u8>, Option<CreatedKey>), HandshakeError> {
        // A new req_pq_multi restarts the exchange in any state (e.g. a second key).
        if let Some(nonce) = req_pq_nonce(body) {
            return Ok((self.res_pq(config, nonce, rng), None));
        }
        let mut r = Reader::new(body);
        match std::mem::take(&mut self.state) {
            State::AwaitReqDh(s) => {
                let req = functions::ReqDHParams::deserialize(&mut r)?;
                let (next, reply) = req_dh_params(config, now, s, req, rng)?;
                self.state = State::AwaitClientDh(Box::new(next));
                Ok((reply, None))
            }
            State::AwaitClientDh(s) => {
                let req = functions::SetClientDHParams::deserialize(&mut r)?;
                match set_client_dh_params(config, now, *s, req, keys)? {
                    ClientDhOutcome::Retry(s, reply) => {
                        self.state = State::AwaitClientDh(s);
                        Ok((reply, None))
                    }
                    ClientDhOutcome::NotStored(reply) => Ok((reply, None)),
                    ClientDhOutcome::Done(created, reply) => Ok((reply, Some(*created))),
                }
            }
            State::AwaitReqPq | State::Failed => Err(HandshakeError::Failed),
        }
    }

    /// Step 2: `resPQ` with a fresh server nonce and pq.
    fn res_pq<R: CryptoRng>(
        &mut self,
        config: &HandshakeConfig,
        nonce: [u8; 16],
        rng: &mut R,
    ) -> Vec<u8> {
        let mut server_nonce = [0u8; 16];
        rng.fill_bytes(&mut server_nonce);
        let pq = pq::generate(rng);
        let res = types::ResPQ {
            nonce,
            server_nonce,
            pq: pq::to_minimal_be(pq.pq).into(),
            server_public_key_fingerprints: config
                .rsa_keys
                .iter()
                .map(|k| k.public().fingerprint().0)
                .collect(),
        };
        self.state = State::AwaitReqDh(AwaitReqDh {
            nonce,
            server_nonce,
            pq,
        });
        res.to_bytes()
    }
}

/// The nonce of a `req_pq_multi`, or of the legacy `req_pq` servers still accept.
fn req_pq_nonce(body: &[u8]) -> Option<[u8; 16]> {
    let multi = functions::ReqPqMulti::deserialize(&mut Reader::new(body)).map(|q| q.nonce);
    multi
        .or_else(|_| functions::ReqPq::deserialize(&mut Reader::new(body)).map(|q| q.nonce))
        .ok()
}

/// Step 5→6: check `req_DH_params`, decrypt the inner data, answer `server_DH_params_ok`.
fn req_dh_params<R: CryptoRng>(
    config: &HandshakeConfig,
    now: UnixTime,
    s: AwaitReqDh,
    req: functions::ReqDHParams<'_>,
    rng: &mut R,
) -> Result<(AwaitClientDh, Vec<u8>), HandshakeError> {
    if req.nonce != s.nonce || req.server_nonce != s.server_nonce {
        return Err(HandshakeError::NonceMismatch);
    }
    // p and q as integers: some clients always write 4 bytes.
    let as_int = |b: &[u8]| pq::from_be(b).map_err(|_| HandshakeError::BadPq);
    if as_int(&req.p)? != s.pq.p || as_int(&req.q)? != s.pq.q {
        return Err(HandshakeError::BadPq);
    }
    let key = config
        .rsa_keys
        .iter()
        .find(|k| k.public().fingerprint().0 == req.public_key_fingerprint)
        .ok_or(HandshakeError::UnknownFingerprint)?;
    let decrypted = key.decrypt_inner(&req.encrypted_data, rng)?;
    let inner = enums::PQInnerData::deserialize(&mut Reader::new(&decrypted.data))?;
    let (kind, inner) = InnerDataKind::split(inner);
    if inner.nonce != s.nonce || inner.server_nonce != s.server_nonce {
        return Err(HandshakeError::NonceMismatch);
    }
    if as_int(&inner.pq)? != s.pq.pq || as_int(&inner.p)? != s.pq.p || as_int(&inner.q)? != s.pq.q {
        return Err(HandshakeError::BadPq);
    }
    if let Some(dc) = kind.dc()
        && (dc.unsigned_abs() >= 10_000) != config.test_mode
    {
        return Err(HandshakeError::InvalidDc(dc));
    }
    let secret = config.dh.generate_secret(rng);
    let answer_bytes = types::ServerDHInnerData {
        nonce: s.nonce,
        server_nonce: s.server_nonce,
        g: config.dh.g() as i32,
        dh_prime: config.dh.p().to_bytes_be().into(),
        g_a: secret.public().to_vec().into(),
        server_time: now.as_secs() as i32,
    }
    .to_bytes();
    // answer_with_hash = SHA1(answer) ‖ answer ‖ 0..15 random bytes (to a multiple of 16)
    let mut data = sha1(&answer_bytes).to_vec();
    data.extend_from_slice(&answer_bytes);
    let pad = (16 - data.len() % 16) % 16;
    let start = data.len();
    data.resize(start + pad, 0);
    rng.fill_bytes(&mut data[start..]);
    let tmp = TmpAesKey::from_nonces(&s.server_nonce, &inner.new_nonce);
    ige::encrypt(&tmp.key, &tmp.iv, &mut data).map_err(|_| HandshakeError::BadHash)?;
    let reply = types::ServerDHParamsOk {
        nonce: s.nonce,
        server_nonce: s.server_nonce,
        encrypted_answer: data.into(),
    }
    .to_bytes();
    let next = AwaitClientDh {
        nonce: s.nonce,
        server_nonce: s.server_nonce,
        new_nonce: inner.new_nonce,
        kind,
        scheme: decrypted.scheme,
        secret,
        tmp,
        retry_id: 0,
        retries: 0,
    };
    Ok((next, reply))
}

enum ClientDhOutcome {
    Retry(Box<AwaitClientDh>, Vec<u8>),
    /// The host could not store the key: `dh_gen_fail`.
    NotStored(Vec<u8>),
    Done(Box<CreatedKey>, Vec<u8>),
}

/// Step 7→9: decrypt and check `client_DH_inner_data`, compute the key, store it and answer
/// `dh_gen_ok` (`dh_gen_retry` if the key id is taken, `dh_gen_fail` if storing failed).
fn set_client_dh_params(
    config: &HandshakeConfig,
    now: UnixTime,
    mut s: AwaitClientDh,
    req: functions::SetClientDHParams<'_>,
    keys: &mut dyn ServerKeys,
) -> Result<ClientDhOutcome, HandshakeError> {
    if req.nonce != s.nonce || req.server_nonce != s.server_nonce {
        return Err(HandshakeError::NonceMismatch);
    }
    let mut data = req.encrypted_data.into_owned();
    if data.len() > MAX_CLIENT_DH_DATA || data.len() < 20 {
        return Err(HandshakeError::BadHash);
    }
    ige::decrypt(&s.tmp.key, &s.tmp.iv, &mut data).map_err(|_| HandshakeError::BadHash)?;
    // data_with_hash = SHA1(data) ‖ data ‖ padding: parse after the hash, hash what was read.
    let mut r = Reader::new(&data[20..]);
    let inner = types::ClientDHInnerData::deserialize(&mut r)?;
    if !check_data_with_hash(&data, data.len() - 20 - r.remaining()) {
        return Err(HandshakeError::BadHash);
    }
    if inner.nonce != s.nonce || inner.server_nonce != s.server_nonce {
        return Err(HandshakeError::NonceMismatch);
    }
    if inner.retry_id != s.retry_id {
        return Err(HandshakeError::BadRetryId);
    }
    let key = AuthKey::from_bytes(s.secret.shared_key(&config.dh, &inner.g_b)?);
    let (nonce, server_nonce) = (s.nonce, s.server_nonce);
    let hash = |result| key.new_nonce_hash(&s.new_nonce, result);
    if keys.auth_key(key.id()).is_some() {
        if s.retries >= MAX_RETRIES {
            return Err(HandshakeError::TooManyRetries);
        }
        let reply = types::DhGenRetry {
            nonce,
            server_nonce,
            new_nonce_hash2: hash(DhGenResult::Retry),
        }
        .to_bytes();
        s.retry_id = i64::from_le_bytes(key.aux_hash());
        s.retries += 1;
        return Ok(ClientDhOutcome::Retry(Box::new(s), reply));
    }
    let expires_at = s
        .kind
        .expires_in()
        .map(|e| now.as_secs() as i64 + i64::from(e));
    if keys.insert(key.clone(), expires_at).is_err() {
        let reply = types::DhGenFail {
            nonce,
            server_nonce,
            new_nonce_hash3: hash(DhGenResult::Fail),
        }
        .to_bytes();
        return Ok(ClientDhOutcome::NotStored(reply));
    }
    let reply = types::DhGenOk {
        nonce,
        server_nonce,
        new_nonce_hash1: hash(DhGenResult::Ok),
    }
    .to_bytes();
    let created = CreatedKey {
        first_salt: i64::from_le_bytes(initial_server_salt(&s.new_nonce, &s.server_nonce)),
        expires_at,
        dc: s.kind.dc(),
        scheme: s.scheme,
        time_offset: 0,
        key,
    };
    Ok(ClientDhOutcome::Done(Box::new(created), reply))
}
