//! TL schema text → [`Declaration`]s.
//!
//! Handles `---functions---`/`---types---` sections, `//` comments (a `// LAYER N` or `// layer N`
//! comment starts a layer section), declarations spanning several lines, `{X:Type}` generics,
//! `!X` queries, `flags.N?T` conditions on any flags word, `Vector<T>`/`vector<T>`, bare `%T` and
//! lowercase types. Built-in declarations (`int ? = Int;`, `vector {t:Type} # [ t ] = Vector t;`,
//! `bytes = Bytes;`, the `Bool`/`True` constructors) are recognised and skipped: the runtime
//! implements them.

use crate::crc;
use crate::model::{Category, Declaration, Flag, Param, ParamKind, TypeRef};

/// A schema text that could not be parsed, or whose explicit id does not match its CRC32.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    /// 1-based line of the declaration.
    pub line: usize,
    /// The declaration text.
    pub declaration: String,
    /// What is wrong.
    pub reason: String,
}

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}: {}: `{}`",
            self.line, self.reason, self.declaration
        )
    }
}

impl std::error::Error for SchemaError {}

/// A parsed schema file.
#[derive(Debug, Clone, Default)]
pub struct Schema {
    /// Every declaration in file order.
    pub declarations: Vec<Declaration>,
    /// The `// LAYER N` comment's value, if present.
    pub layer: Option<u32>,
}

/// Parses a whole schema and checks every explicit id against its normalised declaration.
pub fn parse_schema(text: &str) -> Result<Schema, SchemaError> {
    let mut schema = Schema::default();
    let mut category = Category::Type;
    let mut layer_section = None;
    let mut pending = String::new();
    let mut pending_line = 0;
    for (index, raw_line) in text.lines().enumerate() {
        let line_no = index + 1;
        let (code, comment) = match raw_line.split_once("//") {
            Some((code, comment)) => (code, Some(comment.trim())),
            None => (raw_line, None),
        };
        // `// LAYER N` declares the schema's layer; `// layer N` starts the declarations added in N.
        if let Some(n) = comment.and_then(layer_comment) {
            if comment.is_some_and(|c| c.starts_with("LAYER")) {
                schema.layer = Some(n);
            } else {
                layer_section = Some(n);
            }
        }
        let code = code.trim();
        if code.is_empty() {
            continue;
        }
        match code {
            "---functions---" => {
                category = Category::Function;
                continue;
            }
            "---types---" => {
                category = Category::Type;
                continue;
            }
            _ => {}
        }
        if pending.is_empty() {
            pending_line = line_no;
        } else {
            pending.push(' ');
        }
        pending.push_str(code);
        while let Some(end) = pending.find(';') {
            let decl_text: String = pending[..end].trim().to_owned();
            pending = pending[end + 1..].trim().to_owned();
            if let Some(decl) =
                parse_declaration(&decl_text, category, pending_line, layer_section)?
            {
                schema.declarations.push(decl);
            }
            pending_line = line_no;
        }
    }
    if !pending.trim().is_empty() {
        return Err(SchemaError {
            line: pending_line,
            declaration: pending,
            reason: "missing `;`".into(),
        });
    }
    Ok(schema)
}

fn layer_comment(comment: &str) -> Option<u32> {
    let rest = comment
        .strip_prefix("LAYER")
        .or_else(|| comment.strip_prefix("layer"))?;
    rest.trim().parse().ok()
}

/// Names the runtime implements itself; their declarations are accepted and skipped.
const BUILTIN_CONSTRUCTORS: &[&str] = &["boolFalse", "boolTrue", "true", "vector", "bytes"];

