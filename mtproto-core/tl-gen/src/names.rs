//! TL names → Rust identifiers.

/// Rust keywords a TL parameter may be named after (`type`, `static`, …); written as raw identifiers.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while",
    "abstract", "become", "box", "do", "final", "gen", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

/// `p_q_inner_data_dc` → `PQInnerDataDc`, `resPQ` → `ResPQ`, `auth.SentCode` → `SentCode`.
pub fn pascal(name: &str) -> String {
    let name = name.rsplit('.').next().unwrap_or(name);
    let mut out = String::with_capacity(name.len());
    for part in name.split('_').filter(|p| !p.is_empty()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    out
}

/// `sendMessage` → `send_message`, `getDHConfig` → `get_dh_config`.
pub fn snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev_lower =
                i > 0 && (chars[i - 1].is_ascii_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            let prev_upper = i > 0 && chars[i - 1].is_ascii_uppercase();
            if i > 0 && !out.ends_with('_') && (prev_lower || (prev_upper && next_lower)) {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A struct field / local variable name for a TL parameter.
pub fn field(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    match lower.as_str() {
        "self" | "super" | "crate" => format!("{lower}_"),
        k if KEYWORDS.contains(&k) => format!("r#{lower}"),
        _ => lower,
    }
}

/// A module name for a TL namespace.
pub fn module(ns: &str) -> String {
    field(&snake(ns))
}

/// The enum variant for a constructor of a boxed type: the type's name is stripped from the front
/// when what is left is a name (`userEmpty` in `User` → `Empty`).
pub fn variant(constructor: &str, type_name: &str) -> String {
    let full = pascal(constructor);
    let ty = pascal(type_name);
    match full.strip_prefix(&ty) {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_uppercase()) && rest != "Self" => {
            rest.to_owned()
        }
        _ => full,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_names() {
        assert_eq!(pascal("p_q_inner_data_dc"), "PQInnerDataDc");
        assert_eq!(pascal("auth.sentCode"), "SentCode");
        assert_eq!(snake("getDHConfig"), "get_dh_config");
        assert_eq!(snake("sendMessage"), "send_message");
        assert_eq!(field("type"), "r#type");
        assert_eq!(field("self"), "self_");
        assert_eq!(field("srp_B"), "srp_b");
        assert_eq!(variant("userEmpty", "User"), "Empty");
        assert_eq!(variant("user", "User"), "User");
        assert_eq!(variant("inputPeerSelf", "InputPeer"), "InputPeerSelf");
        assert_eq!(variant("server_DH_params_ok", "Server_DH_Params"), "Ok");
    }
}
