//! Emits the per-schema tables and test hooks: `name_for_id`, declaration counts, the fuzz
//! round-trip over every type, and (behind the `proptest` feature) arbitrary values and the
//! round-trip check over every generated type.

use std::fmt::Write;

use crate::analysis::Analysis;
use crate::emit_struct::fields_of;
use crate::model::{Category, TypeRef};
use crate::names;

/// `name_for_id` and the counts.
pub fn tables(a: &Analysis<'_>) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "/// The TL name of a constructor or function id of this schema.\npub fn name_for_id(id: u32) -> ::std::option::Option<&'static str> {{\n    Some(match id {{"
    );
    for d in a.decls {
        let _ = writeln!(s, "        0x{:08x} => \"{}\",", d.id, d.full_name());
    }
    let _ = writeln!(s, "        _ => return None,\n    }})\n}}");
    let ctors = a
        .decls
        .iter()
        .filter(|d| d.category == Category::Type)
        .count();
    let _ = writeln!(
        s,
        "/// Constructors declared in this schema (hand-written ones included).\npub const CONSTRUCTOR_COUNT: usize = {ctors};"
    );
    let _ = writeln!(
        s,
        "/// Functions declared in this schema.\npub const FUNCTION_COUNT: usize = {};",
        a.decls.len() - ctors
    );
    let _ = writeln!(
        s,
        "/// Boxed types generated as enums.\npub const TYPE_COUNT: usize = {};",
        a.types.len()
    );
    s
}

/// A `(TL name, Rust type with '_ lifetimes)` per decodable target: each enum, then each
/// constructor struct and non-generic function struct; generic functions get `RawObject` queries.
fn targets(a: &Analysis<'_>) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    for ty in a.types.keys() {
        out.push((ty.clone(), a.enum_path(ty), false));
    }
    for (i, d) in a.decls.iter().enumerate() {
        if a.config.extern_of(&d.full_name()).is_some() {
            continue;
        }
        let mut path = a.decl_path(i);
        if !d.generics.is_empty() {
            let qs: Vec<String> = d
                .generics
                .iter()
                .map(|_| format!("{}::RawObject<'_>", a.config.runtime))
                .collect();
            path = format!("{path}::<{}>", qs.join(", "));
        }
        out.push((d.full_name(), path, true));
    }
    out
}

/// `fuzz_roundtrip(index, data)`.
pub fn fuzz(a: &Analysis<'_>) -> String {
    let t = targets(a);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "/// Number of targets [`fuzz_roundtrip`] can decode as.\npub const FUZZ_TARGETS: usize = {};",
        t.len()
    );
    // A table of small functions rather than one giant match: keeps every function small for
    // the compiler.
    let _ = writeln!(
        s,
        "#[cfg(any(fuzzing, feature = \"proptest\"))]\nconst FUZZ_TABLE: [fn(&[u8]); FUZZ_TARGETS] = ["
    );
    for (_, path, _) in &t {
        let _ = writeln!(
            s,
            "    |tl_d| rt::fuzz_check(tl_d, |tl_b| <{path} as rt::Deserialize>::from_bytes(tl_b).map(rt::IntoOwned::into_owned)),"
        );
    }
    let _ = writeln!(s, "];");
    let _ = writeln!(
        s,
        "/// Decodes `data` as target `index % FUZZ_TARGETS` (every boxed type, constructor and function);\n/// when that succeeds, checks that encode → decode gives the same value and the same bytes.\n#[doc(hidden)]\n#[cfg(any(fuzzing, feature = \"proptest\"))]\npub fn fuzz_roundtrip(index: usize, data: &[u8]) {{\n    FUZZ_TABLE[index % FUZZ_TARGETS](data)\n}}"
    );
    s
}

/// Arbitrary-value impls and `roundtrip_all`, behind the `proptest` feature.
pub fn arbitrary(a: &Analysis<'_>) -> String {
    let mut s = String::new();
    let rt = a.config.runtime;
    for (i, d) in a.decls.iter().enumerate() {
        if a.config.extern_of(&d.full_name()).is_some() {
            continue;
        }
        let path = a.decl_path(i);
        let mut args: Vec<String> = Vec::new();
        if a.decl_lifetime[i] {
            args.push("'static".into());
        }
        args.extend(d.generics.iter().cloned());
        let ty = if args.is_empty() {
            path.clone()
        } else {
            format!("{path}<{}>", args.join(", "))
        };
        let gen_bounds: Vec<String> = d
            .generics
            .iter()
            .map(|g| format!("{g}: {rt}::ArbitraryTl"))
            .collect();
        let impl_g = if gen_bounds.is_empty() {
            String::new()
        } else {
            format!("<{}>", gen_bounds.join(", "))
        };
        let _ = writeln!(
            s,
            "impl{impl_g} {rt}::ArbitraryTl for {ty} {{\n    #[allow(unused_variables)]\n    fn arbitrary_tl(tl_g: &mut {rt}::Gen) -> Self {{"
        );
        // One coin per shared flag bit keeps fields that share a bit consistent.
        let mut seen: Vec<(String, u32)> = Vec::new();
        for c in fields_of(d).filter_map(|(_, _, cond)| cond) {
            if !seen.iter().any(|(w, b)| *w == c.word && *b == c.bit) {
                seen.push((c.word.clone(), c.bit));
                let _ = writeln!(
                    s,
                    "        let tl_p_{}_{} = tl_g.present();",
                    c.word.to_ascii_lowercase(),
                    c.bit
                );
            }
        }
        let mut inits = Vec::new();
        for (pname, fty, cond) in fields_of(d) {
            let f = names::field(pname);
            let v = format!("{rt}::ArbitraryTl::arbitrary_tl(tl_g)");
            let e = match (cond, fty) {
                (Some(c), TypeRef::True) => {
                    format!("tl_p_{}_{}", c.word.to_ascii_lowercase(), c.bit)
                }
                (Some(c), _) => format!(
                    "if tl_p_{}_{} {{ Some({v}) }} else {{ None }}",
                    c.word.to_ascii_lowercase(),
                    c.bit
                ),
                (None, _) => v,
            };
            inits.push(format!("{f}: {e}"));
        }
        let _ = writeln!(s, "        Self {{ {} }}\n    }}\n}}", inits.join(", "));
    }
    for (ty, ctors) in &a.types {
        let path = a.enum_path(ty);
        let full = if a.type_has_lifetime(ty) {
            format!("{path}<'static>")
        } else {
            path.clone()
        };
        let leaf = a.leaf[ty];
        let arm = |c: usize| {
            let v = names::variant(&a.decls[c].name, ty);
            let inner = format!("{rt}::ArbitraryTl::arbitrary_tl(tl_g)");
            let inner = if a.boxed[c] {
                format!("::std::boxed::Box::new({inner})")
            } else {
                inner
            };
            format!("Self::{v}({inner})")
        };
        let _ = writeln!(
            s,
            "impl {rt}::ArbitraryTl for {full} {{\n    fn arbitrary_tl(tl_g: &mut {rt}::Gen) -> Self {{"
        );
        let _ = writeln!(s, "        if tl_g.exhausted() {{ return {}; }}", arm(leaf));
        let _ = writeln!(
            s,
            "        tl_g.descend(|tl_g| match tl_g.below({}) {{",
            ctors.len()
        );
        for (k, &c) in ctors.iter().enumerate() {
            let pat = if k + 1 == ctors.len() {
                "_".to_owned()
            } else {
                k.to_string()
            };
            let _ = writeln!(s, "            {pat} => {},", arm(c));
        }
        let _ = writeln!(s, "        }})\n    }}\n}}");
    }
    // roundtrip_all: a table of small check functions, run in a loop.
    let checks: Vec<String> = targets(a)
        .into_iter()
        .flat_map(|(name, path, is_struct)| {
            let boxed = format!(
                "|tl_g| {rt}::check_roundtrip(tl_g, \"{name}\", |tl_b| <{path} as {rt}::Deserialize>::from_bytes(tl_b).map({rt}::IntoOwned::into_owned))"
            );
            let bare = is_struct.then(|| format!(
                "|tl_g| {rt}::check_bare_roundtrip(tl_g, \"{name}\", |tl_b| {rt}::Reader::new(tl_b).finish_with(<{path} as {rt}::BareDeserialize>::deserialize_bare).map({rt}::IntoOwned::into_owned))"
            ));
            std::iter::once(boxed).chain(bare)
        })
        .collect();
    let _ = writeln!(
        s,
        "type Check = fn(&mut {rt}::Gen) -> ::std::result::Result<usize, ::std::string::String>;\nconst CHECKS: [Check; {}] = [",
        checks.len()
    );
    for c in &checks {
        let _ = writeln!(s, "    {c},");
    }
    let _ = writeln!(s, "];");
    let _ = writeln!(
        s,
        "/// Generates one arbitrary value of every target (boxed types, constructors boxed and bare,\n/// functions) and checks encode → decode → encode; returns how many were checked.\npub fn roundtrip_all(tl_g: &mut {rt}::Gen) -> ::std::result::Result<usize, ::std::string::String> {{\n    let mut tl_n = 0;\n    for check in CHECKS {{\n        tl_n += check(tl_g)?;\n    }}"
    );
    let _ = writeln!(s, "    Ok(tl_n)\n}}");
    s
}
