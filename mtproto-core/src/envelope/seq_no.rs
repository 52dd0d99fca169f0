//! Message sequence numbers (<https://core.telegram.org/mtproto/description#message-sequence-number-msg-seqno>).
//!
//! `seq_no = 2·n + 1` for a content-related message (then `n += 1`), `2·n` otherwise, where `n`
//! counts the content-related messages this side has sent in the session.

/// One side's `seq_no` counter within a session.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeqNoCounter {
    content_sent: i32,
}

impl SeqNoCounter {
    /// A counter for a fresh session.
    pub fn new() -> Self {
        Self::default()
    }

    /// The `seq_no` of the next message.
    pub fn next(&mut self, content_related: bool) -> i32 {
        let seq = self.content_sent.wrapping_mul(2);
        if content_related {
            self.content_sent = self.content_sent.wrapping_add(1);
            seq | 1
        } else {
            seq
        }
    }

    /// Content-related messages sent so far.
    pub fn content_sent(&self) -> i32 {
        self.content_sent
    }
}

/// Whether a `seq_no` marks a content-related message.
pub fn is_content_related(seq_no: i32) -> bool {
    seq_no & 1 == 1
}
