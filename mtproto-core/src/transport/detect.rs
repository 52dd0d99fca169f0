//! Server side: recognising a connection's transport from its first bytes
//! (<https://core.telegram.org/mtproto/mtproto-transports>, SERVER-INTEROP.md §3.3).
//!
//! | first bytes | transport |
//! |---|---|
//! | `ef` | abridged |
//! | `ee ee ee ee` | intermediate |
//! | `dd dd dd dd` | padded intermediate |
//! | any 4 bytes, then `00 00 00 00` (seq 0) | full |
//! | otherwise 64 bytes whose decrypted 56..60 is a tag above (`ef ef ef ef` for abridged) | obfuscated2 |

use rand::Rng;

use super::obfuscated::{HEADER_LEN, Obfuscation};
use super::{
    DEFAULT_MAX_PAYLOAD, Frame, FrameCodec, QuickAckToken, Transport, TransportError,
    TransportErrorCode, TransportKind,
};
use mtproto_crypto::Side;

/// A server connection that detects its transport from the first bytes, then behaves as a
/// [`Transport`].
#[derive(Debug)]
pub struct ServerTransport {
    max_payload: usize,
    state: State,
}

#[derive(Debug)]
enum State {
    /// Waiting for enough bytes to tell the transport (at most 64 are buffered).
    Detecting(Vec<u8>),
    Ready(Box<Transport>),
    Failed(TransportError),
}

impl Default for ServerTransport {
    fn default() -> Self {
        Self::new(DEFAULT_MAX_PAYLOAD)
    }
}

impl ServerTransport {
    /// A fresh server connection whose decoders accept payloads up to `max_payload` bytes.
    pub fn new(max_payload: usize) -> Self {
        Self {
            max_payload,
            state: State::Detecting(Vec::new()),
        }
    }

    /// The detected transport, once known.
    pub fn kind(&self) -> Option<TransportKind> {
        match &self.state {
            State::Ready(t) => Some(t.kind()),
            _ => None,
        }
    }

    /// Whether the detected transport is obfuscated (false until detected).
    pub fn is_obfuscated(&self) -> bool {
        matches!(&self.state, State::Ready(t) if t.is_obfuscated())
    }

    /// Consumes received bytes.
    pub fn handle_input(&mut self, bytes: &[u8]) {
        match &mut self.state {
            State::Ready(t) => t.handle_input(bytes),
            State::Failed(_) => {}
            State::Detecting(buf) => {
                // Buffer at most a header's worth; detection needs no more.
                let take = bytes.len().min(HEADER_LEN - buf.len());
                buf.extend_from_slice(&bytes[..take]);
                let buffered = std::mem::take(buf);
                self.state = match detect(&buffered, self.max_payload) {
                    Detection::NeedMore => State::Detecting(buffered),
                    Detection::Unknown => State::Failed(TransportError::UnknownTransport),
                    Detection::Found {
                        codec,
                        obfuscation,
                        used,
                    } => {
                        let mut transport =
                            Transport::server(codec, obfuscation.map(|o| *o), &buffered[used..]);
                        transport.handle_input(&bytes[take..]);
                        State::Ready(Box::new(transport))
                    }
                };
            }
        }
    }

    /// The next complete packet, `Ok(None)` if more bytes are needed, or the fatal error.
    pub fn poll_frame(&mut self) -> Result<Option<Frame>, TransportError> {
        match &mut self.state {
            State::Ready(t) => t.poll_frame(),
            State::Detecting(_) => Ok(None),
            State::Failed(err) => Err(err.clone()),
        }
    }

    /// Queues one payload (ignored before the transport is known: a server never speaks first).
    pub fn send<R: Rng + ?Sized>(&mut self, payload: &[u8], rng: &mut R) {
        if let State::Ready(t) = &mut self.state {
            t.send(payload, false, rng);
        }
    }

    /// Queues a quick-ack answer.
    pub fn send_quick_ack<R: Rng + ?Sized>(&mut self, token: QuickAckToken, rng: &mut R) {
        if let State::Ready(t) = &mut self.state {
            t.send_quick_ack(token, rng);
        }
    }

    /// Queues a 4-byte transport error (only possible once the transport is known).
    pub fn send_error<R: Rng + ?Sized>(&mut self, code: TransportErrorCode, rng: &mut R) {
        if let State::Ready(t) = &mut self.state {
            t.send_error(code, rng);
        }
    }

    /// Takes every queued byte to write.
    pub fn poll_transmit(&mut self) -> Option<Vec<u8>> {
        match &mut self.state {
            State::Ready(t) => t.poll_transmit(),
            _ => None,
        }
    }
}

enum Detection {
    NeedMore,
    Unknown,
    Found {
        codec: FrameCodec,
        obfuscation: Option<Box<Obfuscation>>,
        used: usize,
    },
}

fn detect(buf: &[u8], max_payload: usize) -> Detection {
    let found = |kind, obfuscation: Option<Box<Obfuscation>>, used| Detection::Found {
        codec: FrameCodec::new(kind, Side::Server).with_max_payload(max_payload),
        obfuscation,
        used,
    };
    let Some(&first) = buf.first() else {
        return Detection::NeedMore;
    };
    if first == 0xef {
        return found(TransportKind::Abridged, None, 1);
    }
    if buf.len() < 4 {
        return Detection::NeedMore;
    }
    if buf[..4] == [0xee; 4] {
        return found(TransportKind::Intermediate, None, 4);
    }
    if buf[..4] == [0xdd; 4] {
        return found(TransportKind::PaddedIntermediate, None, 4);
    }
    if buf.len() < 8 {
        return Detection::NeedMore;
    }
    if buf[4..8] == [0; 4] {
        return found(TransportKind::Full, None, 0);
    }
    let Ok(header) = <[u8; HEADER_LEN]>::try_from(buf) else {
        return Detection::NeedMore;
    };
    let (obfuscation, received) = Obfuscation::server(&header);
    let Some(tag) = received.tag else {
        return Detection::Unknown;
    };
    let kind = TransportKind::from_obfuscated_tag(tag);
    found(kind, Some(Box::new(obfuscation)), HEADER_LEN)
}
