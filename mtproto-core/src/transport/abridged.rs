//! Abridged transport (<https://core.telegram.org/mtproto/mtproto-transports#abridged>).
//!
//! ```text
//! len/4 < 127:  [len/4]            payload
//! otherwise:    [0x7f][len/4 LE 3] payload
//! ```
//! A client asks for a quick ack by setting the top bit of the first byte; the server answers with
//! the token byte-swapped (big-endian), whose first byte always has the top bit set while a server
//! length byte never does.

use super::{Frame, QuickAckToken, TransportError, as_error};
use mtproto_crypto::Side;

/// The first byte of the long form (before the quick-ack bit).
const LONG_FORM: u8 = 0x7f;

/// Appends one framed `payload` (length a multiple of 4) to `out`.
pub fn encode(payload: &[u8], quick_ack: bool, out: &mut Vec<u8>) {
    debug_assert!(
        payload.len().is_multiple_of(4),
        "abridged payloads are 4-aligned"
    );
    let words = payload.len() / 4;
    let flag = if quick_ack { 0x80 } else { 0 };
    if words < usize::from(LONG_FORM) {
        out.push(words as u8 | flag);
    } else {
        let w = (words as u32).to_le_bytes();
        out.extend_from_slice(&[LONG_FORM | flag, w[0], w[1], w[2]]);
    }
    out.extend_from_slice(payload);
}

/// Appends a server's quick-ack answer: the token as big-endian bytes, without a length.
pub fn encode_quick_ack(token: QuickAckToken, out: &mut Vec<u8>) {
    out.extend_from_slice(&token.0.to_be_bytes());
}

/// Decodes one packet from the start of `buf` as read by `reader`; returns the frame and the
/// number of bytes it used, or `None` when `buf` does not hold a whole packet yet.
pub fn decode(
    buf: &[u8],
    reader: Side,
    max_payload: usize,
) -> Result<Option<(Frame, usize)>, TransportError> {
    let Some(&first) = buf.first() else {
        return Ok(None);
    };
    let has_flag = first & 0x80 != 0;
    if has_flag && reader == Side::Client {
        if buf.len() < 4 {
            return Ok(None);
        }
        let token = u32::from_be_bytes([buf[0], buf[1], buf[2], buf[3]]);
        return Ok(Some((Frame::QuickAck(QuickAckToken(token)), 4)));
    }
    let short = first & 0x7f;
    let (words, header) = if short == LONG_FORM {
        if buf.len() < 4 {
            return Ok(None);
        }
        (u32::from_le_bytes([buf[1], buf[2], buf[3], 0]) as usize, 4)
    } else {
        (usize::from(short), 1)
    };
    let len = words * 4;
    if len > max_payload {
        return Err(TransportError::TooLarge {
            len,
            max: max_payload,
        });
    }
    if buf.len() < header + len {
        return Ok(None);
    }
    let payload = &buf[header..header + len];
    let frame = match as_error(payload) {
        Some(code) => Frame::Error(code),
        None => Frame::Payload {
            data: payload.to_vec(),
            quick_ack: has_flag,
        },
    };
    Ok(Some((frame, header + len)))
}
