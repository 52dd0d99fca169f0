//! What every connection shares: the store, the wire configuration, the server's settings and
//! the Auth & Session Service's pending codes.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use chat_store::Store;
use chat_store::engine::SledEngine;
use mtproto_core::session::server::ServerConfig;
use mtproto_core::time::UnixTime;

use crate::auth::AuthService;
use crate::gateway::keys::{LayerCache, Parked};
use crate::online::Online;

/// The store over sled, as the server opens it.
pub type Db = Store<SledEngine>;

/// Settings the RPC handlers read.
#[derive(Debug, Clone)]
pub struct Settings {
    /// This server's DC id (`config.this_dc`, test numbers' digit).
    pub dc_id: i32,
    /// Host advertised in `help.getConfig`.
    pub public_host: String,
    /// Port advertised in `help.getConfig`.
    pub public_port: u16,
    /// Whether sign-in with an unknown number registers it.
    pub auto_register: bool,
}

/// The state shared by every connection task.
pub struct App {
    /// The durable store.
    pub store: Db,
    /// The wire layer's configuration (RSA key, salts, limits).
    pub wire: Arc<ServerConfig>,
    /// Settings from the command line.
    pub settings: Settings,
    /// Login codes in flight.
    pub auth: AuthService,
    /// The API layer each auth key announced.
    pub layers: LayerCache,
    /// Sessions between connections.
    pub parked: Parked,
    /// Connections by signed-in account (live updates).
    pub online: Online,
}

/// The host's wall clock (the Sans-IO libraries take time only from here).
pub fn now() -> UnixTime {
    UnixTime(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default(),
    )
}
