//! Known-answer tests for whole messages, obfuscation and secret chats (MTPROTO.md §5.5, §5.9,
//! §5.13), each citing its source.

mod common;

use common::{Replay, arr, hex, seq};
use mtproto_crypto::ctr::{self, Obfuscation, ProtocolTag};
use mtproto_crypto::error::MessageError;
use mtproto_crypto::message::{self, HEADER_LEN};
use mtproto_crypto::secret::{self, SecretKey, Sender};
use mtproto_crypto::{AuthKey, Direction};

/// MTPROTO.md §5.5(c): grammers `encrypt_client_data_v2` (also gotd
/// `crypto/cipher_encrypt_test.go`, Telethon `test_encrypt_client_data_v2`): auth_key =
/// 0x00..0xff, 45-byte plaintext, 19 zero padding bytes, x = 0.
#[test]
fn encrypt_client_grammers() {
    let key = AuthKey::from_bytes(seq());
    let plaintext = b"Hello, world! This data should remain secure!";
    let mut buf = vec![0u8; HEADER_LEN + 64];
    buf[HEADER_LEN..HEADER_LEN + 45].copy_from_slice(plaintext);
    assert_eq!(message::min_padding(45), 19);
    let len = message::encrypt(
        &key,
        Direction::ClientToServer,
        &mut buf,
        45,
        &mut Replay(vec![0; 19], 0),
    )
    .unwrap();
    assert_eq!(len, 88);
    assert_eq!(
        buf,
        hex(
            "32d1586ea457dfc8a81729d46db54019a2bfd7f744f9b96c4f716cfdc4477db2a2c15f6ddb85235fb9552f1d8407c6aaea00cc844c5a1bf6ac44b79b5edc2a23868b3d6073a590992c0f2975243d563ea180d218ee757c9a"
        )
    );
    // The server side reads it back.
    let plain = message::decrypt_raw(&key, Direction::ClientToServer, &mut buf).unwrap();
    assert_eq!(&plain[..45], plaintext);
}

/// MTPROTO.md §5.5(d): grammers `decrypt_server_data_v2` (also gotd
/// `crypto/cipher_decrypt_test.go`, Telethon `test_decrypt_server_data_v2`): a real server
/// packet, x = 8, and its decoded inner header.
#[test]
fn decrypt_server_grammers() {
    let key = AuthKey::from_bytes(arr(
        "5d2e7d65f49ec28bd029a88761ea27b8a4c79f12226525443e7d7c596ef3303530db2107e89aa997c7a0164ab694187adeff156bd6ef7118a1962347753c0e7e89a0354b8ec364f9997e71bc6923fb86e8e43491e010606a6ce845e2fa01940977ef0aa32adf5a97dbf6d428ec0434d717a2d3ad19622cc05887642113c7965ffb862a3e3ccb0ab95addda57f89245dbd76b492348f8e94bd5a7c0e0b84808523cfd1ea80b32fe9ad198bc2e103fceb7d52492ecc0273a28674bc923eee59265ab17a002df1f4aa2c59b819a5e5e1d105ec117336f5c76c6b187037d4b4270cee9cc21071d97e9bca220c6d7b01b998cf2e5cdb9a50ecda1852a36e635690c8e",
    ));
    let mut packet = hex(
        "7a7183c2c10e4f4df945fa9a9abd35e7c3840b61f045304f39674c19c0e209784f50f6226a073529d675c92cbf0bfa8c99a79b3f39c72a5d9a026d431ab7407ca04ecc55187d6c45f17871524edd90cea02ed728e14d7cb18aea2a636158f09459a9437710d894c79f368c4e8164b7647ea98612aefe942c5d92121acb8db02dccceb66d0f8720ac12a06db0582bfd955be34f365118e3bab8cd080ce6b45b28eac56dcd2a29374e",
    );
    let expected = hex(
        "fc826a02248b28fd60f2c4822443ad6801f0c1c2918b305e0200000058000000dcf8f1730200000001a8c1c2918b305e010000001c0000000809c29ec4fd33ad918b305e18a88ea607ee5816fc826a02248b28fd01ccc1c2918b305e0200000014000000c5737734c4fd33ad918b305e6408300000000000fce66704a3cd8ee9d0ae6fab672c60c04a3f1fd4490e51f6",
    );
    let m = message::decrypt(&key, Direction::ServerToClient, &mut packet).unwrap();
    assert_eq!(m.plaintext(), &expected[..]);
    assert_eq!(m.salt().to_le_bytes(), arr::<8>("fc826a02248b28fd"));
    assert_eq!(m.session_id().to_le_bytes(), arr::<8>("60f2c4822443ad68"));
    assert_eq!(m.msg_id(), 0x5e308b91c2c1f001);
    assert_eq!(m.seq_no(), 2);
    assert_eq!(m.body().len(), 88);
    assert_eq!(&m.body()[..4], &hex("dcf8f173")[..]); // msg_container#73f1f8dc
}

