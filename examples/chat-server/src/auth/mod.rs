//! The Auth & Session Service: login codes (issued by `auth.sendCode`, checked by `auth.signIn`)
//! and the policy around them (<https://core.telegram.org/api/auth>). The RPC side is in
//! `rpc::auth`.

pub mod codes;
pub mod delivery;
pub mod phone;
pub mod webhook;

pub use codes::{CodeError, PendingCodes};
pub use delivery::{CodeDelivery, LogDelivery};
pub use webhook::{HttpUrl, WebhookDelivery};

/// Pending codes and how they reach the user.
pub struct AuthService {
    /// Codes in flight, per phone number.
    pub codes: PendingCodes,
    /// Where codes are sent.
    pub delivery: Box<dyn CodeDelivery>,
}
