//! Message identifiers (<https://core.telegram.org/mtproto/description#message-identifier-msg-id>).
//!
//! `msg_id ≈ unixtime · 2^32`: the high 32 bits are seconds, the low 32 bits the fraction of a
//! second (never zero). Client ids are ≡ 0 (mod 4); server ids ≡ 1 for a response to a client
//! message and ≡ 3 otherwise. Each side's ids increase strictly within a session.

use crate::time::UnixTime;

/// A message identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct MsgId(pub i64);

impl MsgId {
    /// The whole seconds encoded in the high 32 bits.
    pub fn secs(self) -> i64 {
        self.0 >> 32
    }

    /// `msg_id mod 4`: 0 client, 1 server response, 3 other server message.
    pub fn parity(self) -> u8 {
        (self.0 & 3) as u8
    }

    /// The id's kind, or `None` for the invalid parity 2.
    pub fn kind(self) -> Option<MsgIdKind> {
        match self.parity() {
            0 => Some(MsgIdKind::Client),
            1 => Some(MsgIdKind::ServerResponse),
            3 => Some(MsgIdKind::ServerNotification),
            _ => None,
        }
    }
}

/// Which parity an id must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MsgIdKind {
    /// Sent by a client (≡ 0 mod 4).
    Client,
    /// Sent by a server in response to a client message (≡ 1 mod 4).
    ServerResponse,
    /// Sent by a server on its own initiative (≡ 3 mod 4).
    ServerNotification,
}

impl MsgIdKind {
    fn parity(self) -> i64 {
        match self {
            MsgIdKind::Client => 0,
            MsgIdKind::ServerResponse => 1,
            MsgIdKind::ServerNotification => 3,
        }
    }
}

/// Hands out strictly increasing ids of the right parity, corrected by a time offset
/// (`server_time − local_time`, seconds; zero on the server itself).
#[derive(Debug, Clone, Default)]
pub struct MsgIdGenerator {
    last: i64,
    time_offset: i64,
}

impl MsgIdGenerator {
    /// A generator with no offset.
    pub fn new() -> Self {
        Self::default()
    }

    /// The current offset `server_time − local_time` in seconds.
    pub fn time_offset(&self) -> i64 {
        self.time_offset
    }

    /// Sets the offset directly (e.g. as measured by the handshake).
    pub fn set_time_offset(&mut self, offset: i64) {
        self.time_offset = offset;
    }

    /// Sets the offset from a server time seen at local time `now` (e.g. `server_DH_inner_data`).
    pub fn sync_to_server_time(&mut self, server_secs: i64, now: UnixTime) {
        self.time_offset = server_secs - now.as_secs() as i64;
    }

    /// Sets the offset from a server msg_id seen at `now` (bad_msg_notification 16/17; MTPROTO.md
    /// §2.5).
    pub fn sync_to_server_msg_id(&mut self, server_msg_id: MsgId, now: UnixTime) {
        self.sync_to_server_time(server_msg_id.secs(), now);
    }

    /// The next id of `kind` at `now`.
    ///
    /// `msg_id = ((secs + offset) << 32) | (⌊frac · 2^32⌋ & ~3) | parity`; if that does not
    /// exceed the last id, the next one of the right parity above it.
    pub fn next(&mut self, now: UnixTime, kind: MsgIdKind) -> MsgId {
        let secs = (now.0.as_secs() as i64).saturating_add(self.time_offset);
        let frac = ((u64::from(now.0.subsec_nanos()) << 32) / 1_000_000_000) as i64;
        // The low word must not be zero: use 4 for an exact second.
        let low = if frac & !3 == 0 { 4 } else { frac & !3 };
        let mut id = (secs << 32) | low | kind.parity();
        if id <= self.last {
            id = (self.last & !3) + 4 + kind.parity();
        }
        self.last = id;
        MsgId(id)
    }

    /// The last id handed out (0 before the first).
    pub fn last(&self) -> MsgId {
        MsgId(self.last)
    }
}
