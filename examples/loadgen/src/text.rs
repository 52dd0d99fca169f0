//! The text of a load message: who sent it, its number in the sender's stream and when it was
//! sent (nanoseconds since the epoch), so the recipient can check completeness and measure the
//! delivery latency from the message alone: `lg <sender> <seq> <sent_ns>`.

/// What a load message says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// The sending client's index.
    pub sender: usize,
    /// The message's number in the sender's stream (0, 1, 2, …).
    pub seq: u64,
    /// The send time, nanoseconds since the epoch.
    pub sent_ns: u64,
}

impl Stamp {
    /// The message text.
    pub fn encode(&self) -> String {
        format!("lg {} {} {}", self.sender, self.seq, self.sent_ns)
    }

    /// Reads a text written by [`Stamp::encode`]; anything else is `None`.
    pub fn decode(text: &str) -> Option<Stamp> {
        let mut parts = text.strip_prefix("lg ")?.split(' ');
        let stamp = Stamp {
            sender: parts.next()?.parse().ok()?,
            seq: parts.next()?.parse().ok()?,
            sent_ns: parts.next()?.parse().ok()?,
        };
        parts.next().is_none().then_some(stamp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_foreign_text() {
        let s = Stamp {
            sender: 7,
            seq: 42,
            sent_ns: 1_700_000_000_123_456_789,
        };
        assert_eq!(Stamp::decode(&s.encode()), Some(s));
        assert_eq!(Stamp::decode("hello"), None);
        assert_eq!(Stamp::decode("lg 1 2"), None);
        assert_eq!(Stamp::decode("lg 1 2 3 4"), None);
    }
}
