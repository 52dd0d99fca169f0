//! The gap engine's saved state and its byte encoding.
//!
//! The client's whole position is `(pts, qts, date, seq)` plus one pts per channel
//! (<https://core.telegram.org/api/updates>; STORAGE-AND-UPDATES.md §3.4). Held updates are not
//! saved: the local pts never passed them, so a restart fetches them again.
//!
//! Layout (little-endian): `version:u8 = 1`, `pts:u32`, `qts:u32`, `date:u32`, `seq:u32`,
//! `count:u32`, then `count` times `channel_id:i64 pts:u32`. Every pts and seq is at most
//! `i32::MAX`, channels are strictly increasing, and nothing may follow.

use thiserror::Error;

use crate::ids::{ChannelId, Date, Pts, Seq};

/// The encoding's version byte.
const VERSION: u8 = 1;
/// Bytes before the channel list.
const HEADER_LEN: usize = 1 + 4 * 5;
/// Bytes per channel.
const CHANNEL_LEN: usize = 8 + 4;

/// What a client must persist to resume its update stream.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SavedState {
    /// The common box's last delivered pts.
    pub pts: Pts,
    /// The secondary box's last delivered qts.
    pub qts: Pts,
    /// The last date seen.
    pub date: Date,
    /// The last container seq applied.
    pub seq: Seq,
    /// Each tracked channel and its last delivered pts, by channel id.
    pub channels: Vec<(ChannelId, Pts)>,
}

/// Why saved-state bytes were refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum StateDecodeError {
    /// Fewer bytes than the layout needs.
    #[error("saved state truncated: need {need} bytes, have {have}")]
    Truncated {
        /// Bytes needed.
        need: usize,
        /// Bytes present.
        have: usize,
    },
    /// An unknown version byte.
    #[error("saved state version {0} is not supported")]
    Version(u8),
    /// A pts, qts or seq above `i32::MAX`.
    #[error("saved state {field} {value} is outside the TL int range")]
    OutOfRange {
        /// Which field.
        field: &'static str,
        /// Its value.
        value: u32,
    },
    /// Channels not strictly increasing (a duplicate or unsorted list).
    #[error("saved state channel {0} is out of order or repeated")]
    ChannelOrder(i64),
    /// Bytes after the last channel.
    #[error("saved state has {0} trailing bytes")]
    Trailing(usize),
}

impl SavedState {
    /// Encodes the state (channels are written sorted by id).
    pub fn encode(&self) -> Vec<u8> {
        let mut channels = self.channels.clone();
        channels.sort_by_key(|(c, _)| *c);
        channels.dedup_by_key(|(c, _)| *c);
        let mut out = Vec::with_capacity(HEADER_LEN + CHANNEL_LEN * channels.len());
        out.push(VERSION);
        for v in [self.pts.0, self.qts.0, self.date.0, self.seq.0] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        // The count fits: more than u32::MAX channels cannot be held in memory alongside.
        out.extend_from_slice(&(channels.len() as u32).to_le_bytes());
        for (channel, pts) in channels {
            out.extend_from_slice(&channel.0.to_le_bytes());
            out.extend_from_slice(&pts.0.to_le_bytes());
        }
        out
    }

    /// Decodes a state; the allocation is bounded by the input's length.
    pub fn decode(bytes: &[u8]) -> Result<SavedState, StateDecodeError> {
        let truncated = |need| StateDecodeError::Truncated {
            need,
            have: bytes.len(),
        };
        let header = bytes.get(..HEADER_LEN).ok_or(truncated(HEADER_LEN))?;
        if header[0] != VERSION {
            return Err(StateDecodeError::Version(header[0]));
        }
        let word =
            |i: usize| u32::from_le_bytes([header[i], header[i + 1], header[i + 2], header[i + 3]]);
        let pts = in_range("pts", word(1))?;
        let qts = in_range("qts", word(5))?;
        let date = Date(word(9));
        let seq = Seq(in_range("seq", word(13))?.0);
        let count = word(17) as usize;
        let body = &bytes[HEADER_LEN..];
        // Checked before allocating: the count must be backed by bytes.
        let need = count
            .checked_mul(CHANNEL_LEN)
            .filter(|&n| n <= body.len())
            .ok_or(truncated(
                HEADER_LEN.saturating_add(count.saturating_mul(CHANNEL_LEN)),
            ))?;
        if body.len() > need {
            return Err(StateDecodeError::Trailing(body.len() - need));
        }
        let mut channels: Vec<(ChannelId, Pts)> = Vec::with_capacity(count);
        for chunk in body.chunks_exact(CHANNEL_LEN) {
            let mut id = [0u8; 8];
            id.copy_from_slice(&chunk[..8]);
            let channel = ChannelId(i64::from_le_bytes(id));
            if channels.last().is_some_and(|(prev, _)| *prev >= channel) {
                return Err(StateDecodeError::ChannelOrder(channel.0));
            }
            let pts = u32::from_le_bytes([chunk[8], chunk[9], chunk[10], chunk[11]]);
            channels.push((channel, in_range("channel pts", pts)?));
        }
        Ok(SavedState {
            pts,
            qts,
            date,
            seq,
            channels,
        })
    }
}

fn in_range(field: &'static str, value: u32) -> Result<Pts, StateDecodeError> {
    if value > Pts::MAX.0 {
        return Err(StateDecodeError::OutOfRange { field, value });
    }
    Ok(Pts(value))
}
