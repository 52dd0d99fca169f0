//! Emits one enum per boxed type: a variant per constructor (large constructors boxed), with
//! (de)serialization dispatching on the constructor id, owned conversion and `From` impls.

use std::fmt::Write;

use crate::analysis::Analysis;
use crate::names;

/// The enum for boxed type `ty`.
pub fn emit(a: &Analysis<'_>, ty: &str, ctors: &[usize]) -> String {
    let name = names::pascal(ty);
    let lt = a.type_has_lifetime(ty);
    let args = if lt { "<'a>" } else { "" };
    let impl_lt = if lt { "<'a>" } else { "" };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "/// TL boxed type `{ty}`: one variant per constructor.\n///\n/// <https://core.telegram.org/type/{ty}>"
    );
    let _ = writeln!(
        s,
        "#[derive(Debug, Clone, PartialEq)]\npub enum {name}{args} {{"
    );
    let variants: Vec<(String, String, bool, usize)> = ctors
        .iter()
        .map(|&c| {
            let d = &a.decls[c];
            let path = format!(
                "{}{}",
                a.decl_path(c),
                if a.decl_lifetime[c] { "<'a>" } else { "" }
            );
            (names::variant(&d.name, ty), path, a.boxed[c], c)
        })
        .collect();
    for (v, path, boxed, c) in &variants {
        let ty_s = if *boxed {
            format!("::std::boxed::Box<{path}>")
        } else {
            path.clone()
        };
        let _ = writeln!(
            s,
            "    /// `{}#{:08x}`.\n    {v}({ty_s}),",
            a.decls[*c].full_name(),
            a.decls[*c].id
        );
    }
    let _ = writeln!(s, "}}");
    // Serialize
    let _ = writeln!(
        s,
        "impl{impl_lt} rt::Serialize for {name}{args} {{\n    #[inline]\n    fn serialize(&self, tl_out: &mut ::std::vec::Vec<u8>) {{\n        match self {{"
    );
    for (v, _, boxed, _) in &variants {
        let inner = if *boxed { "&**tl_x" } else { "tl_x" };
        let _ = writeln!(
            s,
            "            Self::{v}(tl_x) => rt::Serialize::serialize({inner}, tl_out),"
        );
    }
    let _ = writeln!(s, "        }}\n    }}\n}}");
    // Deserialize
    let _ = writeln!(s, "impl<'a> rt::Deserialize<'a> for {name}{args} {{");
    let _ = writeln!(
        s,
        "    fn deserialize(tl_r: &mut rt::Reader<'a>) -> ::std::result::Result<Self, rt::DecodeError> {{"
    );
    let _ = writeln!(
        s,
        "        tl_r.enter()?;\n        let tl_v = match tl_r.read_u32()? {{"
    );
    for (v, _, boxed, c) in &variants {
        let de = "rt::BareDeserialize::deserialize_bare(tl_r)?";
        let value = if *boxed {
            format!("::std::boxed::Box::new({de})")
        } else {
            de.to_owned()
        };
        let _ = writeln!(
            s,
            "            0x{:08x} => Self::{v}({value}),",
            a.decls[*c].id
        );
    }
    let _ = writeln!(
        s,
        "            tl_id => return Err(rt::DecodeError::UnknownConstructor {{ id: tl_id, expected: \"{ty}\" }}),"
    );
    let _ = writeln!(
        s,
        "        }};\n        tl_r.leave();\n        Ok(tl_v)\n    }}\n}}"
    );
    // IntoOwned
    if lt {
        let _ = writeln!(
            s,
            "impl<'a> rt::IntoOwned for {name}<'a> {{\n    type Owned = {name}<'static>;\n    fn into_owned(self) -> Self::Owned {{\n        match self {{"
        );
        for (v, _, _, _) in &variants {
            let _ = writeln!(
                s,
                "            Self::{v}(tl_x) => {name}::{v}(rt::IntoOwned::into_owned(tl_x)),"
            );
        }
        let _ = writeln!(s, "        }}\n    }}\n}}");
    } else {
        let _ = writeln!(
            s,
            "impl rt::IntoOwned for {name} {{\n    type Owned = {name};\n    fn into_owned(self) -> Self {{ self }}\n}}"
        );
    }
    // Default: the constructor that nests least, with default fields (for building values with
    // `..Default::default()`).
    let leaf = a.leaf[ty];
    let leaf_v = names::variant(&a.decls[leaf].name, ty);
    let leaf_value = if a.boxed[leaf] {
        "::std::boxed::Box::default()"
    } else {
        "::std::default::Default::default()"
    };
    let _ = writeln!(
        s,
        "impl{impl_lt} ::std::default::Default for {name}{args} {{\n    /// `{}` with default fields.\n    fn default() -> Self {{ Self::{leaf_v}({leaf_value}) }}\n}}",
        a.decls[leaf].full_name()
    );
    // constructor_id / From
    let _ = writeln!(
        s,
        "impl{impl_lt} {name}{args} {{\n    /// The constructor id of this value.\n    pub fn constructor_id(&self) -> u32 {{\n        match self {{"
    );
    for (v, _, _, c) in &variants {
        let _ = writeln!(s, "            Self::{v}(_) => 0x{:08x},", a.decls[*c].id);
    }
    let _ = writeln!(s, "        }}\n    }}\n}}");
    for (v, path, boxed, _) in &variants {
        let wrap = if *boxed {
            "::std::boxed::Box::new(tl_x)"
        } else {
            "tl_x"
        };
        let _ = writeln!(
            s,
            "impl{impl_lt} From<{path}> for {name}{args} {{ fn from(tl_x: {path}) -> Self {{ Self::{v}({wrap}) }} }}"
        );
    }
    s
}
