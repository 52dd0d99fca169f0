//! One TCP connection: bytes and the wall clock go into mtproto-core's [`ServerConnection`]
//! (transport detection, handshake, sessions); its RPC events go to the dispatcher; what it has
//! to send goes back to the socket. Store calls block, so each batch of input is handled inside
//! `block_in_place` (the runtime is multi-threaded).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chat_store::ids::{Date, SessionId, UserId};
use mtproto_core::session::server::{ServerConnection, ServerEvent};
use mtproto_crypto::AuthKeyId;
use rand::rngs::StdRng;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, watch};

use super::keys::{StoreKeys, stored_id};
use crate::app::{App, now};
use crate::online::Push;
use crate::rpc;

/// Size of one socket read.
const READ_CHUNK: usize = 64 * 1024;

/// What one connection task owns besides the socket.
struct Gate {
    conn: ServerConnection,
    rng: StdRng,
    /// This connection's id in [`crate::online::Online`].
    id: u64,
    /// Where pushes for this connection arrive.
    tx: mpsc::UnboundedSender<Push>,
    /// The account signed in under each key seen on this connection.
    accounts: HashMap<AuthKeyId, UserId>,
}

/// Drives one connection until the peer closes it, the wire layer asks to close it, or the
/// server shuts down.
pub async fn run(stream: TcpStream, app: Arc<App>, shutdown: watch::Receiver<bool>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let mut gate = Gate {
        conn: ServerConnection::new(Arc::clone(&app.wire)),
        rng: rand::make_rng(),
        id: app.online.connection_id(),
        tx,
        accounts: HashMap::new(),
    };
    serve(stream, &app, &mut gate, rx, shutdown).await;
    app.online.unregister(gate.id);
    // The client may come back on another connection with the same sessions.
    let mut keys = StoreKeys::of(&app, now().as_secs() as u32);
    gate.conn.park_sessions(&mut keys);
}

async fn serve(
    stream: TcpStream,
    app: &App,
    gate: &mut Gate,
    mut pushes: mpsc::UnboundedReceiver<Push>,
    mut shutdown: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let (mut reader, mut writer) = stream.into_split();
    let mut buf = vec![0u8; READ_CHUNK];
    loop {
        let timer = gate
            .conn
            .poll_timeout()
            .map(|at| at.0.saturating_sub(now().0))
            .unwrap_or(Duration::from_secs(3600));
        tokio::select! {
            read = reader.read(&mut buf) => match read {
                Ok(0) | Err(_) => return,
                Ok(n) => tokio::task::block_in_place(|| handle_input(app, gate, &buf[..n])),
            },
            Some(push) = pushes.recv() => deliver(app, gate, &push),
            _ = tokio::time::sleep(timer) => gate.conn.handle_timeout(now()),
            _ = shutdown.changed() => return,
        }
        let conn = &mut gate.conn;
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

/// Encrypts a push for every session on this connection signed in to its account (not for keys
/// another session signed out since their last request).
fn deliver(app: &App, gate: &mut Gate, push: &Push) {
    let targets: Vec<(AuthKeyId, i64)> = gate
        .conn
        .sessions()
        .filter(|(key, _)| gate.accounts.get(key) == Some(&push.user))
        .filter(|(key, _)| !app.online.is_signed_out(*key))
        .filter(|target| Some(*target) != push.skip)
        .collect();
    for (key, session) in targets {
        gate.conn
            .push(now(), key, session, push.body.clone(), &mut gate.rng);
    }
}

fn handle_input(app: &App, gate: &mut Gate, bytes: &[u8]) {
    let Gate {
        conn,
        rng,
        id,
        tx,
        accounts,
    } = gate;
    let at = now();
    let mut keys = StoreKeys::of(app, at.as_secs() as u32);
    conn.handle_input(at, bytes, &mut keys, rng);
    while let Some(event) = conn.poll_event() {
        match event {
            ServerEvent::Rpc(call) => {
                let answered = rpc::answer(app, &call, rng);
                conn.respond(now(), call.handle, answered.answer, rng);
                match answered.user {
                    Some(user) => {
                        app.online.signed_in(call.handle.auth_key_id);
                        if accounts.insert(call.handle.auth_key_id, user) != Some(user) {
                            app.online.register(user, *id, tx);
                        }
                    }
                    None => {
                        accounts.remove(&call.handle.auth_key_id);
                    }
                }
                for push in answered.pushes {
                    app.online.publish(push);
                }
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
