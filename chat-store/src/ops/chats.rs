//! Basic groups, channels and supergroups: creation, membership, and the membership checks every
//! chat operation runs. <https://core.telegram.org/api/channel>

use crate::engine::{Direction, Engine, Tree};
use crate::error::{StoreError, check_len};
use crate::ids::{ChannelId, ChatId, Date, Peer, UserId};
use crate::keys;
use crate::limits::{MAX_CHAT_MEMBERS, MAX_NAME_BYTES};
use crate::model::channel::{ChatInfo, ChatKind, Member, Role};
use crate::model::dialog::Dialog;
use crate::ops::dialogs::put_dialog;
use crate::ops::users::require_user;
use crate::txn::Txn;

/// A new basic group.
#[derive(Debug, Clone)]
pub struct NewChat {
    /// The group id (chosen by the host).
    pub id: ChatId,
    /// The creator (becomes a member with [`Role::Creator`]).
    pub creator: UserId,
    /// Title.
    pub title: String,
    /// The other initial members.
    pub members: Vec<UserId>,
    /// Creation date.
    pub date: Date,
}

/// A new channel or supergroup.
#[derive(Debug, Clone)]
pub struct NewChannel {
    /// The channel id (chosen by the host).
    pub id: ChannelId,
    /// Access hash.
    pub access_hash: i64,
    /// The creator.
    pub creator: UserId,
    /// Title.
    pub title: String,
    /// Supergroup (every member posts) rather than broadcast (admins post).
    pub megagroup: bool,
    /// Creation date.
    pub date: Date,
}

/// A chat's record, if it exists.
pub(crate) fn chat_info<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    peer: Peer,
) -> Result<Option<ChatInfo>, StoreError> {
    match peer {
        Peer::User(_) => Ok(None),
        _ => tx.get(Tree::Chat, &keys::chat(peer)),
    }
}

/// The user's membership of a chat, if any.
pub(crate) fn member<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    peer: Peer,
    user: UserId,
) -> Result<Option<Member>, StoreError> {
    tx.get(Tree::Member, &keys::member(peer, user))
}

/// The chat and the caller's membership, or the precise error.
pub(crate) fn require_member<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    peer: Peer,
    user: UserId,
) -> Result<(ChatInfo, Member), StoreError> {
    let info = chat_info(tx, peer)?.ok_or(StoreError::PeerNotFound(peer))?;
    let m = member(tx, peer, user)?.ok_or(StoreError::NotMember { user, peer })?;
    Ok((info, m))
}

/// All members of a chat (committed state), in user-id order.
pub(crate) fn members<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    peer: Peer,
) -> Result<Vec<UserId>, StoreError> {
    let prefix = keys::chat(peer);
    let mut out = Vec::new();
    tx.scan_live(
        Tree::Member,
        &prefix,
        &keys::prefix_end(&prefix),
        Direction::Forward,
        &mut |k, _| {
            if let Some(id) = keys::read_i64(k, prefix.len()) {
                out.push(UserId(id));
            }
            true
        },
    )?;
    Ok(out)
}

fn join<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    peer: Peer,
    user: UserId,
    role: Role,
    date: Date,
) -> Result<(), StoreError> {
    tx.put(
        Tree::Member,
        keys::member(peer, user),
        &Member { role, date },
    );
    tx.put_raw(Tree::UserChat, keys::user_chat(user, peer), Vec::new());
    if tx
        .get::<Dialog>(Tree::Dialog, &keys::dialog(user, peer))?
        .is_none()
    {
        put_dialog(tx, user, None, &Dialog::new(peer))?;
    }
    Ok(())
}

