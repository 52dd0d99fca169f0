//! Update-log payloads: what happened at one pts (or qts). The log entry's owner says whether it
//! is a common-box event (`updateNewMessage`…) or a channel event (`updateNewChannelMessage`…);
//! <https://core.telegram.org/api/updates> lists the pts_count of each.

use crate::codec::{CodecError, Dec, Enc, Record};
use crate::ids::{AuthKeyId, MsgId, Peer, RandomId, SecretChatId};
use crate::limits::{MAX_ENCRYPTED_BYTES, MAX_IDS};
use crate::model::{get_peer, put_peer};

/// One logged event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A message was added (`updateNewMessage` / `updateNewChannelMessage`, pts_count 1).
    NewMessage {
        /// Its id in the owner's box.
        id: MsgId,
    },
    /// A message was edited (`updateEditMessage` / `updateEditChannelMessage`, pts_count 1).
    EditMessage {
        /// Its id.
        id: MsgId,
        /// The version after the edit.
        version: u32,
    },
    /// Messages were deleted (`updateDeleteMessages`, pts_count = number of ids).
    DeleteMessages {
        /// The ids.
        ids: Vec<MsgId>,
    },
    /// The owner read incoming messages up to `max_id` (`updateReadHistoryInbox`, pts_count 1).
    ReadInbox {
        /// The dialog.
        peer: Peer,
        /// The new read_inbox_max_id.
        max_id: MsgId,
    },
    /// The other side read the owner's messages (`updateReadHistoryOutbox`, pts_count 1).
    ReadOutbox {
        /// The dialog.
        peer: Peer,
        /// The new read_outbox_max_id.
        max_id: MsgId,
    },
    /// An encrypted message for one device (`updateNewEncryptedMessage`, qts).
    Encrypted {
        /// The secret chat.
        chat: SecretChatId,
        /// The sender's random id.
        random_id: RandomId,
        /// The device (auth key) it is for.
        device: AuthKeyId,
        /// Opaque ciphertext.
        bytes: Vec<u8>,
    },
}

impl Record for Event {
    const TAG: u8 = 6;
    const VERSION: u8 = 1;

    fn write(&self, e: &mut Enc) {
        match self {
            Event::NewMessage { id } => e.u8(1).i32(id.0),
            Event::EditMessage { id, version } => e.u8(2).i32(id.0).u32(*version),
            Event::DeleteMessages { ids } => {
                e.u8(3).u32(ids.len() as u32);
                for id in ids {
                    e.i32(id.0);
                }
                e
            }
            Event::ReadInbox { peer, max_id } => {
                put_peer(e.u8(4), *peer);
                e.i32(max_id.0)
            }
            Event::ReadOutbox { peer, max_id } => {
                put_peer(e.u8(5), *peer);
                e.i32(max_id.0)
            }
            Event::Encrypted {
                chat,
                random_id,
                device,
                bytes,
            } => e
                .u8(6)
                .i32(chat.0)
                .i64(random_id.0)
                .i64(device.0)
                .bytes(bytes),
        };
    }

    fn read(d: &mut Dec<'_>) -> Result<Self, CodecError> {
        Ok(match d.u8("event.kind")? {
            1 => Event::NewMessage {
                id: MsgId(d.i32("event.id")?),
            },
            2 => Event::EditMessage {
                id: MsgId(d.i32("event.id")?),
                version: d.u32("event.version")?,
            },
            3 => {
                let n = d.count("event.ids", MAX_IDS as u32, 4)?;
                let mut ids = Vec::with_capacity(n);
                for _ in 0..n {
                    ids.push(MsgId(d.i32("event.ids")?));
                }
                Event::DeleteMessages { ids }
            }
            4 => Event::ReadInbox {
                peer: get_peer(d, "event.peer")?,
                max_id: MsgId(d.i32("event.max_id")?),
            },
            5 => Event::ReadOutbox {
                peer: get_peer(d, "event.peer")?,
                max_id: MsgId(d.i32("event.max_id")?),
            },
            6 => Event::Encrypted {
                chat: SecretChatId(d.i32("event.chat")?),
                random_id: RandomId(d.i64("event.random_id")?),
                device: AuthKeyId(d.i64("event.device")?),
                bytes: d.bytes("event.bytes", MAX_ENCRYPTED_BYTES)?.to_vec(),
            },
            v => {
                return Err(CodecError::Invalid {
                    field: "event.kind",
                    value: i64::from(v),
                });
            }
        })
    }
}

impl Event {
    /// How many pts numbers the event takes.
    pub fn pts_count(&self) -> u32 {
        match self {
            Event::DeleteMessages { ids } => ids.len() as u32,
            _ => 1,
        }
    }
}

/// A stored log entry's value: the event's date and payload (owner and pts are in the key;
/// pts_count follows from the event).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogRecord {
    /// The event date.
    pub date: crate::ids::Date,
    /// The event.
    pub event: Event,
}

impl Record for LogRecord {
    const TAG: u8 = 7;
    const VERSION: u8 = 1;

    fn write(&self, e: &mut Enc) {
        e.u32(self.date.0);
        self.event.write(e);
    }

    fn read(d: &mut Dec<'_>) -> Result<Self, CodecError> {
        let date = crate::ids::Date(d.u32("log.date")?);
        Ok(LogRecord {
            date,
            event: Event::read(d)?,
        })
    }
}
