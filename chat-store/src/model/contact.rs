//! Contacts (TL `contact`, `contacts.importContacts`). <https://core.telegram.org/api/contacts>

use crate::codec::{CodecError, Dec, Enc, Record};
use crate::ids::UserId;
use crate::limits::MAX_NAME_BYTES;

/// One entry of a user's contact list, with the names the owner gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// The contact.
    pub user: UserId,
    /// First name as saved by the owner.
    pub first_name: String,
    /// Last name as saved by the owner.
    pub last_name: String,
}

impl Record for Contact {
    const TAG: u8 = 11;
    const VERSION: u8 = 1;

    fn write(&self, e: &mut Enc) {
        e.i64(self.user.0)
            .str(&self.first_name)
            .str(&self.last_name);
    }

    fn read(d: &mut Dec<'_>) -> Result<Self, CodecError> {
        Ok(Contact {
            user: UserId(d.i64("contact.user")?),
            first_name: d.str("contact.first_name", MAX_NAME_BYTES)?,
            last_name: d.str("contact.last_name", MAX_NAME_BYTES)?,
        })
    }
}
