//! Constructor ids: CRC32 (zlib/IEEE) of the normalised declaration.
//!
//! Normalisation (<https://core.telegram.org/mtproto/TL-abstract-types>; the rules and vectors are
//! collected in the project's MTPROTO.md §6.6 and §5.11): the declaration without `#id` and `;`,
//! single spaces between lexemes, a `bytes` parameter written as `string`, `<` replaced by a space and `>`
//! dropped, `{`/`}` dropped, and every `name:flags.N?true` parameter removed.

/// Normalises the type text of one parameter or result as the id computation wants it: a type
/// that is exactly `bytes` (possibly behind `flags.N?`) becomes `string` — `Vector<bytes>` stays,
/// as in the ids Telegram publishes (`codeSettings#ad253d78`) — then `<` becomes a space and `>`
/// goes.
pub fn normalise_type(text: &str) -> String {
    normalise_type_with(text, true)
}

fn normalise_type_with(text: &str, bytes_as_string: bool) -> String {
    let text = match text.rsplit_once('?') {
        _ if !bytes_as_string => text.to_owned(),
        Some((cond, "bytes")) => format!("{cond}?string"),
        _ if text == "bytes" => "string".to_owned(),
        _ => text.to_owned(),
    };
    text.replace('<', " ").replace('>', "")
}

/// Builds the normalised text from the declaration's lexemes.
///
/// `name` is the full name, `generics` the `{X:Type}` names, `params` the raw `name:type` tokens
/// (types as written) and `result` the result type as written.
pub fn normalised_text(
    name: &str,
    generics: &[String],
    params: &[(String, String)],
    result: &str,
) -> String {
    normalised_text_with(name, generics, params, result, true)
}

/// As [`normalised_text`], keeping `bytes` as written: a few published ids were computed that way
/// (`ipPortSecret#37982646`, the end-to-end `decryptedMessageMediaDocument#6abd9782`), so the
/// check accepts an id matching either form.
pub fn normalised_text_keeping_bytes(
    name: &str,
    generics: &[String],
    params: &[(String, String)],
    result: &str,
) -> String {
    normalised_text_with(name, generics, params, result, false)
}

fn normalised_text_with(
    name: &str,
    generics: &[String],
    params: &[(String, String)],
    result: &str,
    bytes_as_string: bool,
) -> String {
    let mut out = String::from(name);
    for g in generics {
        out.push(' ');
        out.push_str(g);
        out.push_str(":Type");
    }
    for (pname, ty) in params {
        if is_true_flag(ty) {
            continue;
        }
        out.push(' ');
        out.push_str(pname);
        out.push(':');
        out.push_str(&normalise_type_with(ty, bytes_as_string));
    }
    out.push_str(" = ");
    out.push_str(&normalise_type_with(result, bytes_as_string));
    out
}

fn is_true_flag(ty: &str) -> bool {
    ty.rsplit_once('?').is_some_and(|(_, t)| t == "true")
}

/// The constructor id of a normalised declaration.
pub fn id_of(normalised: &str) -> u32 {
    crc32fast::hash(normalised.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Vectors from MTPROTO.md §5.11 (zlib CRC32 of normalised declarations).
    #[test]
    fn known_ids() {
        let cases: &[(u32, &str)] = &[
            (0x62d6b459, "msgs_ack msg_ids:Vector long = MsgsAck"),
            (0xcb9f372d, "invokeAfterMsg X:Type msg_id:long query:!X = X"),
            (0x1cb5c415, "vector t:Type # [ t ] = Vector t"),
            (0x997275b5, "boolTrue = Bool"),
            (
                0x73f1f8dc,
                "msg_container messages:vector message = MessageContainer",
            ),
            (
                0x5bb8e511,
                "message msg_id:long seqno:int bytes:int body:Object = Message",
            ),
        ];
        for (id, text) in cases {
            assert_eq!(id_of(text), *id, "{text}");
        }
    }

    #[test]
    fn normalises_bytes_vectors_and_true_flags() {
        let params = vec![
            ("flags".to_owned(), "#".to_owned()),
            ("silent".to_owned(), "flags.0?true".to_owned()),
            ("data".to_owned(), "flags.1?bytes".to_owned()),
            ("ids".to_owned(), "Vector<bytes>".to_owned()),
        ];
        let text = normalised_text("x.y", &["X".to_owned()], &params, "Vector<long>");
        assert_eq!(
            text,
            "x.y X:Type flags:# data:flags.1?string ids:Vector bytes = Vector long"
        );
    }
}
