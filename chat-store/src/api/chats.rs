//! Groups and channels.

use crate::engine::Engine;
use crate::error::StoreError;
use crate::ids::{Date, Peer, UserId};
use crate::model::channel::{ChatInfo, Member};
use crate::ops::chats::{self, NewChannel, NewChat};
use crate::store::Store;

impl<E: Engine> Store<E> {
    /// Creates a basic group (`messages.createChat`).
    pub fn create_chat(&self, req: NewChat) -> Result<(), StoreError> {
        self.write(move |tx| chats::create_chat(tx, &req))
    }

    /// Creates a channel or supergroup (`channels.createChannel`).
    pub fn create_channel(&self, req: NewChannel) -> Result<(), StoreError> {
        self.write(move |tx| chats::create_channel(tx, &req))
    }

    /// Adds `user` to a chat: `by == user` joins a channel; otherwise `by` must be a member.
    pub fn add_member(
        &self,
        peer: Peer,
        by: UserId,
        user: UserId,
        date: Date,
    ) -> Result<(), StoreError> {
        self.write(move |tx| chats::add_member(tx, peer, by, user, date))
    }

    /// Leaves a chat.
    pub fn leave(&self, peer: Peer, user: UserId) -> Result<(), StoreError> {
        self.write(move |tx| chats::leave(tx, peer, user))
    }

    /// A chat's record; the caller must be a member.
    pub fn chat(&self, peer: Peer, user: UserId) -> Result<ChatInfo, StoreError> {
        self.read(|tx| chats::get_chat(tx, peer, user))
    }

    /// A chat's members with their roles and join dates, in user-id order; the caller must be a
    /// member (`messages.getFullChat`).
    pub fn chat_members(
        &self,
        peer: Peer,
        user: UserId,
    ) -> Result<Vec<(UserId, Member)>, StoreError> {
        self.read(|tx| {
            chats::require_member(tx, peer, user)?;
            chats::members(tx, peer)?
                .into_iter()
                .map(|u| {
                    let m = chats::member(tx, peer, u)?
                        .ok_or(StoreError::NotMember { user: u, peer })?;
                    Ok((u, m))
                })
                .collect()
        })
    }

    /// The chats and channels `user` belongs to.
    pub fn user_chats(&self, user: UserId) -> Result<Vec<Peer>, StoreError> {
        self.read(|tx| chats::user_chats(tx, user))
    }
}
