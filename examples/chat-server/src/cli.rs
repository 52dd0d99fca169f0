//! The command line (issue 8): where to listen, where to keep data, which RSA key, what to
//! advertise, whether unknown numbers register on sign-in, and where login codes go.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

/// A Telegram-compatible MTProto server built from the workspace's crates.
#[derive(Debug, Clone, Parser)]
#[command(name = "chat-server", version, about)]
pub struct Cli {
    /// Address to accept MTProto connections on.
    #[arg(long, default_value = "127.0.0.1:8443")]
    pub listen: SocketAddr,
    /// Directory of the store, the generated RSA key and `server-public.pem`.
    #[arg(long, default_value = "./data")]
    pub data_dir: PathBuf,
    /// A PKCS#1 or PKCS#8 PEM private RSA key (2048 bits). Without it a key is generated in the
    /// data directory on first start and reused afterwards.
    #[arg(long, value_name = "PATH")]
    pub rsa_key: Option<PathBuf>,
    /// The address `help.getConfig` advertises (defaults to the listen address).
    #[arg(long, value_name = "HOST:PORT")]
    pub public_addr: Option<String>,
    /// The DC id this server claims to be.
    #[arg(long, default_value_t = 2)]
    pub dc_id: i32,
    /// Sign-in with an unknown number creates the account (Telethon 1.45 cannot sign up).
    #[arg(long)]
    pub auto_register: bool,
    /// POST each login code as JSON `{"phone":…,"code":…}` to this http:// URL instead of
    /// writing it to the log.
    #[arg(long, value_name = "URL")]
    pub code_webhook: Option<String>,
}
