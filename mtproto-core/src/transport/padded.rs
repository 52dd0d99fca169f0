//! Padded intermediate transport
//! (<https://core.telegram.org/mtproto/mtproto-transports#padded-intermediate>).
//!
//! ```text
//! [tlen LE 4] payload [0..15 random bytes]      tlen = payload + padding
//! ```
//! Quick-ack requests are as in intermediate. The server's quick-ack answer is a short packet of
//! its own: `ff ff ff ff`, the token, then 0..8 random bytes. The receiver strips the random tail
//! itself (MTPROTO.md §1.3): an unencrypted message keeps `20 + message_data_length` bytes, an
//! encrypted one `24 + 16·⌊(tlen − 24)/16⌋`.

use rand::Rng;

use super::intermediate::{QUICK_ACK_BIT, header};
use super::{Frame, QuickAckToken, TransportError, TransportErrorCode, le_u32};
use mtproto_crypto::Side;

/// Marker word of a padded quick-ack packet.
const QUICK_ACK_MARKER: [u8; 4] = [0xff; 4];
/// The shortest MTProto message an encrypted payload can hold (24-byte header + ciphertext).
const MIN_ENCRYPTED: usize = 24;
/// Length of the unencrypted-message header (auth_key_id, msg_id, message_data_length).
const PLAIN_HEADER: usize = 20;

/// Appends one framed `payload` followed by 0..15 random padding bytes to `out`.
pub fn encode<R: Rng + ?Sized>(payload: &[u8], quick_ack: bool, rng: &mut R, out: &mut Vec<u8>) {
    let pad = (rng.next_u32() % 16) as usize;
    encode_with_tail(payload, pad, quick_ack, rng, out);
}

/// Appends a server's quick-ack packet: `ff ff ff ff`, the token, 0..8 random bytes.
pub fn encode_quick_ack<R: Rng + ?Sized>(token: QuickAckToken, rng: &mut R, out: &mut Vec<u8>) {
    let mut body = QUICK_ACK_MARKER.to_vec();
    body.extend_from_slice(&token.0.to_le_bytes());
    let pad = (rng.next_u32() % 9) as usize;
    encode_with_tail(&body, pad, false, rng, out);
}

fn encode_with_tail<R: Rng + ?Sized>(
    body: &[u8],
    pad: usize,
    quick_ack: bool,
    rng: &mut R,
    out: &mut Vec<u8>,
) {
    let flag = if quick_ack { QUICK_ACK_BIT } else { 0 };
    out.extend_from_slice(&((body.len() + pad) as u32 | flag).to_le_bytes());
    out.extend_from_slice(body);
    let start = out.len();
    out.resize(start + pad, 0);
    rng.fill_bytes(&mut out[start..]);
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
    let (len, quick_ack) = header(buf, reader);
    if len > max_payload {
        return Err(TransportError::TooLarge {
            len,
            max: max_payload,
        });
    }
    if buf.len() < 4 + len {
        return Ok(None);
    }
    let body = &buf[4..4 + len];
    Ok(Some((classify(body, reader, quick_ack), 4 + len)))
}

/// Tells a quick-ack packet, a transport error and a (padded) payload apart.
fn classify(body: &[u8], reader: Side, quick_ack: bool) -> Frame {
    if body.len() < MIN_ENCRYPTED && body.len() >= 4 {
        if reader == Side::Client && body.len() >= 8 && body[..4] == QUICK_ACK_MARKER {
            return Frame::QuickAck(QuickAckToken(le_u32(&body[4..])));
        }
        let word = le_u32(body) as i32;
        if word < 0 && body.len() < PLAIN_HEADER {
            return Frame::Error(TransportErrorCode(word));
        }
    }
    Frame::Payload {
        data: strip_tail(body).to_vec(),
        quick_ack,
    }
}

/// Removes the random tail of a padded payload (MTPROTO.md §1.3).
fn strip_tail(body: &[u8]) -> &[u8] {
    let unencrypted = body.len() >= 8 && body[..8] == [0; 8];
    if unencrypted {
        if body.len() >= PLAIN_HEADER {
            let keep = PLAIN_HEADER.saturating_add(le_u32(&body[16..]) as usize);
            if keep <= body.len() {
                return &body[..keep];
            }
        }
        return body;
    }
    if body.len() >= MIN_ENCRYPTED {
        return &body[..MIN_ENCRYPTED + (body.len() - MIN_ENCRYPTED) / 16 * 16];
    }
    body
}
