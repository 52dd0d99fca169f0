//! The handshake messages (generated from `schema/mtproto.tl`) against the official sample
//! (MTPROTO.md §5.1) and grammers' flow (§5.3).

use mtproto_core::handshake::InnerDataKind;
use mtproto_core::tl::mtproto::{enums, functions, types};
use mtproto_core::tl::{Deserialize, Reader, Serialize};

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
    let res = types::ResPQ::from_bytes(body).unwrap();
    assert_eq!(res.nonce, arr(NONCE));
    assert_eq!(res.server_nonce, arr(SERVER_NONCE));
    assert_eq!(&res.pq[..], 2_694_724_800_268_887_959u64.to_be_bytes());
    assert_eq!(res.server_public_key_fingerprints.len(), 3);
    assert_eq!(
        res.server_public_key_fingerprints[2],
        -3_414_540_481_677_951_611
    );
    assert_eq!(res.to_bytes(), body);

    assert_eq!(
        functions::ReqPqMulti { nonce: arr(NONCE) }.to_bytes(),
        hex("f18e7ebe406709f612fadfbec3f0289d0aa67eef")
    );
    // The legacy req_pq reads too.
    let mut legacy = hex("78974660");
    legacy.extend(hex(NONCE));
    assert_eq!(
        functions::ReqPq::from_bytes(&legacy).unwrap().nonce,
        arr(NONCE)
    );
}

#[test]
fn sample_p_q_inner_data_dc() {
    let want = hex(
        "955ff5a908256595edb7766797000000045a300d4b000000046a26db65000000406709f612fadfbec3f0289d0aa67eefe11dbc3bc97d91a26154f932af019943a8bbc849512dac6c67b6efd9157d6ca7377a1776307d84265c6be9bdcf802ac102000000",
    );
    let (pq, p, q) = (
        2_694_724_800_268_887_959u64.to_be_bytes(),
        1_513_098_571u32.to_be_bytes(),
        1_780_931_429u32.to_be_bytes(),
    );
    let shared = types::PQInnerData {
        pq: pq[..].into(),
        p: p[..].into(),
        q: q[..].into(),
        nonce: arr(NONCE),
        server_nonce: arr(SERVER_NONCE),
        new_nonce: arr(NEW_NONCE),
    };
    let inner = InnerDataKind::Dc(2).join(shared.clone());
    assert_eq!(inner.to_bytes(), want);
    let decoded = enums::PQInnerData::from_bytes(&want).unwrap();
    assert_eq!(decoded, inner);
    assert_eq!(
        InnerDataKind::split(decoded),
        (InnerDataKind::Dc(2), shared.clone())
    );
    // Every constructor round-trips through join / split.
    for kind in [
        InnerDataKind::Plain,
        InnerDataKind::Temp { expires_in: 86400 },
        InnerDataKind::TempDc {
            dc: -10002,
            expires_in: 3600,
        },
    ] {
        let bytes = kind.join(shared.clone()).to_bytes();
        let back = InnerDataKind::split(enums::PQInnerData::from_bytes(&bytes).unwrap());
        assert_eq!(back, (kind, shared.clone()));
    }
}

#[test]
fn sample_server_dh_inner_data_and_client_dh_inner_data() {
    // answer_with_hash = SHA1(answer) ‖ answer (564 B) ‖ padding.
    let answer_with_hash = hex(include_str!("data/sample_answer_with_hash.hex").trim());
    let answer = &answer_with_hash[20..20 + 564];
    let mut r = Reader::new(&answer_with_hash[20..]);
    let inner = types::ServerDHInnerData::deserialize(&mut r).unwrap();
    assert_eq!(answer_with_hash.len() - 20 - r.remaining(), 564);
    assert_eq!(inner.g, 3);
    assert_eq!(inner.server_time, 1_707_425_105);
    assert_eq!(inner.dh_prime.len(), 256);
    assert_eq!(inner.to_bytes(), answer);

    let client = hex(include_str!("data/sample_client_dh_inner_data.hex").trim());
    let c = types::ClientDHInnerData::from_bytes(&client).unwrap();
    assert_eq!(
        (c.nonce, c.server_nonce, c.retry_id),
        (arr(NONCE), arr(SERVER_NONCE), 0)
    );
    assert_eq!(c.to_bytes(), client);
}

#[test]
fn dh_gen_answers_round_trip_and_bad_ids_fail() {
    let (nonce, server_nonce, hash) = ([1; 16], [2; 16], [3; 16]);
    for answer in [
        enums::SetClientDHParamsAnswer::DhGenOk(Box::new(types::DhGenOk {
            nonce,
            server_nonce,
            new_nonce_hash1: hash,
        })),
        enums::SetClientDHParamsAnswer::DhGenRetry(Box::new(types::DhGenRetry {
            nonce,
            server_nonce,
            new_nonce_hash2: hash,
        })),
        enums::SetClientDHParamsAnswer::DhGenFail(Box::new(types::DhGenFail {
            nonce,
            server_nonce,
            new_nonce_hash3: hash,
        })),
    ] {
        let out = answer.to_bytes();
        assert_eq!(
            enums::SetClientDHParamsAnswer::from_bytes(&out).unwrap(),
            answer
        );
    }
    assert!(enums::SetClientDHParamsAnswer::from_bytes(&[0; 52]).is_err());
    assert!(types::ResPQ::from_bytes(&hex("63241605")).is_err());
}

mod bind {
    use mtproto_core::handshake::bind::{self, BindContext, BindError, BindTempAuthKey};
    use mtproto_core::msg_id::MsgId;
    use mtproto_core::tl::{Deserialize, Serialize};
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
        let wire = req.to_bytes();
        let req = BindTempAuthKey::from_bytes(&wire).unwrap();
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
        t.encrypted_message.to_mut()[40] ^= 1;
        assert_eq!(bind::verify(&perm, &t, ctx), invalid);
        let mut t = req.clone();
        t.encrypted_message.to_mut().truncate(90);
        assert_eq!(bind::verify(&perm, &t, ctx), invalid);
    }
}
