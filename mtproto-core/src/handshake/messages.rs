//! The auth-key exchange messages (<https://core.telegram.org/mtproto/auth_key>, MTPROTO.md §4.1),
//! read and written by hand: they travel unencrypted before any session exists.

use crate::tl_wire::{Reader, TlError, put_bytes, put_i32, put_i64, put_u32, put_vec_i64};

/// `req_pq_multi#be7e8ef1 nonce:int128 = ResPQ`.
pub const REQ_PQ_MULTI: u32 = 0xbe7e_8ef1;
/// Legacy `req_pq#60469778 nonce:int128 = ResPQ` (still accepted by servers).
pub const REQ_PQ: u32 = 0x6046_9778;
/// `resPQ#05162463`.
pub const RES_PQ: u32 = 0x0516_2463;
/// `p_q_inner_data#83c95aec` (no dc; what most clients send).
pub const P_Q_INNER_DATA: u32 = 0x83c9_5aec;
/// `p_q_inner_data_dc#a9f55f95`.
pub const P_Q_INNER_DATA_DC: u32 = 0xa9f5_5f95;
/// `p_q_inner_data_temp#3c6a84d4`.
pub const P_Q_INNER_DATA_TEMP: u32 = 0x3c6a_84d4;
/// `p_q_inner_data_temp_dc#56fddf88`.
pub const P_Q_INNER_DATA_TEMP_DC: u32 = 0x56fd_df88;
/// `req_DH_params#d712e4be`.
pub const REQ_DH_PARAMS: u32 = 0xd712_e4be;
/// `server_DH_params_fail#79cb045d`.
pub const SERVER_DH_PARAMS_FAIL: u32 = 0x79cb_045d;
/// `server_DH_params_ok#d0e8075c`.
pub const SERVER_DH_PARAMS_OK: u32 = 0xd0e8_075c;
/// `server_DH_inner_data#b5890dba`.
pub const SERVER_DH_INNER_DATA: u32 = 0xb589_0dba;
/// `client_DH_inner_data#6643b654`.
pub const CLIENT_DH_INNER_DATA: u32 = 0x6643_b654;
/// `set_client_DH_params#f5045f1f`.
pub const SET_CLIENT_DH_PARAMS: u32 = 0xf504_5f1f;
/// `dh_gen_ok#3bcbf734`.
pub const DH_GEN_OK: u32 = 0x3bcb_f734;
/// `dh_gen_retry#46dc1fb9`.
pub const DH_GEN_RETRY: u32 = 0x46dc_1fb9;
/// `dh_gen_fail#a69dae02`.
pub const DH_GEN_FAIL: u32 = 0xa69d_ae02;

/// `req_pq_multi` (or the legacy `req_pq` when read by a server).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReqPq {
    /// Client nonce.
    pub nonce: [u8; 16],
}

impl ReqPq {
    /// Serializes as `req_pq_multi`.
    pub fn encode(&self, out: &mut Vec<u8>) {
        put_u32(out, REQ_PQ_MULTI);
        out.extend_from_slice(&self.nonce);
    }

    /// Reads `req_pq_multi` or `req_pq`.
    pub fn decode(r: &mut Reader<'_>) -> Result<Self, TlError> {
        match r.u32()? {
            REQ_PQ_MULTI | REQ_PQ => Ok(Self { nonce: r.array()? }),
            other => Err(TlError::Constructor(other)),
        }
    }
}

/// `resPQ nonce:int128 server_nonce:int128 pq:bytes server_public_key_fingerprints:Vector<long>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResPq {
    /// Client nonce, echoed.
    pub nonce: [u8; 16],
    /// Server nonce.
    pub server_nonce: [u8; 16],
    /// `pq` as big-endian bytes.
    pub pq: Vec<u8>,
    /// Fingerprints of the server's RSA keys.
    pub fingerprints: Vec<i64>,
}

impl ResPq {
    /// Serializes (boxed).
    pub fn encode(&self, out: &mut Vec<u8>) {
        put_u32(out, RES_PQ);
        out.extend_from_slice(&self.nonce);
        out.extend_from_slice(&self.server_nonce);
        put_bytes(out, &self.pq);
        put_vec_i64(out, &self.fingerprints);
    }