fn mtcute_key() -> AuthKey {
    let chunk = hex("98cb29c6ffa89e79da695a54f572e6cb101e81c688b63a4bf73c3622dec230e0");
    AuthKey::from_bytes(chunk.repeat(8).try_into().unwrap())
}

/// MTPROTO.md §5.5(e): mtcute `packages/core/src/network/auth-key.test.ts`: a real
/// MTProto-shaped message in both directions, the padded-transport tail, and a zeroed msg_key.
#[test]
fn both_directions_mtcute() {
    let key = mtcute_key();
    assert_eq!(key.id().to_bytes(), arr::<8>("40fa5bb7cb56a895"));
    let plaintext = hex(
        "efbeaddeaddeefbeefbeedfeedfeefbe3412efbeefbe3412090300001000000068656c6c6f2c20776f726c642121212129afd26df40fb8ed10b6b4ad6d56ef5d",
    );
    let (body, padding) = plaintext.split_at(48);
    let cases = [
        (
            Direction::ClientToServer,
            "40fa5bb7cb56a895f6f5a88914892aadf87c68031cc953ba29d68e118021f329be386a620d49f3ad3a50c60dcef3733f214e8cefa3e403c11d193637d4971dc15db7f74b26fd16cb0e8fee30bf7e3f68858fe82927e2cd06",
        ),
        (
            Direction::ServerToClient,
            "40fa5bb7cb56a8950c394b884f1529efc42fea22d972fea650a714ce6d2d1bdb3d98ff5929b8768c401771a69795f36a7e720dcafac2efbccd0ba368e8a7f48b07362cac1a32ffcabe188b51a36cc4d54e1d0633cf9eaf35",
        ),
    ];
    for (direction, packet_hex) in cases {
        let mut buf = vec![0u8; HEADER_LEN + 64];
        buf[HEADER_LEN..HEADER_LEN + 48].copy_from_slice(body);
        let len = message::encrypt_with_padding(&key, direction, &mut buf, 48, padding).unwrap();
        assert_eq!(&buf[..len], &hex(packet_hex)[..], "{direction:?}");

        let mut packet = hex(packet_hex);
        let m = message::decrypt(&key, direction, &mut packet).unwrap();
        assert_eq!(m.plaintext(), &plaintext[..]);
        assert_eq!(m.salt(), 0xbeefdeaddeadbeefu64 as i64);
        assert_eq!(m.session_id(), 0xbeeffeedfeedbeefu64 as i64);
        assert_eq!(m.msg_id(), 0x1234beefbeef1234);
        assert_eq!(m.seq_no(), 777);
        assert_eq!(m.body(), b"hello, world!!!!");

        // The padded intermediate transport's random tail: strict decryption refuses it, the
        // transport strips it first.
        let mut tailed = hex(packet_hex);
        tailed.extend_from_slice(&hex("deadbeef"));
        let bad = message::decrypt(&key, direction, &mut tailed.clone()).unwrap_err();
        assert_eq!(bad, MessageError::BadPacketLength(tailed.len()));
        let keep = message::strip_transport_padding(tailed.len());
        assert!(message::decrypt(&key, direction, &mut tailed[..keep]).is_ok());

        // A zeroed msg_key is rejected.
        let mut zeroed = hex(packet_hex);
        zeroed[8..24].fill(0);
        assert_eq!(
            message::decrypt(&key, direction, &mut zeroed).unwrap_err(),
            MessageError::MsgKeyMismatch
        );
    }
}

