//! The dispatcher's [`Api`] trait, routed to the service modules.

use mtproto_core::dispatch::{Answer, Api, Call};
use mtproto_core::tl::api::{enums, functions};

use super::Handler;

impl Api for Handler<'_> {
    fn help_get_config(
        &mut self,
        _: &Call<'_>,
        _: functions::help::GetConfig,
    ) -> Answer<enums::Config<'_>> {
        Ok(super::help::config(self))
    }

    fn help_get_nearest_dc(
        &mut self,
        _: &Call<'_>,
        _: functions::help::GetNearestDc,
    ) -> Answer<enums::NearestDc<'_>> {
        Ok(super::help::nearest_dc(self))
    }

    fn auth_send_code(
        &mut self,
        _: &Call<'_>,
        request: functions::auth::SendCode<'_>,
    ) -> Answer<enums::auth::SentCode<'_>> {
        super::auth::send_code(self, &request)
    }

    fn auth_resend_code(
        &mut self,
        _: &Call<'_>,
        request: functions::auth::ResendCode<'_>,
    ) -> Answer<enums::auth::SentCode<'_>> {
        super::auth::resend_code(self, &request)
    }

    fn auth_sign_in(
        &mut self,
        _: &Call<'_>,
        request: functions::auth::SignIn<'_>,
    ) -> Answer<enums::auth::Authorization<'_>> {
        super::auth::sign_in(self, &request)
    }

    fn auth_sign_up(
        &mut self,
        _: &Call<'_>,
        request: functions::auth::SignUp<'_>,
    ) -> Answer<enums::auth::Authorization<'_>> {
        super::auth::sign_up(self, &request)
    }

    fn auth_log_out(
        &mut self,
        _: &Call<'_>,
        _: functions::auth::LogOut,
    ) -> Answer<enums::auth::LoggedOut<'_>> {
        super::auth::log_out(self)
    }

    fn users_get_users(
        &mut self,
        _: &Call<'_>,
        request: functions::users::GetUsers,
    ) -> Answer<Vec<enums::User<'_>>> {
        super::users::get_users(self, &request.id)
    }

    fn users_get_full_user(
        &mut self,
        _: &Call<'_>,
        request: functions::users::GetFullUser,
    ) -> Answer<enums::users::UserFull<'_>> {
        super::users::get_full_user(self, &request.id)
    }

    fn updates_get_state(
        &mut self,
        _: &Call<'_>,
        _: functions::updates::GetState,
    ) -> Answer<enums::updates::State> {
        super::updates::get_state(self)
    }

    fn updates_get_difference(
        &mut self,
        _: &Call<'_>,
        request: functions::updates::GetDifference,
    ) -> Answer<enums::updates::Difference<'_>> {
        super::updates::get_difference(self, &request)
    }

    fn messages_send_message(
        &mut self,
        _: &Call<'_>,
        request: functions::messages::SendMessage<'_>,
    ) -> Answer<enums::Updates<'_>> {
        super::messages::send_message(self, &request)
    }

    fn messages_get_history(
        &mut self,
        _: &Call<'_>,
        request: functions::messages::GetHistory,
    ) -> Answer<enums::messages::Messages<'_>> {
        super::history::get_history(self, &request)
    }

    fn messages_get_messages(
        &mut self,
        _: &Call<'_>,
        request: functions::messages::GetMessages,
    ) -> Answer<enums::messages::Messages<'_>> {
        super::history::get_messages(self, &request)
    }

    fn messages_search(
        &mut self,
        _: &Call<'_>,
        request: functions::messages::Search<'_>,
    ) -> Answer<enums::messages::Messages<'_>> {
        super::history::search(self, &request)
    }

    fn messages_get_dialogs(
        &mut self,
        _: &Call<'_>,
        request: functions::messages::GetDialogs,
    ) -> Answer<enums::messages::Dialogs<'_>> {
        super::dialogs::get_dialogs(self, &request)
    }

    fn messages_get_peer_dialogs(
        &mut self,
        _: &Call<'_>,
        request: functions::messages::GetPeerDialogs,
    ) -> Answer<enums::messages::PeerDialogs<'_>> {
        super::dialogs::get_peer_dialogs(self, &request)
    }

    fn messages_edit_message(
        &mut self,
        _: &Call<'_>,
        request: functions::messages::EditMessage<'_>,
    ) -> Answer<enums::Updates<'_>> {
        super::messages::edit_message(self, &request)
    }

    fn messages_delete_messages(
        &mut self,
        _: &Call<'_>,
        request: functions::messages::DeleteMessages,
    ) -> Answer<enums::messages::AffectedMessages> {
        super::messages::delete_messages(self, &request)
    }

    fn messages_read_history(
        &mut self,
        _: &Call<'_>,
        request: functions::messages::ReadHistory,
    ) -> Answer<enums::messages::AffectedMessages> {
        super::messages::read_history(self, &request)
    }

    fn messages_set_typing(
        &mut self,
        _: &Call<'_>,
        request: functions::messages::SetTyping<'_>,
    ) -> Answer<bool> {
        super::messages::set_typing(self, &request)
    }

    fn messages_create_chat(
        &mut self,
        _: &Call<'_>,
        request: functions::messages::CreateChat<'_>,
    ) -> Answer<enums::messages::InvitedUsers<'_>> {
        super::chats::create_chat(self, &request)
    }

    fn messages_add_chat_user(
        &mut self,
        _: &Call<'_>,
        request: functions::messages::AddChatUser,
    ) -> Answer<enums::messages::InvitedUsers<'_>> {
        super::chats::add_chat_user(self, &request)
    }

    fn messages_get_chats(
        &mut self,
        _: &Call<'_>,
        request: functions::messages::GetChats,
    ) -> Answer<enums::messages::Chats<'_>> {
        super::chats::get_chats(self, &request)
    }

    fn messages_get_full_chat(
        &mut self,
        _: &Call<'_>,
        request: functions::messages::GetFullChat,
    ) -> Answer<enums::messages::ChatFull<'_>> {
        super::chats::get_full_chat(self, &request)
    }

    fn contacts_import_contacts(
        &mut self,
        _: &Call<'_>,
        request: functions::contacts::ImportContacts<'_>,
    ) -> Answer<enums::contacts::ImportedContacts<'_>> {
        super::contacts::import_contacts(self, &request)
    }

    fn contacts_get_contacts(
        &mut self,
        _: &Call<'_>,
        _: functions::contacts::GetContacts,
    ) -> Answer<enums::contacts::Contacts<'_>> {
        super::contacts::get_contacts(self)
    }

    fn contacts_delete_contacts(
        &mut self,
        _: &Call<'_>,
        request: functions::contacts::DeleteContacts,
    ) -> Answer<enums::Updates<'_>> {
        super::contacts::delete_contacts(self, &request)
    }

    fn contacts_resolve_username(
        &mut self,
        _: &Call<'_>,
        request: functions::contacts::ResolveUsername<'_>,
    ) -> Answer<enums::contacts::ResolvedPeer<'_>> {
        super::contacts::resolve_username(self, &request)
    }

    fn account_update_profile(
        &mut self,
        _: &Call<'_>,
        request: functions::account::UpdateProfile<'_>,
    ) -> Answer<enums::User<'_>> {
        super::account::update_profile(self, &request)
    }

    fn account_update_username(
        &mut self,
        _: &Call<'_>,
        request: functions::account::UpdateUsername<'_>,
    ) -> Answer<enums::User<'_>> {
        super::account::update_username(self, &request)
    }

    fn account_check_username(
        &mut self,
        _: &Call<'_>,
        request: functions::account::CheckUsername<'_>,
    ) -> Answer<bool> {
        super::account::check_username(self, &request)
    }

    fn account_get_authorizations(
        &mut self,
        _: &Call<'_>,
        _: functions::account::GetAuthorizations,
    ) -> Answer<enums::account::Authorizations<'_>> {
        super::account::get_authorizations(self)
    }

    fn account_reset_authorization(
        &mut self,
        _: &Call<'_>,
        request: functions::account::ResetAuthorization,
    ) -> Answer<bool> {
        super::account::reset_authorization(self, &request)
    }
}
