//! Intermediate transport (<https://core.telegram.org/mtproto/mtproto-transports#intermediate>).
//!
//! ```text
//! [len LE 4] payload
//! ```
//! A client asks for a quick ack with `len | 0x8000_0000`; the server answers with the token as 4
//! raw bytes, which read as a length ≥ 2^31 and so can never be a real packet.

use super::{Frame, QuickAckToken, TransportError, as_error, le_u32};
use mtproto_crypto::Side;

/// The quick-ack bit of a length word.
pub(super) const QUICK_ACK_BIT: u32 = 0x8000_0000;

/// Appends one framed `payload` to `out`.
pub fn encode(payload: &[u8], quick_ack: bool, out: &mut Vec<u8>) {
    let flag = if quick_ack { QUICK_ACK_BIT } else { 0 };
    out.extend_from_slice(&(payload.len() as u32 | flag).to_le_bytes());
    out.extend_from_slice(payload);
}

/// Appends a server's quick-ack answer: the token as 4 raw bytes.
pub fn encode_quick_ack(token: QuickAckToken, out: &mut Vec<u8>) {
    out.extend_from_slice(&token.0.to_le_bytes());
}

/// Parses the length word of an intermediate or padded packet (callers ensure `buf.len() >= 4`):
/// `(len, quick_ack)`. Only a server reader interprets the top bit as a quick-ack request.
pub(super) fn header(buf: &[u8], reader: Side) -> (usize, bool) {
    let word = le_u32(buf);
    if reader == Side::Server && word & QUICK_ACK_BIT != 0 {
        return ((word & !QUICK_ACK_BIT) as usize, true);
    }
    (word as usize, false)
}

/// Decodes one packet from the start of `buf` as read by `reader`; returns the frame and the
/// number of bytes it used, or `None` when `buf` does not hold a whole packet yet.
pub fn decode(
    buf: &[u8],
    reader: Side,
    max_payload: usize,
) -> Result<Option<(Frame, usize)>, TransportError> {
    if buf.len() < 4 {
        return Ok(None);
    }
    let word = le_u32(buf);
    if reader == Side::Client && word & QUICK_ACK_BIT != 0 {
        return Ok(Some((Frame::QuickAck(QuickAckToken(word)), 4)));
    }
    let (len, quick_ack) = header(buf, reader);
    if len > max_payload {
        return Err(TransportError::TooLarge {
            len,
            max: max_payload,
        });
    }
    if !len.is_multiple_of(4) {
        return Err(TransportError::BadLength(len));
    }
    if buf.len() < 4 + len {
        return Ok(None);
    }
    let payload = &buf[4..4 + len];
    let frame = match as_error(payload) {
        Some(code) => Frame::Error(code),
        None => Frame::Payload {
            data: payload.to_vec(),
            quick_ack,
        },
    };
    Ok(Some((frame, 4 + len)))
}