    /// Deserializes (boxed).
    pub fn decode(r: &mut Reader<'_>) -> Result<Self, TlError> {
        r.expect(RES_PQ)?;
        Ok(Self {
            nonce: r.array()?,
            server_nonce: r.array()?,
            pq: r.bytes()?.to_vec(),
            fingerprints: r.vec_i64()?,
        })
    }
}

/// Which `p_q_inner_data*` constructor, with its extra fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InnerDataKind {
    /// `p_q_inner_data` (permanent key, no dc).
    Plain,
    /// `p_q_inner_data_dc` (permanent key).
    Dc(i32),
    /// `p_q_inner_data_temp` (temporary key, no dc).
    Temp {
        /// Lifetime in seconds.
        expires_in: i32,
    },
    /// `p_q_inner_data_temp_dc` (temporary key).
    TempDc {
        /// DC id.
        dc: i32,
        /// Lifetime in seconds.
        expires_in: i32,
    },
}

impl InnerDataKind {
    /// The key's lifetime for temporary keys.
    pub fn expires_in(self) -> Option<i32> {
        match self {
            Self::Temp { expires_in } | Self::TempDc { expires_in, .. } => Some(expires_in),
            _ => None,
        }
    }

    /// The DC id, if the constructor carries one.
    pub fn dc(self) -> Option<i32> {
        match self {
            Self::Dc(dc) | Self::TempDc { dc, .. } => Some(dc),
            _ => None,
        }
    }
}

/// `p_q_inner_data*`: what the client encrypts with the server's RSA key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PqInnerData {
    /// The constructor and its extra fields.
    pub kind: InnerDataKind,
    /// `pq` as received.
    pub pq: Vec<u8>,
    /// The smaller factor, minimal big-endian.
    pub p: Vec<u8>,
    /// The larger factor, minimal big-endian.
    pub q: Vec<u8>,
    /// Client nonce.
    pub nonce: [u8; 16],
    /// Server nonce.
    pub server_nonce: [u8; 16],
    /// The client's secret new nonce.
    pub new_nonce: [u8; 32],
}

impl PqInnerData {
    /// Serializes (boxed).
    pub fn encode(&self, out: &mut Vec<u8>) {
        let id = match self.kind {
            InnerDataKind::Plain => P_Q_INNER_DATA,
            InnerDataKind::Dc(_) => P_Q_INNER_DATA_DC,
            InnerDataKind::Temp { .. } => P_Q_INNER_DATA_TEMP,
            InnerDataKind::TempDc { .. } => P_Q_INNER_DATA_TEMP_DC,
        };
        put_u32(out, id);
        put_bytes(out, &self.pq);
        put_bytes(out, &self.p);
        put_bytes(out, &self.q);
        out.extend_from_slice(&self.nonce);
        out.extend_from_slice(&self.server_nonce);
        out.extend_from_slice(&self.new_nonce);
        if let Some(dc) = self.kind.dc() {
            put_i32(out, dc);
        }
        if let Some(expires_in) = self.kind.expires_in() {
            put_i32(out, expires_in);
        }
    }

    /// Deserializes any of the four constructors.
    pub fn decode(r: &mut Reader<'_>) -> Result<Self, TlError> {
        let id = r.u32()?;
        if ![
            P_Q_INNER_DATA,
            P_Q_INNER_DATA_DC,
            P_Q_INNER_DATA_TEMP,
            P_Q_INNER_DATA_TEMP_DC,
        ]
        .contains(&id)
        {
            return Err(TlError::Constructor(id));
        }
        let pq = r.bytes()?.to_vec();
        let p = r.bytes()?.to_vec();
        let q = r.bytes()?.to_vec();
        let nonce = r.array()?;
        let server_nonce = r.array()?;
        let new_nonce = r.array()?;
        let kind = match id {
            P_Q_INNER_DATA => InnerDataKind::Plain,
            P_Q_INNER_DATA_DC => InnerDataKind::Dc(r.i32()?),
            P_Q_INNER_DATA_TEMP => InnerDataKind::Temp {
                expires_in: r.i32()?,
            },
            _ => InnerDataKind::TempDc {
                dc: r.i32()?,
                expires_in: r.i32()?,
            },
        };
        Ok(Self {
            kind,
            pq,
            p,
            q,
            nonce,
            server_nonce,
            new_nonce,
        })
    }
}

