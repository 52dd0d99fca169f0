//! Users, auth keys, contacts, files and secret chats.

use crate::engine::Engine;
use crate::error::StoreError;
use crate::ids::{AuthKeyId, Date, FileId, Pts, RandomId, SecretChatId, SessionId, UserId};
use crate::model::auth::{AuthKey, Session};
use crate::model::contact::Contact;
use crate::model::file::FileMeta;
use crate::model::secret::SecretChat;
use crate::model::user::{User, UserStatus};
use crate::ops::secret::{RequestSecretChat, SendEncrypted};
use crate::ops::{auth, contacts, files, secret, users};
use crate::store::Store;

use super::{LogSlice, log_slice};

impl<E: Engine> Store<E> {
    /// Registers a user; the phone and username must be free.
    pub fn create_user(&self, user: User) -> Result<(), StoreError> {
        self.write(move |tx| users::create_user(tx, &user))
    }

    /// A user by id.
    pub fn user(&self, id: UserId) -> Result<User, StoreError> {
        self.read(|tx| users::require_user(tx, id))
    }

    /// A user by phone.
    pub fn user_by_phone(&self, phone: &str) -> Result<Option<User>, StoreError> {
        self.read(|tx| users::by_phone(tx, phone))
    }

    /// Resolves a username (`contacts.resolveUsername`).
    pub fn resolve_username(&self, name: &str) -> Result<Option<User>, StoreError> {
        self.read(|tx| users::by_username(tx, name))
    }

    /// Sets or clears the username (`account.updateUsername`).
    pub fn set_username(&self, id: UserId, name: Option<String>) -> Result<User, StoreError> {
        self.write(move |tx| users::set_username(tx, id, name.as_deref()))
    }

    /// Updates names (`account.updateProfile`).
    pub fn set_names(&self, id: UserId, first: String, last: String) -> Result<User, StoreError> {
        self.write(move |tx| users::set_names(tx, id, &first, &last))
    }

    /// Updates presence (`account.updateStatus`).
    pub fn set_status(&self, id: UserId, status: UserStatus) -> Result<(), StoreError> {
        self.write(move |tx| users::set_status(tx, id, status))
    }

    /// Stores a new auth key.
    pub fn create_auth_key(&self, key: AuthKey) -> Result<(), StoreError> {
        self.write(move |tx| auth::create(tx, &key))
    }

    /// An auth key.
    pub fn auth_key(&self, id: AuthKeyId) -> Result<AuthKey, StoreError> {
        self.read(|tx| auth::require_key(tx, id))
    }

    /// Binds a key to a user (sign-in).
    pub fn bind_auth_key(&self, id: AuthKeyId, user: UserId) -> Result<(), StoreError> {
        self.write(move |tx| auth::bind(tx, id, user))
    }

    /// Unbinds a key from its user, keeping the key (`auth.logOut`, `account.resetAuthorization`).
    pub fn unbind_auth_key(&self, id: AuthKeyId) -> Result<(), StoreError> {
        self.write(move |tx| auth::unbind(tx, id))
    }

    /// Records activity of a key and one of its sessions.
    pub fn touch_session(
        &self,
        id: AuthKeyId,
        session: SessionId,
        layer: u32,
        now: Date,
    ) -> Result<(), StoreError> {
        self.write(move |tx| auth::touch(tx, id, session, layer, now))
    }

    /// Deletes a key and its sessions (`auth.logOut`).
    pub fn drop_auth_key(&self, id: AuthKeyId) -> Result<(), StoreError> {
        self.write(move |tx| auth::drop_key(tx, id))
    }

    /// A key's sessions.
    pub fn sessions(&self, id: AuthKeyId) -> Result<Vec<(SessionId, Session)>, StoreError> {
        self.read(|tx| auth::sessions(tx, id))
    }

    /// The keys bound to a user (`account.getAuthorizations`).
    pub fn authorizations(&self, user: UserId) -> Result<Vec<AuthKey>, StoreError> {
        self.read(|tx| auth::authorizations(tx, user))
    }

    /// Adds a contact by phone (`contacts.importContacts`); `None` if nobody has that phone.
    pub fn import_contact(
        &self,
        owner: UserId,
        phone: String,
        first: String,
        last: String,
    ) -> Result<Option<UserId>, StoreError> {
        self.write(move |tx| contacts::import(tx, owner, &phone, &first, &last))
    }

    /// Removes a contact (`contacts.deleteContacts`).
    pub fn delete_contact(&self, owner: UserId, user: UserId) -> Result<(), StoreError> {
        self.write(move |tx| contacts::remove(tx, owner, user))
    }

    /// The owner's contacts (`contacts.getContacts`).
    pub fn contacts(&self, owner: UserId) -> Result<Vec<Contact>, StoreError> {
        self.read(|tx| contacts::list(tx, owner))
    }

    /// Stores an uploaded file's metadata, deduplicated by content hash; returns the file id
    /// to use (an existing one for known content).
    pub fn put_file(&self, meta: FileMeta) -> Result<FileId, StoreError> {
        self.write(move |tx| files::put_file(tx, &meta))
    }

    /// A file's metadata, if `user` may see it.
    pub fn file(&self, user: UserId, id: FileId) -> Result<FileMeta, StoreError> {
        self.read(|tx| files::get_file(tx, user, id))
    }

    /// Requests a secret chat (`messages.requestEncryption`).
    pub fn request_secret_chat(&self, req: RequestSecretChat) -> Result<(), StoreError> {
        self.write(move |tx| secret::request(tx, &req))
    }

    /// Accepts a secret chat on one device (`messages.acceptEncryption`).
    pub fn accept_secret_chat(
        &self,
        user: UserId,
        device: AuthKeyId,
        id: SecretChatId,
        g_b: Vec<u8>,
        key_fingerprint: i64,
    ) -> Result<SecretChat, StoreError> {
        self.write(move |tx| secret::accept(tx, user, device, id, &g_b, key_fingerprint))
    }

    /// Discards a secret chat (`messages.discardEncryption`).
    pub fn discard_secret_chat(&self, user: UserId, id: SecretChatId) -> Result<(), StoreError> {
        self.write(move |tx| secret::discard(tx, user, id))
    }

    /// Queues ciphertext for the other side (`messages.sendEncrypted`); returns the receiver's
    /// qts and the date. Idempotent on the random id.
    pub fn send_encrypted(&self, req: SendEncrypted) -> Result<(Pts, Date), StoreError> {
        self.write(move |tx| secret::send(tx, &req).map(|(q, d, _)| (q, d)))
    }

    /// The device acknowledges its queue up to `max_qts` (`messages.receivedQueue`); returns the
    /// random ids dropped.
    pub fn received_queue(
        &self,
        user: UserId,
        device: AuthKeyId,
        max_qts: Pts,
    ) -> Result<Vec<RandomId>, StoreError> {
        self.write(move |tx| secret::received_queue(tx, user, device, max_qts))
    }

    /// The user's qts entries after `after` (the secondary part of `updates.getDifference`).
    /// Entries name their target device; the host delivers each device its own and advances
    /// every device's qts over the others.
    pub fn secret_difference(
        &self,
        user: UserId,
        device: AuthKeyId,
        after: Pts,
        limit: usize,
    ) -> Result<LogSlice, StoreError> {
        self.read(|tx| {
            match auth::require_key(tx, device)?.user {
                Some(u) if u == user => {}
                _ => return Err(StoreError::AuthKeyNotFound(device)),
            }
            log_slice(tx.engine, crate::ids::Owner::Secondary(user), after, limit)
        })
    }
}
