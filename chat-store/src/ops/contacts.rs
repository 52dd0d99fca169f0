//! Contacts. <https://core.telegram.org/method/contacts.importContacts>

use crate::engine::{Direction, Engine, Tree};
use crate::error::{StoreError, check_len};
use crate::ids::UserId;
use crate::keys;
use crate::limits::MAX_NAME_BYTES;
use crate::model::contact::Contact;
use crate::ops::users::{by_phone, require_user};
use crate::txn::Txn;

/// Adds (or renames) a contact found by phone; `None` when no user has that phone (as
/// `importContacts` does, an unknown number is not an error).
pub(crate) fn import<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    owner: UserId,
    phone: &str,
    first_name: &str,
    last_name: &str,
) -> Result<Option<UserId>, StoreError> {
    check_len("first_name", first_name.len(), MAX_NAME_BYTES as usize)?;
    check_len("last_name", last_name.len(), MAX_NAME_BYTES as usize)?;
    require_user(tx, owner)?;
    let Some(user) = by_phone(tx, phone)? else {
        return Ok(None);
    };
    let c = Contact {
        user: user.id,
        first_name: first_name.to_owned(),
        last_name: last_name.to_owned(),
    };
    tx.put(Tree::Contact, keys::contact(owner, user.id), &c);
    Ok(Some(user.id))
}

/// Removes a contact (no-op when absent).
pub(crate) fn remove<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    owner: UserId,
    user: UserId,
) -> Result<(), StoreError> {
    require_user(tx, owner)?;
    tx.delete(Tree::Contact, keys::contact(owner, user));
    Ok(())
}

/// The owner's contacts in user-id order.
pub(crate) fn list<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    owner: UserId,
) -> Result<Vec<Contact>, StoreError> {
    let prefix = keys::user(owner);
    let mut out = Vec::new();
    tx.scan_records(
        Tree::Contact,
        &prefix,
        &keys::prefix_end(&prefix),
        Direction::Forward,
        &mut |_, c: Contact| {
            out.push(c);
            true
        },
    )?;
    Ok(out)
}
