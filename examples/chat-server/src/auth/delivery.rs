//! How a login code reaches its user. The default writes it to the log; a deployment plugs in
//! SMS, a webhook or an existing session instead.

/// Sends a login code to the owner of a phone number.
pub trait CodeDelivery: Send + Sync {
    /// Delivers `code` for `phone` (digits only).
    fn deliver(&self, phone: &str, code: &str);
}

/// Writes codes to the server log (development default).
#[derive(Debug, Default, Clone, Copy)]
pub struct LogDelivery;

impl CodeDelivery for LogDelivery {
    fn deliver(&self, phone: &str, code: &str) {
        tracing::info!(phone, code, "login code");
    }
}
