//! Size limits on client-supplied values, checked before anything is written (and again, as
//! decode caps, when stored bytes are read back). Values follow Telegram's published limits
//! where there is one (core.telegram.org/api/config, "message_length_max" = 4096).

/// Longest message text, in bytes of UTF-8 (4096 characters of at most 4 bytes each).
pub const MAX_TEXT_BYTES: u32 = 4 * 4096;
/// Longest first or last name, title, or device string, in bytes.
pub const MAX_NAME_BYTES: u32 = 256;
/// Longest username, in bytes (Telegram: 5–32 characters of `[a-zA-Z0-9_]`).
pub const MAX_USERNAME_BYTES: u32 = 32;
/// Longest phone number, in bytes.
pub const MAX_PHONE_BYTES: u32 = 32;
/// Longest MIME type, in bytes.
pub const MAX_MIME_BYTES: u32 = 128;
/// Longest auth key (2048 bits).
pub const AUTH_KEY_BYTES: u32 = 256;
/// Largest encrypted (secret chat) payload, in bytes.
pub const MAX_ENCRYPTED_BYTES: u32 = 64 * 1024;
/// Largest DH value (g_a, g_b) of a secret chat, in bytes.
pub const MAX_DH_BYTES: u32 = 256;
/// Most message ids in one call (messages.deleteMessages, getMessages take up to 100).
pub const MAX_IDS: usize = 100;
/// Most members of a basic group.
pub const MAX_CHAT_MEMBERS: u32 = 200;
/// Largest `limit` of a history, search or dialogs page.
pub const MAX_PAGE: u32 = 100;
/// Most log entries in one difference read.
pub const MAX_LOG_READ: u32 = 5000;
/// Most messages a text search examines before giving up (bounds the cost of one query).
pub const MAX_SEARCH_SCAN: usize = 10_000;