/// Creates a basic group with its members.
pub(crate) fn create_chat<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    req: &NewChat,
) -> Result<(), StoreError> {
    check_len("title", req.title.len(), MAX_NAME_BYTES as usize)?;
    check_len("members", req.members.len() + 1, MAX_CHAT_MEMBERS as usize)?;
    let peer = Peer::Chat(req.id);
    if chat_info(tx, peer)?.is_some() {
        return Err(StoreError::ChatExists(peer));
    }
    require_user(tx, req.creator)?;
    for &u in &req.members {
        require_user(tx, u)?;
    }
    let info = ChatInfo {
        kind: ChatKind::Basic,
        title: req.title.clone(),
        access_hash: 0,
        creator: req.creator,
        date: req.date,
    };
    tx.put(Tree::Chat, keys::chat(peer), &info);
    join(tx, peer, req.creator, Role::Creator, req.date)?;
    for &u in req.members.iter().filter(|&&u| u != req.creator) {
        join(tx, peer, u, Role::Member, req.date)?;
    }
    Ok(())
}

/// Creates a channel or supergroup with its creator as the only member.
pub(crate) fn create_channel<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    req: &NewChannel,
) -> Result<(), StoreError> {
    check_len("title", req.title.len(), MAX_NAME_BYTES as usize)?;
    let peer = Peer::Channel(req.id);
    if chat_info(tx, peer)?.is_some() {
        return Err(StoreError::ChatExists(peer));
    }
    require_user(tx, req.creator)?;
    let kind = if req.megagroup {
        ChatKind::Megagroup
    } else {
        ChatKind::Broadcast
    };
    let info = ChatInfo {
        kind,
        title: req.title.clone(),
        access_hash: req.access_hash,
        creator: req.creator,
        date: req.date,
    };
    tx.put(Tree::Chat, keys::chat(peer), &info);
    join(tx, peer, req.creator, Role::Creator, req.date)
}

/// Adds `user` to a channel (idempotent) or, by `by` (a member), to a basic group.
pub(crate) fn add_member<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    peer: Peer,
    by: UserId,
    user: UserId,
    date: Date,
) -> Result<(), StoreError> {
    require_user(tx, user)?;
    let info = chat_info(tx, peer)?.ok_or(StoreError::PeerNotFound(peer))?;
    if member(tx, peer, user)?.is_some() {
        return Ok(());
    }
    match info.kind {
        // Joining a channel needs no inviter (public channels; invite links are the host's job).
        ChatKind::Broadcast | ChatKind::Megagroup if by == user => {}
        _ => {
            require_member(tx, peer, by)?;
            if info.kind == ChatKind::Basic && members(tx, peer)?.len() >= MAX_CHAT_MEMBERS as usize
            {
                return Err(StoreError::TooLong {
                    field: "members",
                    len: MAX_CHAT_MEMBERS as usize + 1,
                    max: MAX_CHAT_MEMBERS as usize,
                });
            }
        }
    }
    join(tx, peer, user, Role::Member, date)
}

/// Removes `user` from a chat (their dialog and messages stay, as in Telegram).
pub(crate) fn leave<E: Engine + ?Sized>(
    tx: &mut Txn<'_, E>,
    peer: Peer,
    user: UserId,
) -> Result<(), StoreError> {
    require_member(tx, peer, user)?;
    tx.delete(Tree::Member, keys::member(peer, user));
    tx.delete(Tree::UserChat, keys::user_chat(user, peer));
    Ok(())
}

/// The chat's record, if the caller is a member.
pub(crate) fn get_chat<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    peer: Peer,
    user: UserId,
) -> Result<ChatInfo, StoreError> {
    Ok(require_member(tx, peer, user)?.0)
}

/// The chats and channels `user` belongs to.
pub(crate) fn user_chats<E: Engine + ?Sized>(
    tx: &Txn<'_, E>,
    user: UserId,
) -> Result<Vec<Peer>, StoreError> {
    let prefix = keys::user(user);
    let mut out = Vec::new();
    let mut bad = None;
    tx.scan_live(
        Tree::UserChat,
        &prefix,
        &keys::prefix_end(&prefix),
        Direction::Forward,
        &mut |k, _| {
            match keys::read_peer(k, prefix.len()) {
                Some(p) => out.push(p),
                None => bad = Some(k.to_vec()),
            }
            true
        },
    )?;
    match bad {
        Some(_) => Err(StoreError::Corrupt {
            tree: Tree::UserChat.name(),
            source: crate::codec::CodecError::Invalid {
                field: "user_chat.peer",
                value: 0,
            },
        }),
        None => Ok(out),
    }
}
