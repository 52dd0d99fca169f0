//! The client handshake replays published exchanges byte for byte with their random values
//! injected: the official auth-key sample (MTPROTO.md §5.1) and grammers' deterministic flow
//! (§5.3).

use std::collections::VecDeque;
use std::time::Duration;

use mtproto_core::envelope::PlainMessage;
use mtproto_core::handshake::InnerDataKind;
use mtproto_core::handshake::client::{self, ClientHandshakeConfig, DhGenOutcome};
use mtproto_core::msg_id::MsgId;
use mtproto_core::time::UnixTime;
use mtproto_core::tl::Deserialize;
use mtproto_core::tl::mtproto::functions::ReqDHParams;
use mtproto_crypto::rsa::{RsaPublicKey, RsaScheme};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn hex(s: &str) -> Vec<u8> {
    let s = s.trim();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Serves scripted byte strings to the fill requests whose length matches the next script entry,
/// in order, and ChaCha bytes to every other request (e.g. RSA_PAD's unpublished temp_key).
struct ScriptedRng {
    script: VecDeque<Vec<u8>>,
    fallback: ChaCha8Rng,
}

impl ScriptedRng {
    fn new(script: Vec<Vec<u8>>) -> Self {
        Self {
            script: script.into(),
            fallback: ChaCha8Rng::seed_from_u64(0),
        }
    }
}

impl rand::TryRng for ScriptedRng {
    type Error = std::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(rand::Rng::next_u32(&mut self.fallback))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(rand::Rng::next_u64(&mut self.fallback))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        match self.script.front() {
            Some(next) if next.len() == dst.len() => {
                dst.copy_from_slice(&self.script.pop_front().unwrap());
            }
            _ => rand::Rng::fill_bytes(&mut self.fallback, dst),
        }
        Ok(())
    }
}

impl rand::TryCryptoRng for ScriptedRng {}

fn plain(msg_id: u64, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    PlainMessage::encode(MsgId(msg_id as i64), body, &mut out);
    out
}

/// `now` such that the generated client msg_id has the sample's low word (`frac·2^32 & ~3`).
fn at(secs: u64, nanos: u32) -> UnixTime {
    UnixTime(Duration::new(secs, nanos))
}

#[test]
fn official_sample_step_by_step() {
    let data = |name: &str| {
        hex(&std::fs::read_to_string(format!("tests/data/sample_{name}.hex")).unwrap())
    };
    let mut rng = ScriptedRng::new(vec![
        hex("406709f612fadfbec3f0289d0aa67eef"),
        hex("a8bbc849512dac6c67b6efd9157d6ca7377a1776307d84265c6be9bdcf802ac1"),
        data("random_padding_bytes"),
        data("b"),
        data("padding"),
    ]);
    let config = ClientHandshakeConfig {
        rsa_keys: vec![RsaPublicKey::telegram_production()],
        inner: InnerDataKind::Dc(2),
        scheme: RsaScheme::RsaPad,
    };
    // Step 1: req_pq_multi, byte for byte except the low word of msg_id: the sample's
    // 0x65c53d50000672d4 is not ⌊frac·2^32⌋ & ~3 of any whole nanosecond (we get …672d0).
    let t1 = at(0x65c5_3d50, 98_397);
    let (state, req_pq) = client::start(config, t1, &mut rng);
    let sample =
        hex("0000000000000000d4720600503dc56514000000f18e7ebe406709f612fadfbec3f0289d0aa67eef");
    assert_eq!(req_pq[..8], sample[..8]);
    assert_eq!(req_pq[9..], sample[9..]);
    assert_eq!(
        PlainMessage::decode(&req_pq).unwrap().msg_id,
        MsgId(0x65c5_3d50_0006_72d0)
    );

    // Steps 2-5: resPQ in, req_DH_params out. Everything but the RSA blob (whose temp_key the
    // page does not publish) is checked byte for byte.
    let res_pq = &hex(
        "000000000000000001d83175503dc565a800000063241605406709f612fadfbec3f0289d0aa67eefe11dbc3bc97d91a26154f932af01994308256595edb776679700000015c4b51c03000000a5b7f709355fc30b216be86c022bb4c385fd64de851d9dd0",
    )[20..];
    let (state, req_dh) = state
        .handle(t1, &plain(0x65c5_3d50_7531_d801, res_pq), &mut rng)
        .unwrap();
    let m = PlainMessage::decode(&req_dh).unwrap();
    // Same instant: the next id of the same second (+4), as in the sample.
    assert_eq!(m.msg_id, MsgId(0x65c5_3d50_0006_72d4));
    let req = ReqDHParams::from_bytes(m.body).unwrap();
    assert_eq!(&req.p[..], 1_513_098_571u32.to_be_bytes());
    assert_eq!(&req.q[..], 1_780_931_429u32.to_be_bytes());
    assert_eq!(req.public_key_fingerprint, -3_414_540_481_677_951_611);
    assert_eq!(req.encrypted_data.len(), 256);

    // Steps 6-7: server_DH_params_ok in; set_client_DH_params out, byte for byte.
    let mut ok = hex("5c07e8d0406709f612fadfbec3f0289d0aa67eefe11dbc3bc97d91a26154f932af019943");
    let answer = data("encrypted_answer");
    ok.extend([0xfe, 0x50, 0x02, 0x00]);
    ok.extend(&answer);
    let t2 = at(0x65c5_3d51, 112_301);
    let (state, set_dh) = state
        .handle(t2, &plain(0x65c5_3d51_1e6e_4c01, &ok), &mut rng)
        .unwrap();
    let mut want = hex("0000000000000000185c0700513dc565");
    let mut body =
        hex("1f5f04f5406709f612fadfbec3f0289d0aa67eefe11dbc3bc97d91a26154f932af019943fe500100");
    body.extend(data("client_dh_encrypted_data"));
    want.extend((body.len() as u32).to_le_bytes());
    want.extend(&body);
    assert_eq!(set_dh, want);

    // Step 9: dh_gen_ok with new_nonce_hash1; the key, its id and the first salt.
    let mut gen_ok =
        hex("34f7cb3b406709f612fadfbec3f0289d0aa67eefe11dbc3bc97d91a26154f932af019943");
    gen_ok.extend(data("new_nonce_hash1"));
    let DhGenOutcome::Done(created) = state
        .handle(t2, &plain(0x65c5_3d51_91be_0001, &gen_ok), &mut rng)
        .unwrap()
    else {
        panic!("expected dh_gen_ok");
    };
    assert_eq!(created.key.as_bytes()[..], data("auth_key")[..]);
    assert_eq!(created.key.id().to_bytes(), hex("65588b3350ef784e")[..]);
    assert_eq!(created.first_salt, -3_585_621_112_631_548_343);
    assert_eq!(created.time_offset, 1_707_425_105 - 0x65c5_3d51);
    assert_eq!(created.dc, Some(2));
}

