//! Emits one struct per constructor or function, with its (de)serialization, owned conversion
//! and, for functions, its [`RemoteCall`] return type.

use std::fmt::Write;

use crate::analysis::Analysis;
use crate::model::{Category, Declaration, ParamKind, TypeRef};
use crate::names;

/// A declaration's Rust struct and impls (`i` indexes `a.decls`).
pub fn emit(a: &Analysis<'_>, i: usize) -> String {
    let d = &a.decls[i];
    let name = names::pascal(&d.name);
    let lt = a.decl_lifetime[i];
    let mut gen_params: Vec<String> = Vec::new();
    if lt {
        gen_params.push("'a".into());
    }
    gen_params.extend(d.generics.iter().cloned());
    let args = if gen_params.is_empty() {
        String::new()
    } else {
        format!("<{}>", gen_params.join(", "))
    };
    let bound = |b: &str, with_a: bool| {
        let mut ps: Vec<String> = Vec::new();
        if lt || with_a {
            ps.push("'a".into());
        }
        ps.extend(d.generics.iter().map(|g| format!("{g}: {b}")));
        if ps.is_empty() {
            String::new()
        } else {
            format!("<{}>", ps.join(", "))
        }
    };
    let kind = if d.category == Category::Function {
        "method"
    } else {
        "constructor"
    };
    let full = d.full_name();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "/// TL {kind} `{full}#{:08x}` (`= {}`).",
        d.id,
        result_text(&d.result)
    );
    let _ = writeln!(s, "///\n/// Normalised: `{}`.", d.normalised);
    let _ = writeln!(s, "///\n/// <https://core.telegram.org/{kind}/{full}>");
    let _ = writeln!(s, "#[derive(Debug, Clone, PartialEq, Default)]");
    let fields: Vec<_> = fields_of(d).collect();
    if fields.is_empty() && d.generics.is_empty() && !lt {
        let _ = writeln!(s, "pub struct {name};");
    } else {
        let _ = writeln!(s, "pub struct {name}{args} {{");
        for (pname, ty, cond) in &fields {
            let rty = a.rust_type(ty, "'a");
            let (doc_cond, full_ty) = match (cond, ty) {
                (Some(c), TypeRef::True) => (format!(" (bit {}.{})", c.word, c.bit), rty),
                (Some(c), _) => (
                    format!(" (present if bit {}.{} is set)", c.word, c.bit),
                    format!("::std::option::Option<{rty}>"),
                ),
                (None, _) => (String::new(), rty),
            };
            let _ = writeln!(
                s,
                "    /// `{pname}`{doc_cond}.\n    pub {}: {full_ty},",
                names::field(pname)
            );
        }
        let _ = writeln!(s, "}}");
    }
    // Identifiable
    let _ = writeln!(
        s,
        "impl{} rt::Identifiable for {name}{args} {{ const CONSTRUCTOR_ID: u32 = 0x{:08x}; const NAME: &'static str = \"{full}\"; }}",
        bound("", false),
        d.id
    );
    // Serialize (boxed)
    let _ = writeln!(
        s,
        "impl{} rt::Serialize for {name}{args} {{\n    #[inline]\n    fn serialize(&self, tl_out: &mut ::std::vec::Vec<u8>) {{\n        rt::write_u32(tl_out, 0x{:08x});\n        rt::BareSerialize::serialize_bare(self, tl_out);\n    }}\n}}",
        bound("rt::Serialize", false),
        d.id
    );
    // BareSerialize
    let _ = writeln!(
        s,
        "impl{} rt::BareSerialize for {name}{args} {{",
        bound("rt::Serialize", false)
    );
    let _ = writeln!(
        s,
        "    #[inline]\n    #[allow(unused_variables)]\n    fn serialize_bare(&self, tl_out: &mut ::std::vec::Vec<u8>) {{"
    );
    s.push_str(&serialize_body(a, d));
    let _ = writeln!(s, "    }}\n}}");
    // BareDeserialize + Deserialize
    let de_bound = bound("rt::Deserialize<'a>", true);
    let _ = writeln!(
        s,
        "impl{de_bound} rt::BareDeserialize<'a> for {name}{args} {{"
    );
    let _ = writeln!(
        s,
        "    #[inline]\n    #[allow(unused_variables)]\n    fn deserialize_bare(tl_r: &mut rt::Reader<'a>) -> ::std::result::Result<Self, rt::DecodeError> {{"
    );
    s.push_str(&deserialize_body(a, d));
    let _ = writeln!(s, "    }}\n}}");
    let _ = writeln!(
        s,
        "impl{de_bound} rt::Deserialize<'a> for {name}{args} {{\n    #[inline]\n    fn deserialize(tl_r: &mut rt::Reader<'a>) -> ::std::result::Result<Self, rt::DecodeError> {{\n        tl_r.expect_id(0x{:08x}, \"{full}\")?;\n        rt::BareDeserialize::deserialize_bare(tl_r)\n    }}\n}}",
        d.id
    );
    // IntoOwned
    let owned_args = {
        let mut ps: Vec<String> = Vec::new();
        if lt {
            ps.push("'static".into());
        }
        ps.extend(d.generics.iter().map(|g| format!("{g}::Owned")));
        if ps.is_empty() {
            String::new()
        } else {
            format!("<{}>", ps.join(", "))
        }
    };
    let _ = writeln!(
        s,
        "impl{} rt::IntoOwned for {name}{args} {{",
        bound("rt::IntoOwned", false)
    );
    let _ = writeln!(s, "    type Owned = {name}{owned_args};");
    if !lt && d.generics.is_empty() {
        let _ = writeln!(s, "    fn into_owned(self) -> Self::Owned {{ self }}");
    } else {
        let _ = writeln!(
            s,
            "    fn into_owned(self) -> Self::Owned {{\n        {name} {{"
        );
        for (pname, _, _) in &fields {
            let f = names::field(pname);
            let _ = writeln!(s, "            {f}: rt::IntoOwned::into_owned(self.{f}),");
        }
        let _ = writeln!(s, "        }}\n    }}");
    }
    let _ = writeln!(s, "}}");
    if d.category == Category::Function {
        let ret = match &d.result {
            TypeRef::Generic(g) => format!("<{g} as rt::RemoteCall>::Return<'de>"),
            other => a.rust_type(other, "'de"),
        };
        let _ = writeln!(
            s,
            "impl{} rt::RemoteCall for {name}{args} {{ type Return<'de> = {ret}; }}",
            bound("rt::RemoteCall", false)
        );
    }
    s
}

