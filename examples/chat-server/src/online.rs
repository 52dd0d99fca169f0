//! The Updates Service's live side: which connections serve which accounts, and the channel each
//! connection takes pushes from. An RPC that changes an account's box publishes a [`Push`]; every
//! connection carrying a signed-in session of that account encrypts it for those sessions
//! (<https://core.telegram.org/api/updates>). Sessions that miss a push catch up with
//! `updates.getDifference`.

use std::collections::{HashMap, HashSet};
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
    /// Keys signed out from elsewhere (`account.resetAuthorization`) that a connection may still
    /// count as signed in until their next request: pushes skip them until they sign in again.
    signed_out: Mutex<HashSet<AuthKeyId>>,
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

    /// `key` was signed out by another session: no more pushes for it.
    pub fn sign_out(&self, key: AuthKeyId) {
        let mut set = self.signed_out.lock().unwrap_or_else(|p| p.into_inner());
        set.insert(key);
    }

    /// `key` answered a request as a signed-in key: it gets pushes again.
    pub fn signed_in(&self, key: AuthKeyId) {
        let mut set = self.signed_out.lock().unwrap_or_else(|p| p.into_inner());
        set.remove(&key);
    }

    /// Whether pushes must skip `key`.
    pub fn is_signed_out(&self, key: AuthKeyId) -> bool {
        let set = self.signed_out.lock().unwrap_or_else(|p| p.into_inner());
        set.contains(&key)
    }

    /// Hands `push` to every connection of its account.
    pub fn publish(&self, push: Push) {
        let map = self.by_user.lock().unwrap_or_else(|p| p.into_inner());
        for tx in map.get(&push.user).into_iter().flat_map(|c| c.values()) {
            let _ = tx.send(push.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_signed_out_elsewhere_is_skipped_until_it_signs_in_again() {
        let online = Online::default();
        let key = AuthKeyId(7);
        assert!(!online.is_signed_out(key));
        online.sign_out(key);
        assert!(online.is_signed_out(key));
        assert!(!online.is_signed_out(AuthKeyId(8)));
        online.signed_in(key);
        assert!(!online.is_signed_out(key));
    }
}
