//! Start-up and shutdown: data directory, store, RSA key, salt secret, listener; on SIGINT or
//! SIGTERM the connections are closed and the store is flushed.

use std::fs;
use std::path::Path;
use std::sync::Arc;

use chat_store::Store;
use chat_store::engine::{Engine, SledConfig, SledEngine};
use mtproto_core::handshake::server::HandshakeConfig;
use mtproto_core::session::server::ServerConfig;
use rand::Rng;
use rand::rngs::StdRng;
use thiserror::Error;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::app::{App, Settings};
use crate::auth::webhook::UrlError;
use crate::auth::{AuthService, CodeDelivery, HttpUrl, LogDelivery, PendingCodes, WebhookDelivery};
use crate::cli::Cli;
use crate::gateway;
use crate::gateway::keys::{LayerCache, Parked};
use crate::online::Online;
use crate::rsa_key;

/// File in the data directory holding the secret server salts are derived from, so salts stay
/// valid across restarts.
const SALT_SECRET_FILE: &str = "salt-secret";

/// Why the server could not start or stop cleanly.
#[derive(Debug, Error)]
pub enum StartError {
    /// A file or socket operation failed.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The RSA key could not be set up.
    #[error(transparent)]
    Key(#[from] rsa_key::KeyError),
    /// The store could not be opened or flushed.
    #[error("store: {0}")]
    Store(String),
    /// `--public-addr` is not HOST:PORT.
    #[error("--public-addr {0:?} is not HOST:PORT")]
    PublicAddr(String),
    /// `--code-webhook` is not a usable http:// URL.
    #[error(transparent)]
    Webhook(#[from] UrlError),
}

fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> StartError {
    let what = what.into();
    move |source| StartError::Io { what, source }
}

fn salt_secret(dir: &Path, rng: &mut StdRng) -> Result<[u8; 32], StartError> {
    let path = dir.join(SALT_SECRET_FILE);
    if let Ok(bytes) = fs::read(&path)
        && let Ok(secret) = <[u8; 32]>::try_from(bytes.as_slice())
    {
        return Ok(secret);
    }
    let mut secret = [0u8; 32];
    rng.fill_bytes(&mut secret);
    fs::write(&path, secret).map_err(io(path.display().to_string()))?;
    Ok(secret)
}

fn public_addr(cli: &Cli) -> Result<(String, u16), StartError> {
    let Some(text) = &cli.public_addr else {
        return Ok((cli.listen.ip().to_string(), cli.listen.port()));
    };
    let bad = || StartError::PublicAddr(text.clone());
    let (host, port) = text.rsplit_once(':').ok_or_else(bad)?;
    let port = port.parse().map_err(|_| bad())?;
    Ok((host.trim_matches(['[', ']']).to_string(), port))
}

/// Where login codes go: the webhook of `--code-webhook`, else the log.
fn code_delivery(cli: &Cli) -> Result<Box<dyn CodeDelivery>, StartError> {
    Ok(match &cli.code_webhook {
        Some(url) => {
            let url = HttpUrl::parse(url)?;
            tracing::info!(host = %url.host, port = url.port, path = %url.path, "login codes go to the webhook");
            Box::new(WebhookDelivery::new(url, tokio::runtime::Handle::current()))
        }
        None => Box::new(LogDelivery),
    })
}

/// Runs the server until SIGINT or SIGTERM.
pub async fn run(cli: Cli) -> Result<(), StartError> {
    let mut rng: StdRng = rand::make_rng();
    let dir = cli.data_dir.clone();
    fs::create_dir_all(&dir).map_err(io(format!("create {}", dir.display())))?;
    let (public_host, public_port) = public_addr(&cli)?;
    let key = rsa_key::load_or_generate(cli.rsa_key.as_deref(), &dir, &mut rng)?;
    let fingerprint = key.public().fingerprint().0;
    tracing::info!(
        fingerprint = format_args!("{:016x}", fingerprint as u64),
        public_key = %dir.join(rsa_key::PUBLIC_KEY_FILE).display(),
        "RSA key ready"
    );
    let engine = SledEngine::open(&dir.join("store"), &SledConfig::default())
        .map_err(|e| StartError::Store(e.to_string()))?;
    let store = Store::open(engine).map_err(|e| StartError::Store(e.to_string()))?;
    let mut handshake = HandshakeConfig::new(vec![key]);
    handshake.test_mode = false;
    let app = Arc::new(App {
        store,
        wire: Arc::new(ServerConfig::new(handshake, salt_secret(&dir, &mut rng)?)),
        settings: Settings {
            dc_id: cli.dc_id,
            public_host,
            public_port,
            auto_register: cli.auto_register,
        },
        auth: AuthService {
            codes: PendingCodes::default(),
            delivery: code_delivery(&cli)?,
        },
        layers: LayerCache::default(),
        parked: Parked::default(),
        online: Online::default(),
    });
    let listener = TcpListener::bind(cli.listen)
        .await
        .map_err(io(format!("listen on {}", cli.listen)))?;
    let local = listener.local_addr().map_err(io("local address"))?;
    let (stop, stopped) = watch::channel(false);
    let server = tokio::spawn(gateway::serve(listener, Arc::clone(&app), stopped));
    tracing::info!(
        listen = %local,
        dc_id = cli.dc_id,
        auto_register = cli.auto_register,
        "chat-server listening"
    );
    wait_for_signal().await?;
    tracing::info!("shutting down");
    let _ = stop.send(true);
    let _ = server.await;
    app.store
        .engine()
        .barrier()
        .map_err(|e| StartError::Store(e.to_string()))?;
    tracing::info!("store flushed; bye");
    Ok(())
}

async fn wait_for_signal() -> Result<(), StartError> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).map_err(io("SIGTERM handler"))?;
    tokio::select! {
        r = tokio::signal::ctrl_c() => r.map_err(io("SIGINT handler")),
        _ = term.recv() => Ok(()),
    }
}
