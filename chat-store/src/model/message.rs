//! Messages, the per-owner box state, and the links between copies of one message.
//!
//! <https://core.telegram.org/api/updates>: a user's common box (private chats and basic groups)
//! gives each participant's copy its own id; a channel has one id sequence shared by all members.

use crate::codec::{CodecError, Dec, Enc, Record};
use crate::ids::{Date, FileId, MsgId, Peer, Pts, RandomId, Seq, UserId};
use crate::limits::{MAX_CHAT_MEMBERS, MAX_TEXT_BYTES};
use crate::model::{get_opt_i32, get_opt_i64, get_peer, put_opt_i32, put_opt_i64, put_peer};

/// One stored message (one box's copy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The id inside its box.
    pub id: MsgId,
    /// The author.
    pub from: UserId,
    /// The dialog it belongs to, seen from the box's owner.
    pub peer: Peer,
    /// Whether the box's owner sent it.
    pub out: bool,
    /// Send date.
    pub date: Date,
    /// Text.
    pub text: String,
    /// Attached file, if any.
    pub media: Option<FileId>,
    /// The message replied to (an id in the same box).
    pub reply_to: Option<MsgId>,
    /// Date of the last edit.
    pub edit_date: Option<Date>,
    /// Edit version: 0 as sent, +1 per applied edit.
    pub version: u32,
    /// The sender's random id (on the sender's copy and channel messages).
    pub random_id: Option<RandomId>,
    /// The sender's copy this one was fanned out from: (sender, id in the sender's box).
    pub origin: Option<(UserId, MsgId)>,
}

impl Record for Message {
    const TAG: u8 = 2;
    const VERSION: u8 = 1;

    fn write(&self, e: &mut Enc) {
        e.i32(self.id.0).i64(self.from.0);
        put_peer(e, self.peer);
        e.bool(self.out).u32(self.date.0).str(&self.text);
        put_opt_i64(e, self.media.map(|f| f.0));
        put_opt_i32(e, self.reply_to.map(|m| m.0));
        put_opt_i32(e, self.edit_date.map(|d| d.0 as i32));
        e.u32(self.version);
        put_opt_i64(e, self.random_id.map(|r| r.0));
        match self.origin {
            Some((u, m)) => e.u8(1).i64(u.0).i32(m.0),
            None => e.u8(0),
        };
    }

    fn read(d: &mut Dec<'_>) -> Result<Self, CodecError> {
        Ok(Message {
            id: MsgId(d.i32("msg.id")?),
            from: UserId(d.i64("msg.from")?),
            peer: get_peer(d, "msg.peer")?,
            out: d.bool("msg.out")?,
            date: Date(d.u32("msg.date")?),
            text: d.str("msg.text", MAX_TEXT_BYTES)?,
            media: get_opt_i64(d, "msg.media")?.map(FileId),
            reply_to: get_opt_i32(d, "msg.reply_to")?.map(MsgId),
            edit_date: get_opt_i32(d, "msg.edit_date")?.map(|v| Date(v as u32)),
            version: d.u32("msg.version")?,
            random_id: get_opt_i64(d, "msg.random_id")?.map(RandomId),
            origin: if d.bool("msg.origin")? {
                Some((UserId(d.i64("msg.origin")?), MsgId(d.i32("msg.origin")?)))
            } else {
                None
            },
        })
    }
}

/// Where a common-box message lives: its `msg` entry holds only the dialog's peer, and the
/// record itself is in the dialog index (`peer_msg`), stored once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MsgPlace {
    /// The dialog the message belongs to.
    pub peer: Peer,
}

impl Record for MsgPlace {
    const TAG: u8 = 16;
    const VERSION: u8 = 1;

    fn write(&self, e: &mut Enc) {
        put_peer(e, self.peer);
    }

    fn read(d: &mut Dec<'_>) -> Result<Self, CodecError> {
        Ok(MsgPlace {
            peer: get_peer(d, "place.peer")?,
        })
    }
}

/// The state of one sequence owner (a user's common or secondary box, or a channel).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BoxState {
    /// The last allocated pts (qts for the secondary box).
    pub pts: Pts,
    /// The date of the last event (non-decreasing).
    pub date: Date,
    /// The last allocated message id.
    pub last_msg_id: MsgId,
    /// Log entries with pts at or below the floor were trimmed.
    pub log_floor: Pts,
    /// The account's container seq (common box only).
    pub seq: Seq,
}

impl Record for BoxState {
    const TAG: u8 = 3;
    const VERSION: u8 = 1;

    fn write(&self, e: &mut Enc) {
        e.u32(self.pts.0)
            .u32(self.date.0)
            .i32(self.last_msg_id.0)
            .u32(self.log_floor.0);
        e.u32(self.seq.0);
    }

    fn read(d: &mut Dec<'_>) -> Result<Self, CodecError> {
        Ok(BoxState {
            pts: Pts(d.u32("box.pts")?),
            date: Date(d.u32("box.date")?),
            last_msg_id: MsgId(d.i32("box.last_msg_id")?),
            log_floor: Pts(d.u32("box.log_floor")?),
            seq: Seq(d.u32("box.seq")?),
        })
    }
}

/// The other boxes' copies of a message, stored beside the sender's copy.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Copies(pub Vec<(UserId, MsgId)>);

impl Record for Copies {
    const TAG: u8 = 4;
    const VERSION: u8 = 1;

    fn write(&self, e: &mut Enc) {
        e.u32(self.0.len() as u32);
        for (u, m) in &self.0 {
            e.i64(u.0).i32(m.0);
        }
    }

    fn read(d: &mut Dec<'_>) -> Result<Self, CodecError> {
        let n = d.count("copies", MAX_CHAT_MEMBERS, 12)?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push((UserId(d.i64("copies.user")?), MsgId(d.i32("copies.msg")?)));
        }
        Ok(Copies(v))
    }
}

/// A send's idempotency record: the message a random id produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RandRef {
    /// The message id in the sender's box (or the channel); 0 for encrypted messages.
    pub msg_id: MsgId,
    /// The pts (qts for encrypted messages) the send ended at.
    pub pts: Pts,
    /// The send's date.
    pub date: Date,
}

impl Record for RandRef {
    const TAG: u8 = 5;
    const VERSION: u8 = 1;

    fn write(&self, e: &mut Enc) {
        e.i32(self.msg_id.0).u32(self.pts.0).u32(self.date.0);
    }

    fn read(d: &mut Dec<'_>) -> Result<Self, CodecError> {
        Ok(RandRef {
            msg_id: MsgId(d.i32("rand.msg")?),
            pts: Pts(d.u32("rand.pts")?),
            date: Date(d.u32("rand.date")?),
        })
    }
}
