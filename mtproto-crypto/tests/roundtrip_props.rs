//! Property tests: round trips for both roles and all lengths, batched = serial, incremental =
//! one-shot, and differential checks against `grammers-crypto` (an independent implementation)
//! for IGE, the v2 KDF (through whole messages and the handshake key) and message encryption.

mod common;

use grammers_crypto::DequeBuffer;
use mtproto_crypto::ctr::{self, Obfuscation, ProtocolTag};
use mtproto_crypto::handshake::TmpAesKey;
use mtproto_crypto::ige::batch::{self, IgeJob};
use mtproto_crypto::ige::{self, AesIge};
use mtproto_crypto::message::{self, HEADER_LEN};
use mtproto_crypto::secret::{self, SecretKey, Sender};
use mtproto_crypto::{AuthKey, Direction, kdf};
use proptest::prelude::*;

fn blocks(max: usize) -> impl Strategy<Value = Vec<u8>> {
    (0..=max).prop_flat_map(|n| proptest::collection::vec(any::<u8>(), n * 16))
}

fn key256() -> impl Strategy<Value = [u8; 256]> {
    proptest::collection::vec(any::<u8>(), 256).prop_map(|v| v.try_into().unwrap())
}

proptest! {
    #[test]
    fn ige_round_trip_and_matches_grammers(key in any::<[u8; 32]>(), iv in any::<[u8; 32]>(), data in blocks(40)) {
        let mut ours = data.clone();
        ige::encrypt(&key, &iv, &mut ours).unwrap();
        let mut theirs = data.clone();
        grammers_crypto::aes::ige_encrypt(&mut theirs, &key, &iv);
        prop_assert_eq!(&ours, &theirs);
        let mut back = ours.clone();
        ige::decrypt(&key, &iv, &mut back).unwrap();
        prop_assert_eq!(&back, &data);
        grammers_crypto::aes::ige_decrypt(&mut theirs, &key, &iv);
        prop_assert_eq!(&theirs, &data);
    }

    #[test]
    fn ige_incremental_equals_one_shot(key in any::<[u8; 32]>(), iv in any::<[u8; 32]>(), data in blocks(20), cut in 0usize..=20) {
        let cut = (cut * 16).min(data.len());
        let mut whole = data.clone();
        ige::encrypt(&key, &iv, &mut whole).unwrap();
        let ige = AesIge::new(&key);
        let mut parts = data.clone();
        let mut state = iv;
        let (a, b) = parts.split_at_mut(cut);
        ige.encrypt(&mut state, a).unwrap();
        ige.encrypt(&mut state, b).unwrap();
        prop_assert_eq!(&parts, &whole);
    }

    #[test]
    fn ige_rejects_partial_blocks(data in proptest::collection::vec(any::<u8>(), 1..100)) {
        prop_assume!(data.len() % 16 != 0);
        let mut d = data.clone();
        prop_assert!(ige::encrypt(&[0; 32], &[0; 32], &mut d).is_err());
        prop_assert!(ige::decrypt(&[0; 32], &[0; 32], &mut d).is_err());
        prop_assert_eq!(d, data);
    }

    #[test]
    fn batch_equals_serial(jobs in proptest::collection::vec((any::<[u8; 32]>(), any::<[u8; 32]>(), blocks(12)), 0..20)) {
        let mut expected: Vec<Vec<u8>> = jobs.iter().map(|(_, _, d)| d.clone()).collect();
        for ((key, iv, _), data) in jobs.iter().zip(&mut expected) {
            ige::encrypt(key, iv, data).unwrap();
        }
        let mut datas: Vec<Vec<u8>> = jobs.iter().map(|(_, _, d)| d.clone()).collect();
        let mut batch_jobs: Vec<IgeJob<'_>> = jobs.iter().zip(datas.iter_mut())
            .map(|((key, iv, _), data)| IgeJob { key: *key, iv: *iv, data })
            .collect();
        batch::encrypt(&mut batch_jobs).unwrap();
        // Each job's iv now holds its final chaining state: decrypt from the original ones.
        for (job, (_, iv, _)) in batch_jobs.iter_mut().zip(&jobs) {
            job.iv = *iv;
        }
        batch::decrypt(&mut batch_jobs).unwrap();
        drop(batch_jobs);
        for ((_, _, original), data) in jobs.iter().zip(&datas) {
            prop_assert_eq!(original, data);
        }
        let mut datas2: Vec<Vec<u8>> = jobs.iter().map(|(_, _, d)| d.clone()).collect();
        let mut batch_jobs: Vec<IgeJob<'_>> = jobs.iter().zip(datas2.iter_mut())
            .map(|((key, iv, _), data)| IgeJob { key: *key, iv: *iv, data })
            .collect();
        batch::encrypt(&mut batch_jobs).unwrap();
        drop(batch_jobs);
        prop_assert_eq!(datas2, expected);
    }

    #[test]
    fn message_round_trip_both_roles(key in key256(), plaintext in proptest::collection::vec(any::<u8>(), 0..2100), seed in any::<u64>(), server in any::<bool>()) {
        let key = AuthKey::from_bytes(key);
        let direction = if server { Direction::ServerToClient } else { Direction::ClientToServer };
        let mut buf = vec![0u8; message::packet_len(plaintext.len())];
        buf[HEADER_LEN..HEADER_LEN + plaintext.len()].copy_from_slice(&plaintext);
        let len = message::encrypt(&key, direction, &mut buf, plaintext.len(), &mut common::rng(seed)).unwrap();
        prop_assert_eq!(len, buf.len());
        prop_assert_eq!((len - HEADER_LEN) % 16, 0);
        let other = if server { Direction::ClientToServer } else { Direction::ServerToClient };
        prop_assert_eq!(message::decrypt_raw(&key, other, &mut buf.clone()).unwrap_err(), mtproto_crypto::error::MessageError::MsgKeyMismatch);
        let plain = message::decrypt_raw(&key, direction, &mut buf).unwrap();
        prop_assert_eq!(&plain[..plaintext.len()], &plaintext[..]);
    }

    #[test]
    fn cloud_message_layout_round_trip(key in key256(), body_words in 0usize..300, pad_blocks in 0usize..60, seed in any::<u64>()) {
        let key = AuthKey::from_bytes(key);
        let body_len = body_words * 4;
        let plain_len = 32 + body_len;
        let padding_len = message::min_padding(plain_len) + 16 * pad_blocks;
        prop_assume!(padding_len <= message::MAX_PADDING);
        let mut buf = vec![0u8; HEADER_LEN + plain_len + padding_len];
        let mut rng = common::rng(seed);
        rand_core::Rng::fill_bytes(&mut rng, &mut buf[HEADER_LEN..HEADER_LEN + 28]);
        buf[HEADER_LEN + 28..HEADER_LEN + 32].copy_from_slice(&(body_len as u32).to_le_bytes());
        let padding = vec![0x5a; padding_len];
        let inner = buf[HEADER_LEN..HEADER_LEN + plain_len].to_vec();
        message::encrypt_with_padding(&key, Direction::ServerToClient, &mut buf, plain_len, &padding).unwrap();
        let m = message::decrypt(&key, Direction::ServerToClient, &mut buf).unwrap();
        prop_assert_eq!(m.body(), &inner[32..]);
        prop_assert_eq!(m.msg_id(), i64::from_le_bytes(inner[16..24].try_into().unwrap()));
    }

    /// grammers encrypts client→server (x = 0) and decrypts server→client (x = 8): each side
    /// must read the other's packets.
    #[test]
    fn message_matches_grammers(key in key256(), plaintext in proptest::collection::vec(any::<u8>(), 0..600), seed in any::<u64>()) {
        let ours = AuthKey::from_bytes(key);
        let theirs = grammers_crypto::AuthKey::from_bytes(key);

        let mut deque = DequeBuffer::with_capacity(plaintext.len() + 64, 32);
        deque.extend(plaintext.iter().copied());
        grammers_crypto::encrypt_data_v2(&mut deque, &theirs);
        let mut packet = deque.as_ref().to_vec();
        let plain = message::decrypt_raw(&ours, Direction::ClientToServer, &mut packet).unwrap();
        prop_assert_eq!(&plain[..plaintext.len()], &plaintext[..]);

        let mut buf = vec![0u8; message::packet_len(plaintext.len())];
        buf[HEADER_LEN..HEADER_LEN + plaintext.len()].copy_from_slice(&plaintext);
        message::encrypt(&ours, Direction::ServerToClient, &mut buf, plaintext.len(), &mut common::rng(seed)).unwrap();
        let plain = grammers_crypto::decrypt_data_v2(&mut buf, &theirs).unwrap();
        prop_assert_eq!(&plain[..plaintext.len()], &plaintext[..]);
    }

    #[test]
    fn tmp_aes_key_matches_grammers(server_nonce in any::<[u8; 16]>(), new_nonce in any::<[u8; 32]>()) {
        let ours = TmpAesKey::from_nonces(&server_nonce, &new_nonce);
        let (key, iv) = grammers_crypto::generate_key_data_from_nonce(&server_nonce, &new_nonce);
        prop_assert_eq!(ours.key, key);
        prop_assert_eq!(ours.iv, iv);
    }

    #[test]
    fn tampering_is_always_rejected(key in key256(), plaintext in proptest::collection::vec(any::<u8>(), 0..300), at in any::<usize>(), bit in 0u8..8, seed in any::<u64>()) {
        let key = AuthKey::from_bytes(key);
        let mut buf = vec![0u8; message::packet_len(plaintext.len())];
        buf[HEADER_LEN..HEADER_LEN + plaintext.len()].copy_from_slice(&plaintext);
        message::encrypt(&key, Direction::ClientToServer, &mut buf, plaintext.len(), &mut common::rng(seed)).unwrap();
        let at = at % buf.len();
        buf[at] ^= 1 << bit;
        prop_assert!(message::decrypt_raw(&key, Direction::ClientToServer, &mut buf).is_err());
    }

    #[test]
    fn secret_round_trip_both_senders(key in key256(), payload_words in 0usize..200, seed in any::<u64>(), creator in any::<bool>()) {
        let key = SecretKey::from_bytes(key);
        let sender = if creator { Sender::Creator } else { Sender::Participant };
        let payload: Vec<u8> = (0..payload_words * 4).map(|i| i as u8).collect();
        let mut buf = vec![0u8; secret::PAYLOAD_OFFSET + payload.len() + 27];
        buf[secret::PAYLOAD_OFFSET..secret::PAYLOAD_OFFSET + payload.len()].copy_from_slice(&payload);
        let len = secret::encrypt(&key, sender, &mut buf, payload.len(), &mut common::rng(seed)).unwrap();
        prop_assert_eq!(secret::decrypt(&key, sender, &mut buf[..len]).unwrap(), &payload[..]);
    }

    #[test]
    fn secret_v1_decrypts_v1_packets(key in key256(), payload_words in 0usize..100) {
        // Build a 1.0 packet from the vectored 1.0 primitives (KDF, msg_key, IGE).
        let key = SecretKey::from_bytes(key);
        let payload: Vec<u8> = (0..payload_words * 4).map(|i| (i * 3) as u8).collect();
        let mut plain = (payload.len() as u32).to_le_bytes().to_vec();
        plain.extend_from_slice(&payload);
        let msg_key = kdf::msg_key_v1(&plain);
        plain.resize(plain.len().div_ceil(16) * 16, 0xcc);
        let keys = kdf::derive_v1(key.as_bytes(), 0, &msg_key);
        ige::encrypt(&keys.key, &keys.iv, &mut plain).unwrap();
        let mut packet = key.fingerprint().to_le_bytes().to_vec();
        packet.extend_from_slice(&msg_key.0);
        packet.extend_from_slice(&plain);
        prop_assert_eq!(secret::decrypt_v1(&key, &mut packet).unwrap(), &payload[..]);
    }

    #[test]
    fn obfuscation_sides_mirror(seed in any::<u64>(), dc in any::<i16>(), chunks in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..64), 1..6)) {
        let init = ctr::generate_init(&mut common::rng(seed), ProtocolTag::Abridged, Some(dc));
        prop_assert!(ctr::is_valid_init(&init));
        let (mut client, header) = Obfuscation::initiator(&init, Some(&[3; 16]));
        let (mut server, decrypted) = Obfuscation::receiver(&header, Some(&[3; 16]));
        prop_assert_eq!(&decrypted[56..60], &[0xef; 4]);
        prop_assert_eq!(i16::from_le_bytes([decrypted[60], decrypted[61]]), dc);
        for chunk in &chunks {
            let mut up = chunk.clone();
            client.send.apply(&mut up);
            server.recv.apply(&mut up);
            prop_assert_eq!(&up, chunk);
            let mut down = chunk.clone();
            server.send.apply(&mut down);
            client.recv.apply(&mut down);
            prop_assert_eq!(&down, chunk);
        }
    }
}
