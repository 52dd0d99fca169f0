//! Profiles: the TL `user` of a stored account, `users.getUsers` and `users.getFullUser`
//! (<https://core.telegram.org/constructor/user>, SERVER-INTEROP.md §6 minimal values).

use std::borrow::Cow;

use chat_store::ids::UserId;
use chat_store::model::user::{User as StoredUser, UserStatus as StoredStatus};
use mtproto_core::dispatch::Answer;
use mtproto_core::tl::api::{enums, types};

use super::{Handler, error, internal};

/// How long "online" lasts after activity (seconds).
const ONLINE_FOR: u32 = 300;

fn opt(s: &str) -> Option<Cow<'static, str>> {
    (!s.is_empty()).then(|| Cow::Owned(s.to_string()))
}

/// The TL `user` for `u` as `viewer` sees it: the account itself gets `self` and its phone.
pub fn tl_user(u: &StoredUser, viewer: UserId, now: u32) -> enums::User<'static> {
    let is_self = u.id == viewer;
    let status = if is_self {
        types::UserStatusOnline {
            expires: (now + ONLINE_FOR) as i32,
        }
        .into()
    } else {
        match u.status {
            StoredStatus::Empty => types::UserStatusEmpty.into(),
            StoredStatus::Online { expires } => types::UserStatusOnline {
                expires: expires as i32,
            }
            .into(),
            StoredStatus::Offline { was_online } => types::UserStatusOffline {
                was_online: was_online as i32,
            }
            .into(),
        }
    };
    types::User {
        self_: is_self,
        id: u.id.0,
        access_hash: Some(u.access_hash),
        first_name: opt(&u.first_name),
        last_name: opt(&u.last_name),
        username: u.username.as_deref().and_then(opt),
        phone: if is_self { opt(&u.phone) } else { None },
        status: Some(status),
        ..Default::default()
    }
    .into()
}

/// Resolves an `InputUser` to a stored user the caller may see (self, or a user whose access
/// hash matches).
pub fn resolve_user(h: &Handler<'_>, input: &enums::InputUser) -> Answer<StoredUser> {
    let me = h.me()?;
    let (id, hash) = match input {
        enums::InputUser::InputUserSelf(_) => (me, None),
        enums::InputUser::InputUser(u) => (UserId(u.user_id), Some(u.access_hash)),
        _ => return Err(error(400, "USER_ID_INVALID")),
    };
    let user = match h.app.store.user(id) {
        Ok(u) => u,
        Err(chat_store::StoreError::UserNotFound(_)) => return Err(error(400, "USER_ID_INVALID")),
        Err(e) => return Err(internal(e)),
    };
    match hash {
        Some(hash) if id != me && hash != user.access_hash => Err(error(400, "USER_ID_INVALID")),
        _ => Ok(user),
    }
}

/// `users.getUsers`: unknown users are left out, as Telegram does.
pub fn get_users(h: &Handler<'_>, ids: &[enums::InputUser]) -> Answer<Vec<enums::User<'static>>> {
    let me = h.me()?;
    let mut out = Vec::with_capacity(ids.len());
    for input in ids {
        match resolve_user(h, input) {
            Ok(u) => out.push(tl_user(&u, me, h.now)),
            Err(e) if e.error_code == 400 => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// `users.getFullUser`: `userFull` with default settings, and the user.
pub fn get_full_user(
    h: &Handler<'_>,
    input: &enums::InputUser,
) -> Answer<enums::users::UserFull<'static>> {
    let me = h.me()?;
    let user = resolve_user(h, input)?;
    let full = types::UserFull {
        id: user.id.0,
        settings: types::PeerSettings::default().into(),
        notify_settings: types::PeerNotifySettings::default().into(),
        ..Default::default()
    };
    Ok(types::users::UserFull {
        full_user: full.into(),
        chats: Vec::new(),
        users: vec![tl_user(&user, me, h.now)],
    }
    .into())
}
