//! [`Transport`]: a connection's byte stream — input buffering, optional obfuscation and a
//! [`FrameCodec`].

use rand::{CryptoRng, Rng};

use super::obfuscated::{Obfuscation, ObfuscationHeader};
use super::{Frame, FrameCodec, QuickAckToken, TransportError, TransportErrorCode, TransportKind};
use mtproto_crypto::Side;

/// One end of a transport connection, Sans-IO.
///
/// Feed received bytes with [`handle_input`](Self::handle_input) in chunks of any size (one byte
/// at a time works), take packets out with [`poll_frame`](Self::poll_frame), queue packets with
/// [`send`](Self::send) and take the bytes to write with [`poll_transmit`](Self::poll_transmit).
/// After a decoding error the connection is dead: every later `poll_frame` returns that error.
#[derive(Debug)]
pub struct Transport {
    codec: FrameCodec,
    obfuscation: Option<Obfuscation>,
    input: Vec<u8>,
    read_pos: usize,
    output: Vec<u8>,
    failed: Option<TransportError>,
}

impl Transport {
    /// A client connection speaking `codec`'s format in the clear; the protocol tag is queued as
    /// the first bytes to send.
    pub fn client(codec: FrameCodec) -> Self {
        let mut transport = Self::with_parts(codec, None);
        transport
            .output
            .extend_from_slice(codec_tag(&transport.codec));
        transport
    }

    /// A client connection under obfuscation2: the 64-byte header built from `rng` (see
    /// [`ObfuscationHeader::generate`]) is queued as the first bytes to send.
    /// Returns `None` for the full transport, which has no obfuscated tag.
    pub fn client_obfuscated<R: CryptoRng>(
        codec: FrameCodec,
        dc_id: Option<i16>,
        rng: &mut R,
    ) -> Option<Self> {
        let tag = codec.kind().obfuscated_tag()?;
        let header = ObfuscationHeader::generate(tag, dc_id, rng);
        Some(Self::client_obfuscated_with_header(codec, &header))
    }

    /// A client connection under obfuscation2 with a given header (whose tag should match
    /// `codec`'s format); for known-answer tests and hosts that build the header themselves.
    pub fn client_obfuscated_with_header(codec: FrameCodec, header: &ObfuscationHeader) -> Self {
        let (obfuscation, wire) = Obfuscation::client(header);
        let mut transport = Self::with_parts(codec, Some(obfuscation));
        transport.output.extend_from_slice(&wire);
        transport
    }

    /// A server connection whose format has been detected; `rest` holds the bytes received after
    /// the tag or header (still encrypted when `obfuscation` is set).
    pub(crate) fn server(codec: FrameCodec, obfuscation: Option<Obfuscation>, rest: &[u8]) -> Self {
        let mut transport = Self::with_parts(codec, obfuscation);
        transport.handle_input(rest);
        transport
    }

    fn with_parts(codec: FrameCodec, obfuscation: Option<Obfuscation>) -> Self {
        Self {
            codec,
            obfuscation,
            input: Vec::new(),
            read_pos: 0,
            output: Vec::new(),
            failed: None,
        }
    }

    /// The envelope format.
    pub fn kind(&self) -> TransportKind {
        self.codec.kind()
    }

    /// Whether the byte stream is obfuscated.
    pub fn is_obfuscated(&self) -> bool {
        self.obfuscation.is_some()
    }

    /// Which end this is.
    pub fn role(&self) -> Side {
        self.codec.role()
    }

    /// Consumes received bytes.
    pub fn handle_input(&mut self, bytes: &[u8]) {
        if self.failed.is_some() {
            return;
        }
        // Drop what has been decoded once it is at least half the buffer (amortised O(1)).
        if self.read_pos > 0 && self.read_pos * 2 >= self.input.len() {
            self.input.drain(..self.read_pos);
            self.read_pos = 0;
        }
        let start = self.input.len();
        self.input.extend_from_slice(bytes);
        if let Some(obfuscation) = &mut self.obfuscation {
            obfuscation.decrypt(&mut self.input[start..]);
        }
    }

    /// The next complete packet, `Ok(None)` if more bytes are needed, or the error that killed
    /// the connection.
    pub fn poll_frame(&mut self) -> Result<Option<Frame>, TransportError> {
        if let Some(err) = &self.failed {
            return Err(err.clone());
        }
        match self.codec.decode(&self.input[self.read_pos..]) {
            Ok(Some((frame, used))) => {
                self.read_pos += used;
                Ok(Some(frame))
            }
            Ok(None) => Ok(None),
            Err(err) => {
                self.failed = Some(err.clone());
                self.input = Vec::new();
                self.read_pos = 0;
                Err(err)
            }
        }
    }

    /// Queues one payload; `quick_ack` asks the server for a quick ack (client only).
    pub fn send<R: Rng + ?Sized>(&mut self, payload: &[u8], quick_ack: bool, rng: &mut R) {
        let start = self.output.len();
        self.codec.encode(payload, quick_ack, rng, &mut self.output);
        self.encrypt_from(start);
    }

    /// Queues a quick-ack answer (server only; nothing for the full transport).
    pub fn send_quick_ack<R: Rng + ?Sized>(&mut self, token: QuickAckToken, rng: &mut R) {
        let start = self.output.len();
        if self.codec.encode_quick_ack(token, rng, &mut self.output) {
            self.encrypt_from(start);
        }
    }

    /// Queues a 4-byte transport error.
    pub fn send_error<R: Rng + ?Sized>(&mut self, code: TransportErrorCode, rng: &mut R) {
        let start = self.output.len();
        self.codec.encode_error(code, rng, &mut self.output);
        self.encrypt_from(start);
    }

    fn encrypt_from(&mut self, start: usize) {
        if let Some(obfuscation) = &mut self.obfuscation {
            obfuscation.encrypt(&mut self.output[start..]);
        }
    }

    /// Takes every queued byte to write, or `None` if there is nothing to send.
    pub fn poll_transmit(&mut self) -> Option<Vec<u8>> {
        if self.output.is_empty() {
            None
        } else {
            Some(std::mem::take(&mut self.output))
        }
    }

    /// Bytes received but not yet decoded into packets.
    pub fn buffered(&self) -> usize {
        self.input.len() - self.read_pos
    }
}

/// The clear-text tag a client writes first.
fn codec_tag(codec: &FrameCodec) -> &'static [u8] {
    codec.kind().tag()
}
