//! One TCP connection: bytes and the wall clock go into mtproto-core's [`ServerConnection`]
//! (transport detection, handshake, sessions); its RPC events go to the dispatcher; what it has
//! to send goes back to the socket. Store calls block, so each batch of input is handled inside
//! `block_in_place` (the runtime is multi-threaded).

use std::sync::Arc;
use std::time::Duration;

use chat_store::ids::{Date, SessionId};
use mtproto_core::session::server::{ServerConnection, ServerEvent};
use rand::rngs::StdRng;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::watch;

use super::keys::{StoreKeys, stored_id};
use crate::app::{App, now};
use crate::rpc;

/// Size of one socket read.
const READ_CHUNK: usize = 64 * 1024;

/// Drives one connection until the peer closes it, the wire layer asks to close it, or the
/// server shuts down.
pub async fn run(stream: TcpStream, app: Arc<App>, mut shutdown: watch::Receiver<bool>) {
    let _ = stream.set_nodelay(true);
    let (mut reader, mut writer) = stream.into_split();
    let mut conn = ServerConnection::new(Arc::clone(&app.wire));
    let mut rng: StdRng = rand::make_rng();
    let mut buf = vec![0u8; READ_CHUNK];
    loop {
        let timer = conn
            .poll_timeout()
            .map(|at| at.0.saturating_sub(now().0))
            .unwrap_or(Duration::from_secs(3600));
        tokio::select! {
            read = reader.read(&mut buf) => match read {
                Ok(0) | Err(_) => return,
                Ok(n) => tokio::task::block_in_place(|| {
                    handle_input(&app, &mut conn, &buf[..n], &mut rng);
                }),
            },
            _ = tokio::time::sleep(timer) => conn.handle_timeout(now()),
            _ = shutdown.changed() => return,
        }
        while let Some(out) = conn.poll_transmit() {
            if writer.write_all(&out).await.is_err() {
                return;
            }
        }
        if conn.is_closed() {
            return;
        }
    }
}

fn handle_input(app: &App, conn: &mut ServerConnection, bytes: &[u8], rng: &mut StdRng) {
    let at = now();
    let mut keys = StoreKeys {
        db: &app.store,
        layers: &app.layers,
        now: at.as_secs() as u32,
    };
    conn.handle_input(at, bytes, &mut keys, rng);
    while let Some(event) = conn.poll_event() {
        match event {
            ServerEvent::Rpc(call) => {
                let answer = rpc::answer(app, &call, rng);
                conn.respond(now(), call.handle, answer, rng);
            }
            ServerEvent::AuthKeyCreated { auth_key_id, .. } => {
                tracing::info!(auth_key_id = auth_key_id.0, "auth key created");
            }
            ServerEvent::SessionCreated {
                auth_key_id,
                session_id,
            } => {
                let layer = app.layers.get(auth_key_id).unwrap_or(0);
                if let Err(e) = app.store.touch_session(
                    stored_id(auth_key_id),
                    SessionId(session_id),
                    layer as u32,
                    Date(at.as_secs() as u32),
                ) {
                    tracing::warn!(error = %e, "recording a session failed");
                }
            }
            ServerEvent::SessionDestroyed { session_id, .. } => {
                tracing::debug!(session_id, "session destroyed");
            }
            ServerEvent::Rejected(why) => tracing::debug!(?why, "packet dropped"),
            ServerEvent::Closed(why) => tracing::debug!(?why, "closing connection"),
        }
    }
}
