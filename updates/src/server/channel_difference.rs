//! `updates.getChannelDifference` from a channel's log.
//!
//! <https://core.telegram.org/method/updates.getChannelDifference>,
//! <https://core.telegram.org/api/updates#fetching-updates>
//!
//! `channelDifferenceEmpty` (final), `channelDifference` (a page of at most `limit` events;
//! `final` when it reaches the head) or `channelDifferenceTooLong` (pts below the log floor, or
//! above the head after a server-side loss; the client resets to the returned pts).

use crate::ids::{ChannelId, Pts};
use crate::server::entry::Entry;
use crate::server::log::{LogRead, ReadRange};
use crate::server::owner::Owner;

/// "limit: max 100000" (core.telegram.org/method/updates.getChannelDifference).
pub const MAX_CHANNEL_LIMIT: u32 = 100_000;

/// The arguments of `updates.getChannelDifference` (filter: `channelMessagesFilterEmpty`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChannelDifferenceRequest {
    /// The channel.
    pub channel: ChannelId,
    /// The client's pts for it.
    pub pts: Pts,
    /// The most events in one page (clamped to `1..=100_000`).
    pub limit: u32,
}

/// Server policy for the channel difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChannelDifferenceConfig {
    /// Seconds the client should wait before polling again (`timeout`), if the server sets one.
    pub timeout: Option<u32>,
}

/// The result of `updates.getChannelDifference`, over entries of type `U`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChannelDifference<U> {
    /// `updates.channelDifferenceEmpty`: nothing new (always final).
    Empty {
        /// The channel's pts.
        pts: Pts,
        /// Seconds before polling again.
        timeout: Option<u32>,
    },
    /// `updates.channelDifference`: the next page of events.
    Page {
        /// The pts after the page.
        pts: Pts,
        /// Set when the page reaches the head; otherwise ask again at once.
        is_final: bool,
        /// Seconds before polling again.
        timeout: Option<u32>,
        /// Events in pts order.
        updates: Vec<U>,
    },
    /// `updates.channelDifferenceTooLong`: the events are gone; reset to `pts` (the wire form
    /// carries it as `dialog.pts`) and refetch history (always final).
    TooLong {
        /// The channel's current pts.
        pts: Pts,
        /// Seconds before polling again.
        timeout: Option<u32>,
    },
}

impl<U> ChannelDifference<U> {
    /// The same answer with every entry mapped.
    pub fn map<V>(self, f: impl FnMut(U) -> V) -> ChannelDifference<V> {
        match self {
            ChannelDifference::Empty { pts, timeout } => ChannelDifference::Empty { pts, timeout },
            ChannelDifference::Page {
                pts,
                is_final,
                timeout,
                updates,
            } => ChannelDifference::Page {
                pts,
                is_final,
                timeout,
                updates: updates.into_iter().map(f).collect(),
            },
            ChannelDifference::TooLong { pts, timeout } => {
                ChannelDifference::TooLong { pts, timeout }
            }
        }
    }
}

/// Computes `updates.getChannelDifference` for `request`.
pub fn channel_difference<L: LogRead>(
    log: &L,
    request: &ChannelDifferenceRequest,
    config: &ChannelDifferenceConfig,
) -> Result<ChannelDifference<Entry<L::Payload>>, L::Error> {
    let owner = Owner::Channel(request.channel);
    let head = log.head(owner)?.pts;
    let timeout = config.timeout;
    if request.pts < log.floor(owner)? || request.pts > head {
        return Ok(ChannelDifference::TooLong { pts: head, timeout });
    }
    if request.pts == head {
        return Ok(ChannelDifference::Empty { pts: head, timeout });
    }
    let limit = request.limit.clamp(1, MAX_CHANNEL_LIMIT) as usize;
    let mut updates = Vec::new();
    log.read(
        owner,
        ReadRange {
            after: request.pts,
            up_to: head,
            max_entries: limit,
        },
        &mut updates,
    )?;
    let pts = updates.last().map_or(request.pts, |e| e.pts);
    Ok(ChannelDifference::Page {
        pts,
        is_final: pts == head,
        timeout,
        updates,
    })
}
