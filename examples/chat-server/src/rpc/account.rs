//! The caller's own account: profile (`account.updateProfile`), username
//! (`account.updateUsername`, `account.checkUsername`) and signed-in devices
//! (`account.getAuthorizations`, `account.resetAuthorization`).
//! <https://core.telegram.org/api/username>, <https://core.telegram.org/api/auth>

use std::borrow::Cow;

use chat_store::StoreError;
use chat_store::ids::AuthKeyId as StoredKeyId;
use chat_store::model::user::valid_username;
use mtproto_core::dispatch::Answer;
use mtproto_core::tl::api::{enums, functions, types};

use super::users::tl_user;
use super::{Handler, error, internal};
use crate::gateway::keys::{stored_id, wire_id};

/// Longest `about` Telegram accepts for a user (`ABOUT_TOO_LONG` above it).
const ABOUT_MAX_CHARS: usize = 70;
/// `account.authorizations.authorization_ttl_days`: idle keys are not expired by this server;
/// Telegram's longest setting is advertised.
const AUTHORIZATION_TTL_DAYS: i32 = 365;

/// `account.updateProfile`: new first and/or last name. `about` is checked for length but not
/// stored (chat-store keeps no bio). <https://core.telegram.org/method/account.updateProfile>
pub fn update_profile(
    h: &Handler<'_>,
    req: &functions::account::UpdateProfile<'_>,
) -> Answer<enums::User<'static>> {
    let me = h.me()?;
    if req
        .about
        .as_deref()
        .is_some_and(|a| a.chars().count() > ABOUT_MAX_CHARS)
    {
        return Err(error(400, "ABOUT_TOO_LONG"));
    }
    let current = h.app.store.user(me).map_err(internal)?;
    let first = match req.first_name.as_deref().map(str::trim) {
        Some("") => return Err(error(400, "FIRSTNAME_INVALID")),
        Some(name) => name.to_string(),
        None => current.first_name,
    };
    let last = match req.last_name.as_deref() {
        Some(name) => name.trim().to_string(),
        None => current.last_name,
    };
    let user = h
        .app
        .store
        .set_names(me, first, last)
        .map_err(|e| match e {
            StoreError::TooLong {
                field: "last_name", ..
            } => error(400, "LASTNAME_INVALID"),
            StoreError::TooLong { .. } | StoreError::Invalid { .. } => {
                error(400, "FIRSTNAME_INVALID")
            }
            other => internal(other),
        })?;
    Ok(tl_user(&user, me, h.now))
}

/// `account.updateUsername`: sets the username, or clears it when empty.
/// <https://core.telegram.org/method/account.updateUsername>
pub fn update_username(
    h: &Handler<'_>,
    req: &functions::account::UpdateUsername<'_>,
) -> Answer<enums::User<'static>> {
    let me = h.me()?;
    let wanted = (!req.username.is_empty()).then(|| req.username.to_string());
    let current = h.app.store.user(me).map_err(internal)?;
    if current.username == wanted {
        return Err(error(400, "USERNAME_NOT_MODIFIED"));
    }
    if wanted.as_deref().is_some_and(|name| !valid_username(name)) {
        return Err(error(400, "USERNAME_INVALID"));
    }
    let user = h.app.store.set_username(me, wanted).map_err(|e| match e {
        StoreError::UsernameTaken => error(400, "USERNAME_OCCUPIED"),
        StoreError::Invalid { .. } | StoreError::TooLong { .. } => error(400, "USERNAME_INVALID"),
        other => internal(other),
    })?;
    tracing::info!(user_id = me.0, username = ?user.username, "username changed");
    Ok(tl_user(&user, me, h.now))
}

/// `account.checkUsername`: `true` when the username is free (or already the caller's), `false`
/// when another account holds it; a malformed one is `USERNAME_INVALID`.
/// <https://core.telegram.org/method/account.checkUsername>
pub fn check_username(
    h: &Handler<'_>,
    req: &functions::account::CheckUsername<'_>,
) -> Answer<bool> {
    let me = h.me()?;
    if !valid_username(&req.username) {
        return Err(error(400, "USERNAME_INVALID"));
    }
    let holder = h
        .app
        .store
        .resolve_username(&req.username)
        .map_err(internal)?;
    Ok(holder.is_none_or(|u| u.id == me))
}

/// `account.getAuthorizations`: every auth key signed in to the account. The current one has
/// hash 0 (as on Telegram); the others are identified by their key id. Device details are empty
/// (the server does not store `initConnection`'s fields).
/// <https://core.telegram.org/method/account.getAuthorizations>
pub fn get_authorizations(h: &Handler<'_>) -> Answer<enums::account::Authorizations<'static>> {
    let me = h.me()?;
    let current = stored_id(h.key);
    let keys = h.app.store.authorizations(me).map_err(internal)?;
    let authorizations = keys
        .into_iter()
        .map(|k| {
            let is_current = k.id == current;
            types::Authorization {
                current: is_current,
                hash: if is_current { 0 } else { k.id.0 },
                device_model: Cow::Owned(k.device_model),
                platform: Cow::Borrowed(""),
                system_version: Cow::Owned(k.system_version),
                api_id: 0,
                app_name: Cow::Borrowed(""),
                app_version: Cow::Owned(k.app_version),
                date_created: k.created.0 as i32,
                date_active: k.last_active.0 as i32,
                ip: Cow::Borrowed(""),
                country: Cow::Borrowed(""),
                region: Cow::Borrowed(""),
                ..Default::default()
            }
            .into()
        })
        .collect();
    Ok(types::account::Authorizations {
        authorization_ttl_days: AUTHORIZATION_TTL_DAYS,
        authorizations,
    }
    .into())
}

/// `account.resetAuthorization`: signs another of the caller's keys out (the key is unbound,
/// its next request gets 401, live pushes stop at once). Simplified: Telegram's `FRESH_RESET_AUTHORISATION_FORBIDDEN`
/// (a session younger than a day may not reset others) is not enforced; the current key (hash
/// 0) or an unknown hash is `HASH_INVALID`.
/// <https://core.telegram.org/method/account.resetAuthorization>
pub fn reset_authorization(
    h: &Handler<'_>,
    req: &functions::account::ResetAuthorization,
) -> Answer<bool> {
    let me = h.me()?;
    let target = StoredKeyId(req.hash);
    let keys = h.app.store.authorizations(me).map_err(internal)?;
    if target == stored_id(h.key) || !keys.iter().any(|k| k.id == target) {
        return Err(error(400, "HASH_INVALID"));
    }
    h.app.store.unbind_auth_key(target).map_err(internal)?;
    h.app.online.sign_out(wire_id(target));
    tracing::info!(
        user_id = me.0,
        auth_key_id = target.0,
        "authorization reset"
    );
    Ok(true)
}
