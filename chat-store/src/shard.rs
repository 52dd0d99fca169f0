//! Virtual shards: every sequence owner (a user's boxes, a channel) and every other keyed entity
//! maps by a stable hash to one of [`VSHARD_COUNT`] virtual shards, and every key starts with its
//! shard (big-endian `u16`). A shard is therefore a contiguous key range in every tree and moves
//! between nodes as a unit ([`crate::Store::export_shard`], [`crate::Store::import_shard`]; the
//! procedure is in `docs/storage.md`).
//!
//! The hash must never change once data exists: it is SplitMix64's finaliser (Steele, Lea and
//! Flood, "Fast splittable pseudorandom number generators", 2014) over the id xor a per-domain
//! constant, reduced modulo the shard count; strings (phones, usernames, content hashes) are
//! first folded with 64-bit FNV-1a (offset basis 0xcbf29ce484222325, prime 0x100000001b3).

use crate::ids::{AuthKeyId, ChannelId, ChatId, FileId, Owner, SecretChatId, UserId};

/// The fixed number of virtual shards (a power of two; part of the on-disk format).
pub const VSHARD_COUNT: u16 = 1024;

/// One virtual shard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VShard(u16);

/// Hash domains, so that user 5 and channel 5 land on unrelated shards.
#[derive(Clone, Copy)]
#[repr(u64)]
enum Domain {
    User = 1,
    Channel = 2,
    Chat = 3,
    AuthKey = 4,
    File = 5,
    SecretChat = 6,
    Name = 7,
}

/// SplitMix64's output function: z = (z ^ z>>30) * 0xbf58476d1ce4e5b9; z = (z ^ z>>27) *
/// 0x94d049bb133111eb; z ^ z>>31.
fn splitmix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// 64-bit FNV-1a: h = (h ^ byte) * 0x100000001b3 from 0xcbf29ce484222325.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl VShard {
    fn hash(domain: Domain, x: u64) -> VShard {
        let h = splitmix64(x ^ ((domain as u64) << 56));
        VShard((h % u64::from(VSHARD_COUNT)) as u16)
    }

    /// The shard with this number, if it is below [`VSHARD_COUNT`].
    pub fn new(n: u16) -> Option<VShard> {
        (n < VSHARD_COUNT).then_some(VShard(n))
    }

    /// The shard's number.
    pub fn get(self) -> u16 {
        self.0
    }

    /// The shard of a user: its common and secondary boxes, dialogs, contacts, auth index.
    pub fn of_user(u: UserId) -> VShard {
        Self::hash(Domain::User, u.0 as u64)
    }

    /// The shard of a channel: its messages, pts, log and members.
    pub fn of_channel(c: ChannelId) -> VShard {
        Self::hash(Domain::Channel, c.0 as u64)
    }

    /// The shard of a basic group's record and member list.
    pub fn of_chat(c: ChatId) -> VShard {
        Self::hash(Domain::Chat, c.0 as u64)
    }

    /// The shard of an auth key and its sessions.
    pub fn of_auth_key(k: AuthKeyId) -> VShard {
        Self::hash(Domain::AuthKey, k.0 as u64)
    }

    /// The shard of a file's metadata.
    pub fn of_file(f: FileId) -> VShard {
        Self::hash(Domain::File, f.0 as u64)
    }

    /// The shard of a secret chat's record.
    pub fn of_secret_chat(s: SecretChatId) -> VShard {
        Self::hash(Domain::SecretChat, s.0 as u32 as u64)
    }

    /// The shard of a unique-index entry (phone, username, content hash).
    pub fn of_name(bytes: &[u8]) -> VShard {
        Self::hash(Domain::Name, fnv1a(bytes))
    }

    /// The shard of a sequence owner.
    pub fn of_owner(o: Owner) -> VShard {
        match o {
            Owner::Common(u) | Owner::Secondary(u) => Self::of_user(u),
            Owner::Channel(c) => Self::of_channel(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_stable_and_spreads() {
        // Pinned values: changing the hash would orphan every stored key.
        assert_eq!(splitmix64(0), 0);
        // The first output of the reference SplitMix64 seeded with 0 is mix(0x9e3779b97f4a7c15).
        assert_eq!(splitmix64(0x9e37_79b9_7f4a_7c15), 0xe220_a839_7b1d_cdaf);
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        let mut seen = std::collections::HashSet::new();
        for u in 0..10_000 {
            seen.insert(VShard::of_user(UserId(u)));
        }
        assert!(
            seen.len() > 1000,
            "10k users hit only {} shards",
            seen.len()
        );
        assert_ne!(
            VShard::of_user(UserId(5)),
            VShard::of_owner(Owner::Channel(ChannelId(5)))
        );
    }
}
