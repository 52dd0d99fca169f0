//! Auth keys for the wire layer's [`ServerKeys`], kept in chat-store so they outlive connections
//! and restarts (SERVER-INTEROP.md §2, item 6). The layer each key announced with
//! `invokeWithLayer` is kept in memory ([`LayerCache`]); it is written to the store with the key's
//! session activity.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chat_store::ids::{AuthKeyId as StoredKeyId, Date};
use chat_store::model::auth::AuthKey as StoredKey;
use mtproto_core::session::server::{KeyStoreError, ParkedSession, ParkedSessions, ServerKeys};
use mtproto_crypto::{AuthKey, AuthKeyId};

use crate::app::{App, Db};

/// The API layer announced per auth key.
#[derive(Debug, Clone, Default)]
pub struct LayerCache(Arc<Mutex<HashMap<AuthKeyId, i32>>>);

impl LayerCache {
    /// The layer of `id`, if announced since the start.
    pub fn get(&self, id: AuthKeyId) -> Option<i32> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&id)
            .copied()
    }

    /// Records the layer of `id`.
    pub fn set(&self, id: AuthKeyId, layer: i32) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id, layer);
    }
}

/// The store's key id for a wire key id (same 64 bits, signed as TL `long`).
pub fn stored_id(id: AuthKeyId) -> StoredKeyId {
    StoredKeyId(id.0 as i64)
}

/// The wire key id of a stored key id (the inverse of [`stored_id`]).
pub fn wire_id(id: StoredKeyId) -> AuthKeyId {
    AuthKeyId(id.0 as u64)
}

/// Sessions whose connection ended, shared by every connection: a client that comes back with
/// the same session on a new connection resumes it (unacknowledged answers are re-sent, replayed
/// messages are still recognised). In memory only: after a restart clients get
/// `new_session_created` and re-send their unanswered queries.
#[derive(Debug, Default)]
pub struct Parked(Mutex<ParkedSessions>);

/// [`ServerKeys`] over chat-store. Its calls block on the store (the gateway runs them where
/// blocking is allowed).
pub struct StoreKeys<'a> {
    /// The store.
    pub db: &'a Db,
    /// Layers per key.
    pub layers: &'a LayerCache,
    /// Sessions between connections.
    pub parked: &'a Parked,
    /// Unix seconds now (creation date of new keys).
    pub now: u32,
}

impl<'a> StoreKeys<'a> {
    /// The key store of `app` at `now` (Unix seconds).
    pub fn of(app: &'a App, now: u32) -> Self {
        StoreKeys {
            db: &app.store,
            layers: &app.layers,
            parked: &app.parked,
            now,
        }
    }
}

impl ServerKeys for StoreKeys<'_> {
    fn auth_key(&self, id: AuthKeyId) -> Option<AuthKey> {
        match self.db.auth_key(stored_id(id)) {
            Ok(stored) => {
                let bytes: [u8; 256] = stored.key.as_slice().try_into().ok()?;
                Some(AuthKey::from_bytes(bytes))
            }
            Err(chat_store::StoreError::AuthKeyNotFound(_)) => None,
            Err(e) => {
                tracing::error!(error = %e, "reading an auth key failed");
                None
            }
        }
    }

    /// Writes the key to the store; a failure makes the handshake answer `dh_gen_fail`, and the
    /// client starts over.
    fn insert(&mut self, key: AuthKey, _expires_at: Option<i64>) -> Result<(), KeyStoreError> {
        let stored = StoredKey {
            id: stored_id(key.id()),
            key: key.as_bytes().to_vec(),
            user: None,
            layer: 0,
            device_model: String::new(),
            system_version: String::new(),
            app_version: String::new(),
            created: Date(self.now),
            last_active: Date(self.now),
        };
        self.db.create_auth_key(stored).map_err(|e| {
            tracing::error!(error = %e, "storing a new auth key failed");
            KeyStoreError(e.to_string())
        })
    }

    fn layer(&self, id: AuthKeyId) -> Option<i32> {
        self.layers.get(id).or_else(|| {
            let stored = self.db.auth_key(stored_id(id)).ok()?;
            (stored.layer != 0).then_some(stored.layer as i32)
        })
    }

    fn set_layer(&mut self, id: AuthKeyId, layer: i32) {
        self.layers.set(id, layer);
    }

    fn park_session(&mut self, session: ParkedSession) {
        self.parked
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .park(session);
    }

    fn resume_session(&mut self, id: AuthKeyId, session_id: i64) -> Option<ParkedSession> {
        self.parked
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .resume(id, session_id)
    }
}