/// `req_DH_params`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReqDhParams {
    /// Client nonce.
    pub nonce: [u8; 16],
    /// Server nonce.
    pub server_nonce: [u8; 16],
    /// Smaller factor of pq.
    pub p: Vec<u8>,
    /// Larger factor of pq.
    pub q: Vec<u8>,
    /// Fingerprint of the RSA key used.
    pub fingerprint: i64,
    /// The RSA-encrypted `p_q_inner_data*` (256 bytes).
    pub encrypted_data: Vec<u8>,
}

impl ReqDhParams {
    /// Serializes (boxed).
    pub fn encode(&self, out: &mut Vec<u8>) {
        put_u32(out, REQ_DH_PARAMS);
        out.extend_from_slice(&self.nonce);
        out.extend_from_slice(&self.server_nonce);
        put_bytes(out, &self.p);
        put_bytes(out, &self.q);
        put_i64(out, self.fingerprint);
        put_bytes(out, &self.encrypted_data);
    }

    /// Deserializes (boxed).
    pub fn decode(r: &mut Reader<'_>) -> Result<Self, TlError> {
        r.expect(REQ_DH_PARAMS)?;
        Ok(Self {
            nonce: r.array()?,
            server_nonce: r.array()?,
            p: r.bytes()?.to_vec(),
            q: r.bytes()?.to_vec(),
            fingerprint: r.i64()?,
            encrypted_data: r.bytes()?.to_vec(),
        })
    }
}

/// `Server_DH_Params`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerDhParams {
    /// `server_DH_params_ok nonce server_nonce encrypted_answer:bytes`.
    Ok {
        /// Client nonce.
        nonce: [u8; 16],
        /// Server nonce.
        server_nonce: [u8; 16],
        /// IGE-encrypted `answer_with_hash`.
        encrypted_answer: Vec<u8>,
    },
    /// `server_DH_params_fail nonce server_nonce new_nonce_hash:int128`.
    Fail {
        /// Client nonce.
        nonce: [u8; 16],
        /// Server nonce.
        server_nonce: [u8; 16],
        /// `SHA1(new_nonce)[4..20]`.
        new_nonce_hash: [u8; 16],
    },
}

impl ServerDhParams {
    /// Serializes (boxed).
    pub fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Self::Ok {
                nonce,
                server_nonce,
                encrypted_answer,
            } => {
                put_u32(out, SERVER_DH_PARAMS_OK);
                out.extend_from_slice(nonce);
                out.extend_from_slice(server_nonce);
                put_bytes(out, encrypted_answer);
            }
            Self::Fail {
                nonce,
                server_nonce,
                new_nonce_hash,
            } => {
                put_u32(out, SERVER_DH_PARAMS_FAIL);
                out.extend_from_slice(nonce);
                out.extend_from_slice(server_nonce);
                out.extend_from_slice(new_nonce_hash);
            }
        }
    }

    /// Deserializes (boxed).
    pub fn decode(r: &mut Reader<'_>) -> Result<Self, TlError> {
        match r.u32()? {
            SERVER_DH_PARAMS_OK => Ok(Self::Ok {
                nonce: r.array()?,
                server_nonce: r.array()?,
                encrypted_answer: r.bytes()?.to_vec(),
            }),
            SERVER_DH_PARAMS_FAIL => Ok(Self::Fail {
                nonce: r.array()?,
                server_nonce: r.array()?,
                new_nonce_hash: r.array()?,
            }),
            other => Err(TlError::Constructor(other)),
        }
    }
}

/// `server_DH_inner_data`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerDhInnerData {
    /// Client nonce.
    pub nonce: [u8; 16],
    /// Server nonce.
    pub server_nonce: [u8; 16],
    /// Generator.
    pub g: i32,
    /// The prime, big-endian.
    pub dh_prime: Vec<u8>,
    /// `g^a mod dh_prime`, big-endian.
    pub g_a: Vec<u8>,
    /// Server's Unix time.
    pub server_time: i32,
}

impl ServerDhInnerData {
    /// Serializes (boxed).
    pub fn encode(&self, out: &mut Vec<u8>) {
        put_u32(out, SERVER_DH_INNER_DATA);
        out.extend_from_slice(&self.nonce);
        out.extend_from_slice(&self.server_nonce);
        put_i32(out, self.g);
        put_bytes(out, &self.dh_prime);
        put_bytes(out, &self.g_a);
        put_i32(out, self.server_time);
    }

