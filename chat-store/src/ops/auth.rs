//! Auth keys (bound to a user after sign-in) and their sessions.
//! <https://core.telegram.org/mtproto/auth_key>, <https://core.telegram.org/api/auth>

use crate::engine::{Direction, Engine, Tree};
use crate::error::{StoreError, check_len};
use crate::ids::{AuthKeyId, Date, SessionId, UserId};
use crate::keys;
use crate::limits::{AUTH_KEY_BYTES, MAX_NAME_BYTES};
use crate::model::auth::{AuthKey, Session};
use crate::ops::users::require_user;
use crate::txn::Txn;

/// The key, or `AuthKeyNotFound`.
pub(crate) fn require_key<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    id: AuthKeyId,
) -> Result<AuthKey, StoreError> {
    tx.get(Tree::AuthKey, &keys::auth_key(id))?
        .ok_or(StoreError::AuthKeyNotFound(id))
}

/// Stores a new auth key (unbound unless `key.user` is set).
pub(crate) fn create<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    key: &AuthKey,
) -> Result<(), StoreError> {
    if key.key.len() != AUTH_KEY_BYTES as usize {
        return Err(StoreError::Invalid {
            field: "auth key",
            reason: "must be 256 bytes",
        });
    }
    for (f, s) in [
        ("device_model", &key.device_model),
        ("system_version", &key.system_version),
        ("app_version", &key.app_version),
    ] {
        check_len(f, s.len(), MAX_NAME_BYTES as usize)?;
    }
    if tx.exists(Tree::AuthKey, &keys::auth_key(key.id))? {
        return Err(StoreError::AuthKeyExists(key.id));
    }
    if let Some(u) = key.user {
        require_user(tx, u)?;
        tx.put_raw(Tree::UserAuth, keys::user_auth(u, key.id), Vec::new());
    }
    tx.put(Tree::AuthKey, keys::auth_key(key.id), key);
    Ok(())
}

/// Binds a key to a user (sign-in).
pub(crate) fn bind<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    id: AuthKeyId,
    user: UserId,
) -> Result<(), StoreError> {
    require_user(tx, user)?;
    let mut key = require_key(tx, id)?;
    if let Some(old) = key.user {
        tx.delete(Tree::UserAuth, keys::user_auth(old, id));
    }
    key.user = Some(user);
    tx.put_raw(Tree::UserAuth, keys::user_auth(user, id), Vec::new());
    tx.put(Tree::AuthKey, keys::auth_key(id), &key);
    Ok(())
}

/// Unbinds a key from its user (`auth.logOut`, `account.resetAuthorization`): the key stays,
/// unbound, so its client may sign in again on it (as on Telegram).
pub(crate) fn unbind<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    id: AuthKeyId,
) -> Result<(), StoreError> {
    let mut key = require_key(tx, id)?;
    if let Some(u) = key.user.take() {
        tx.delete(Tree::UserAuth, keys::user_auth(u, id));
        tx.put(Tree::AuthKey, keys::auth_key(id), &key);
    }
    Ok(())
}

/// Records activity of a key (and the layer it now speaks) and of one of its sessions.
pub(crate) fn touch<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    id: AuthKeyId,
    session: SessionId,
    layer: u32,
    now: Date,
) -> Result<(), StoreError> {
    let mut key = require_key(tx, id)?;
    key.layer = layer;
    key.last_active = key.last_active.max(now);
    tx.put(Tree::AuthKey, keys::auth_key(id), &key);
    let skey = keys::session(id, session);
    let s = match tx.get::<Session>(Tree::Session, &skey)? {
        Some(s) => Session {
            last_seen: s.last_seen.max(now),
            ..s
        },
        None => Session {
            created: now,
            last_seen: now,
        },
    };
    tx.put(Tree::Session, skey, &s);
    Ok(())
}

/// Deletes a key with its sessions (log-out or key destruction).
pub(crate) fn drop_key<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    id: AuthKeyId,
) -> Result<(), StoreError> {
    let key = require_key(tx, id)?;
    if let Some(u) = key.user {
        tx.delete(Tree::UserAuth, keys::user_auth(u, id));
    }
    for (s, _) in sessions(tx, id)? {
        tx.delete(Tree::Session, keys::session(id, s));
    }
    tx.delete(Tree::AuthKey, keys::auth_key(id));
    Ok(())
}

/// A key's sessions.
pub(crate) fn sessions<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    id: AuthKeyId,
) -> Result<Vec<(SessionId, Session)>, StoreError> {
    let prefix = keys::auth_key(id);
    let mut out = Vec::new();
    tx.scan_records(
        Tree::Session,
        &prefix,
        &keys::prefix_end(&prefix),
        Direction::Forward,
        &mut |k, rec: Session| {
            if let Some(s) = keys::read_i64(k, prefix.len()) {
                out.push((SessionId(s), rec));
            }
            true
        },
    )?;
    Ok(out)
}

/// The keys bound to a user (`account.getAuthorizations`).
pub(crate) fn authorizations<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    user: UserId,
) -> Result<Vec<AuthKey>, StoreError> {
    let prefix = keys::user(user);
    let mut ids = Vec::new();
    tx.scan_live(
        Tree::UserAuth,
        &prefix,
        &keys::prefix_end(&prefix),
        Direction::Forward,
        &mut |k, _| {
            ids.extend(keys::read_i64(k, prefix.len()).map(AuthKeyId));
            true
        },
    )?;
    ids.into_iter().map(|id| require_key(tx, id)).collect()
}
