//! Key layout. Every key starts with its virtual shard (`u16` big-endian), then the entity that
//! owns it; all integers are fixed-width big-endian and signed ones have their sign bit flipped,
//! so byte order equals numeric order and reverse scans give "newest first". The full table is
//! in `docs/storage.md` ("Key layout").

use crate::ids::{
    AuthKeyId, FileId, MsgId, Owner, Peer, Pts, RandomId, SecretChatId, SessionId, UserId,
};
use crate::shard::VShard;

/// A key under construction.
#[derive(Debug, Clone)]
pub struct Key(Vec<u8>);

impl Key {
    /// A key in `shard`.
    pub fn new(shard: VShard) -> Key {
        let mut v = Vec::with_capacity(32);
        v.extend_from_slice(&shard.get().to_be_bytes());
        Key(v)
    }

    /// Appends a byte.
    pub fn u8(mut self, b: u8) -> Key {
        self.0.push(b);
        self
    }

    /// Appends a `u32`, big-endian.
    pub fn u32(mut self, v: u32) -> Key {
        self.0.extend_from_slice(&v.to_be_bytes());
        self
    }

    /// Appends an `i32` with its sign bit flipped, big-endian.
    pub fn i32(self, v: i32) -> Key {
        self.u32((v as u32) ^ (1 << 31))
    }

    /// Appends an `i32` in descending order: the complement of [`Key::i32`]'s encoding, so
    /// byte order is the reverse of numeric order and a forward scan yields the highest first.
    pub fn i32_desc(self, v: i32) -> Key {
        self.u32(!((v as u32) ^ (1 << 31)))
    }

    /// Appends an `i64` with its sign bit flipped, big-endian.
    pub fn i64(mut self, v: i64) -> Key {
        self.0
            .extend_from_slice(&((v as u64) ^ (1 << 63)).to_be_bytes());
        self
    }

    /// Appends raw bytes (only ever last in a key).
    pub fn raw(mut self, b: &[u8]) -> Key {
        self.0.extend_from_slice(b);
        self
    }

    /// Appends an owner: kind byte, then id.
    pub fn owner(self, o: Owner) -> Key {
        match o {
            Owner::Common(u) => self.u8(1).i64(u.0),
            Owner::Channel(c) => self.u8(2).i64(c.0),
            Owner::Secondary(u) => self.u8(3).i64(u.0),
        }
    }

    /// Appends a peer: kind byte, then id.
    pub fn peer(self, p: Peer) -> Key {
        self.u8(p.kind()).i64(p.raw_id())
    }

    /// The key's bytes.
    pub fn done(self) -> Vec<u8> {
        self.0
    }
}

/// Reads the `i32` written by [`Key::i32`] at `at`.
pub fn read_i32(key: &[u8], at: usize) -> Option<i32> {
    let b: [u8; 4] = key.get(at..at + 4)?.try_into().ok()?;
    Some((u32::from_be_bytes(b) ^ (1 << 31)) as i32)
}

/// Reads the `i32` written by [`Key::i32_desc`] at `at`.
pub fn read_i32_desc(key: &[u8], at: usize) -> Option<i32> {
    read_i32(key, at).map(|v| !v)
}

/// Reads the `u32` written by [`Key::u32`] at `at`.
pub fn read_u32(key: &[u8], at: usize) -> Option<u32> {
    let b: [u8; 4] = key.get(at..at + 4)?.try_into().ok()?;
    Some(u32::from_be_bytes(b))
}

/// Reads the `i64` written by [`Key::i64`] at `at`.
pub fn read_i64(key: &[u8], at: usize) -> Option<i64> {
    let b: [u8; 8] = key.get(at..at + 8)?.try_into().ok()?;
    Some((u64::from_be_bytes(b) ^ (1 << 63)) as i64)
}

/// The smallest key greater than every key starting with `prefix` (its exclusive upper bound).
pub fn prefix_end(prefix: &[u8]) -> Vec<u8> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < 0xff {
            end.push(last + 1);
            return end;
        }
    }
    // All 0xff: no finite bound; every shard-prefixed key is below 0xffff.. of greater length.
    vec![0xff; prefix.len() + 1]
}