    /// Deserializes (boxed).
    pub fn decode(r: &mut Reader<'_>) -> Result<Self, TlError> {
        r.expect(SERVER_DH_INNER_DATA)?;
        Ok(Self {
            nonce: r.array()?,
            server_nonce: r.array()?,
            g: r.i32()?,
            dh_prime: r.bytes()?.to_vec(),
            g_a: r.bytes()?.to_vec(),
            server_time: r.i32()?,
        })
    }
}

/// `client_DH_inner_data`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientDhInnerData {
    /// Client nonce.
    pub nonce: [u8; 16],
    /// Server nonce.
    pub server_nonce: [u8; 16],
    /// 0 on the first attempt, else the previous attempt's `auth_key_aux_hash` as a long.
    pub retry_id: i64,
    /// `g^b mod dh_prime`, big-endian.
    pub g_b: Vec<u8>,
}

impl ClientDhInnerData {
    /// Serializes (boxed).
    pub fn encode(&self, out: &mut Vec<u8>) {
        put_u32(out, CLIENT_DH_INNER_DATA);
        out.extend_from_slice(&self.nonce);
        out.extend_from_slice(&self.server_nonce);
        put_i64(out, self.retry_id);
        put_bytes(out, &self.g_b);
    }

    /// Deserializes (boxed).
    pub fn decode(r: &mut Reader<'_>) -> Result<Self, TlError> {
        r.expect(CLIENT_DH_INNER_DATA)?;
        Ok(Self {
            nonce: r.array()?,
            server_nonce: r.array()?,
            retry_id: r.i64()?,
            g_b: r.bytes()?.to_vec(),
        })
    }
}

/// `set_client_DH_params`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetClientDhParams {
    /// Client nonce.
    pub nonce: [u8; 16],
    /// Server nonce.
    pub server_nonce: [u8; 16],
    /// IGE-encrypted `SHA1(client_DH_inner_data) ‖ data ‖ padding`.
    pub encrypted_data: Vec<u8>,
}

impl SetClientDhParams {
    /// Serializes (boxed).
    pub fn encode(&self, out: &mut Vec<u8>) {
        put_u32(out, SET_CLIENT_DH_PARAMS);
        out.extend_from_slice(&self.nonce);
        out.extend_from_slice(&self.server_nonce);
        put_bytes(out, &self.encrypted_data);
    }

    /// Deserializes (boxed).
    pub fn decode(r: &mut Reader<'_>) -> Result<Self, TlError> {
        r.expect(SET_CLIENT_DH_PARAMS)?;
        Ok(Self {
            nonce: r.array()?,
            server_nonce: r.array()?,
            encrypted_data: r.bytes()?.to_vec(),
        })
    }
}

/// Which `Set_client_DH_params_answer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DhGenKind {
    /// `dh_gen_ok` (new_nonce_hash1).
    Ok,
    /// `dh_gen_retry` (new_nonce_hash2).
    Retry,
    /// `dh_gen_fail` (new_nonce_hash3).
    Fail,
}

/// `dh_gen_ok` / `dh_gen_retry` / `dh_gen_fail`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DhGenAnswer {
    /// Which answer.
    pub kind: DhGenKind,
    /// Client nonce.
    pub nonce: [u8; 16],
    /// Server nonce.
    pub server_nonce: [u8; 16],
    /// `new_nonce_hash{1,2,3}`.
    pub new_nonce_hash: [u8; 16],
}

impl DhGenAnswer {
    /// Serializes (boxed).
    pub fn encode(&self, out: &mut Vec<u8>) {
        put_u32(
            out,
            match self.kind {
                DhGenKind::Ok => DH_GEN_OK,
                DhGenKind::Retry => DH_GEN_RETRY,
                DhGenKind::Fail => DH_GEN_FAIL,
            },
        );
        out.extend_from_slice(&self.nonce);
        out.extend_from_slice(&self.server_nonce);
        out.extend_from_slice(&self.new_nonce_hash);
    }

    /// Deserializes (boxed).
    pub fn decode(r: &mut Reader<'_>) -> Result<Self, TlError> {
        let kind = match r.u32()? {
            DH_GEN_OK => DhGenKind::Ok,
            DH_GEN_RETRY => DhGenKind::Retry,
            DH_GEN_FAIL => DhGenKind::Fail,
            other => return Err(TlError::Constructor(other)),
        };
        Ok(Self {
            kind,
            nonce: r.array()?,
            server_nonce: r.array()?,
            new_nonce_hash: r.array()?,
        })
    }
}
