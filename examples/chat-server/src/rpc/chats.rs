//! Basic groups (Message Handling Service): `messages.createChat`, `messages.addChatUser`,
//! `messages.getChats`, `messages.getFullChat`, and the TL `chat` that results mentioning a
//! group carry (<https://core.telegram.org/api/channel#basic-groups>). Sending to a group is
//! `messages.sendMessage`: chat-store keeps one copy of each group message per member, in the
//! member's common box with its own id and pts, and `super::updates::publish` pushes each copy
//! to its member's sessions.
//!
//! chat-store logs no service messages (`messageActionChatCreate`/`messageActionChatAddUser`), so
//! creating a group or adding a member changes no pts: members learn about it from a pts-less
//! `updateChatParticipants` push.

use std::borrow::Cow;

use chat_store::ids::{ChatId, Date, Peer, UserId};
use chat_store::model::channel::{ChatInfo, ChatKind, Member, Role};
use chat_store::{NewChat, StoreError};
use mtproto_core::dispatch::Answer;
use mtproto_core::tl::Serialize;
use mtproto_core::tl::api::{enums, functions, types};
use mtproto_core::tl::mtproto::types::RpcError;
use rand::Rng;

use super::users::{resolve_user, tl_user};
use super::{Handler, error, internal};
use crate::online::Push;

/// `chat.version`: this server does not version participant lists (always 1).
const CHAT_VERSION: i32 = 1;

fn chat_id_invalid() -> RpcError<'static> {
    error(400, "CHAT_ID_INVALID")
}

/// The basic group `id` as `me` sees it (`me` must be a member), or `invalid()`.
fn lookup(
    h: &Handler<'_>,
    me: UserId,
    id: i64,
    invalid: fn() -> RpcError<'static>,
) -> Answer<(Peer, ChatInfo)> {
    let peer = Peer::Chat(ChatId(id));
    match h.app.store.chat(peer, me) {
        Ok(info) if info.kind == ChatKind::Basic => Ok((peer, info)),
        Ok(_) | Err(StoreError::PeerNotFound(_) | StoreError::NotMember { .. }) => Err(invalid()),
        Err(e) => Err(internal(e)),
    }
}

/// An `inputPeerChat` as a dialog peer: the caller must be a member (else `PEER_ID_INVALID`).
pub fn resolve_chat_peer(h: &Handler<'_>, me: UserId, chat_id: i64) -> Answer<Peer> {
    lookup(h, me, chat_id, || error(400, "PEER_ID_INVALID")).map(|(peer, _)| peer)
}

/// A group with its members, loaded once and rendered for each viewer.
struct Group {
    peer: Peer,
    info: ChatInfo,
    members: Vec<(UserId, Member)>,
}

impl Group {
    fn load(h: &Handler<'_>, me: UserId, chat_id: i64) -> Answer<Group> {
        let (peer, info) = lookup(h, me, chat_id, chat_id_invalid)?;
        let members = h.app.store.chat_members(peer, me).map_err(internal)?;
        Ok(Group {
            peer,
            info,
            members,
        })
    }

    fn id(&self) -> i64 {
        self.peer.raw_id()
    }

    /// TL `chat` (<https://core.telegram.org/constructor/chat>) as `viewer` sees it.
    fn tl(&self, viewer: UserId) -> enums::Chat<'static> {
        types::Chat {
            creator: self.info.creator == viewer,
            id: self.id(),
            title: Cow::Owned(self.info.title.clone()),
            photo: types::ChatPhotoEmpty.into(),
            participants_count: self.members.len() as i32,
            date: self.info.date.0 as i32,
            version: CHAT_VERSION,
            ..Default::default()
        }
        .into()
    }

    /// TL `chatParticipants`: the creator, admins and members with their join dates (the
    /// inviter is not stored; the creator is named).
    fn participants(&self) -> enums::ChatParticipants<'static> {
        let inviter = self.info.creator.0;
        let participants = self
            .members
            .iter()
            .map(|(user, m)| match m.role {
                Role::Creator => types::ChatParticipantCreator {
                    user_id: user.0,
                    rank: None,
                }
                .into(),
                Role::Admin => types::ChatParticipantAdmin {
                    user_id: user.0,
                    inviter_id: inviter,
                    date: m.date.0 as i32,
                    rank: None,
                }
                .into(),
                Role::Member => types::ChatParticipant {
                    user_id: user.0,
                    inviter_id: inviter,
                    date: m.date.0 as i32,
                    rank: None,
                }
                .into(),
            })
            .collect();
        types::ChatParticipants {
            chat_id: self.id(),
            participants,
            version: CHAT_VERSION,
        }
        .into()
    }

    /// Every member as TL `user`, seen by `viewer`.
    fn users(&self, h: &Handler<'_>, viewer: UserId) -> Answer<Vec<enums::User<'static>>> {
        self.members
            .iter()
            .map(|(u, _)| {
                h.app
                    .store
                    .user(*u)
                    .map(|user| tl_user(&user, viewer, h.now))
                    .map_err(internal)
            })
            .collect()
    }

    /// `updates{updateChatParticipants}` with the chat and its members, as `viewer` sees them.
    fn participants_update(
        &self,
        h: &Handler<'_>,
        viewer: UserId,
    ) -> Answer<enums::Updates<'static>> {
        Ok(types::Updates {
            updates: vec![
                types::UpdateChatParticipants {
                    participants: self.participants(),
                }
                .into(),
            ],
            users: self.users(h, viewer)?,
            chats: vec![self.tl(viewer)],
            date: h.now as i32,
            seq: 0,
        }
        .into())
    }

    /// The answer of `createChat`/`addChatUser`; every member's other sessions get the same
    /// membership update live.
    fn invited(
        &self,
        h: &mut Handler<'_>,
        me: UserId,
    ) -> Answer<enums::messages::InvitedUsers<'static>> {
        for (member, _) in &self.members {
            let body = self.participants_update(h, *member)?.to_bytes();
            h.pushes.push(Push {
                user: *member,
                body,
                skip: (*member == me).then_some((h.key, h.session)),
            });
        }
        Ok(types::messages::InvitedUsers {
            updates: self.participants_update(h, me)?,
            missing_invitees: Vec::new(),
        }
        .into())
    }
}

