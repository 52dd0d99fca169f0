//! The typed server dispatcher: wrappers are unwrapped (layer and initConnection kept), the
//! method is called with the decoded request, unimplemented methods answer INPUT_METHOD_INVALID,
//! and unknown constructors are errors carrying their id.

mod common;

use common::wrapped;
use mtproto_core::dispatch::{Answer, Api, Call, DispatchError, dispatch};
use mtproto_core::tl::api::{enums, functions, types};
use mtproto_core::tl::mtproto::types::RpcError;
use mtproto_core::tl::{DecodeError, Deserialize, Serialize};

#[derive(Default)]
struct Server {
    config: types::Config<'static>,
    seen_users: usize,
}

impl Api for Server {
    fn help_get_config(
        &mut self,
        call: &Call<'_>,
        _request: functions::help::GetConfig,
    ) -> Answer<enums::Config<'_>> {
        assert_eq!(call.layer, Some(229));
        Ok(enums::Config::Config(Box::new(self.config.clone())))
    }

    fn users_get_users(
        &mut self,
        _call: &Call<'_>,
        request: functions::users::GetUsers,
    ) -> Answer<Vec<enums::User<'_>>> {
        self.seen_users += request.id.len();
        Err(RpcError {
            error_code: 401,
            error_message: "AUTH_KEY_UNREGISTERED".into(),
        })
    }
}

#[test]
fn unwraps_wrappers_and_calls_the_method() {
    let mut server = Server::default();
    server.config.this_dc = 2;
    let query = wrapped(&functions::help::GetConfig);
    let mut out = Vec::new();
    let call = dispatch(&mut server, &query, &mut out).unwrap();
    assert_eq!(call.layer, Some(229));
    assert_eq!(
        call.init.as_ref().map(|i| i.device_model.as_ref()),
        Some("test")
    );
    assert_eq!(call.method, 0xc4f9186b);
    let enums::Config::Config(config) = enums::Config::from_bytes(&out).unwrap();
    assert_eq!(config.this_dc, 2);
}

#[test]
fn method_errors_and_defaults_become_rpc_errors() {
    let mut server = Server::default();
    let after = functions::InvokeAfterMsgs {
        msg_ids: vec![5, 6],
        query: functions::InvokeWithoutUpdates {
            query: functions::users::GetUsers {
                id: vec![types::InputUserSelf.into()],
            },
        },
    };
    let mut out = Vec::new();
    let query = after.to_bytes();
    let call = dispatch(&mut server, &query, &mut out).unwrap();
    assert_eq!(
        (
            call.after_msg_ids.as_slice(),
            call.without_updates,
            call.layer
        ),
        (&[5, 6][..], true, None)
    );
    assert_eq!(server.seen_users, 1);
    assert_eq!(
        RpcError::from_bytes(&out).unwrap().error_message,
        "AUTH_KEY_UNREGISTERED"
    );

    out.clear();
    dispatch(
        &mut server,
        &functions::updates::GetState.to_bytes(),
        &mut out,
    )
    .unwrap();
    let error = RpcError::from_bytes(&out).unwrap();
    assert_eq!(
        (error.error_code, error.error_message.as_ref()),
        (400, "INPUT_METHOD_INVALID")
    );
}

#[test]
fn unknown_and_malformed_queries_are_errors_with_ids() {
    let mut server = Server::default();
    let mut out = Vec::new();
    let e = dispatch(&mut server, &0xdeadbeefu32.to_le_bytes(), &mut out).unwrap_err();
    assert_eq!(e, DispatchError::UnknownMethod { id: 0xdeadbeef });
    assert_eq!(e.to_rpc_error().error_message, "INPUT_METHOD_INVALID");
    // users.getUsers with an unknown InputUser constructor inside.
    let mut bad = functions::users::GetUsers {
        id: vec![types::InputUserSelf.into()],
    }
    .to_bytes();
    let n = bad.len();
    bad[n - 4..].copy_from_slice(&0x01020304u32.to_le_bytes());
    let e = dispatch(&mut server, &bad, &mut out).unwrap_err();
    assert!(
        matches!(
            e,
            DispatchError::Decode {
                error: DecodeError::UnknownConstructor { id: 0x01020304, .. },
                ..
            }
        ),
        "{e}"
    );
    assert_eq!(e.to_rpc_error().error_message, "INPUT_CONSTRUCTOR_INVALID");
    let truncated = &wrapped(&functions::help::GetConfig)[..10];
    assert_eq!(
        dispatch(&mut server, truncated, &mut out)
            .unwrap_err()
            .to_rpc_error()
            .error_message,
        "INPUT_FETCH_ERROR"
    );
    assert!(
        out.is_empty(),
        "nothing is written for a query that reached no method"
    );
}
