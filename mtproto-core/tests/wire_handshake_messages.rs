//! The handshake messages against the official sample (MTPROTO.md §5.1) and grammers' flow (§5.3).

use mtproto_core::handshake::messages::*;
use mtproto_core::tl_wire::Reader;

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn arr<const N: usize>(s: &str) -> [u8; N] {
    hex(s).try_into().unwrap()
}

const NONCE: &str = "406709f612fadfbec3f0289d0aa67eef";
const SERVER_NONCE: &str = "e11dbc3bc97d91a26154f932af019943";
const NEW_NONCE: &str = "a8bbc849512dac6c67b6efd9157d6ca7377a1776307d84265c6be9bdcf802ac1";

#[test]
fn sample_res_pq_and_req_pq() {
    let body = &hex(
        "000000000000000001d83175503dc565a800000063241605406709f612fadfbec3f0289d0aa67eefe11dbc3bc97d91a26154f932af01994308256595edb776679700000015c4b51c03000000a5b7f709355fc30b216be86c022bb4c385fd64de851d9dd0",
    )[20..];
    let res = ResPq::decode(&mut Reader::new(body)).unwrap();
    assert_eq!(res.nonce, arr(NONCE));
    assert_eq!(res.server_nonce, arr(SERVER_NONCE));
    assert_eq!(res.pq, 2_694_724_800_268_887_959u64.to_be_bytes());
    assert_eq!(res.fingerprints.len(), 3);
    assert_eq!(res.fingerprints[2], -3_414_540_481_677_951_611);
    let mut out = Vec::new();
    res.encode(&mut out);
    assert_eq!(out, body);

    let mut out = Vec::new();
    ReqPq { nonce: arr(NONCE) }.encode(&mut out);
    assert_eq!(out, hex("f18e7ebe406709f612fadfbec3f0289d0aa67eef"));
    // The legacy req_pq is read too.
    let mut legacy = hex("78974660");
    legacy.extend(hex(NONCE));
    assert_eq!(
        ReqPq::decode(&mut Reader::new(&legacy)).unwrap().nonce,
        arr(NONCE)
    );
}

#[test]
fn sample_p_q_inner_data_dc() {
    let want = hex(
        "955ff5a908256595edb7766797000000045a300d4b000000046a26db65000000406709f612fadfbec3f0289d0aa67eefe11dbc3bc97d91a26154f932af019943a8bbc849512dac6c67b6efd9157d6ca7377a1776307d84265c6be9bdcf802ac102000000",
    );
    let inner = PqInnerData {
        kind: InnerDataKind::Dc(2),
        pq: 2_694_724_800_268_887_959u64.to_be_bytes().to_vec(),
        p: 1_513_098_571u32.to_be_bytes().to_vec(),
        q: 1_780_931_429u32.to_be_bytes().to_vec(),
        nonce: arr(NONCE),
        server_nonce: arr(SERVER_NONCE),
        new_nonce: arr(NEW_NONCE),
    };
    let mut out = Vec::new();
    inner.encode(&mut out);
    assert_eq!(out, want);
    assert_eq!(PqInnerData::decode(&mut Reader::new(&want)).unwrap(), inner);
    // Every variant round-trips.
    for kind in [
        InnerDataKind::Plain,
        InnerDataKind::Temp { expires_in: 86400 },
        InnerDataKind::TempDc {
            dc: -10002,
            expires_in: 3600,
        },
    ] {
        let v = PqInnerData {
            kind,
            ..inner.clone()
        };
        let mut out = Vec::new();
        v.encode(&mut out);
        assert_eq!(PqInnerData::decode(&mut Reader::new(&out)).unwrap(), v);
    }
}

#[test]
fn sample_server_dh_inner_data_and_client_dh_inner_data() {
    // answer_with_hash = SHA1(answer) ‖ answer (564 B) ‖ padding.
    let answer_with_hash = hex(include_str!("data/sample_answer_with_hash.hex").trim());
    let answer = &answer_with_hash[20..20 + 564];
    let mut r = Reader::new(answer);
    let inner = ServerDhInnerData::decode(&mut r).unwrap();
    assert_eq!(r.position(), 564);
    assert_eq!(inner.g, 3);
    assert_eq!(inner.server_time, 1_707_425_105);
    assert_eq!(inner.dh_prime.len(), 256);
    let mut out = Vec::new();
    inner.encode(&mut out);
    assert_eq!(out, answer);

    let client = hex(include_str!("data/sample_client_dh_inner_data.hex").trim());
    let c = ClientDhInnerData::decode(&mut Reader::new(&client)).unwrap();
    assert_eq!(
        (c.nonce, c.server_nonce, c.retry_id),
        (arr(NONCE), arr(SERVER_NONCE), 0)
    );
    let mut out = Vec::new();
    c.encode(&mut out);
    assert_eq!(out, client);
}

