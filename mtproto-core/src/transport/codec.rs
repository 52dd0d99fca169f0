//! [`FrameCodec`]: one connection's envelope format with its per-direction state.

use rand::Rng;

use super::{
    DEFAULT_MAX_PAYLOAD, Frame, QuickAckToken, TransportError, TransportErrorCode, TransportKind,
    abridged, full, intermediate, padded,
};
use mtproto_crypto::Side;

/// Frames and unframes packets of one [`TransportKind`] for one end of a connection.
///
/// It works on whole byte slices: [`FrameCodec::decode`] says how many bytes of its input one
/// packet used, or that more bytes are needed. The full transport's sequence counters live here.
#[derive(Debug, Clone)]
pub struct FrameCodec {
    kind: TransportKind,
    role: Side,
    max_payload: usize,
    send_seq: u32,
    recv_seq: u32,
}

impl FrameCodec {
    /// A codec for `kind` used by `role`, accepting payloads up to [`DEFAULT_MAX_PAYLOAD`].
    pub fn new(kind: TransportKind, role: Side) -> Self {
        Self {
            kind,
            role,
            max_payload: DEFAULT_MAX_PAYLOAD,
            send_seq: 0,
            recv_seq: 0,
        }
    }

    /// Sets the largest payload the decoder accepts.
    pub fn with_max_payload(mut self, max_payload: usize) -> Self {
        self.max_payload = max_payload;
        self
    }

    /// The envelope format.
    pub fn kind(&self) -> TransportKind {
        self.kind
    }

    /// Which end uses this codec.
    pub fn role(&self) -> Side {
        self.role
    }

    /// The largest payload the decoder accepts.
    pub fn max_payload(&self) -> usize {
        self.max_payload
    }

    /// Appends `payload` framed to `out`. `quick_ack` asks the server for a quick ack; it is
    /// honoured only for a client on abridged, intermediate and padded intermediate.
    pub fn encode<R: Rng + ?Sized>(
        &mut self,
        payload: &[u8],
        quick_ack: bool,
        rng: &mut R,
        out: &mut Vec<u8>,
    ) {
        let quick_ack = quick_ack && self.role == Side::Client;
        match self.kind {
            TransportKind::Abridged => abridged::encode(payload, quick_ack, out),
            TransportKind::Intermediate => intermediate::encode(payload, quick_ack, out),
            TransportKind::PaddedIntermediate => padded::encode(payload, quick_ack, rng, out),
            TransportKind::Full => {
                full::encode(payload, self.send_seq, out);
                self.send_seq = self.send_seq.wrapping_add(1);
            }
        }
    }

    /// Appends a quick-ack answer to `out` (server side; the full transport defines none, so
    /// nothing is written for it). Returns whether anything was written.
    pub fn encode_quick_ack<R: Rng + ?Sized>(
        &mut self,
        token: QuickAckToken,
        rng: &mut R,
        out: &mut Vec<u8>,
    ) -> bool {
        match self.kind {
            TransportKind::Abridged => abridged::encode_quick_ack(token, out),
            TransportKind::Intermediate => intermediate::encode_quick_ack(token, out),
            TransportKind::PaddedIntermediate => padded::encode_quick_ack(token, rng, out),
            TransportKind::Full => return false,
        }
        true
    }

    /// Appends a 4-byte transport error framed like any payload.
    pub fn encode_error<R: Rng + ?Sized>(
        &mut self,
        code: TransportErrorCode,
        rng: &mut R,
        out: &mut Vec<u8>,
    ) {
        self.encode(&code.to_bytes(), false, rng, out);
    }

    /// Decodes the first packet of `buf`: the frame and how many bytes it used, or `None` if
    /// `buf` holds only part of a packet. Errors are fatal for the connection.
    pub fn decode(&mut self, buf: &[u8]) -> Result<Option<(Frame, usize)>, TransportError> {
        let max = self.max_payload;
        match self.kind {
            TransportKind::Abridged => abridged::decode(buf, self.role, max),
            TransportKind::Intermediate => intermediate::decode(buf, self.role, max),
            TransportKind::PaddedIntermediate => padded::decode(buf, self.role, max),
            TransportKind::Full => {
                let decoded = full::decode(buf, self.recv_seq, max)?;
                // A framed packet (len ≥ 12) consumes a sequence number; a bare error word does not.
                if matches!(decoded, Some((_, used)) if used >= 12) {
                    self.recv_seq = self.recv_seq.wrapping_add(1);
                }
                Ok(decoded)
            }
        }
    }
}
