//! Emits the typed server dispatcher: a trait with one method per (non-generic) function whose
//! default answers "method not implemented", and `call_function`, which decodes a function by id
//! and calls its method.

use std::fmt::Write;

use crate::analysis::Analysis;
use crate::model::Category;
use crate::names;

/// The trait and `call_function`; `dispatch` is the path of the hand-written dispatch runtime.
pub fn emit(a: &Analysis<'_>, dispatch: &str) -> String {
    let fns: Vec<usize> = (0..a.decls.len())
        .filter(|&i| a.decls[i].category == Category::Function && a.decls[i].generics.is_empty())
        .collect();
    let method = |i: usize| {
        let d = &a.decls[i];
        match &d.namespace {
            Some(ns) => format!("{}_{}", names::snake(ns), names::snake(&d.name)),
            None => names::snake(&d.name),
        }
    };
    let req_ty = |i: usize| {
        format!(
            "{}{}",
            a.decl_path(i),
            if a.decl_lifetime[i] { "<'_>" } else { "" }
        )
    };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "/// The server side of this schema's functions: one method per function. Every method has a\n/// default body answering the `rpc_error` for a method the server does not implement\n/// ([`{dispatch}::not_implemented`]), so a host overrides only what it supports.\n///\n/// A method gets the invocation context (layer, `initConnection` data, wrappers seen) and the\n/// decoded request borrowing from the query bytes; its answer may borrow from the handler.\npub trait Api {{"
    );
    for &i in &fns {
        let d = &a.decls[i];
        let ret = a.rust_type(&d.result, "'_");
        let _ = writeln!(
            s,
            "    /// `{}#{:08x}`: <https://core.telegram.org/method/{}>",
            d.full_name(),
            d.id,
            d.full_name()
        );
        let _ = writeln!(
            s,
            "    fn {}(&mut self, call: &{dispatch}::Call<'_>, request: {}) -> {dispatch}::Answer<{ret}> {{\n        let _ = (call, request);\n        Err({dispatch}::not_implemented())\n    }}",
            method(i),
            req_ty(i)
        );
    }
    let _ = writeln!(s, "}}");
    let _ = writeln!(
        s,
        "/// Decodes the arguments of function `id` (its constructor id already read) from `tl_r`, calls\n/// the handler's method and writes the answer (the result object or an `rpc_error`) to `out`.\npub fn call_function<H: Api + ?Sized>(handler: &mut H, id: u32, tl_r: &mut rt::Reader<'_>, call: &{dispatch}::Call<'_>, out: &mut ::std::vec::Vec<u8>) -> ::std::result::Result<(), {dispatch}::DispatchError> {{\n    match id {{"
    );
    for &i in &fns {
        let d = &a.decls[i];
        let _ = writeln!(
            s,
            "        0x{:08x} => {{\n            let request = tl_r.finish_with(<{} as rt::BareDeserialize>::deserialize_bare).map_err(|e| {dispatch}::DispatchError::Decode {{ id, name: \"{}\", error: e }})?;\n            {dispatch}::write_answer(handler.{}(call, request), out);\n            Ok(())\n        }}",
            d.id,
            req_ty(i),
            d.full_name(),
            method(i)
        );
    }
    let _ = writeln!(
        s,
        "        _ => Err({dispatch}::DispatchError::UnknownMethod {{ id }}),\n    }}\n}}"
    );
    s
}
