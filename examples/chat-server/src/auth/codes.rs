//! Login codes in flight: one per phone number, with a hash the client must echo, an expiry and
//! a limit on wrong guesses (<https://core.telegram.org/method/auth.signIn>).

use std::collections::HashMap;
use std::sync::Mutex;

use rand::Rng;

/// How long a code stays valid (seconds).
pub const CODE_TTL: u64 = 300;
/// Wrong codes allowed before further tries wait.
pub const MAX_ATTEMPTS: u32 = 5;
/// How long a number is locked after too many wrong codes (seconds).
pub const LOCK_SECS: u64 = 60;
/// Digits of a generated code.
pub const CODE_LEN: usize = 5;

/// Why a code was not accepted (each maps to Telegram's error of the same name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeError {
    /// `PHONE_CODE_INVALID`.
    Invalid,
    /// `PHONE_CODE_EXPIRED` (also for an unknown hash).
    Expired,
    /// `FLOOD_WAIT_X`: too many wrong codes; retry after this many seconds.
    FloodWait(u64),
}

impl CodeError {
    /// Telegram's `rpc_error` code and message for this outcome.
    pub fn rpc(self) -> (i32, String) {
        match self {
            Self::Invalid => (400, "PHONE_CODE_INVALID".into()),
            Self::Expired => (400, "PHONE_CODE_EXPIRED".into()),
            Self::FloodWait(secs) => (420, format!("FLOOD_WAIT_{secs}")),
        }
    }
}

#[derive(Debug, Clone)]
struct Pending {
    hash: String,
    code: String,
    expires_at: u64,
    wrong: u32,
    locked_until: u64,
    verified: bool,
}

/// The codes in flight, keyed by normalised phone number.
#[derive(Debug, Default)]
pub struct PendingCodes {
    by_phone: Mutex<HashMap<String, Pending>>,
}

impl PendingCodes {
    /// Issues a code for `phone` (`fixed` for test numbers, else random digits); returns
    /// `(phone_code_hash, code)`. A number locked by wrong guesses stays locked.
    pub fn issue(
        &self,
        phone: &str,
        fixed: Option<String>,
        now: u64,
        rng: &mut impl Rng,
    ) -> Result<(String, String), CodeError> {
        let mut map = self.by_phone.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(p) = map.get(phone)
            && p.locked_until > now
        {
            return Err(CodeError::FloodWait(p.locked_until - now));
        }
        let code = fixed.unwrap_or_else(|| {
            (0..CODE_LEN)
                .map(|_| char::from(b'0' + (rng.next_u32() % 10) as u8))
                .collect()
        });
        let hash = format!("{:016x}", rng.next_u64());
        map.insert(
            phone.to_string(),
            Pending {
                hash: hash.clone(),
                code: code.clone(),
                expires_at: now + CODE_TTL,
                wrong: 0,
                locked_until: 0,
                verified: false,
            },
        );
        Ok((hash, code))
    }

    /// Checks `code` for `phone` under `hash`. A right code marks the entry verified (so a
    /// following `auth.signUp` may use it); too many wrong ones lock the number.
    pub fn check(&self, phone: &str, hash: &str, code: &str, now: u64) -> Result<(), CodeError> {
        let mut map = self.by_phone.lock().unwrap_or_else(|p| p.into_inner());
        let Some(p) = map.get_mut(phone) else {
            return Err(CodeError::Expired);
        };
        if p.locked_until > now {
            return Err(CodeError::FloodWait(p.locked_until - now));
        }
        if p.hash != hash || p.expires_at <= now {
            return Err(CodeError::Expired);
        }
        if p.code != code {
            p.wrong += 1;
            if p.wrong >= MAX_ATTEMPTS {
                p.locked_until = now + LOCK_SECS;
                return Err(CodeError::FloodWait(LOCK_SECS));
            }
            return Err(CodeError::Invalid);
        }
        p.verified = true;
        Ok(())
    }

    /// Whether a code issued under `hash` is still pending for `phone` (`auth.resendCode`).
    pub fn is_pending(&self, phone: &str, hash: &str, now: u64) -> bool {
        let map = self.by_phone.lock().unwrap_or_else(|p| p.into_inner());
        map.get(phone)
            .is_some_and(|p| p.hash == hash && p.expires_at > now)
    }

    /// Consumes a verified entry (after sign-in or sign-up completes).
    pub fn take_verified(&self, phone: &str, hash: &str, now: u64) -> Result<(), CodeError> {
        let mut map = self.by_phone.lock().unwrap_or_else(|p| p.into_inner());
        match map.get(phone) {
            Some(p) if p.hash == hash && p.verified && p.expires_at > now => {
                map.remove(phone);
                Ok(())
            }
            _ => Err(CodeError::Expired),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn rng() -> rand::rngs::StdRng {
        rand::rngs::StdRng::seed_from_u64(1)
    }

    #[test]
    fn right_code_verifies_once() {
        let codes = PendingCodes::default();
        let (hash, code) = codes.issue("123456", None, 100, &mut rng()).unwrap();
        assert_eq!(code.len(), CODE_LEN);
        assert!(codes.is_pending("123456", &hash, 101));
        assert!(!codes.is_pending("123456", "other", 101));
        assert!(!codes.is_pending("123456", &hash, 100 + CODE_TTL));
        assert_eq!(codes.check("123456", &hash, &code, 101), Ok(()));
        assert_eq!(codes.take_verified("123456", &hash, 102), Ok(()));
        assert_eq!(
            codes.take_verified("123456", &hash, 102),
            Err(CodeError::Expired)
        );
        assert!(!codes.is_pending("123456", &hash, 102));
    }

    #[test]
    fn wrong_hash_or_late_code_is_expired() {
        let codes = PendingCodes::default();
        let (hash, code) = codes
            .issue("123456", Some("22222".into()), 100, &mut rng())
            .unwrap();
        assert_eq!(code, "22222");
        assert_eq!(
            codes.check("123456", "nope", &code, 101),
            Err(CodeError::Expired)
        );
        assert_eq!(
            codes.check("123456", &hash, &code, 100 + CODE_TTL),
            Err(CodeError::Expired)
        );
        assert_eq!(
            codes.check("999999", &hash, &code, 101),
            Err(CodeError::Expired)
        );
    }

    #[test]
    fn too_many_wrong_codes_flood_wait() {
        let codes = PendingCodes::default();
        let (hash, code) = codes
            .issue("123456", Some("11111".into()), 100, &mut rng())
            .unwrap();
        for _ in 1..MAX_ATTEMPTS {
            assert_eq!(
                codes.check("123456", &hash, "00000", 101),
                Err(CodeError::Invalid)
            );
        }
        assert_eq!(
            codes.check("123456", &hash, "00000", 101),
            Err(CodeError::FloodWait(LOCK_SECS))
        );
        assert_eq!(
            codes.check("123456", &hash, &code, 111),
            Err(CodeError::FloodWait(LOCK_SECS - 10))
        );
        assert!(matches!(
            codes.issue("123456", None, 120, &mut rng()),
            Err(CodeError::FloodWait(_))
        ));
        assert_eq!(CodeError::FloodWait(7).rpc(), (420, "FLOOD_WAIT_7".into()));
    }
}