#[test]
fn dh_gen_answers_round_trip_and_bad_ids_fail() {
    for kind in [DhGenKind::Ok, DhGenKind::Retry, DhGenKind::Fail] {
        let a = DhGenAnswer {
            kind,
            nonce: [1; 16],
            server_nonce: [2; 16],
            new_nonce_hash: [3; 16],
        };
        let mut out = Vec::new();
        a.encode(&mut out);
        assert_eq!(DhGenAnswer::decode(&mut Reader::new(&out)).unwrap(), a);
    }
    assert!(DhGenAnswer::decode(&mut Reader::new(&[0; 52])).is_err());
    assert!(ResPq::decode(&mut Reader::new(&hex("63241605"))).is_err());
}

mod bind {
    use mtproto_core::handshake::bind::{self, BindContext, BindError, BindTempAuthKey};
    use mtproto_core::msg_id::MsgId;
    use mtproto_crypto::AuthKey;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn setup() -> (AuthKey, AuthKey, BindContext) {
        let perm = AuthKey::from_bytes(std::array::from_fn(|i| i as u8));
        let temp = AuthKey::from_bytes(std::array::from_fn(|i| (255 - i) as u8));
        let ctx = BindContext {
            temp_auth_key_id: temp.id(),
            session_id: 77,
            msg_id: MsgId(0x6000_0000_0000_0004),
            now: 1_700_000_000,
        };
        (perm, temp, ctx)
    }

    #[test]
    fn bind_round_trip_and_every_refusal() {
        let (perm, _temp, ctx) = setup();
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let req = bind::build(&perm, ctx, 12345, 1_700_086_400, &mut rng);
        let mut wire = Vec::new();
        req.encode(&mut wire);
        let req = BindTempAuthKey::decode(&wire).unwrap();
        assert_eq!(req.encrypted_message.len(), 104);
        assert_eq!(bind::verify(&perm, &req, ctx), Ok(()));

        let invalid = Err(BindError::EncryptedMessageInvalid);
        // Another msg_id, session or temp key than the request's own.
        assert_eq!(
            bind::verify(
                &perm,
                &req,
                BindContext {
                    msg_id: MsgId(8),
                    ..ctx
                }
            ),
            invalid
        );
        assert_eq!(
            bind::verify(
                &perm,
                &req,
                BindContext {
                    session_id: 1,
                    ..ctx
                }
            ),
            invalid
        );
        let other = AuthKey::from_bytes([3; 256]);
        assert_eq!(
            bind::verify(
                &perm,
                &req,
                BindContext {
                    temp_auth_key_id: other.id(),
                    ..ctx
                }
            ),
            invalid
        );
        // Outer arguments that do not repeat the inner ones.
        assert_eq!(
            bind::verify(
                &perm,
                &BindTempAuthKey {
                    nonce: 1,
                    ..req.clone()
                },
                ctx
            ),
            invalid
        );
        assert_eq!(
            bind::verify(
                &perm,
                &BindTempAuthKey {
                    expires_at: 1_700_000_500,
                    ..req.clone()
                },
                ctx
            ),
            Err(BindError::ExpiresAtInvalid)
        );
        assert_eq!(
            bind::verify(
                &perm,
                &req,
                BindContext {
                    now: 1_800_000_000,
                    ..ctx
                }
            ),
            Err(BindError::ExpiresAtInvalid)
        );
        // Wrong permanent key, tampering, truncation.
        assert_eq!(bind::verify(&other, &req, ctx), invalid);
        let mut t = req.clone();
        t.encrypted_message[40] ^= 1;
        assert_eq!(bind::verify(&perm, &t, ctx), invalid);
        let mut t = req.clone();
        t.encrypted_message.truncate(90);
        assert_eq!(bind::verify(&perm, &t, ctx), invalid);
    }
}
