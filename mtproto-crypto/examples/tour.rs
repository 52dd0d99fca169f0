//! A short tour of mtproto-crypto at work in both roles: what a client and a server compute
//! while they create an auth key, talk over it, and what two users compute for a secret chat.
//!
//! Run: `cargo run --release -p mtproto-crypto --example tour [server-key.pem]`
//!
//! The library never touches the OS random source; this host does, and hands `rand`'s
//! thread-local CSPRNG to every call that needs randomness.

use std::time::Instant;

use mtproto_crypto::auth_key::DhGenResult;
use mtproto_crypto::ctr::{self, Obfuscation, ProtocolTag};
use mtproto_crypto::dh::{DhGroup, TELEGRAM_DH_PRIME};
use mtproto_crypto::handshake::{self, TmpAesKey};
use mtproto_crypto::message::{self, HEADER_LEN};
use mtproto_crypto::rsa::RsaPrivateKey;
use mtproto_crypto::secret::{self, SecretKey, Sender};
use mtproto_crypto::{AuthKey, Side, pq};
use rand::RngExt;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn section(title: &str) {
    println!("\n== {title}");
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut rng = rand::rng();

    section("RSA: the server's key");
    let started = Instant::now();
    let server_key = match std::env::args().nth(1) {
        Some(path) => RsaPrivateKey::from_pem(&std::fs::read_to_string(path)?)?,
        None => RsaPrivateKey::generate(&mut rng, 2048)?,
    };
    println!("key ready in {:?}", started.elapsed());
    let fingerprint = server_key.public().fingerprint();
    println!(
        "fingerprint {:#018x} (wire bytes {})",
        fingerprint.0 as u64,
        hex(&fingerprint.to_bytes())
    );
    let pem = server_key.public().to_pkcs1_pem()?;
    println!(
        "public key, as clients embed it:\n{}",
        pem.lines().take(2).collect::<Vec<_>>().join("\n")
    );

    section("pq: the server's proof-of-work puzzle");
    let puzzle = pq::generate(&mut rng);
    let started = Instant::now();
    let solved = pq::factorize(puzzle.pq)?;
    println!(
        "server sends pq = {}; client factors it into {} x {} in {:?}",
        puzzle.pq,
        solved.p,
        solved.q,
        started.elapsed()
    );
    assert_eq!(solved, puzzle);

    section("RSA: client encrypts p_q_inner_data, server decrypts");
    let nonce: [u8; 16] = rng.random();
    let server_nonce: [u8; 16] = rng.random();
    let new_nonce: [u8; 32] = rng.random();
    // A stand-in for the TL-serialised p_q_inner_data_dc (the TL layer lives in mtproto-core).
    let mut inner = Vec::new();
    inner.extend_from_slice(&0xa9f5_5f95u32.to_le_bytes());
    inner.extend_from_slice(&pq::to_minimal_be(puzzle.pq));
    inner.extend_from_slice(&nonce);
    inner.extend_from_slice(&server_nonce);
    inner.extend_from_slice(&new_nonce);
    for (name, blob) in [
        (
            "RSA_PAD",
            server_key.public().encrypt_rsa_pad(&inner, &mut rng)?,
        ),
        (
            "legacy SHA1",
            server_key.public().encrypt_legacy(&inner, &mut rng)?,
        ),
    ] {
        let started = Instant::now();
        let got = server_key.decrypt_inner(&blob, &mut rng)?;
        println!(
            "client used {name}: server decrypted it in {:?}, detected {:?}, data intact: {}",
            started.elapsed(),
            got.scheme,
            got.data.starts_with(&inner)
        );
    }

    section("Diffie-Hellman with Telegram's prime");
    let started = Instant::now();
    let group = DhGroup::validate(&TELEGRAM_DH_PRIME, 3, &mut rng)?;
    println!(
        "(p, g = 3) accepted in {:?}; g = 2 would be refused: {}",
        started.elapsed(),
        DhGroup::validate(&TELEGRAM_DH_PRIME, 2, &mut rng).unwrap_err()
    );
    let started = Instant::now();
    let full = mtproto_crypto::dh::is_safe_prime(group.p(), &mut rng);
    println!(
        "full safe-prime check (Miller-Rabin on p and (p-1)/2): {full} in {:?} (cache it)",
        started.elapsed()
    );
    let server_secret = group.generate_secret(&mut rng);
    group.check_public(server_secret.public())?;
    let client_secret = group.generate_secret(&mut rng);
    group.check_public(client_secret.public())?;
    let client_view =
        AuthKey::from_bytes(client_secret.shared_key(&group, server_secret.public())?);
    let server_view =
        AuthKey::from_bytes(server_secret.shared_key(&group, client_secret.public())?);
    assert_eq!(client_view, server_view);
    let auth_key = server_view;
    println!(
        "both sides hold the same auth_key; auth_key_id = {:#018x}, aux_hash = {}",
        auth_key.id().0,
        hex(&auth_key.aux_hash())
    );
    println!(
        "dh_gen_ok carries new_nonce_hash1 = {}",
        hex(&auth_key.new_nonce_hash(&new_nonce, DhGenResult::Ok))
    );
    let tmp = TmpAesKey::from_nonces(&server_nonce, &new_nonce);
    println!(
        "handshake tmp_aes_key = {}..., first salt = {}",
        &hex(&tmp.key)[..16],
        hex(&handshake::initial_server_salt(&new_nonce, &server_nonce))
    );

    section("Obfuscated transport");
    let init = ctr::generate_init(&mut rng, ProtocolTag::Intermediate, Some(2));
    let (mut client_stream, header) = Obfuscation::initiator(&init, None);
    let (mut server_stream, seen) = Obfuscation::receiver(&header, None);
    println!(
        "server reads the tag {:?} from the client's 64-byte header",
        ProtocolTag::from_bytes(seen[56..60].try_into()?)
    );

    section("Messages in both directions");
    let session_id: i64 = rng.random();
    let mut send =
        |side: Side, body: &[u8], msg_id: i64| -> Result<Vec<u8>, Box<dyn std::error::Error>> {
            let plain_len = 32 + body.len();
            let mut buf = vec![0u8; message::packet_len(plain_len)];
            let inner = &mut buf[HEADER_LEN..HEADER_LEN + plain_len];
            inner[8..16].copy_from_slice(&session_id.to_le_bytes());
            inner[16..24].copy_from_slice(&msg_id.to_le_bytes());
            inner[24..28].copy_from_slice(&1i32.to_le_bytes());
            inner[28..32].copy_from_slice(&(body.len() as u32).to_le_bytes());
            inner[32..].copy_from_slice(body);
            let len = message::encrypt(&auth_key, side.outgoing(), &mut buf, plain_len, &mut rng)?;
            buf.truncate(len);
            Ok(buf)
        };
    let mut wire = send(Side::Client, b"ping\0\0\0\0", 0x6543_2100_0000_0004)?;
    client_stream.send.apply(&mut wire);
    server_stream.recv.apply(&mut wire);
    let m = message::decrypt(&auth_key, Side::Server.incoming(), &mut wire)?;
    println!(
        "client -> server: {} bytes on the wire; server reads msg_id {:#x}, body {:?}",
        message::packet_len(40),
        m.msg_id(),
        String::from_utf8_lossy(m.body())
    );
    let mut wire = send(Side::Server, b"pong\0\0\0\0", 0x6543_2100_0000_0001)?;
    server_stream.send.apply(&mut wire);
    client_stream.recv.apply(&mut wire);
    let m = message::decrypt(&auth_key, Side::Client.incoming(), &mut wire)?;
    println!(
        "server -> client: client reads msg_id {:#x}, body {:?}",
        m.msg_id(),
        String::from_utf8_lossy(m.body())
    );
    wire[30] ^= 1;
    println!(
        "a flipped bit is refused: {}",
        message::decrypt(&auth_key, Side::Client.incoming(), &mut wire).unwrap_err()
    );

    section("Secret chat between Alice (creator) and Bob");
    let a = group.generate_secret(&mut rng);
    let b = group.generate_secret(&mut rng);
    let alice = SecretKey::from_bytes(a.shared_key(&group, b.public())?);
    let bob = SecretKey::from_bytes(b.shared_key(&group, a.public())?);
    println!(
        "key fingerprints: Alice {:#018x}, Bob {:#018x}",
        alice.fingerprint() as u64,
        bob.fingerprint() as u64
    );
    let hash = alice.key_hash();
    println!("key visualisation (both apps draw the same 12x12 grid):");
    for row in secret::visualization_grid(&hash) {
        let line: String = row
            .iter()
            .map(|&c| [" .", " o", " #", " @"][c as usize])
            .collect();
        println!("   {line}");
    }
    let payload = b"hello Bob, only you can read this!!!";
    let mut buf = vec![0u8; secret::PAYLOAD_OFFSET + payload.len() + 32];
    buf[secret::PAYLOAD_OFFSET..secret::PAYLOAD_OFFSET + payload.len()].copy_from_slice(payload);
    let len = secret::encrypt(&alice, Sender::Creator, &mut buf, payload.len(), &mut rng)?;
    let read = secret::decrypt(&bob, Sender::Creator, &mut buf[..len])?;
    println!(
        "Bob decrypts Alice's {len}-byte packet: {:?}",
        String::from_utf8_lossy(read)
    );
    Ok(())
}
