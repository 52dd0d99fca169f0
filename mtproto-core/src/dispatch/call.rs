//! Unwrapping the generic wrappers around a query (<https://core.telegram.org/api/invoking>) and
//! handing the inner function to the generated dispatcher.

use crate::dispatch::{Api, DispatchError};
use crate::tl::api::functions::{
    InitConnection, InvokeAfterMsg, InvokeAfterMsgs, InvokeWithLayer, InvokeWithoutUpdates,
};
use crate::tl::{BareDeserialize, DecodeError, Identifiable, RawObject, Reader};

/// What the wrappers around a query said.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Call<'q> {
    /// `invokeWithLayer.layer`, if the query was wrapped (the host remembers it per auth key).
    pub layer: Option<i32>,
    /// The `initConnection` data (its `query` field holds the bytes it wrapped).
    pub init: Option<InitConnection<'q, RawObject<'q>>>,
    /// Message ids from `invokeAfterMsg` / `invokeAfterMsgs`, in the order they appeared.
    pub after_msg_ids: Vec<i64>,
    /// Whether `invokeWithoutUpdates` wrapped the query.
    pub without_updates: bool,
    /// The inner function's id.
    pub method: u32,
}

/// Decodes `query`, unwraps the wrappers, calls the handler's method and writes its answer (the
/// result object or an `rpc_error`, ready for `rpc_result.result`) to `out`.
pub fn dispatch<'q, H: Api + ?Sized>(
    handler: &mut H,
    query: &'q [u8],
    out: &mut Vec<u8>,
) -> Result<Call<'q>, DispatchError> {
    let (mut call, inner) = unwrap(query)?;
    let mut r = Reader::new(inner);
    let id = r.read_u32().map_err(|error| DispatchError::Decode {
        id: 0,
        name: "query",
        error,
    })?;
    call.method = id;
    crate::tl::api::server::call_function(handler, id, &mut r, &call, out)?;
    Ok(call)
}

/// Strips `invokeWithLayer`, `initConnection`, `invokeAfterMsg(s)` and `invokeWithoutUpdates` in
/// any nesting order. Returns what they said (`method` left 0) and the bytes of the query they
/// wrapped, which starts with the inner function's id (or is shorter than an id).
pub fn unwrap(query: &[u8]) -> Result<(Call<'_>, &[u8]), DispatchError> {
    let mut call = Call::default();
    let mut rest = query;
    loop {
        let mut r = Reader::new(rest);
        let Ok(id) = r.read_u32() else {
            return Ok((call, rest));
        };
        match id {
            InvokeWithLayer::<()>::CONSTRUCTOR_ID => {
                call.layer = Some(r.read_i32().map_err(wrapper_error::<InvokeWithLayer<()>>)?);
            }
            InvokeAfterMsg::<()>::CONSTRUCTOR_ID => {
                let msg_id = r.read_i64().map_err(wrapper_error::<InvokeAfterMsg<()>>)?;
                call.after_msg_ids.push(msg_id);
            }
            InvokeAfterMsgs::<()>::CONSTRUCTOR_ID => {
                let ids: Vec<i64> = crate::tl::Deserialize::deserialize(&mut r)
                    .map_err(wrapper_error::<InvokeAfterMsgs<()>>)?;
                call.after_msg_ids.extend(ids);
            }
            InvokeWithoutUpdates::<()>::CONSTRUCTOR_ID => call.without_updates = true,
            InitConnection::<()>::CONSTRUCTOR_ID => {
                let init = InitConnection::<RawObject<'_>>::deserialize_bare(&mut r)
                    .map_err(wrapper_error::<InitConnection<()>>)?;
                // The query is the tail of what initConnection read.
                rest = rest
                    .get(rest.len() - init.query.as_bytes().len()..)
                    .unwrap_or_default();
                call.init = Some(init);
                continue;
            }
            _ => return Ok((call, rest)),
        }
        rest = rest.get(rest.len() - r.remaining()..).unwrap_or_default();
    }
}

fn wrapper_error<W: Identifiable>(error: DecodeError) -> DispatchError {
    DispatchError::Decode {
        id: W::CONSTRUCTOR_ID,
        name: W::NAME,
        error,
    }
}
