//! The CRC32 self-check over every declaration of every schema, and the declaration counts.

use mtproto_core::tl::{api, mtproto, secret};

fn check(name: &str) -> (usize, usize) {
    let path = format!("{}/schema/{name}.tl", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("schema file");
    let schema = tl_gen::parse_schema(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    for d in &schema.declarations {
        // Every id (explicit or inferred) is the CRC32 of its normalised declaration.
        assert_eq!(
            tl_gen::crc::id_of(&d.normalised),
            d.id,
            "{}: {}",
            d.full_name(),
            d.normalised
        );
    }
    let functions = schema
        .declarations
        .iter()
        .filter(|d| d.category == tl_gen::model::Category::Function)
        .count();
    (schema.declarations.len() - functions, functions)
}

#[test]
fn every_declaration_matches_its_crc32_and_counts_are_printed() {
    for (name, generated) in [
        (
            "mtproto",
            (mtproto::CONSTRUCTOR_COUNT, mtproto::FUNCTION_COUNT),
        ),
        ("api", (api::CONSTRUCTOR_COUNT, api::FUNCTION_COUNT)),
        (
            "secret",
            (secret::CONSTRUCTOR_COUNT, secret::FUNCTION_COUNT),
        ),
    ] {
        let (constructors, functions) = check(name);
        println!(
            "schema {name}: {constructors} constructors, {functions} functions, {} declarations",
            constructors + functions
        );
        assert_eq!(
            (constructors, functions),
            generated,
            "generated code is out of date for {name}"
        );
    }
    assert_eq!(api::LAYER, 229);
    assert_eq!(secret::LAYER, 144);
}

#[test]
fn a_mistyped_id_fails_naming_the_declaration() {
    let path = format!("{}/schema/mtproto.tl", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path)
        .unwrap()
        .replace("ping#7abe77ec", "ping#7abe77ed");
    let e = tl_gen::parse_schema(&text).unwrap_err().to_string();
    assert!(
        e.contains("ping#7abe77ed ping_id:long = Pong") && e.contains("7abe77ec"),
        "{e}"
    );
}