fn result_text(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Vector { elem, .. } => format!("Vector<{}>", result_text(elem)),
        TypeRef::Boxed(n) | TypeRef::Bare(n) | TypeRef::Generic(n) => n.clone(),
        other => format!("{other:?}").to_lowercase(),
    }
}

/// The non-`#` parameters: (name, type, condition).
pub fn fields_of(
    d: &Declaration,
) -> impl Iterator<Item = (&str, &TypeRef, Option<&crate::model::Flag>)> {
    d.params.iter().filter_map(|p| match &p.kind {
        ParamKind::Field { ty, cond } => Some((p.name.as_str(), ty, cond.as_ref())),
        ParamKind::Flags => None,
    })
}

fn flags_local(word: &str) -> String {
    format!("tl_flags_{}", word.to_ascii_lowercase())
}

fn serialize_body(a: &Analysis<'_>, d: &Declaration) -> String {
    let mut s = String::new();
    for p in &d.params {
        if !matches!(p.kind, ParamKind::Flags) {
            continue;
        }
        let users: Vec<_> = fields_of(d)
            .filter(|(_, _, c)| c.is_some_and(|c| c.word == p.name))
            .collect();
        let local = flags_local(&p.name);
        let _ = writeln!(
            s,
            "        let {}{local}: u32 = 0;",
            if users.is_empty() { "" } else { "mut " }
        );
        for (fname, ty, cond) in users {
            let f = names::field(fname);
            let bit = cond.map_or(0, |c| c.bit);
            let test = if *ty == TypeRef::True {
                format!("self.{f}")
            } else {
                format!("self.{f}.is_some()")
            };
            let _ = writeln!(s, "        if {test} {{ {local} |= 1 << {bit}; }}");
        }
    }
    for p in &d.params {
        match &p.kind {
            ParamKind::Flags => {
                let _ = writeln!(
                    s,
                    "        rt::write_u32(tl_out, {});",
                    flags_local(&p.name)
                );
            }
            ParamKind::Field {
                ty: TypeRef::True, ..
            } => {}
            ParamKind::Field { ty, cond: Some(_) } => {
                let f = names::field(&p.name);
                let _ = writeln!(
                    s,
                    "        if let Some(tl_x) = &self.{f} {{ {} }}",
                    ser_value(a, ty, "tl_x")
                );
            }
            ParamKind::Field { ty, cond: None } => {
                let f = names::field(&p.name);
                let _ = writeln!(s, "        {}", ser_value(a, ty, &format!("&self.{f}")));
            }
        }
    }
    s
}

