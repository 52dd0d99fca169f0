//! The TL glue a client needs: the few requests loadgen sends, built with mtproto-core's
//! generated types, and their answers turned into what the host and the gap engine take.
//!
//! (mtproto-core has no client-side API layer; this module is that glue.)

use std::borrow::Cow;

use mtproto_core::tl::api::{LAYER, enums, functions, types};
use mtproto_core::tl::{DecodeError, Deserialize, Serialize};
use thiserror::Error;
use updates::client::{Container, SavedState, Update};
use updates::server::{Difference, DifferenceRequest, State};
use updates::{Date, Pts, PtsCount, PtsInfo, Seq, Sequence};

use crate::text::Stamp;

/// The `api_id` loadgen announces (the server does not check it).
const API_ID: i32 = 6;

/// An answer that is not what the request expects.
#[derive(Debug, Error)]
pub enum TlError {
    /// The bytes are not a valid TL value of the expected type.
    #[error("undecodable answer: {0}")]
    Decode(#[from] DecodeError),
    /// A valid value loadgen cannot go on with.
    #[error("unexpected answer: {0}")]
    Unexpected(&'static str),
}

/// A user as another client must name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Account {
    /// The user id.
    pub id: i64,
    /// Its access hash.
    pub access_hash: i64,
}

/// What a delivered update means to loadgen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    /// A load message from another client arrived.
    Incoming(Stamp),
    /// Anything else (the answer to our own send, foreign text).
    Other,
}

/// `invokeWithLayer(initConnection(query))`: the first request on a connection.
pub fn first_request<Q: Serialize>(query: Q) -> Vec<u8> {
    functions::InvokeWithLayer {
        layer: LAYER,
        query: functions::InitConnection {
            api_id: API_ID,
            device_model: "loadgen".into(),
            system_version: std::env::consts::OS.into(),
            app_version: env!("CARGO_PKG_VERSION").into(),
            system_lang_code: "en".into(),
            lang_pack: "".into(),
            lang_code: "en".into(),
            proxy: None,
            params: None,
            query,
        },
    }
    .to_bytes()
}

/// `auth.sendCode` for `phone` (<https://core.telegram.org/method/auth.sendCode>).
pub fn send_code(phone: &str) -> functions::auth::SendCode<'_> {
    functions::auth::SendCode {
        phone_number: phone.into(),
        api_id: API_ID,
        api_hash: "0123456789abcdef0123456789abcdef".into(),
        settings: types::CodeSettings::default().into(),
    }
}

/// The `phone_code_hash` of an `auth.sentCode`.
pub fn sent_code_hash(answer: &[u8]) -> Result<String, TlError> {
    match enums::auth::SentCode::from_bytes(answer)? {
        enums::auth::SentCode::SentCode(s) => Ok(s.phone_code_hash.into_owned()),
        _ => Err(TlError::Unexpected(
            "auth.sendCode did not answer auth.sentCode",
        )),
    }
}

/// `auth.signIn` (<https://core.telegram.org/method/auth.signIn>).
pub fn sign_in(phone: &str, hash: &str, code: &str) -> Vec<u8> {
    functions::auth::SignIn {
        phone_number: phone.into(),
        phone_code_hash: hash.into(),
        phone_code: Some(code.into()),
        email_verification: None,
    }
    .to_bytes()
}

/// The signed-in user of an `auth.authorization`.
pub fn authorized_account(answer: &[u8]) -> Result<Account, TlError> {
    let enums::auth::Authorization::Authorization(a) =
        enums::auth::Authorization::from_bytes(answer)?
    else {
        return Err(TlError::Unexpected(
            "auth.signIn asked for a sign-up (start the server with --auto-register)",
        ));
    };
    match a.user {
        enums::User::User(u) => Ok(Account {
            id: u.id,
            access_hash: u.access_hash.unwrap_or(0),
        }),
        enums::User::Empty(_) => Err(TlError::Unexpected("auth.authorization with userEmpty")),
    }
}

/// `updates.getState` (<https://core.telegram.org/method/updates.getState>).
pub fn get_state() -> Vec<u8> {
    functions::updates::GetState.to_bytes()
}

/// An `updates.state` as the gap engine's starting point.
pub fn saved_state(answer: &[u8]) -> Result<SavedState, TlError> {
    let enums::updates::State::State(s) = enums::updates::State::from_bytes(answer)?;
    Ok(SavedState {
        pts: pts(s.pts),
        qts: pts(s.qts),
        date: Date(s.date as u32),
        seq: Seq(s.seq as u32),
        channels: Vec::new(),
    })
}

/// `messages.sendMessage` of `text` to `to` (<https://core.telegram.org/method/messages.sendMessage>).
pub fn send_message(to: Account, text: &str, random_id: i64) -> Vec<u8> {
    functions::messages::SendMessage {
        peer: types::InputPeerUser {
            user_id: to.id,
            access_hash: to.access_hash,
        }
        .into(),
        message: Cow::Borrowed(text),
        random_id,
        ..Default::default()
    }
    .to_bytes()
}

