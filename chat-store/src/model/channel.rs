//! Channels, supergroups and basic groups, and their membership.
//! <https://core.telegram.org/api/channel>

use crate::codec::{CodecError, Dec, Enc, Record};
use crate::ids::{Date, UserId};
use crate::limits::MAX_NAME_BYTES;

/// What kind of group a [`ChatInfo`] describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatKind {
    /// A basic group: messages fan out into each member's common box.
    Basic,
    /// A broadcast channel: one id sequence and pts; only admins post.
    Broadcast,
    /// A supergroup: one id sequence and pts; every member posts.
    Megagroup,
}

/// A group or channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatInfo {
    /// Its kind.
    pub kind: ChatKind,
    /// Title.
    pub title: String,
    /// Access hash (channels).
    pub access_hash: i64,
    /// Creator.
    pub creator: UserId,
    /// Creation date.
    pub date: Date,
}

impl Record for ChatInfo {
    const TAG: u8 = 9;
    const VERSION: u8 = 1;

    fn write(&self, e: &mut Enc) {
        let kind = match self.kind {
            ChatKind::Basic => 0,
            ChatKind::Broadcast => 1,
            ChatKind::Megagroup => 2,
        };
        e.u8(kind)
            .str(&self.title)
            .i64(self.access_hash)
            .i64(self.creator.0)
            .u32(self.date.0);
    }

    fn read(d: &mut Dec<'_>) -> Result<Self, CodecError> {
        let kind = match d.u8("chat.kind")? {
            0 => ChatKind::Basic,
            1 => ChatKind::Broadcast,
            2 => ChatKind::Megagroup,
            v => {
                return Err(CodecError::Invalid {
                    field: "chat.kind",
                    value: i64::from(v),
                });
            }
        };
        Ok(ChatInfo {
            kind,
            title: d.str("chat.title", MAX_NAME_BYTES)?,
            access_hash: d.i64("chat.access_hash")?,
            creator: UserId(d.i64("chat.creator")?),
            date: Date(d.u32("chat.date")?),
        })
    }
}

/// A member's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// An ordinary member.
    Member,
    /// An admin (may post in broadcasts and delete others' messages).
    Admin,
    /// The creator.
    Creator,
}

/// One membership.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    /// Role.
    pub role: Role,
    /// Join date.
    pub date: Date,
}

impl Record for Member {
    const TAG: u8 = 10;
    const VERSION: u8 = 1;

    fn write(&self, e: &mut Enc) {
        e.u8(self.role as u8).u32(self.date.0);
    }

    fn read(d: &mut Dec<'_>) -> Result<Self, CodecError> {
        let role = match d.u8("member.role")? {
            0 => Role::Member,
            1 => Role::Admin,
            2 => Role::Creator,
            v => {
                return Err(CodecError::Invalid {
                    field: "member.role",
                    value: i64::from(v),
                });
            }
        };
        Ok(Member {
            role,
            date: Date(d.u32("member.date")?),
        })
    }
}
