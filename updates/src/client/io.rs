//! What goes into the gap engine (updates as received) and what comes out (actions).

use crate::ids::{Date, Pts, Seq};
use crate::sequence::{PtsInfo, Sequence};
use crate::server::{ChannelDifferenceRequest, DifferenceRequest, Entry};

/// One update as the client received it: its sequence information (if it carries pts or qts)
/// and an opaque payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update<P> {
    /// `(sequence, pts, pts_count)`; `None` for updates outside any sequence (delivered at once).
    pub info: Option<PtsInfo>,
    /// The update itself.
    pub payload: P,
}

impl<P> From<Entry<P>> for Update<P> {
    /// A server log entry as its client receives it (push or difference alike).
    fn from(entry: Entry<P>) -> Self {
        Update {
            info: Some(entry.pts_info()),
            payload: entry.payload,
        }
    }
}

/// The seq of an `updates`/`updatesCombined` container
/// (<https://core.telegram.org/api/updates#seq>). `seq_start == 0` means unordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeqInfo {
    /// The first seq the container covers (`seq` for a single `updates`).
    pub seq_start: Seq,
    /// The last seq it covers.
    pub seq: Seq,
    /// The container's date.
    pub date: Date,
}

/// A received `Updates` value, normalised to the `updatesCombined` shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Container<P> {
    /// The container's seq, if it has one (`updateShort*` have none).
    pub seq: Option<SeqInfo>,
    /// The updates inside.
    pub updates: Vec<Update<P>>,
}

/// Identifies one difference request, so that an answer to an abandoned request (after a
/// reconnect) is recognised and ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RequestId(pub u64);

/// What the host must do, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action<P> {
    /// Hand this update to the application: each sequence's updates come in pts order, each
    /// exactly once.
    Deliver(Update<P>),
    /// Send `updates.getDifference` and feed the answer to
    /// [`crate::client::Engine::handle_difference`] with this id.
    GetDifference {
        /// The id to answer with.
        id: RequestId,
        /// The arguments.
        request: DifferenceRequest,
    },
    /// Send `updates.getChannelDifference` and feed the answer to
    /// [`crate::client::Engine::handle_channel_difference`] with this id.
    GetChannelDifference {
        /// The id to answer with.
        id: RequestId,
        /// The arguments.
        request: ChannelDifferenceRequest,
    },
    /// The server said TooLong: the numbers `(after, up_to]` of `sequence` will never be
    /// delivered. Refetch dialogs and history for it.
    Skipped {
        /// The sequence.
        sequence: Sequence,
        /// The last pts delivered before the skip.
        after: Pts,
        /// The pts the engine continues from.
        up_to: Pts,
    },
}
