//! Who owns a sequence on the server.
//!
//! <https://core.telegram.org/api/updates>: each account has a common message box (pts) for
//! private chats and basic groups and a secondary box (qts) for secret chats and some bot
//! updates; each channel has its own pts. The account's `seq` numbers update containers and
//! is kept beside the log (see [`crate::server::LogRead::seq`]).

use crate::ids::{ChannelId, UserId};

/// The owner of one pts-like sequence and of its update log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Owner {
    /// An account's common message box (pts).
    Common(UserId),
    /// An account's secondary box (qts): every event takes exactly one number.
    Secondary(UserId),
    /// A channel or supergroup (channel pts), shared by all its members.
    Channel(ChannelId),
}

impl Owner {
    /// Whether every event of this sequence takes exactly one number (qts).
    pub fn counts_one_per_event(self) -> bool {
        matches!(self, Owner::Secondary(_))
    }

    /// The sequence as a client sees it (clients do not name their own account).
    pub fn sequence(self) -> crate::Sequence {
        match self {
            Owner::Common(_) => crate::Sequence::Common,
            Owner::Secondary(_) => crate::Sequence::Secondary,
            Owner::Channel(c) => crate::Sequence::Channel(c),
        }
    }
}
