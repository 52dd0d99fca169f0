//! The host's auth-key store: keys (and what the server remembers per key) outlive connections.

use std::collections::HashMap;

use mtproto_crypto::{AuthKey, AuthKeyId};

/// What a server connection needs to know about auth keys. Implemented by the host (a database,
/// a cache); [`MemoryKeys`] is the in-memory version.
pub trait ServerKeys {
    /// The key with this id, if the server has it.
    fn auth_key(&self, id: AuthKeyId) -> Option<AuthKey>;
    /// Stores a key created by a handshake; `expires_at` (Unix seconds) marks a temporary key.
    fn insert(&mut self, key: AuthKey, expires_at: Option<i64>);
    /// The API layer last announced with `invokeWithLayer` under this key.
    fn layer(&self, id: AuthKeyId) -> Option<i32>;
    /// Records the layer announced under this key.
    fn set_layer(&mut self, id: AuthKeyId, layer: i32);
}

/// An in-memory [`ServerKeys`].
#[derive(Debug, Default, Clone)]
pub struct MemoryKeys {
    keys: HashMap<AuthKeyId, (AuthKey, Option<i64>, Option<i32>)>,
}

impl MemoryKeys {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many keys are stored.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether no key is stored.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// A temporary key's expiry.
    pub fn expires_at(&self, id: AuthKeyId) -> Option<i64> {
        self.keys.get(&id).and_then(|e| e.1)
    }
}

impl ServerKeys for MemoryKeys {
    fn auth_key(&self, id: AuthKeyId) -> Option<AuthKey> {
        self.keys.get(&id).map(|e| e.0.clone())
    }

    fn insert(&mut self, key: AuthKey, expires_at: Option<i64>) {
        self.keys.insert(key.id(), (key, expires_at, None));
    }

    fn layer(&self, id: AuthKeyId) -> Option<i32> {
        self.keys.get(&id).and_then(|e| e.2)
    }

    fn set_layer(&mut self, id: AuthKeyId, layer: i32) {
        if let Some(e) = self.keys.get_mut(&id) {
            e.2 = Some(layer);
        }
    }
}
