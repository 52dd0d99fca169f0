//! Outgoing messages of one session: msg_id and seq_no assignment, packing into containers,
//! and encryption into transport payloads
//! (<https://core.telegram.org/mtproto/description#encrypted-message-encrypted-data>).

use mtproto_crypto::message;
use mtproto_crypto::{AuthKey, Direction};
use rand::CryptoRng;

use crate::envelope::SeqNoCounter;
use crate::envelope::container::{self, InnerMessage};
use crate::msg_id::{MsgId, MsgIdGenerator, MsgIdKind};
use crate::time::UnixTime;

/// Most messages packed in one container (grammers' empirical limit; the spec allows 1024).
const MAX_PER_CONTAINER: usize = 100;
/// Most body bytes packed in one container (grammers' empirical limit, MTPROTO.md §2.7).
const MAX_CONTAINER_BYTES: usize = 1_044_448;

/// One message with its ids assigned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// Its msg_id.
    pub msg_id: MsgId,
    /// Its seq_no.
    pub seq_no: i32,
    /// The TL object.
    pub body: Vec<u8>,
}

/// One encrypted transport payload and what it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    /// The encrypted message.
    pub payload: Vec<u8>,
    /// The container's msg_id, if several messages were packed.
    pub container: Option<MsgId>,
    /// The msg_ids of the messages inside (or of the single message).
    pub msg_ids: Vec<MsgId>,
}

/// Assigns ids to outgoing messages and turns queued messages into encrypted payloads.
#[derive(Debug, Clone, Default)]
pub struct Outbox {
    ids: MsgIdGenerator,
    seq: SeqNoCounter,
    queue: Vec<Outgoing>,
}

impl Outbox {
    /// An empty outbox.
    pub fn new() -> Self {
        Self::default()
    }

    /// The msg_id generator (for time synchronisation).
    pub fn ids_mut(&mut self) -> &mut MsgIdGenerator {
        &mut self.ids
    }

    /// The msg_id generator.
    pub fn ids(&self) -> &MsgIdGenerator {
        &self.ids
    }

    /// Assigns ids to `body` and returns the message without queueing it.
    pub fn assign(
        &mut self,
        now: UnixTime,
        body: Vec<u8>,
        content: bool,
        kind: MsgIdKind,
    ) -> Outgoing {
        let msg_id = self.ids.next(now, kind);
        Outgoing {
            msg_id,
            seq_no: self.seq.next(content),
            body,
        }
    }

    /// Assigns ids to `body` and queues it; returns its msg_id.
    pub fn push(&mut self, now: UnixTime, body: Vec<u8>, content: bool, kind: MsgIdKind) -> MsgId {
        let m = self.assign(now, body, content, kind);
        let id = m.msg_id;
        self.queue.push(m);
        id
    }

    /// Queues a message whose ids are already assigned (a resend under its original ids).
    pub fn push_assigned(&mut self, m: Outgoing) {
        self.queue.push(m);
    }

    /// Whether anything is queued.
    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    /// Queued messages, oldest first.
    pub fn queued(&self) -> &[Outgoing] {
        &self.queue
    }

    /// Encrypts everything queued into transport payloads: one message alone, several in
    /// containers (whose msg_id is above every inner one and whose seq_no is not content-related).
    /// Returns one [`Sealed`] per payload.
    pub fn flush<R: CryptoRng + ?Sized>(
        &mut self,
        now: UnixTime,
        key: &AuthKey,
        direction: Direction,
        salt: i64,
        session_id: i64,
        rng: &mut R,
    ) -> Vec<Sealed> {
        let mut out = Vec::new();
        let queue = std::mem::take(&mut self.queue);
        let mut batch: Vec<Outgoing> = Vec::new();
        let mut batch_bytes = 0;
        for m in queue {
            let size = container::inner_size(m.body.len());
            if !batch.is_empty()
                && (batch.len() >= MAX_PER_CONTAINER || batch_bytes + size > MAX_CONTAINER_BYTES)
            {
                out.push(self.seal_batch(now, key, direction, salt, session_id, &batch, rng));
                batch.clear();
                batch_bytes = 0;
            }
            batch_bytes += size;
            batch.push(m);
        }
        if !batch.is_empty() {
            out.push(self.seal_batch(now, key, direction, salt, session_id, &batch, rng));
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn seal_batch<R: CryptoRng + ?Sized>(
        &mut self,
        now: UnixTime,
        key: &AuthKey,
        direction: Direction,
        salt: i64,
        session_id: i64,
        batch: &[Outgoing],
        rng: &mut R,
    ) -> Sealed {
        let msg_ids = batch.iter().map(|m| m.msg_id).collect();
        if let [single] = batch {
            let payload = seal(key, direction, salt, session_id, single, rng);
            return Sealed {
                payload,
                container: None,
                msg_ids,
            };
        }
        let inner: Vec<InnerMessage<'_>> = batch
            .iter()
            .map(|m| InnerMessage {
                msg_id: m.msg_id,
                seq_no: m.seq_no,
                body: &m.body,
            })
            .collect();
        let mut body = Vec::new();
        container::write(&inner, &mut body);
        // A server container answering anything is itself a response (≡ 1 mod 4).
        let kind = match direction {
            Direction::ClientToServer => MsgIdKind::Client,
            Direction::ServerToClient if batch.iter().any(|m| m.msg_id.parity() == 1) => {
                MsgIdKind::ServerResponse
            }
            Direction::ServerToClient => MsgIdKind::ServerNotification,
        };
        let c = self.assign(now, body, false, kind);
        Sealed {
            payload: seal(key, direction, salt, session_id, &c, rng),
            container: Some(c.msg_id),
            msg_ids,
        }
    }
}

/// Encrypts one message:
/// `salt ‖ session_id ‖ msg_id ‖ seq_no ‖ length ‖ body ‖ padding` under `key`.
pub fn seal<R: CryptoRng + ?Sized>(
    key: &AuthKey,
    direction: Direction,
    salt: i64,
    session_id: i64,
    m: &Outgoing,
    rng: &mut R,
) -> Vec<u8> {
    let plaintext_len = message::INNER_HEADER_LEN + m.body.len();
    let mut buf = vec![0u8; message::packet_len(plaintext_len)];
    let p = &mut buf[message::HEADER_LEN..];
    p[..8].copy_from_slice(&salt.to_le_bytes());
    p[8..16].copy_from_slice(&session_id.to_le_bytes());
    p[16..24].copy_from_slice(&m.msg_id.0.to_le_bytes());
    p[24..28].copy_from_slice(&m.seq_no.to_le_bytes());
    p[28..32].copy_from_slice(&(m.body.len() as u32).to_le_bytes());
    p[32..plaintext_len].copy_from_slice(&m.body);
    let mut rng = rng;
    // The buffer is sized by `packet_len` and the padding by `min_padding`: this cannot fail.
    let len = message::encrypt(key, direction, &mut buf, plaintext_len, &mut rng).unwrap_or(0);
    buf.truncate(len);
    buf
}
