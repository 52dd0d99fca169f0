//! The real-client test: a small blocking test host (std::net, one thread per connection) built
//! on [`ServerConnection`] completes the handshake with Telethon 1.45.0, answers `help.getConfig`
//! and pings, over the full, intermediate, abridged and obfuscated transports.
//!
//! Needs Python with Telethon 1.45.0: `MTPROTO_TEST_PYTHON` (set by `scripts/test.sh`), else
//! `python3`; the test fails with a clear message when Telethon is missing.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use mtproto_core::session::server::{MemoryKeys, RpcAnswer, ServerConnection, ServerEvent};
use mtproto_core::time::UnixTime;
use mtproto_core::tl::Serialize;
use mtproto_core::tl::api::types;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;

/// `help.getConfig#c4f9186b`.
const HELP_GET_CONFIG: u32 = 0xc4f9_186b;

fn wall_clock() -> UnixTime {
    // The test host, not the library, reads the clock.
    UnixTime(SystemTime::now().duration_since(UNIX_EPOCH).unwrap())
}

/// A minimal layer-229 `config#cc1a241e` (flags 0) advertising this host as DC 2
/// (SERVER-INTEROP.md §6).
fn config(port: u16, now: i32) -> Vec<u8> {
    types::Config {
        date: now,
        expires: now + 3600,
        this_dc: 2,
        dc_options: vec![
            types::DcOption {
                id: 2,
                ip_address: "127.0.0.1".into(),
                port: i32::from(port),
                ..Default::default()
            }
            .into(),
        ],
        dc_txt_domain_name: "localhost".into(),
        chat_size_max: 200,
        megagroup_size_max: 200_000,
        forwarded_count_max: 100,
        online_update_period_ms: 210_000,
        offline_blur_timeout_ms: 5000,
        offline_idle_timeout_ms: 30_000,
        online_cloud_timeout_ms: 300_000,
        notify_cloud_delay_ms: 0,
        notify_default_delay_ms: 1500,
        push_chat_period_ms: 60_000,
        push_chat_limit: 3,
        edit_time_limit: 172_800,
        revoke_time_limit: 172_800,
        revoke_pm_time_limit: 172_800,
        rating_e_decay: 1,
        stickers_recent_limit: 20,
        channels_read_media_period: 604_800,
        call_receive_timeout_ms: 20_000,
        call_ring_timeout_ms: 90_000,
        call_connect_timeout_ms: 30_000,
        call_packet_timeout_ms: 10_000,
        me_url_prefix: "https://t.me/".into(),
        caption_length_max: 1024,
        message_length_max: 4096,
        webfile_dc_id: 4,
        ..Default::default()
    }
    .to_bytes()
}

fn answer(query: &[u8], port: u16, now: UnixTime) -> RpcAnswer {
    if query.len() >= 4
        && u32::from_le_bytes([query[0], query[1], query[2], query[3]]) == HELP_GET_CONFIG
    {
        RpcAnswer::Result(config(port, now.as_secs() as i32))
    } else {
        RpcAnswer::Error {
            code: 401,
            message: "AUTH_KEY_UNREGISTERED".into(),
        }
    }
}

fn serve(mut stream: TcpStream, keys: Arc<Mutex<MemoryKeys>>, port: u16, seed: u64) {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let mut conn = ServerConnection::new(common::server_config());
    stream
        .set_read_timeout(Some(Duration::from_millis(20)))
        .unwrap();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let now = wall_clock();
        match stream.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => conn.handle_input(now, &buf[..n], &mut *keys.lock().unwrap(), &mut rng),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return,
        }
        while let Some(event) = conn.poll_event() {
            match event {
                ServerEvent::Rpc(call) => {
                    let a = answer(&call.query, port, now);
                    conn.respond(now, call.handle, a, &mut rng);
                }
                ServerEvent::Closed(_) => return,
                _ => {}
            }
        }
        if let Some(t) = conn.poll_timeout()
            && t <= now
        {
            conn.handle_timeout(now);
        }
        while let Some(out) = conn.poll_transmit() {
            if stream.write_all(&out).is_err() {
                return;
            }
        }
    }
}

/// Starts the host; returns its port.
fn start_host() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let keys = Arc::new(Mutex::new(MemoryKeys::new()));
    thread::spawn(move || {
        for (i, stream) in listener.incoming().enumerate() {
            let Ok(stream) = stream else { continue };
            let keys = keys.clone();
            thread::spawn(move || serve(stream, keys, port, i as u64));
        }
    });
    port
}

fn python() -> String {
    std::env::var("MTPROTO_TEST_PYTHON").unwrap_or_else(|_| "python3".into())
}

fn run_telethon(port: u16, connection: &str) {
    let py = python();
    let check = Command::new(&py)
        .args(["-c", "import telethon; print(telethon.__version__)"])
        .output();
    let version = match check {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).trim().to_string(),
        _ => panic!(
            "Telethon is not importable with `{py}`: install it (pip install telethon==1.45.0) or set \
             MTPROTO_TEST_PYTHON to a Python that has it (scripts/test.sh does)"
        ),
    };
    assert_eq!(version, "1.45.0", "the interop test pins Telethon 1.45.0");
    let pem =
        std::env::temp_dir().join(format!("mtproto-wire-test-key-{}.pem", std::process::id()));
    std::fs::write(&pem, common::rsa_key().public().to_pkcs1_pem().unwrap()).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/telethon/client.py");
    let out = Command::new(&py)
        .args([script, pem.to_str().unwrap(), &port.to_string(), connection])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "Telethon over {connection} failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains(&format!("CONFIG 2 127.0.0.1 {port}")),
        "{connection}: {stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("PONG 11") && stdout.contains("PONG 22"),
        "{connection}: {stdout}\n{stderr}"
    );
}

#[test]
fn telethon_full_intermediate_abridged_obfuscated() {
    let port = start_host();
    for connection in [
        "ConnectionTcpFull",
        "ConnectionTcpIntermediate",
        "ConnectionTcpAbridged",
        "ConnectionTcpObfuscated",
    ] {
        run_telethon(port, connection);
    }
}
