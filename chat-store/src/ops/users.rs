//! Users: registration with unique phone and username, profile and status updates, lookups.
//! <https://core.telegram.org/api/auth>, <https://core.telegram.org/api/username>

use crate::engine::{Engine, Tree};
use crate::error::{StoreError, check_len};
use crate::ids::UserId;
use crate::keys;
use crate::limits::{MAX_NAME_BYTES, MAX_PHONE_BYTES, MAX_USERNAME_BYTES};
use crate::model::user::{User, UserStatus, valid_username};
use crate::txn::Txn;

/// The user, or `UserNotFound`.
pub(crate) fn require_user<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    id: UserId,
) -> Result<User, StoreError> {
    tx.get(Tree::User, &keys::user(id))?
        .ok_or(StoreError::UserNotFound(id))
}

fn user_id_at<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    tree: Tree,
    name: &[u8],
) -> Result<Option<UserId>, StoreError> {
    Ok(tx
        .get_raw(tree, &keys::name(name))?
        .and_then(|v| v.try_into().ok())
        .map(|b: [u8; 8]| UserId(i64::from_le_bytes(b))))
}

/// Usernames are 5–32 characters of `[a-zA-Z0-9_]`, compared case-insensitively
/// (<https://core.telegram.org/method/account.updateUsername>).
fn normalize_username(name: &str) -> Result<String, StoreError> {
    check_len("username", name.len(), MAX_USERNAME_BYTES as usize)?;
    if !valid_username(name) {
        return Err(StoreError::Invalid {
            field: "username",
            reason: "5-32 characters of a-z, 0-9 and _",
        });
    }
    Ok(name.to_ascii_lowercase())
}

fn check_profile(u: &User) -> Result<(), StoreError> {
    check_len("phone", u.phone.len(), MAX_PHONE_BYTES as usize)?;
    check_len("first_name", u.first_name.len(), MAX_NAME_BYTES as usize)?;
    check_len("last_name", u.last_name.len(), MAX_NAME_BYTES as usize)?;
    if u.phone.is_empty() || !u.phone.bytes().all(|b| b.is_ascii_digit()) {
        return Err(StoreError::Invalid {
            field: "phone",
            reason: "digits only",
        });
    }
    Ok(())
}

/// Registers a user; phone and username must be free.
pub(crate) fn create_user<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    user: &User,
) -> Result<(), StoreError> {
    check_profile(user)?;
    if tx.exists(Tree::User, &keys::user(user.id))? {
        return Err(StoreError::UserExists(user.id));
    }
    if user_id_at(tx, Tree::Phone, user.phone.as_bytes())?.is_some() {
        return Err(StoreError::PhoneTaken);
    }
    let mut user = user.clone();
    if let Some(name) = &user.username {
        let norm = normalize_username(name)?;
        if user_id_at(tx, Tree::Username, norm.as_bytes())?.is_some() {
            return Err(StoreError::UsernameTaken);
        }
        tx.put_raw(
            Tree::Username,
            keys::name(norm.as_bytes()),
            user.id.0.to_le_bytes().to_vec(),
        );
        user.username = Some(name.clone());
    }
    tx.put_raw(
        Tree::Phone,
        keys::name(user.phone.as_bytes()),
        user.id.0.to_le_bytes().to_vec(),
    );
    tx.put(Tree::User, keys::user(user.id), &user);
    Ok(())
}

/// Sets or clears a user's username, keeping the unique index in step.
pub(crate) fn set_username<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    id: UserId,
    name: Option<&str>,
) -> Result<User, StoreError> {
    let mut user = require_user(tx, id)?;
    let new_norm = name.map(normalize_username).transpose()?;
    if let Some(norm) = &new_norm
        && let Some(holder) = user_id_at(tx, Tree::Username, norm.as_bytes())?
        && holder != id
    {
        return Err(StoreError::UsernameTaken);
    }
    if let Some(old) = &user.username {
        tx.delete(
            Tree::Username,
            keys::name(old.to_ascii_lowercase().as_bytes()),
        );
    }
    if let Some(norm) = &new_norm {
        tx.put_raw(
            Tree::Username,
            keys::name(norm.as_bytes()),
            id.0.to_le_bytes().to_vec(),
        );
    }
    user.username = name.map(str::to_owned);
    tx.put(Tree::User, keys::user(id), &user);
    Ok(user)
}

/// Updates names.
pub(crate) fn set_names<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    id: UserId,
    first: &str,
    last: &str,
) -> Result<User, StoreError> {
    let mut user = require_user(tx, id)?;
    user.first_name = first.to_owned();
    user.last_name = last.to_owned();
    check_profile(&user)?;
    tx.put(Tree::User, keys::user(id), &user);
    Ok(user)
}

/// Updates presence.
pub(crate) fn set_status<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    id: UserId,
    status: UserStatus,
) -> Result<(), StoreError> {
    let mut user = require_user(tx, id)?;
    user.status = status;
    tx.put(Tree::User, keys::user(id), &user);
    Ok(())
}

/// Looks a user up by phone.
pub(crate) fn by_phone<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    phone: &str,
) -> Result<Option<User>, StoreError> {
    match user_id_at(tx, Tree::Phone, phone.as_bytes())? {
        Some(id) => Ok(Some(require_user(tx, id)?)),
        None => Ok(None),
    }
}

/// Resolves a username (case-insensitive).
pub(crate) fn by_username<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    name: &str,
) -> Result<Option<User>, StoreError> {
    let Ok(norm) = normalize_username(name) else {
        return Ok(None);
    };
    match user_id_at(tx, Tree::Username, norm.as_bytes())? {
        Some(id) => Ok(Some(require_user(tx, id)?)),
        None => Ok(None),
    }
}