#[test]
fn official_sample_rejects_a_wrong_new_nonce_hash_and_accepts_retry_hash_only_for_retry() {
    let data = |name: &str| {
        hex(&std::fs::read_to_string(format!("tests/data/sample_{name}.hex")).unwrap())
    };
    let mut rng = ScriptedRng::new(vec![
        hex("406709f612fadfbec3f0289d0aa67eef"),
        hex("a8bbc849512dac6c67b6efd9157d6ca7377a1776307d84265c6be9bdcf802ac1"),
        data("random_padding_bytes"),
        data("b"),
        data("padding"),
    ]);
    let config = ClientHandshakeConfig::permanent(vec![RsaPublicKey::telegram_production()], 2);
    let t = at(0x65c5_3d51, 0);
    let (state, _) = client::start(config, t, &mut rng);
    let res_pq = &hex(
        "000000000000000001d83175503dc565a800000063241605406709f612fadfbec3f0289d0aa67eefe11dbc3bc97d91a26154f932af01994308256595edb776679700000015c4b51c03000000a5b7f709355fc30b216be86c022bb4c385fd64de851d9dd0",
    )[20..];
    let (state, _) = state
        .handle(t, &plain(0x65c5_3d50_7531_d801, res_pq), &mut rng)
        .unwrap();
    let mut ok =
        hex("5c07e8d0406709f612fadfbec3f0289d0aa67eefe11dbc3bc97d91a26154f932af019943fe500200");
    ok.extend(data("encrypted_answer"));
    let (state, _) = state
        .handle(t, &plain(0x65c5_3d51_1e6e_4c01, &ok), &mut rng)
        .unwrap();
    // dh_gen_ok carrying new_nonce_hash2 (the retry hash) is refused.
    let mut bad = hex("34f7cb3b406709f612fadfbec3f0289d0aa67eefe11dbc3bc97d91a26154f932af019943");
    bad.extend(data("new_nonce_hash2"));
    assert!(
        state
            .handle(t, &plain(0x65c5_3d51_91be_0001, &bad), &mut rng)
            .is_err()
    );
}

#[test]
fn grammers_flow_byte_for_byte() {
    let data = |name: &str| {
        hex(&std::fs::read_to_string(format!("tests/data/grammers_{name}.hex")).unwrap())
    };
    let step2 = data("step2_random");
    let step3 = data("step3_random");
    let mut rng = ScriptedRng::new(vec![
        data("step1_random"),
        step2[..32].to_vec(),
        step2[32..32 + 96].to_vec(),
        step2[32 + 192..32 + 224].to_vec(),
        step3[..256].to_vec(),
        step3[256..268].to_vec(),
    ]);
    let config = ClientHandshakeConfig {
        rsa_keys: vec![RsaPublicKey::telegram_test()],
        inner: InnerDataKind::Plain,
        scheme: RsaScheme::RsaPad,
    };
    let now = UnixTime::from_secs(1_693_436_740);
    let body = |payload: &[u8]| PlainMessage::decode(payload).unwrap().body.to_vec();
    let (state, r1) = client::start(config, now, &mut rng);
    assert_eq!(body(&r1), data("step1_request"));
    let (state, r2) = state
        .handle(
            now,
            &plain(0x64ef_6f44_0000_0001, &data("step1_response")),
            &mut rng,
        )
        .unwrap();
    assert_eq!(body(&r2), data("step2_request"));
    let (state, r3) = state
        .handle(
            now,
            &plain(0x64ef_6f44_0000_0005, &data("step2_response")),
            &mut rng,
        )
        .unwrap();
    assert_eq!(body(&r3), data("step3_request"));
    let DhGenOutcome::Done(created) = state
        .handle(
            now,
            &plain(0x64ef_6f44_0000_0009, &data("step3_response")),
            &mut rng,
        )
        .unwrap()
    else {
        panic!("expected dh_gen_ok");
    };
    assert_eq!(created.key.as_bytes()[..], data("auth_key")[..]);
    assert_eq!(created.key.id().to_bytes(), hex("9cfd4a95546f4614")[..]);
    assert_eq!(created.first_salt, 4_459_407_212_920_268_508);
    assert_eq!(created.time_offset, 0);
}