fn parse_declaration(
    text: &str,
    category: Category,
    line: usize,
    layer: Option<u32>,
) -> Result<Option<Declaration>, SchemaError> {
    let err = |reason: String| SchemaError {
        line,
        declaration: text.to_owned(),
        reason,
    };
    let (lhs, rhs) = text
        .split_once(" = ")
        .ok_or_else(|| err("no ` = ` in declaration".into()))?;
    let mut tokens = lhs.split_whitespace();
    let head = tokens
        .next()
        .ok_or_else(|| err("empty declaration".into()))?;
    let (full_name, explicit_id) = match head.split_once('#') {
        Some((name, hex)) => {
            let id = u32::from_str_radix(hex, 16)
                .map_err(|e| err(format!("bad constructor id `{hex}`: {e}")))?;
            (name, Some(id))
        }
        None => (head, None),
    };
    let rest: Vec<&str> = tokens.collect();
    if rest.contains(&"?") || rest.contains(&"[") || BUILTIN_CONSTRUCTORS.contains(&full_name) {
        return Ok(None);
    }
    let mut generics = Vec::new();
    let mut raw_params = Vec::new();
    let mut params = Vec::new();
    for token in rest {
        if let Some(inner) = token.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
            let (name, kind) = inner
                .split_once(':')
                .ok_or_else(|| err(format!("bad generic `{token}`")))?;
            if kind != "Type" {
                return Err(err(format!("generic `{name}` must be of kind Type")));
            }
            generics.push(name.to_owned());
            continue;
        }
        let (name, ty) = token
            .split_once(':')
            .ok_or_else(|| err(format!("bad parameter `{token}`")))?;
        raw_params.push((name.to_owned(), ty.to_owned()));
        let kind = if ty == "#" {
            ParamKind::Flags
        } else {
            parse_field(ty, &generics, &params).map_err(&err)?
        };
        params.push(Param {
            name: name.to_owned(),
            kind,
        });
    }
    let result_text = rhs.trim();
    let result = parse_type(result_text, &generics).map_err(&err)?;
    let base = full_name.trim_end_matches(|c: char| c.is_ascii_digit());
    // Candidates: the usual normalisation, the one keeping `bytes`, and — for a name with a
    // trailing layer number (`decryptedMessage46`, an older version of a constructor) — both
    // again under the unsuffixed name.
    let mut candidates = vec![
        crc::normalised_text(full_name, &generics, &raw_params, result_text),
        crc::normalised_text_keeping_bytes(full_name, &generics, &raw_params, result_text),
    ];
    if base != full_name {
        candidates.push(crc::normalised_text(
            base,
            &generics,
            &raw_params,
            result_text,
        ));
        candidates.push(crc::normalised_text_keeping_bytes(
            base,
            &generics,
            &raw_params,
            result_text,
        ));
    }
    let (id, normalised) = match explicit_id {
        None => (crc::id_of(&candidates[0]), candidates.swap_remove(0)),
        Some(id) => match candidates.iter().position(|c| crc::id_of(c) == id) {
            Some(k) => (id, candidates.swap_remove(k)),
            None => {
                let computed = crc::id_of(&candidates[0]);
                return Err(err(format!(
                    "constructor id mismatch: declared #{id:08x}, CRC32 of `{}` is #{computed:08x}",
                    candidates[0]
                )));
            }
        },
    };
    let (namespace, name) = match full_name.rsplit_once('.') {
        Some((ns, n)) => (Some(ns.to_owned()), n.to_owned()),
        None => (None, full_name.to_owned()),
    };
    Ok(Some(Declaration {
        namespace,
        name,
        id,
        generics,
        params,
        result,
        category,
        line,
        layer,
        normalised,
    }))
}

fn parse_field(ty: &str, generics: &[String], earlier: &[Param]) -> Result<ParamKind, String> {
    let (cond, ty) = match ty.split_once('?') {
        Some((cond, ty)) => {
            let (word, bit) = cond
                .split_once('.')
                .ok_or_else(|| format!("bad condition `{cond}`"))?;
            let bit: u32 = bit
                .parse()
                .map_err(|_| format!("bad flag bit in `{cond}`"))?;
            if bit > 31 {
                return Err(format!("flag bit {bit} out of range"));
            }
            if !earlier
                .iter()
                .any(|p| p.name == word && matches!(p.kind, ParamKind::Flags))
            {
                return Err(format!(
                    "condition uses `{word}`, which is not an earlier `#` parameter"
                ));
            }
            (
                Some(Flag {
                    word: word.to_owned(),
                    bit,
                }),
                ty,
            )
        }
        None => (None, ty),
    };
    let ty = parse_type(ty, generics)?;
    if ty == TypeRef::True && cond.is_none() {
        return Err("`true` is only valid behind a flag".into());
    }
    Ok(ParamKind::Field { ty, cond })
}

