//! Signing a connected client in with a test number
//! (<https://core.telegram.org/api/auth#test-accounts>): `auth.sendCode` (inside
//! `invokeWithLayer(initConnection)`), `auth.signIn` with the fixed code, then `updates.getState`
//! for the gap engine's starting point.

use updates::client::SavedState;

use crate::link::{Link, LinkError};
use crate::tl::{self, Account};

/// A signed-in client.
#[derive(Debug)]
pub struct LoggedIn {
    /// Its connection.
    pub link: Link,
    /// Its account.
    pub account: Account,
    /// The update state right after sign-in.
    pub state: SavedState,
}

/// Signs `link` in as `phone` with `code`.
pub async fn login(mut link: Link, phone: &str, code: &str) -> Result<LoggedIn, LinkError> {
    let sent = link.call(tl::first_request(tl::send_code(phone))).await?;
    let hash = tl::sent_code_hash(&sent)?;
    let authorization = link.call(tl::sign_in(phone, &hash, code)).await?;
    let account = tl::authorized_account(&authorization)?;
    let state = tl::saved_state(&link.call(tl::get_state()).await?)?;
    link.forget_new_sessions();
    Ok(LoggedIn {
        link,
        account,
        state,
    })
}
