//! Discovery: contacts by phone number and users by username — `contacts.importContacts`,
//! `contacts.getContacts`, `contacts.deleteContacts`, `contacts.resolveUsername`
//! (<https://core.telegram.org/api/contacts>, <https://core.telegram.org/api/username>).

use std::borrow::Cow;

use chat_store::ids::UserId;
use chat_store::model::contact::Contact;
use chat_store::model::user::valid_username;
use mtproto_core::dispatch::Answer;
use mtproto_core::tl::api::{enums, functions, types};

use super::users::{resolve_user, tl_user};
use super::{Handler, error, internal};
use crate::auth::phone;

/// The TL `user` of a contact: the names the owner saved, and `contact`/`mutual_contact` set.
fn contact_user(h: &Handler<'_>, me: UserId, c: &Contact) -> Answer<enums::User<'static>> {
    let stored = h.app.store.user(c.user).map_err(internal)?;
    let mutual = is_contact_of(h, c.user, me)?;
    let mut user = tl_user(&stored, me, h.now);
    if let enums::User::User(u) = &mut user {
        u.contact = true;
        u.mutual_contact = mutual;
        if !c.first_name.is_empty() {
            u.first_name = Some(Cow::Owned(c.first_name.clone()));
            u.last_name = (!c.last_name.is_empty()).then(|| Cow::Owned(c.last_name.clone()));
        }
    }
    Ok(user)
}

/// Whether `owner` has `user` among its contacts.
fn is_contact_of(h: &Handler<'_>, owner: UserId, user: UserId) -> Answer<bool> {
    let contacts = h.app.store.contacts(owner).map_err(internal)?;
    Ok(contacts.iter().any(|c| c.user == user))
}

/// `contacts.importContacts`: every phone number that belongs to an account becomes a contact
/// (with the names given); unknown or malformed numbers are skipped, as Telegram does for
/// numbers without an account.
/// <https://core.telegram.org/method/contacts.importContacts>
pub fn import_contacts(
    h: &Handler<'_>,
    req: &functions::contacts::ImportContacts<'_>,
) -> Answer<enums::contacts::ImportedContacts<'static>> {
    let me = h.me()?;
    let mut imported = Vec::new();
    let mut users = Vec::new();
    for input in &req.contacts {
        let enums::InputContact::InputPhoneContact(c) = input;
        let Some(number) = phone::normalize(&c.phone) else {
            continue;
        };
        let added = h
            .app
            .store
            .import_contact(
                me,
                number,
                c.first_name.to_string(),
                c.last_name.to_string(),
            )
            .map_err(|e| match e {
                chat_store::StoreError::TooLong { .. } => error(400, "FIRSTNAME_INVALID"),
                other => internal(other),
            })?;
        let Some(user) = added else {
            continue;
        };
        imported.push(
            types::ImportedContact {
                user_id: user.0,
                client_id: c.client_id,
            }
            .into(),
        );
        let contact = Contact {
            user,
            first_name: c.first_name.to_string(),
            last_name: c.last_name.to_string(),
        };
        users.push(contact_user(h, me, &contact)?);
    }
    Ok(types::contacts::ImportedContacts {
        imported,
        popular_invites: Vec::new(),
        retry_contacts: Vec::new(),
        users,
    }
    .into())
}

/// `contacts.getContacts`: the whole list (the `hash` is not used: the answer is never
/// `contactsNotModified`). <https://core.telegram.org/method/contacts.getContacts>
pub fn get_contacts(h: &Handler<'_>) -> Answer<enums::contacts::Contacts<'static>> {
    let me = h.me()?;
    let list = h.app.store.contacts(me).map_err(internal)?;
    let mut contacts = Vec::with_capacity(list.len());
    let mut users = Vec::with_capacity(list.len());
    for c in &list {
        let user = contact_user(h, me, c)?;
        let mutual = matches!(&user, enums::User::User(u) if u.mutual_contact);
        contacts.push(
            types::Contact {
                user_id: c.user.0,
                mutual,
            }
            .into(),
        );
        users.push(user);
    }
    Ok(types::contacts::Contacts {
        contacts,
        saved_count: 0,
        users,
    }
    .into())
}

/// `contacts.deleteContacts`: removes the users from the caller's contacts; answers `updates`
/// with the users as they are seen now. <https://core.telegram.org/method/contacts.deleteContacts>
pub fn delete_contacts(
    h: &Handler<'_>,
    req: &functions::contacts::DeleteContacts,
) -> Answer<enums::Updates<'static>> {
    let me = h.me()?;
    let mut users = Vec::with_capacity(req.id.len());
    for input in &req.id {
        let user = resolve_user(h, input)?;
        h.app.store.delete_contact(me, user.id).map_err(internal)?;
        users.push(tl_user(&user, me, h.now));
    }
    Ok(types::Updates {
        updates: Vec::new(),
        users,
        chats: Vec::new(),
        date: h.now as i32,
        seq: 0,
    }
    .into())
}

/// `contacts.resolveUsername`: the user holding a username (case-insensitive).
/// <https://core.telegram.org/method/contacts.resolveUsername>
pub fn resolve_username(
    h: &Handler<'_>,
    req: &functions::contacts::ResolveUsername<'_>,
) -> Answer<enums::contacts::ResolvedPeer<'static>> {
    let me = h.me()?;
    let name = req.username.trim_start_matches('@');
    if !valid_username(name) {
        return Err(error(400, "USERNAME_INVALID"));
    }
    let user = h
        .app
        .store
        .resolve_username(name)
        .map_err(internal)?
        .ok_or_else(|| error(400, "USERNAME_NOT_OCCUPIED"))?;
    Ok(types::contacts::ResolvedPeer {
        peer: types::PeerUser { user_id: user.id.0 }.into(),
        chats: Vec::new(),
        users: vec![tl_user(&user, me, h.now)],
    }
    .into())
}
