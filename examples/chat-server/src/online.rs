//! The Updates Service's live side: which connections serve which accounts, and the channel each
//! connection takes pushes from. An RPC that changes an account's box publishes a [`Push`]; every
//! connection carrying a signed-in session of that account encrypts it for those sessions
//! (<https://core.telegram.org/api/updates>). Sessions that miss a push catch up with
//! `updates.getDifference`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use chat_store::ids::UserId;
use mtproto_crypto::AuthKeyId;
use tokio::sync::mpsc::UnboundedSender;

/// One update for every online session of `user`.
#[derive(Debug, Clone)]
pub struct Push {
    /// The account.
    pub user: UserId,
    /// A serialized TL `Updates`.
    pub body: Vec<u8>,
    /// The session that caused it (it gets the RPC result instead).
    pub skip: Option<(AuthKeyId, i64)>,
}

/// Connections by account.
#[derive(Debug, Default)]
pub struct Online {
    next: AtomicU64,
    by_user: Mutex<HashMap<UserId, HashMap<u64, UnboundedSender<Push>>>>,
}

impl Online {
    /// A fresh connection id.
    pub fn connection_id(&self) -> u64 {
        self.next.fetch_add(1, Ordering::Relaxed)
    }

    /// Connection `conn` carries a session of `user`.
    pub fn register(&self, user: UserId, conn: u64, tx: &UnboundedSender<Push>) {
        let mut map = self.by_user.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(user).or_default().insert(conn, tx.clone());
    }

    /// Connection `conn` closed.
    pub fn unregister(&self, conn: u64) {
        let mut map = self.by_user.lock().unwrap_or_else(|p| p.into_inner());
        map.retain(|_, conns| {
            conns.remove(&conn);
            !conns.is_empty()
        });
    }

    /// Hands `push` to every connection of its account.
    pub fn publish(&self, push: Push) {
        let map = self.by_user.lock().unwrap_or_else(|p| p.into_inner());
        for tx in map.get(&push.user).into_iter().flat_map(|c| c.values()) {
            let _ = tx.send(push.clone());
        }
    }
}
