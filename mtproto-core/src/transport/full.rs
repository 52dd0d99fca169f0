//! Full transport (<https://core.telegram.org/mtproto/mtproto-transports#full>).
//!
//! ```text
//! [len LE 4][seq LE 4] payload [crc32 LE 4]     len = 12 + payload
//! ```
//! `seq` counts packets per connection and direction from 0; `crc32` (IEEE, as zlib) covers
//! `len ‖ seq ‖ payload`. No tag is sent and no quick ack is defined.

use super::{Frame, TransportError, TransportErrorCode, as_error, le_u32};

/// Bytes of framing around a payload: len, seq and crc.
const OVERHEAD: usize = 12;

/// Appends one framed `payload` with sequence number `seq` to `out`.
pub fn encode(payload: &[u8], seq: u32, out: &mut Vec<u8>) {
    let start = out.len();
    out.extend_from_slice(&((payload.len() + OVERHEAD) as u32).to_le_bytes());
    out.extend_from_slice(&seq.to_le_bytes());
    out.extend_from_slice(payload);
    // crc = CRC32(len ‖ seq ‖ payload)
    let crc = crc32fast::hash(&out[start..]);
    out.extend_from_slice(&crc.to_le_bytes());
}

/// Decodes one packet from the start of `buf`, checking that its sequence number is
/// `expected_seq`; returns the frame and the number of bytes it used, or `None` when `buf` does
/// not hold a whole packet yet. A bare negative length word is read as a transport error, as
/// some servers send it that way (MTPROTO.md §1.6).
pub fn decode(
    buf: &[u8],
    expected_seq: u32,
    max_payload: usize,
) -> Result<Option<(Frame, usize)>, TransportError> {
    if buf.len() < 4 {
        return Ok(None);
    }
    let word = le_u32(buf);
    if (word as i32) < 0 {
        return Ok(Some((Frame::Error(TransportErrorCode(word as i32)), 4)));
    }
    let len = word as usize;
    if len < OVERHEAD {
        return Err(TransportError::BadLength(len));
    }
    if len - OVERHEAD > max_payload {
        return Err(TransportError::TooLarge {
            len: len - OVERHEAD,
            max: max_payload,
        });
    }
    if buf.len() < len {
        return Ok(None);
    }
    let seq = le_u32(&buf[4..]);
    if seq != expected_seq {
        return Err(TransportError::BadSeq {
            expected: expected_seq,
            got: seq,
        });
    }
    let got = le_u32(&buf[len - 4..]);
    let expected = crc32fast::hash(&buf[..len - 4]);
    if got != expected {
        return Err(TransportError::BadCrc { expected, got });
    }
    let payload = &buf[8..len - 4];
    let frame = match as_error(payload) {
        Some(code) => Frame::Error(code),
        None => Frame::Payload {
            data: payload.to_vec(),
            quick_ack: false,
        },
    };
    Ok(Some((frame, len)))
}
