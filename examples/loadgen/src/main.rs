//! `loadgen`: see the library documentation and `docs/loadgen.md`.

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let config = loadgen::Config::parse();
    match loadgen::run(&config).await {
        Ok(report) => {
            println!("{report}");
            if report.lost > 0 || report.failed_clients > 0 {
                eprintln!("loadgen: some messages were lost or clients failed");
                return std::process::ExitCode::FAILURE;
            }
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("loadgen: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