/// `user` tree: V(user) ‖ user.
pub fn user(u: UserId) -> Vec<u8> {
    Key::new(VShard::of_user(u)).i64(u.0).done()
}

/// `phone` / `username` / `file_hash` trees: V(name) ‖ name bytes.
pub fn name(bytes: &[u8]) -> Vec<u8> {
    Key::new(VShard::of_name(bytes)).raw(bytes).done()
}

/// `auth_key` tree: V(key) ‖ key id.
pub fn auth_key(k: AuthKeyId) -> Vec<u8> {
    Key::new(VShard::of_auth_key(k)).i64(k.0).done()
}

/// `session` tree: V(key) ‖ key id ‖ session id.
pub fn session(k: AuthKeyId, s: SessionId) -> Vec<u8> {
    Key::new(VShard::of_auth_key(k)).i64(k.0).i64(s.0).done()
}

/// `user_auth` tree: V(user) ‖ user ‖ key id.
pub fn user_auth(u: UserId, k: AuthKeyId) -> Vec<u8> {
    Key::new(VShard::of_user(u)).i64(u.0).i64(k.0).done()
}

/// `box` tree: V(owner) ‖ owner.
pub fn owner_box(o: Owner) -> Vec<u8> {
    Key::new(VShard::of_owner(o)).owner(o).done()
}

/// `msg` tree: V(owner) ‖ owner ‖ msg id.
pub fn msg(o: Owner, id: MsgId) -> Vec<u8> {
    Key::new(VShard::of_owner(o)).owner(o).i32(id.0).done()
}

/// `peer_msg` tree: V(user) ‖ user ‖ peer ‖ msg id descending (common box only): a forward
/// scan of a dialog yields its newest message first (sled 0.34's reverse iteration costs
/// about twice its forward iteration).
pub fn peer_msg(u: UserId, p: Peer, id: MsgId) -> Vec<u8> {
    Key::new(VShard::of_user(u))
        .i64(u.0)
        .peer(p)
        .i32_desc(id.0)
        .done()
}

/// Byte offset of the message id in a `peer_msg` key.
pub const PEER_MSG_ID_AT: usize = 2 + 8 + 9;

/// `rand` tree: V(owner) ‖ owner ‖ sender ‖ random id (random ids are per sender).
pub fn rand(o: Owner, sender: UserId, r: RandomId) -> Vec<u8> {
    Key::new(VShard::of_owner(o))
        .owner(o)
        .i64(sender.0)
        .i64(r.0)
        .done()
}

/// `copies` tree: V(owner) ‖ owner ‖ msg id of the sender's copy.
pub fn copies(o: Owner, id: MsgId) -> Vec<u8> {
    msg(o, id)
}

/// `log` tree: V(owner) ‖ owner ‖ pts.
pub fn log(o: Owner, pts: Pts) -> Vec<u8> {
    Key::new(VShard::of_owner(o)).owner(o).u32(pts.0).done()
}

/// `dialog` tree: V(user) ‖ user ‖ peer.
pub fn dialog(u: UserId, p: Peer) -> Vec<u8> {
    Key::new(VShard::of_user(u)).i64(u.0).peer(p).done()
}

/// Where a dialog sorts in `dialog_order`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DialogRank {
    /// Pinned, by pin position (lower first).
    Pinned(u32),
    /// Not pinned, by the date of its top message, newest first, then by top message id.
    ByDate {
        /// Date of the top message.
        date: u32,
        /// The top message id.
        top: MsgId,
    },
}

/// `dialog_order` tree: V(user) ‖ user ‖ 0 ‖ pin position ‖ peer for pinned dialogs, then
/// V(user) ‖ user ‖ 1 ‖ !date ‖ !top ‖ peer for the others (a forward scan yields Telegram's
/// order: pinned first, then newest first).
pub fn dialog_order(u: UserId, rank: DialogRank, p: Peer) -> Vec<u8> {
    let k = Key::new(VShard::of_user(u)).i64(u.0);
    match rank {
        DialogRank::Pinned(pos) => k.u8(0).u32(pos),
        DialogRank::ByDate { date, top } => k.u8(1).u32(!date).u32(!(top.0 as u32)),
    }
    .peer(p)
    .done()
}