/// Statement writing the value behind the reference expression `expr`.
fn ser_value(a: &Analysis<'_>, ty: &TypeRef, expr: &str) -> String {
    match ty {
        TypeRef::Bare(_) => format!("rt::BareSerialize::serialize_bare({expr}, tl_out);"),
        TypeRef::Vector { boxed, elem } if !*boxed || needs_loop(a, elem) => {
            let prefix = if *boxed {
                "rt::write_u32(tl_out, rt::VECTOR_ID); "
            } else {
                ""
            };
            format!(
                "{prefix}rt::write_len(tl_out, ({expr}).len()); for tl_x in ({expr}).iter() {{ {} }}",
                ser_value(a, elem, "tl_x")
            )
        }
        _ => format!("rt::Serialize::serialize({expr}, tl_out);"),
    }
}

/// Whether a vector element cannot go through `Vec<T>`'s boxed-vector impl.
fn needs_loop(a: &Analysis<'_>, elem: &TypeRef) -> bool {
    match elem {
        TypeRef::Vector { boxed, elem } => !*boxed || needs_loop(a, elem),
        other => a.is_bare(other),
    }
}

fn de_value(a: &Analysis<'_>, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Bare(_) => "rt::BareDeserialize::deserialize_bare(tl_r)?".into(),
        TypeRef::Vector { boxed, elem } if !*boxed || needs_loop(a, elem) => format!(
            "{{ let tl_n = tl_r.read_vector_len({boxed})?; let mut tl_v = ::std::vec::Vec::with_capacity(tl_n); for _ in 0..tl_n {{ tl_v.push({}); }} tl_v }}",
            de_value(a, elem)
        ),
        _ => "rt::Deserialize::deserialize(tl_r)?".into(),
    }
}

fn deserialize_body(a: &Analysis<'_>, d: &Declaration) -> String {
    let mut s = String::new();
    let mut inits = Vec::new();
    for p in &d.params {
        match &p.kind {
            ParamKind::Flags => {
                let used = fields_of(d).any(|(_, _, c)| c.is_some_and(|c| c.word == p.name));
                let local = if used {
                    flags_local(&p.name)
                } else {
                    "_".to_owned()
                };
                let _ = writeln!(s, "        let {local} = tl_r.read_u32()?;");
            }
            ParamKind::Field { ty, cond } => {
                let f = names::field(&p.name);
                let expr = match (cond, ty) {
                    (Some(c), TypeRef::True) => {
                        format!("{} & (1 << {}) != 0", flags_local(&c.word), c.bit)
                    }
                    (Some(c), _) => format!(
                        "if {} & (1 << {}) != 0 {{ Some({}) }} else {{ None }}",
                        flags_local(&c.word),
                        c.bit,
                        de_value(a, ty)
                    ),
                    (None, _) => de_value(a, ty),
                };
                let _ = writeln!(s, "        let {f} = {expr};");
                inits.push(f);
            }
        }
    }
    let _ = writeln!(s, "        Ok(Self {{ {} }})", inits.join(", "));
    s
}