/// `messages.createChat`: a basic group of the caller and `users` (at least one other user).
/// <https://core.telegram.org/method/messages.createChat>
pub fn create_chat(
    h: &mut Handler<'_>,
    req: &functions::messages::CreateChat<'_>,
) -> Answer<enums::messages::InvitedUsers<'static>> {
    let me = h.me()?;
    let title = req.title.trim();
    if title.is_empty() {
        return Err(error(400, "CHAT_TITLE_EMPTY"));
    }
    let mut members = Vec::new();
    for input in &req.users {
        let user = resolve_user(h, input)?;
        if user.id != me && !members.contains(&user.id) {
            members.push(user.id);
        }
    }
    if members.is_empty() {
        return Err(error(400, "USERS_TOO_FEW"));
    }
    let id = loop {
        // Small positive ids: clients mark basic groups as -id and channels as -100…id.
        let id = ChatId(i64::from(h.rng.next_u32() >> 1) + 1);
        let created = h.app.store.create_chat(NewChat {
            id,
            creator: me,
            title: title.to_string(),
            members: members.clone(),
            date: Date(h.now),
        });
        match created {
            Ok(()) => break id,
            Err(StoreError::ChatExists(_)) => continue,
            Err(StoreError::TooLong {
                field: "members", ..
            }) => {
                return Err(error(400, "USERS_TOO_MUCH"));
            }
            Err(StoreError::TooLong { .. }) => return Err(error(400, "CHAT_INVALID")),
            Err(e) => return Err(internal(e)),
        }
    };
    tracing::info!(chat_id = id.0, creator = me.0, "basic group created");
    Group::load(h, me, id.0)?.invited(h, me)
}

/// `messages.addChatUser`: a member adds another user.
/// <https://core.telegram.org/method/messages.addChatUser>
pub fn add_chat_user(
    h: &mut Handler<'_>,
    req: &functions::messages::AddChatUser,
) -> Answer<enums::messages::InvitedUsers<'static>> {
    let me = h.me()?;
    let group = Group::load(h, me, req.chat_id)?;
    let user = resolve_user(h, &req.user_id)?;
    if group.members.iter().any(|(u, _)| *u == user.id) {
        return Err(error(400, "USER_ALREADY_PARTICIPANT"));
    }
    match h.app.store.add_member(group.peer, me, user.id, Date(h.now)) {
        Ok(()) => {}
        Err(StoreError::TooLong { .. }) => return Err(error(400, "USERS_TOO_MUCH")),
        Err(e) => return Err(internal(e)),
    }
    Group::load(h, me, req.chat_id)?.invited(h, me)
}

/// `messages.getChats`: the caller's basic groups among `id` (others are left out).
/// <https://core.telegram.org/method/messages.getChats>
pub fn get_chats(
    h: &Handler<'_>,
    req: &functions::messages::GetChats,
) -> Answer<enums::messages::Chats<'static>> {
    let me = h.me()?;
    let mut chats = Vec::with_capacity(req.id.len());
    for &id in &req.id {
        match Group::load(h, me, id) {
            Ok(group) => chats.push(group.tl(me)),
            Err(e) if e.error_code == 400 => {}
            Err(e) => return Err(e),
        }
    }
    Ok(types::messages::Chats { chats }.into())
}

/// `messages.getFullChat`: the group, its participants and their users.
/// <https://core.telegram.org/method/messages.getFullChat>
pub fn get_full_chat(
    h: &Handler<'_>,
    req: &functions::messages::GetFullChat,
) -> Answer<enums::messages::ChatFull<'static>> {
    let me = h.me()?;
    let group = Group::load(h, me, req.chat_id)?;
    let full = types::ChatFull {
        id: group.id(),
        about: Cow::Borrowed(""),
        participants: group.participants(),
        notify_settings: types::PeerNotifySettings::default().into(),
        ..Default::default()
    };
    Ok(types::messages::ChatFull {
        full_chat: full.into(),
        chats: vec![group.tl(me)],
        users: group.users(h, me)?,
    }
    .into())
}

/// The TL `chat` of each basic group among `peers` that `viewer` belongs to (others are left
/// out), for results that mention groups.
pub fn tl_chats(
    h: &Handler<'_>,
    viewer: UserId,
    peers: impl IntoIterator<Item = Peer>,
) -> Answer<Vec<enums::Chat<'static>>> {
    let mut out = Vec::new();
    for peer in peers {
        if let Peer::Chat(id) = peer {
            match Group::load(h, viewer, id.0) {
                Ok(group) => out.push(group.tl(viewer)),
                Err(e) if e.error_code == 400 => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(out)
}
