//! `p_q_inner_data*`, the part of the exchange the client encrypts with the server's RSA key
//! (<https://core.telegram.org/mtproto/auth_key>, MTPROTO.md §4.1). The four constructors share
//! their first six fields; [`InnerDataKind`] names the constructor with its extra fields, so the
//! state machines work with one [`types::PQInnerData`] and a kind instead of four structs.

use crate::tl::mtproto::{enums, types};

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

    /// The boxed value of this constructor with the shared fields of `data`.
    pub fn join(self, data: types::PQInnerData<'_>) -> enums::PQInnerData<'_> {
        let types::PQInnerData {
            pq,
            p,
            q,
            nonce,
            server_nonce,
            new_nonce,
        } = data;
        match self {
            Self::Plain => enums::PQInnerData::from(types::PQInnerData {
                pq,
                p,
                q,
                nonce,
                server_nonce,
                new_nonce,
            }),
            Self::Dc(dc) => types::PQInnerDataDc {
                pq,
                p,
                q,
                nonce,
                server_nonce,
                new_nonce,
                dc,
            }
            .into(),
            Self::Temp { expires_in } => types::PQInnerDataTemp {
                pq,
                p,
                q,
                nonce,
                server_nonce,
                new_nonce,
                expires_in,
            }
            .into(),
            Self::TempDc { dc, expires_in } => types::PQInnerDataTempDc {
                pq,
                p,
                q,
                nonce,
                server_nonce,
                new_nonce,
                dc,
                expires_in,
            }
            .into(),
        }
    }

    /// Splits a boxed value into its kind and its shared fields (the inverse of [`join`](Self::join)).
    pub fn split(data: enums::PQInnerData<'_>) -> (Self, types::PQInnerData<'_>) {
        // The six fields every constructor starts with.
        macro_rules! shared {
            ($d:expr) => {
                types::PQInnerData {
                    pq: $d.pq,
                    p: $d.p,
                    q: $d.q,
                    nonce: $d.nonce,
                    server_nonce: $d.server_nonce,
                    new_nonce: $d.new_nonce,
                }
            };
        }
        match data {
            enums::PQInnerData::PQInnerData(d) => (Self::Plain, *d),
            enums::PQInnerData::Dc(d) => (Self::Dc(d.dc), shared!(d)),
            enums::PQInnerData::Temp(d) => {
                let expires_in = d.expires_in;
                (Self::Temp { expires_in }, shared!(d))
            }
            enums::PQInnerData::TempDc(d) => {
                let (dc, expires_in) = (d.dc, d.expires_in);
                (Self::TempDc { dc, expires_in }, shared!(d))
            }
        }
    }
}
