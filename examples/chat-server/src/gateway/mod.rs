//! The MTProto Gateway: accepts TCP connections and runs one [`connection`] task for each; a
//! failing connection ends only its own task.

pub mod connection;
pub mod keys;

use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::app::App;

/// Accepts connections until `shutdown` turns true; each connection gets its own task, which
/// also watches `shutdown`.
pub async fn serve(listener: TcpListener, app: Arc<App>, shutdown: watch::Receiver<bool>) {
    let mut stop = shutdown.clone();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let app = Arc::clone(&app);
                    let shutdown = shutdown.clone();
                    tokio::spawn(async move {
                        tracing::debug!(%peer, "connection accepted");
                        connection::run(stream, app, shutdown).await;
                        tracing::debug!(%peer, "connection closed");
                    });
                }
                Err(e) => tracing::warn!(error = %e, "accept failed"),
            },
            _ = stop.changed() => return,
        }
    }
}
