//! Server salts with validity windows (<https://core.telegram.org/mtproto/service_messages#request-for-several-future-salts>).
//!
//! Salts belong to an auth key and change every [`SALT_PERIOD_SECS`]; a message carrying the
//! previous period's salt is still accepted for one more period (MTPROTO.md §2.7). The server
//! stores nothing: the salt of period `n` is `LE_i64(SHA256(secret ‖ auth_key_id ‖ n)[0..8])`, so
//! every connection and process with the same secret agrees.

use sha2::{Digest, Sha256};

use crate::time::UnixTime;
use crate::tl::mtproto::types::FutureSalt;

/// Length of one salt period in seconds.
pub const SALT_PERIOD_SECS: u64 = 1800;
/// Most salts one `get_future_salts` may return.
pub const MAX_FUTURE_SALTS: usize = 64;

/// Derives the salts of every auth key from one server secret.
#[derive(Clone)]
pub struct SaltSchedule {
    secret: [u8; 32],
}

impl std::fmt::Debug for SaltSchedule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SaltSchedule(..)")
    }
}

impl SaltSchedule {
    /// A schedule from a server secret (keep it stable across restarts).
    pub fn new(secret: [u8; 32]) -> Self {
        Self { secret }
    }

    fn period(now: UnixTime) -> u64 {
        now.as_secs() / SALT_PERIOD_SECS
    }

    fn salt_of(&self, auth_key_id: u64, period: u64) -> i64 {
        let h = Sha256::new()
            .chain_update(self.secret)
            .chain_update(auth_key_id.to_le_bytes())
            .chain_update(period.to_le_bytes())
            .finalize();
        let mut b = [0u8; 8];
        b.copy_from_slice(&h[..8]);
        // Zero is what clients send before they know a salt: never hand it out.
        match i64::from_le_bytes(b) {
            0 => 1,
            s => s,
        }
    }

    /// The salt to hand out at `now`.
    pub fn current(&self, auth_key_id: u64, now: UnixTime) -> i64 {
        self.salt_of(auth_key_id, Self::period(now))
    }

    /// Whether `salt` is accepted at `now`: the current or the previous period's salt.
    pub fn is_valid(&self, auth_key_id: u64, salt: i64, now: UnixTime) -> bool {
        let p = Self::period(now);
        salt == self.salt_of(auth_key_id, p) || (p > 0 && salt == self.salt_of(auth_key_id, p - 1))
    }

    /// Up to `num` (capped at 64) salts from the current one on, each valid for its period plus
    /// the following one.
    pub fn future(&self, auth_key_id: u64, now: UnixTime, num: usize) -> Vec<FutureSalt> {
        let p = Self::period(now);
        (0..num.clamp(1, MAX_FUTURE_SALTS) as u64)
            .map(|i| {
                let since = (p + i) * SALT_PERIOD_SECS;
                FutureSalt {
                    valid_since: since as i32,
                    valid_until: (since + 2 * SALT_PERIOD_SECS) as i32,
                    salt: self.salt_of(auth_key_id, p + i),
                }
            })
            .collect()
    }
}
