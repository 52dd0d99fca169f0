//! Secret chats: the server relays DH values and opaque ciphertext. Each side is one device
//! (auth key). An encrypted message goes into the receiving account's secondary box with the next
//! qts and names the device it is for; it stays there until that device acknowledges it
//! (`messages.receivedQueue`). <https://core.telegram.org/api/end-to-end>,
//! <https://core.telegram.org/api/updates#qts>

use updates::server::Entry;

use crate::engine::{Direction, Engine, Tree};
use crate::error::{StoreError, check_len};
use crate::ids::{AuthKeyId, Date, MsgId, Owner, Pts, RandomId, SecretChatId, UserId};
use crate::keys;
use crate::limits::{MAX_DH_BYTES, MAX_ENCRYPTED_BYTES};
use crate::model::event::{Event, LogRecord};
use crate::model::message::RandRef;
use crate::model::secret::{SecretChat, SecretState};
use crate::ops::auth::require_key;
use crate::ops::log::append;
use crate::ops::users::require_user;
use crate::txn::Txn;

/// A secret chat request (`messages.requestEncryption`).
#[derive(Debug, Clone)]
pub struct RequestSecretChat {
    /// The chat id (chosen by the host).
    pub id: SecretChatId,
    /// The initiator.
    pub admin: UserId,
    /// The initiator's device.
    pub admin_device: AuthKeyId,
    /// The invited user.
    pub participant: UserId,
    /// `g_a`.
    pub g_a: Vec<u8>,
    /// Date.
    pub date: Date,
}

/// An encrypted message (`messages.sendEncrypted`).
#[derive(Debug, Clone)]
pub struct SendEncrypted {
    /// The sender.
    pub from: UserId,
    /// The sender's device.
    pub device: AuthKeyId,
    /// The chat.
    pub chat: SecretChatId,
    /// The sender's idempotency key.
    pub random_id: RandomId,
    /// Ciphertext.
    pub bytes: Vec<u8>,
    /// Date.
    pub date: Date,
}

fn require_device<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    user: UserId,
    device: AuthKeyId,
) -> Result<(), StoreError> {
    match require_key(tx, device)?.user {
        Some(u) if u == user => Ok(()),
        _ => Err(StoreError::AuthKeyNotFound(device)),
    }
}

fn load<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    id: SecretChatId,
    user: UserId,
) -> Result<SecretChat, StoreError> {
    tx.get::<SecretChat>(Tree::SecretChat, &keys::secret_chat(id))?
        .filter(|c| c.admin == user || c.participant == user)
        .ok_or(StoreError::SecretChatNotFound(id))
}

/// Creates a requested secret chat.
pub(crate) fn request<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    req: &RequestSecretChat,
) -> Result<(), StoreError> {
    check_len("g_a", req.g_a.len(), MAX_DH_BYTES as usize)?;
    require_device(tx, req.admin, req.admin_device)?;
    require_user(tx, req.participant)?;
    if tx.exists(Tree::SecretChat, &keys::secret_chat(req.id))? {
        return Err(StoreError::Invalid {
            field: "secret chat id",
            reason: "already used",
        });
    }
    let chat = SecretChat {
        state: SecretState::Requested,
        admin: req.admin,
        admin_device: req.admin_device,
        participant: req.participant,
        participant_device: None,
        g_a: req.g_a.clone(),
        g_b: Vec::new(),
        key_fingerprint: 0,
        date: req.date,
    };
    tx.put(Tree::SecretChat, keys::secret_chat(req.id), &chat);
    Ok(())
}

/// The participant accepts on one of their devices (`messages.acceptEncryption`).
pub(crate) fn accept<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    user: UserId,
    device: AuthKeyId,
    id: SecretChatId,
    g_b: &[u8],
    key_fingerprint: i64,
) -> Result<SecretChat, StoreError> {
    check_len("g_b", g_b.len(), MAX_DH_BYTES as usize)?;
    require_device(tx, user, device)?;
    let mut chat = load(tx, id, user)?;
    if chat.participant != user || chat.state != SecretState::Requested {
        return Err(StoreError::SecretChatState(id));
    }
    chat.state = SecretState::Accepted;
    chat.participant_device = Some(device);
    chat.g_b = g_b.to_vec();
    chat.key_fingerprint = key_fingerprint;
    tx.put(Tree::SecretChat, keys::secret_chat(id), &chat);
    Ok(chat)
}

/// Either side discards the chat (`messages.discardEncryption`).
pub(crate) fn discard<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    user: UserId,
    id: SecretChatId,
) -> Result<(), StoreError> {
    let mut chat = load(tx, id, user)?;
    chat.state = SecretState::Discarded;
    tx.put(Tree::SecretChat, keys::secret_chat(id), &chat);
    Ok(())
}

/// Queues ciphertext for the other side's device with the next qts of their secondary box.
/// Idempotent on the sender's random id: a retry returns the first send's qts and date.
pub(crate) fn send<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    req: &SendEncrypted,
) -> Result<(Pts, Date, Option<Entry<Event>>), StoreError> {
    check_len(
        "encrypted bytes",
        req.bytes.len(),
        MAX_ENCRYPTED_BYTES as usize,
    )?;
    require_device(tx, req.from, req.device)?;
    let chat = load(tx, req.chat, req.from)?;
    if chat.state != SecretState::Accepted {
        return Err(StoreError::SecretChatState(req.chat));
    }
    let (to, to_device) = if chat.admin == req.from && chat.admin_device == req.device {
        (
            chat.participant,
            chat.participant_device
                .ok_or(StoreError::SecretChatState(req.chat))?,
        )
    } else if chat.participant == req.from && chat.participant_device == Some(req.device) {
        (chat.admin, chat.admin_device)
    } else {
        return Err(StoreError::Forbidden(
            "a secret chat belongs to one device on each side",
        ));
    };
    let rand_key = keys::rand(Owner::Secondary(req.from), req.from, req.random_id);
    if let Some(r) = tx.get::<RandRef>(Tree::Rand, &rand_key)? {
        return Ok((r.pts, r.date, None));
    }
    let event = Event::Encrypted {
        chat: req.chat,
        random_id: req.random_id,
        device: to_device,
        bytes: req.bytes.clone(),
    };
    let entry = append(tx, Owner::Secondary(to), req.date, event)?;
    tx.put(
        Tree::Rand,
        rand_key,
        &RandRef {
            msg_id: MsgId(0),
            pts: entry.pts,
            date: entry.date,
        },
    );
    Ok((entry.pts, entry.date, Some(entry)))
}

/// The device acknowledges everything up to `max_qts` (`messages.receivedQueue`): its queued
/// messages at or below it are dropped; other devices' stay. Returns their random ids.
pub(crate) fn received_queue<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    user: UserId,
    device: AuthKeyId,
    max_qts: Pts,
) -> Result<Vec<RandomId>, StoreError> {
    require_device(tx, user, device)?;
    let owner = Owner::Secondary(user);
    let lo = keys::log(owner, Pts(0));
    let hi = keys::log(owner, Pts(max_qts.0.saturating_add(1)));
    let mut acked = Vec::new();
    tx.scan_records(
        Tree::Log,
        &lo,
        &hi,
        Direction::Forward,
        &mut |k, rec: LogRecord| {
            if let Event::Encrypted {
                device: d,
                random_id,
                ..
            } = rec.event
                && d == device
            {
                acked.push((k.to_vec(), random_id));
            }
            true
        },
    )?;
    Ok(acked
        .into_iter()
        .map(|(k, r)| {
            tx.delete(Tree::Log, k);
            r
        })
        .collect())
}
