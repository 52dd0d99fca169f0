//! PEM encodings of RSA keys: private keys in PKCS#1 (`RSA PRIVATE KEY`) or unencrypted PKCS#8
//! (`PRIVATE KEY`), public keys in PKCS#1 (`RSA PUBLIC KEY`, the form Telegram publishes its
//! keys in). The DER structures come from the RustCrypto `pkcs1`/`pkcs8` crates.

use num_bigint::BigUint;
use pkcs1::der::asn1::UintRef;
use pkcs1::der::pem::{self, LineEnding};
use pkcs1::{EncodeRsaPrivateKey, EncodeRsaPublicKey};

use super::{RsaPrivateKey, RsaPublicKey};
use crate::error::RsaError;

/// The OID of `rsaEncryption` (PKCS#1), the algorithm a PKCS#8 RSA key names.
const RSA_ENCRYPTION: pkcs8::ObjectIdentifier =
    pkcs8::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

fn encoding(e: impl std::fmt::Display) -> RsaError {
    RsaError::Encoding(e.to_string())
}

fn uint(n: &UintRef<'_>) -> BigUint {
    BigUint::from_bytes_be(n.as_bytes())
}

impl RsaPrivateKey {
    /// Loads a private key from PEM: PKCS#1 (`-----BEGIN RSA PRIVATE KEY-----`) or unencrypted
    /// PKCS#8 (`-----BEGIN PRIVATE KEY-----`). The modulus must have 2048 bits and equal p·q.
    pub fn from_pem(text: &str) -> Result<Self, RsaError> {
        let (label, der) = pem::decode_vec(text.trim().as_bytes()).map_err(encoding)?;
        match label {
            "RSA PRIVATE KEY" => Self::from_pkcs1_der(&der),
            "PRIVATE KEY" => {
                let info = pkcs8::PrivateKeyInfoRef::try_from(der.as_slice()).map_err(encoding)?;
                if info.algorithm.oid != RSA_ENCRYPTION {
                    return Err(RsaError::NotRsa);
                }
                Self::from_pkcs1_der(info.private_key.as_bytes())
            }
            other => Err(RsaError::Encoding(format!(
                "unexpected PEM label {other:?}"
            ))),
        }
    }

    /// Loads a PKCS#1 `RSAPrivateKey` from DER.
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self, RsaError> {
        let key = pkcs1::RsaPrivateKeyRef::try_from(der).map_err(encoding)?;
        let this = Self::from_parts(
            uint(&key.prime1),
            uint(&key.prime2),
            uint(&key.public_exponent),
            uint(&key.private_exponent),
        )?;
        if this.public.n != uint(&key.modulus) {
            return Err(RsaError::Encoding("modulus is not prime1 * prime2".into()));
        }
        Ok(this)
    }

    /// The key as PKCS#1 PEM (`-----BEGIN RSA PRIVATE KEY-----`), e.g. to keep a generated key.
    pub fn to_pkcs1_pem(&self) -> Result<String, RsaError> {
        let values = [
            self.public.n.to_bytes_be(),
            self.public.e.to_bytes_be(),
            self.d.to_bytes_be(),
            self.p.to_bytes_be(),
            self.q.to_bytes_be(),
            self.dp.to_bytes_be(),
            self.dq.to_bytes_be(),
            self.q_inv.to_bytes_be(),
        ];
        let u: Vec<UintRef<'_>> = values
            .iter()
            .map(|v| UintRef::new(v))
            .collect::<Result<_, _>>()
            .map_err(encoding)?;
        let key = pkcs1::RsaPrivateKey {
            modulus: u[0],
            public_exponent: u[1],
            private_exponent: u[2],
            prime1: u[3],
            prime2: u[4],
            exponent1: u[5],
            exponent2: u[6],
            coefficient: u[7],
            other_prime_infos: None,
        };
        key.to_pkcs1_pem(LineEnding::LF)
            .map(|s| s.to_string())
            .map_err(encoding)
    }
}

impl RsaPublicKey {
    /// The key as PKCS#1 PEM (`-----BEGIN RSA PUBLIC KEY-----`), the form clients embed.
    pub fn to_pkcs1_pem(&self) -> Result<String, RsaError> {
        let n = self.n.to_bytes_be();
        let e = self.e.to_bytes_be();
        let key = pkcs1::RsaPublicKey {
            modulus: UintRef::new(&n).map_err(encoding)?,
            public_exponent: UintRef::new(&e).map_err(encoding)?,
        };
        key.to_pkcs1_pem(LineEnding::LF).map_err(encoding)
    }

    /// Loads a PKCS#1 public key (`-----BEGIN RSA PUBLIC KEY-----`).
    pub fn from_pkcs1_pem(text: &str) -> Result<Self, RsaError> {
        let (label, der) = pem::decode_vec(text.trim().as_bytes()).map_err(encoding)?;
        if label != "RSA PUBLIC KEY" {
            return Err(RsaError::Encoding(format!(
                "unexpected PEM label {label:?}"
            )));
        }
        let key = pkcs1::RsaPublicKeyRef::try_from(der.as_slice()).map_err(encoding)?;
        Self::new(uint(&key.modulus), uint(&key.public_exponent))
    }
}