/// MTPROTO.md §5.9(a): mtcute `packages/core/src/network/transports/obfuscated.test.ts`
/// (intermediate tag, default test entropy), both sides and the MTProxy keys.
#[test]
fn obfuscation_mtcute() {
    let mut init: [u8; 64] = arr(
        "29afd26df40fb8ed10b6b4ad6d56ef5df9453f88e6ee6adb6e0544ba635dc6a8a990c9b8b980c343936b33fa7f97bae025102532233abb269c489920ef99021b",
    );
    init[56..60].copy_from_slice(&ProtocolTag::Intermediate.bytes());
    assert!(ctr::is_valid_init(&init));
    let (mut client, header) = Obfuscation::initiator(&init, None);
    assert_eq!(
        header,
        arr(
            "29afd26df40fb8ed10b6b4ad6d56ef5df9453f88e6ee6adb6e0544ba635dc6a8a990c9b8b980c343936b33fa7f97bae025102532233abb26d4a1fe6d34f1ba08"
        )
    );
    let packet = hex("040000006cfeffff");
    for expected in ["a1020630a410e940", "f53ff53f371db495"] {
        let mut data = packet.clone();
        client.send.apply(&mut data);
        assert_eq!(data, hex(expected));
    }
    for incoming in ["e8027df708ab3b5c", "1854be76d2df4949"] {
        let mut data = hex(incoming);
        client.recv.apply(&mut data);
        assert_eq!(data, packet);
    }

    // The receiving side recovers the tag and reads what the client sent.
    let (mut server, decrypted) = Obfuscation::receiver(&header, None);
    assert_eq!(
        ProtocolTag::from_bytes(decrypted[56..60].try_into().unwrap()),
        Some(ProtocolTag::Intermediate)
    );
    let mut data = hex("a1020630a410e940");
    server.recv.apply(&mut data);
    assert_eq!(data, packet);
    // And what it sends, the client reads.
    let mut reply = packet.clone();
    server.send.apply(&mut reply);
    let (mut client2, _) = Obfuscation::initiator(&init, None);
    client2.recv.apply(&mut reply);
    assert_eq!(reply, packet);
}