/// The `dialog_order` prefix of one user's section (0 pinned, 1 by date).
pub fn dialog_order_section(u: UserId, section: u8) -> Vec<u8> {
    Key::new(VShard::of_user(u)).i64(u.0).u8(section).done()
}

/// The peer stored at `at` in a key.
pub fn read_peer(key: &[u8], at: usize) -> Option<Peer> {
    Peer::from_parts(*key.get(at)?, read_i64(key, at + 1)?)
}

/// The shard and key prefix of a chat-like peer (basic group or channel): V(chat) ‖ peer.
pub fn chat(p: Peer) -> Vec<u8> {
    let shard = match p {
        Peer::Chat(c) => VShard::of_chat(c),
        Peer::Channel(c) => VShard::of_channel(c),
        Peer::User(u) => VShard::of_user(u),
    };
    Key::new(shard).peer(p).done()
}

/// `member` tree: V(chat) ‖ peer ‖ user.
pub fn member(p: Peer, u: UserId) -> Vec<u8> {
    let mut k = chat(p);
    k.extend_from_slice(&Key::new(VShard::of_user(u)).i64(u.0).done()[2..]);
    k
}

/// `user_chat` tree: V(user) ‖ user ‖ peer.
pub fn user_chat(u: UserId, p: Peer) -> Vec<u8> {
    dialog(u, p)
}

/// `contact` tree: V(user) ‖ user ‖ contact user.
pub fn contact(u: UserId, c: UserId) -> Vec<u8> {
    Key::new(VShard::of_user(u)).i64(u.0).i64(c.0).done()
}

/// `file` tree: V(file) ‖ file id.
pub fn file(f: FileId) -> Vec<u8> {
    Key::new(VShard::of_file(f)).i64(f.0).done()
}

/// `file_access` tree: V(user) ‖ user ‖ file id.
pub fn file_access(u: UserId, f: FileId) -> Vec<u8> {
    Key::new(VShard::of_user(u)).i64(u.0).i64(f.0).done()
}

/// `secret_chat` tree: V(chat) ‖ chat id.
pub fn secret_chat(s: SecretChatId) -> Vec<u8> {
    Key::new(VShard::of_secret_chat(s)).i32(s.0).done()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_order_is_byte_order() {
        let ids = [i32::MIN, -1, 0, 1, 7, i32::MAX];
        let keys: Vec<_> = ids
            .iter()
            .map(|&i| Key::new(VShard::new(3).unwrap()).i32(i).done())
            .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        for (i, k) in ids.iter().zip(&keys) {
            assert_eq!(read_i32(k, 2), Some(*i));
        }
        let big = [i64::MIN, -5, 0, 5, i64::MAX];
        let keys: Vec<_> = big
            .iter()
            .map(|&i| Key::new(VShard::new(3).unwrap()).i64(i).done())
            .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn dialog_order_sorts_pinned_then_newest() {
        let u = UserId(1);
        let pinned = dialog_order(u, DialogRank::Pinned(0), Peer::User(UserId(9)));
        let new = dialog_order(
            u,
            DialogRank::ByDate {
                date: 200,
                top: MsgId(5),
            },
            Peer::User(UserId(2)),
        );
        let old = dialog_order(
            u,
            DialogRank::ByDate {
                date: 100,
                top: MsgId(9),
            },
            Peer::User(UserId(3)),
        );
        assert!(pinned < new && new < old);
    }

    #[test]
    fn peer_msg_sorts_newest_first() {
        let (u, p) = (UserId(4), Peer::User(UserId(5)));
        let ids = [i32::MAX, 7, 1, 0, -1, i32::MIN];
        let keys: Vec<_> = ids.iter().map(|&i| peer_msg(u, p, MsgId(i))).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        for (i, k) in ids.iter().zip(&keys) {
            assert_eq!(read_i32_desc(k, PEER_MSG_ID_AT), Some(*i));
            assert!(k.starts_with(&dialog(u, p)));
        }
    }

    #[test]
    fn prefix_end_bounds_the_prefix() {
        assert_eq!(prefix_end(&[1, 2]), vec![1, 3]);
        assert_eq!(prefix_end(&[1, 0xff]), vec![2]);
    }
}
