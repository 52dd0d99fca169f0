//! Generates the TL types from `schema/*.tl` into OUT_DIR (see docs/tl.md). Fails the build,
//! naming the declaration, when a schema does not parse or an explicit `#id` is not the CRC32 of
//! its normalised declaration.

use std::path::Path;

use tl_gen::{Config, Extern};

const RAW_OBJECT: Extern<'static> = Extern {
    tl_name: "Object",
    rust: "crate::tl::RawObject",
    lifetime: true,
};

fn main() {
    let container = "crate::tl::mtproto::container::ContainerMessage";
    let message = Extern {
        tl_name: "message",
        rust: container,
        lifetime: true,
    };
    let boxed_message = Extern {
        tl_name: "Message",
        rust: container,
        lifetime: true,
    };
    let mtproto_externs = [RAW_OBJECT, message, boxed_message];
    generate(
        "mtproto",
        Config {
            module: "crate::tl::mtproto",
            runtime: "crate::tl",
            externs: &mtproto_externs,
            dispatch: None,
        },
    );
    generate(
        "api",
        Config {
            module: "crate::tl::api",
            runtime: "crate::tl",
            externs: &[RAW_OBJECT],
            dispatch: Some("crate::dispatch"),
        },
    );
    generate(
        "secret",
        Config {
            module: "crate::tl::secret",
            runtime: "crate::tl",
            externs: &[],
            dispatch: None,
        },
    );
}

fn generate(name: &str, config: Config<'_>) {
    let schema_path = format!("schema/{name}.tl");
    println!("cargo::rerun-if-changed={schema_path}");
    let text =
        std::fs::read_to_string(&schema_path).unwrap_or_else(|e| panic!("{schema_path}: {e}"));
    let schema = tl_gen::parse_schema(&text).unwrap_or_else(|e| panic!("{schema_path}: {e}"));
    let code = tl_gen::generate(&config, &schema).unwrap_or_else(|e| panic!("{schema_path}: {e}"));
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out_dir).join(format!("{name}.rs"));
    std::fs::write(&out, code).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