/// Parses one type expression.
pub fn parse_type(text: &str, generics: &[String]) -> Result<TypeRef, String> {
    if let Some(name) = text.strip_prefix('!') {
        return if generics.iter().any(|g| g == name) {
            Ok(TypeRef::Query(name.to_owned()))
        } else {
            Err(format!("`!{name}` names no type parameter"))
        };
    }
    if let Some(inner) = text.strip_suffix('>') {
        let (outer, elem) = inner
            .split_once('<')
            .ok_or_else(|| format!("bad type `{text}`"))?;
        let boxed = match outer {
            "Vector" => true,
            "vector" => false,
            _ => return Err(format!("unknown generic type `{outer}`")),
        };
        return Ok(TypeRef::Vector {
            boxed,
            elem: Box::new(parse_type(elem, generics)?),
        });
    }
    if let Some(bare) = text.strip_prefix('%') {
        return Ok(TypeRef::Bare(bare.to_owned()));
    }
    Ok(match text {
        "int" => TypeRef::Int,
        "long" => TypeRef::Long,
        "double" => TypeRef::Double,
        "int128" => TypeRef::Int128,
        "int256" => TypeRef::Int256,
        "string" => TypeRef::String,
        "bytes" => TypeRef::Bytes,
        "true" => TypeRef::True,
        _ if generics.iter().any(|g| g == text) => TypeRef::Generic(text.to_owned()),
        _ => {
            let last = text.rsplit('.').next().unwrap_or(text);
            if last.is_empty()
                || text.contains(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            {
                return Err(format!("bad type name `{text}`"));
            }
            if last.starts_with(|c: char| c.is_ascii_uppercase()) {
                TypeRef::Boxed(text.to_owned())
            } else {
                TypeRef::Bare(text.to_owned())
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sections_generics_flags_and_layers() {
        let text = "// LAYER 7\n// layer 3\nboolTrue#997275b5 = Bool;\nint ? = Int;\n\
            invokeAfterMsgs#3dc4b4f0 {X:Type} msg_ids:Vector<long>\n query:!X = X;\n---functions---\n\
            // layer 9\nx flags:# f:flags.3?true g:flags.4?bytes = Vector<%y>;\n";
        let mut text = text.to_owned();
        let schema = parse_schema(&text).unwrap();
        assert_eq!(schema.layer, Some(7));
        assert_eq!(schema.declarations.len(), 2);
        let wrapper = &schema.declarations[0];
        assert_eq!(wrapper.full_name(), "invokeAfterMsgs");
        assert_eq!(
            wrapper.normalised,
            "invokeAfterMsgs X:Type msg_ids:Vector long query:!X = X"
        );
        assert_eq!(wrapper.line, 5);
        assert_eq!(wrapper.layer, Some(3));
        let x = &schema.declarations[1];
        assert_eq!(x.category, Category::Function);
        assert_eq!(x.layer, Some(9));
        assert_eq!(x.normalised, "x flags:# g:flags.4?string = Vector %y");
        // A wrong explicit id fails and names the declaration.
        text = text.replace("3dc4b4f0", "3dc4b4f1");
        let e = parse_schema(&text).unwrap_err();
        assert!(e.to_string().contains("invokeAfterMsgs"), "{e}");
    }

    #[test]
    fn rejects_malformed_declarations() {
        for bad in [
            "x a:flags.0?int = X;",
            "x flags:# a:flags.40?int = X;",
            "x a:true = X;",
            "x a:!Y = X;",
            "x = X",
        ] {
            assert!(parse_schema(bad).is_err(), "{bad}");
        }
    }
}
