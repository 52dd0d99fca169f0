//! The host's auth-key store: keys (and what the server remembers per key) outlive connections.

use std::collections::{HashMap, VecDeque};

use mtproto_crypto::{AuthKey, AuthKeyId};

use super::state::ServerSession;

/// Sessions a [`ParkedSessions`] keeps by default (the oldest is forgotten beyond it).
pub const DEFAULT_MAX_PARKED: usize = 4096;

/// Why the host could not store a new auth key. The handshake then answers `dh_gen_fail`
/// instead of `dh_gen_ok`, so the client starts over with a fresh `req_pq_multi` rather than
/// use a key the server does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the auth key store failed: {0}")]
pub struct KeyStoreError(pub String);

/// A session whose connection ended while it still had state worth keeping: the messages sent
/// and not yet acknowledged, the msg_id window, the answered queries. Opaque to the host, which
/// only keeps it (see [`ServerKeys::park_session`]).
#[derive(Debug, Clone)]
pub struct ParkedSession(pub(crate) ServerSession);

impl ParkedSession {
    /// The auth key the session runs under.
    pub fn auth_key_id(&self) -> AuthKeyId {
        self.0.key_id()
    }

    /// The client's session id.
    pub fn session_id(&self) -> i64 {
        self.0.session_id
    }
}

/// Sessions parked between connections, keyed by `(auth key, session id)`, at most a fixed
/// number (the oldest parked is forgotten first): the building block of
/// [`ServerKeys::park_session`] / [`ServerKeys::resume_session`] for any host.
#[derive(Debug, Clone)]
pub struct ParkedSessions {
    max: usize,
    by_id: HashMap<(AuthKeyId, i64), ParkedSession>,
    order: VecDeque<(AuthKeyId, i64)>,
}

impl Default for ParkedSessions {
    fn default() -> Self {
        Self::new(DEFAULT_MAX_PARKED)
    }
}

impl ParkedSessions {
    /// An empty set that keeps at most `max` sessions.
    pub fn new(max: usize) -> Self {
        ParkedSessions {
            max,
            by_id: HashMap::new(),
            order: VecDeque::new(),
        }
    }

    /// How many sessions are parked.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether none is parked.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Keeps `session` (replacing an older copy of the same session).
    pub fn park(&mut self, session: ParkedSession) {
        let at = (session.auth_key_id(), session.session_id());
        if self.by_id.insert(at, session).is_none() {
            self.order.push_back(at);
        }
        while self.by_id.len() > self.max {
            match self.order.pop_front() {
                Some(old) => self.by_id.remove(&old),
                None => break,
            };
        }
    }

    /// Takes back the session `(id, session_id)`, if it is parked.
    pub fn resume(&mut self, id: AuthKeyId, session_id: i64) -> Option<ParkedSession> {
        let session = self.by_id.remove(&(id, session_id))?;
        self.order.retain(|&at| at != (id, session_id));
        Some(session)
    }
}

/// What a server connection needs to know about auth keys. Implemented by the host (a database,
/// a cache); [`MemoryKeys`] is the in-memory version.
///
/// The API layer is remembered per auth key, as Telegram does (SERVER-INTEROP.md §1): a client
/// sends `invokeWithLayer` once per key and later queries arrive unwrapped, on any session.
pub trait ServerKeys {
    /// The key with this id, if the server has it.
    fn auth_key(&self, id: AuthKeyId) -> Option<AuthKey>;
    /// Stores a key created by a handshake; `expires_at` (Unix seconds) marks a temporary key.
    /// On an error the client is told `dh_gen_fail` and starts over.
    fn insert(&mut self, key: AuthKey, expires_at: Option<i64>) -> Result<(), KeyStoreError>;
    /// The API layer last announced with `invokeWithLayer` under this key.
    fn layer(&self, id: AuthKeyId) -> Option<i32>;
    /// Records the layer announced under this key.
    fn set_layer(&mut self, id: AuthKeyId, layer: i32);
    /// Keeps a session whose connection ended (called by
    /// [`ServerConnection::park_sessions`](super::ServerConnection::park_sessions)), so that the
    /// client's next connection re-sends what was not acknowledged. The default forgets it: the
    /// client then gets `new_session_created` and re-sends its unanswered queries itself.
    fn park_session(&mut self, session: ParkedSession) {
        drop(session);
    }
    /// Takes back the parked session `(id, session_id)`, if any (the default has none).
    fn resume_session(&mut self, id: AuthKeyId, session_id: i64) -> Option<ParkedSession> {
        let _ = (id, session_id);
        None
    }
}

#[derive(Debug, Clone)]
struct Entry {
    key: AuthKey,
    expires_at: Option<i64>,
    layer: Option<i32>,
}

/// An in-memory [`ServerKeys`] that also parks sessions between connections.
#[derive(Debug, Default, Clone)]
pub struct MemoryKeys {
    keys: HashMap<AuthKeyId, Entry>,
    parked: ParkedSessions,
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
        self.keys.get(&id).and_then(|e| e.expires_at)
    }

    /// How many sessions are parked.
    pub fn parked(&self) -> usize {
        self.parked.len()
    }
}

impl ServerKeys for MemoryKeys {
    fn auth_key(&self, id: AuthKeyId) -> Option<AuthKey> {
        self.keys.get(&id).map(|e| e.key.clone())
    }

    fn insert(&mut self, key: AuthKey, expires_at: Option<i64>) -> Result<(), KeyStoreError> {
        let entry = Entry {
            key,
            expires_at,
            layer: None,
        };
        self.keys.insert(entry.key.id(), entry);
        Ok(())
    }

    fn layer(&self, id: AuthKeyId) -> Option<i32> {
        self.keys.get(&id).and_then(|e| e.layer)
    }

    fn set_layer(&mut self, id: AuthKeyId, layer: i32) {
        if let Some(e) = self.keys.get_mut(&id) {
            e.layer = Some(layer);
        }
    }

    fn park_session(&mut self, session: ParkedSession) {
        self.parked.park(session);
    }

    fn resume_session(&mut self, id: AuthKeyId, session_id: i64) -> Option<ParkedSession> {
        self.parked.resume(id, session_id)
    }
}