/// A received `Updates` (a push, or the answer to `messages.sendMessage`) for the gap engine;
/// `None` for `updatesTooLong`. Only the constructors this server sends to a private chat
/// carry pts here: `updateShortMessage`, `updateShortSentMessage` and `updates` with
/// `updateNewMessage`; other updates are delivered without sequence.
pub fn container(bytes: &[u8]) -> Result<Option<Container<Payload>>, TlError> {
    let one = |info, payload| Container {
        seq: None,
        updates: vec![Update {
            info: Some(info),
            payload,
        }],
    };
    Ok(Some(match enums::Updates::from_bytes(bytes)? {
        enums::Updates::UpdateShortMessage(m) => {
            let payload = match Stamp::decode(&m.message) {
                Some(stamp) if !m.out => Payload::Incoming(stamp),
                _ => Payload::Other,
            };
            one(common(m.pts, m.pts_count), payload)
        }
        enums::Updates::UpdateShortSentMessage(m) => {
            one(common(m.pts, m.pts_count), Payload::Other)
        }
        enums::Updates::Updates(u) => Container {
            seq: None,
            updates: u.updates.iter().map(update).collect(),
        },
        enums::Updates::Combined(u) => Container {
            seq: None,
            updates: u.updates.iter().map(update).collect(),
        },
        enums::Updates::UpdateShort(u) => Container {
            seq: None,
            updates: vec![update(&u.update)],
        },
        enums::Updates::UpdateShortChatMessage(_) => Container {
            seq: None,
            updates: vec![Update {
                info: None,
                payload: Payload::Other,
            }],
        },
        enums::Updates::TooLong(_) => return Ok(None),
    }))
}

/// One `Update` inside a container: `updateNewMessage` keeps its pts.
fn update(u: &enums::Update<'_>) -> Update<Payload> {
    match u {
        enums::Update::NewMessage(m) => Update {
            info: Some(common(m.pts, m.pts_count)),
            payload: message_payload(&m.message),
        },
        _ => Update {
            info: None,
            payload: Payload::Other,
        },
    }
}

/// A load message inside a TL `message` we did not send.
fn message_payload(m: &enums::Message<'_>) -> Payload {
    match m {
        enums::Message::Message(m) if !m.out => {
            Stamp::decode(&m.message).map_or(Payload::Other, Payload::Incoming)
        }
        _ => Payload::Other,
    }
}

fn pts(v: i32) -> Pts {
    Pts(v.max(0) as u32)
}

fn common(p: i32, count: i32) -> PtsInfo {
    PtsInfo {
        sequence: Sequence::Common,
        pts: pts(p),
        pts_count: PtsCount(count.max(0) as u32),
    }
}

/// `updates.getDifference` for the engine's request
/// (<https://core.telegram.org/method/updates.getDifference>).
pub fn get_difference(r: &DifferenceRequest) -> Vec<u8> {
    let limit = |v: Option<u32>| v.map(|v| v.min(i32::MAX as u32) as i32);
    functions::updates::GetDifference {
        pts: r.pts.0 as i32,
        pts_limit: limit(r.pts_limit),
        pts_total_limit: limit(r.pts_total_limit),
        date: r.date.0 as i32,
        qts: r.qts.0 as i32,
        qts_limit: limit(r.qts_limit),
    }
    .to_bytes()
}

/// An `updates.Difference` for the gap engine. `current` is the engine's state, which fills in
/// what `differenceTooLong` leaves out (it carries only pts). Fetched messages are delivered
/// without sequence: their pts is covered by the state the answer carries.
pub fn difference(
    answer: &[u8],
    current: &SavedState,
) -> Result<Difference<Update<Payload>>, TlError> {
    let unsequenced = |messages: &[enums::Message<'_>]| {
        messages
            .iter()
            .map(|m| Update {
                info: None,
                payload: message_payload(m),
            })
            .collect::<Vec<_>>()
    };
    Ok(match enums::updates::Difference::from_bytes(answer)? {
        enums::updates::Difference::Empty(e) => Difference::Empty {
            date: Date(e.date as u32),
            seq: Seq(e.seq as u32),
        },
        enums::updates::Difference::TooLong(t) => Difference::TooLong {
            state: State {
                pts: pts(t.pts),
                qts: current.qts,
                date: current.date,
                seq: current.seq,
            },
        },
        enums::updates::Difference::Difference(d) => Difference::Full {
            common: unsequenced(&d.new_messages),
            secondary: Vec::new(),
            state: state(&d.state),
        },
        enums::updates::Difference::Slice(d) => Difference::Slice {
            common: unsequenced(&d.new_messages),
            secondary: Vec::new(),
            intermediate_state: state(&d.intermediate_state),
        },
    })
}

fn state(s: &enums::updates::State) -> State {
    let enums::updates::State::State(s) = s;
    State {
        pts: pts(s.pts),
        qts: pts(s.qts),
        date: Date(s.date as u32),
        seq: Seq(s.seq as u32),
    }
}
