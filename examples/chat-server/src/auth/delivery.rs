//! How a login code reaches its user. The default writes it to the log; `--code-webhook` POSTs
//! it to a URL ([`super::webhook`]); a deployment may plug in SMS or an existing session
//! instead.

/// Sends a login code to the owner of a phone number.
pub trait CodeDelivery: Send + Sync {
    /// Delivers `code` for `phone` (digits only). Called on the RPC path: slow deliveries must
    /// hand the work to a task and return.
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