/// MTPROTO.md §5.9(a): `random = ff*64` headers, without and with a zero MTProxy secret and the
/// DC id at 60..62 (mtcute `obfuscated.test.ts`).
#[test]
fn obfuscation_ff_headers_mtcute() {
    type Case = (Option<i16>, Option<[u8; 16]>, &'static str);
    let cases: [Case; 4] = [
        (None, None, "fce8ab2203db2bff"),
        (Some(1), Some([0; 16]), "ecec4cbda8bb188b"),
        (Some(10001), Some([0; 16]), "ecec4cbdb89c188b"),
        (Some(-1), Some([0; 16]), "ecec4cbd5644188b"),
    ];
    for (dc, secret, tail) in cases {
        let mut replay = Replay(vec![0xff; 64], 0);
        let init = ctr::generate_init(&mut replay, ProtocolTag::Intermediate, dc);
        let (_, header) = Obfuscation::initiator(&init, secret.as_ref());
        assert_eq!(&header[..56], &[0xff; 56][..]);
        assert_eq!(&header[56..], &hex(tail)[..], "dc {dc:?}");
    }
}

/// MTPROTO.md §5.9(b): gotd `mtproxy/obfuscated2/obfuscated2_test.go` (padded intermediate,
/// dc 2, MTProxy secret).
#[test]
fn obfuscation_gotd_mtproxy() {
    let secret: [u8; 16] = arr("8a96ef6e42a18c21837580cd1c91c5a8");
    let random: [u8; 64] = arr(
        "f5768f50b731260a46be1027c2eeaa39350624f0b6da59eba56c81fe4510c2e0b61d3dd323ee02388633e3837a0c1c24fa6f29ccd724be6f416ff7b026f6cce6",
    );
    let init = ctr::generate_init(
        &mut Replay(random.to_vec(), 0),
        ProtocolTag::PaddedIntermediate,
        Some(2),
    );
    let (mut ob, header) = Obfuscation::initiator(&init, Some(&secret));
    assert_eq!(
        header,
        arr(
            "f5768f50b731260a46be1027c2eeaa39350624f0b6da59eba56c81fe4510c2e0b61d3dd323ee02388633e3837a0c1c24fa6f29ccd724be6fbea2dde16dc59dd2"
        )
    );
    let mut data = *b"abcd";
    ob.send.apply(&mut data);
    assert_eq!(data.to_vec(), hex("ca7a8226"));
    let mut data = *b"abcd";
    ob.recv.apply(&mut data);
    assert_eq!(data.to_vec(), hex("8f711982"));

    let mut replay = Replay(vec![b'a'; 64], 0);
    let init = ctr::generate_init(&mut replay, ProtocolTag::PaddedIntermediate, Some(2));
    let (_, header) = Obfuscation::initiator(&init, Some(&[0xaa; 16]));
    assert_eq!(&header[56..], &hex("ab4162424f66fddc")[..]);
}

/// MTPROTO.md §5.13 (derived values: no implementation publishes secret-chat vectors):
/// fingerprint and visualisation hash of key 0x00..0xff, and a whole creator → participant
/// packet (x = 0) with zero padding.
#[test]
fn secret_chat_derived() {
    let key = SecretKey::from_bytes(seq());
    assert_eq!(key.fingerprint(), -3972359982579920590);
    assert_eq!(
        key.key_hash().to_vec(),
        hex("4916d6bdb7f78e6803698cab32d1586e40aff2e9d2d8922e47afd4648e6967497158785f")
    );

    let layer = hex(
        "8917e31b0faaaaaaaaaaaaaaaaaaaaaaaaaaaaaa900000000000000001000000604116730807060504030201838804f390000000",
    );
    let mut buf = vec![0u8; secret::PAYLOAD_OFFSET + layer.len() + 24];
    buf[secret::PAYLOAD_OFFSET..secret::PAYLOAD_OFFSET + layer.len()].copy_from_slice(&layer);
    let len = secret::encrypt_with_padding(&key, Sender::Creator, &mut buf, layer.len(), &[0; 24])
        .unwrap();
    let expected = hex(
        "32d1586ea457dfc85f411f9711500f3925fa7d063ff8e77c85fd85df2b3d66482cc562c04c8f62a49e72a70997d515ebab5be70d94dfb4463eccb73a574823ea6fd538394eeef2138755d4a00f69d0b3f7e5dc4a174c344670518a58d9f1eff7e6d9155f29c7fa3a",
    );
    assert_eq!(&buf[..len], &expected[..]);
    let mut packet = expected.clone();
    assert_eq!(
        secret::decrypt(&key, Sender::Creator, &mut packet).unwrap(),
        &layer[..]
    );
    // Read with the wrong sender, the msg_key does not match.
    let mut packet = expected;
    assert_eq!(
        secret::decrypt(&key, Sender::Participant, &mut packet).unwrap_err(),
        MessageError::MsgKeyMismatch
    );
}
