//! `chat-server`: a Telegram-compatible MTProto server composed from the workspace's crates —
//! MTProto Gateway ([`gateway`]), Auth & Session Service ([`auth`], [`rpc::auth`]) and the
//! Updates Service's RPCs ([`rpc::updates`]) over chat-store. See `docs/chat-server.md`.
#![forbid(unsafe_code)]

mod app;
mod auth;
mod cli;
mod gateway;
mod online;
mod rpc;
mod rsa_key;
mod startup;

use clap::Parser;

fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let cli = cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            tracing::error!(error = %e, "cannot start the runtime");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(startup::run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "chat-server stopped");
            std::process::ExitCode::FAILURE
        }
    }
}
