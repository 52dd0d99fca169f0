//! The Auth & Session Service's RPCs: `auth.sendCode`, `auth.resendCode`, `auth.signIn`,
//! `auth.signUp`, `auth.logOut` (<https://core.telegram.org/api/auth>).

use std::borrow::Cow;

use chat_store::ids::UserId;
use chat_store::model::user::{User as StoredUser, UserStatus};
use mtproto_core::dispatch::Answer;
use mtproto_core::tl::api::{enums, functions, types};
use mtproto_core::tl::mtproto::types::RpcError;
use rand::Rng;

use super::users::tl_user;
use super::{Handler, error, internal};
use crate::auth::{CodeError, codes::CODE_LEN, phone};
use crate::gateway::keys::stored_id;

fn code_error(e: CodeError) -> RpcError<'static> {
    let (code, message) = e.rpc();
    error(code, message)
}

fn phone_of(raw: &str) -> Answer<String> {
    phone::normalize(raw).ok_or_else(|| error(400, "PHONE_NUMBER_INVALID"))
}

/// `auth.sendCode`: issues a code (test numbers take the repeated DC digit) and delivers it.
pub fn send_code(
    h: &mut Handler<'_>,
    req: &functions::auth::SendCode<'_>,
) -> Answer<enums::auth::SentCode<'static>> {
    let phone = phone_of(&req.phone_number)?;
    issue(h, &phone)
}

/// `auth.resendCode`: a fresh code for a number whose code under `phone_code_hash` is still
/// pending; otherwise PHONE_CODE_EXPIRED, after which clients start over with `auth.sendCode`.
/// <https://core.telegram.org/method/auth.resendCode>
pub fn resend_code(
    h: &mut Handler<'_>,
    req: &functions::auth::ResendCode<'_>,
) -> Answer<enums::auth::SentCode<'static>> {
    let phone = phone_of(&req.phone_number)?;
    if !h
        .app
        .auth
        .codes
        .is_pending(&phone, &req.phone_code_hash, u64::from(h.now))
    {
        return Err(code_error(CodeError::Expired));
    }
    issue(h, &phone)
}

/// Issues and delivers a code for `phone`; answers `auth.sentCode`.
fn issue(h: &mut Handler<'_>, phone: &str) -> Answer<enums::auth::SentCode<'static>> {
    let phone = phone.to_string();
    let fixed = phone::test_code(&phone, h.app.settings.dc_id);
    let (hash, code) = h
        .app
        .auth
        .codes
        .issue(&phone, fixed, u64::from(h.now), h.rng)
        .map_err(code_error)?;
    h.app.auth.delivery.deliver(&phone, &code);
    Ok(types::auth::SentCode {
        r#type: types::auth::SentCodeTypeApp {
            length: CODE_LEN as i32,
        }
        .into(),
        phone_code_hash: Cow::Owned(hash),
        next_type: None,
        timeout: None,
    }
    .into())
}

/// `auth.signIn`: checks the code; a known number binds this key to its account, an unknown one
/// registers it with `--auto-register` or asks for `auth.signUp`.
pub fn sign_in(
    h: &mut Handler<'_>,
    req: &functions::auth::SignIn<'_>,
) -> Answer<enums::auth::Authorization<'static>> {
    let phone = phone_of(&req.phone_number)?;
    let code = req
        .phone_code
        .as_deref()
        .ok_or_else(|| error(400, "PHONE_CODE_EMPTY"))?;
    let now = u64::from(h.now);
    let codes = &h.app.auth.codes;
    codes
        .check(&phone, &req.phone_code_hash, code, now)
        .map_err(code_error)?;
    let user = match h.app.store.user_by_phone(&phone).map_err(internal)? {
        Some(user) => user,
        None if h.app.settings.auto_register => {
            let name = format!("User {}", &phone[phone.len().saturating_sub(4)..]);
            register(h, &phone, &name, "")?
        }
        None => {
            return Ok(types::auth::AuthorizationSignUpRequired {
                terms_of_service: None,
            }
            .into());
        }
    };
    codes
        .take_verified(&phone, &req.phone_code_hash, now)
        .map_err(code_error)?;
    bind(h, &user)
}

/// `auth.signUp`: registers the number verified by the preceding `auth.signIn`.
pub fn sign_up(
    h: &mut Handler<'_>,
    req: &functions::auth::SignUp<'_>,
) -> Answer<enums::auth::Authorization<'static>> {
    let phone = phone_of(&req.phone_number)?;
    if req.first_name.trim().is_empty() {
        return Err(error(400, "FIRSTNAME_INVALID"));
    }
    h.app
        .auth
        .codes
        .take_verified(&phone, &req.phone_code_hash, u64::from(h.now))
        .map_err(code_error)?;
    let user = register(h, &phone, req.first_name.trim(), req.last_name.trim())?;
    bind(h, &user)
}

/// `auth.logOut`: unbinds this auth key from the account. The key itself stays, as on
/// Telegram: its client may sign in again on it.
pub fn log_out(h: &mut Handler<'_>) -> Answer<enums::auth::LoggedOut<'static>> {
    h.app
        .store
        .unbind_auth_key(stored_id(h.key))
        .map_err(internal)?;
    h.user = None;
    Ok(types::auth::LoggedOut {
        future_auth_token: None,
    }
    .into())
}

/// Creates an account with a fresh random id (retrying on the rare collision).
fn register(h: &mut Handler<'_>, phone: &str, first: &str, last: &str) -> Answer<StoredUser> {
    loop {
        // Ids stay below 2^40 so clients that keep ids in doubles (JavaScript) are exact.
        let user = StoredUser {
            id: UserId((h.rng.next_u64() >> 24) as i64 + 1),
            access_hash: h.rng.next_u64() as i64,
            phone: phone.to_string(),
            first_name: first.to_string(),
            last_name: last.to_string(),
            username: None,
            status: UserStatus::Empty,
        };
        match h.app.store.create_user(user.clone()) {
            Ok(()) => {
                tracing::info!(user_id = user.id.0, phone, "account registered");
                return Ok(user);
            }
            Err(chat_store::StoreError::UserExists(_)) => continue,
            Err(chat_store::StoreError::PhoneTaken) => {
                return Err(error(400, "PHONE_NUMBER_OCCUPIED"));
            }
            Err(e) => return Err(internal(e)),
        }
    }
}

/// Binds this key to `user` and answers `auth.authorization`.
fn bind(h: &mut Handler<'_>, user: &StoredUser) -> Answer<enums::auth::Authorization<'static>> {
    h.app
        .store
        .bind_auth_key(stored_id(h.key), user.id)
        .map_err(internal)?;
    h.user = Some(user.id);
    tracing::info!(user_id = user.id.0, "signed in");
    Ok(types::auth::Authorization {
        user: tl_user(user, user.id, h.now),
        ..Default::default()
    }
    .into())
}
