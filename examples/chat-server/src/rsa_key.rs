//! The server's RSA key: loaded from `--rsa-key`, or generated once into the data directory and
//! reused; the public half is always written to `<data-dir>/server-public.pem` (PKCS#1), the form
//! clients embed (<https://core.telegram.org/mtproto/auth_key>, SERVER-INTEROP.md §2 and §5).

use std::fs;
use std::path::{Path, PathBuf};

use mtproto_crypto::rsa::RsaPrivateKey;
use thiserror::Error;

/// File name of the generated private key inside the data directory.
pub const GENERATED_KEY_FILE: &str = "server-key.pem";
/// File name of the public key written for clients.
pub const PUBLIC_KEY_FILE: &str = "server-public.pem";

/// Why the key could not be set up.
#[derive(Debug, Error)]
pub enum KeyError {
    /// Reading or writing a key file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The PEM could not be parsed or written.
    #[error("{path}: {source}")]
    Rsa {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: mtproto_crypto::error::RsaError,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> KeyError + '_ {
    move |source| KeyError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn rsa(path: &Path) -> impl FnOnce(mtproto_crypto::error::RsaError) -> KeyError + '_ {
    move |source| KeyError::Rsa {
        path: path.to_path_buf(),
        source,
    }
}

/// Loads `explicit`, else the generated key in `data_dir`, else generates one there; then writes
/// the public PEM. Generated keys have an unsigned fingerprint whose top nibble is not 0, because
/// some clients look keys up by the unpadded hex of the fingerprint (SERVER-INTEROP.md §2, item 7).
pub fn load_or_generate(
    explicit: Option<&Path>,
    data_dir: &Path,
    rng: &mut impl rand::CryptoRng,
) -> Result<RsaPrivateKey, KeyError> {
    let key = match explicit {
        Some(path) => read(path)?,
        None => {
            let path = data_dir.join(GENERATED_KEY_FILE);
            if path.exists() {
                read(&path)?
            } else {
                let key = generate(rng, &path)?;
                tracing::info!(path = %path.display(), "generated a new RSA key");
                key
            }
        }
    };
    let public = data_dir.join(PUBLIC_KEY_FILE);
    let pem = key.public().to_pkcs1_pem().map_err(rsa(&public))?;
    fs::write(&public, pem).map_err(io(&public))?;
    Ok(key)
}

fn read(path: &Path) -> Result<RsaPrivateKey, KeyError> {
    let text = fs::read_to_string(path).map_err(io(path))?;
    RsaPrivateKey::from_pem(&text).map_err(rsa(path))
}

fn generate(rng: &mut impl rand::CryptoRng, path: &Path) -> Result<RsaPrivateKey, KeyError> {
    loop {
        let key = RsaPrivateKey::generate(rng, 2048).map_err(rsa(path))?;
        if (key.public().fingerprint().0 as u64) >> 60 == 0 {
            continue;
        }
        let pem = key.to_pkcs1_pem().map_err(rsa(path))?;
        fs::write(path, pem).map_err(io(path))?;
        return Ok(key);
    }
}
