//! Byte-exact encodings from MTPROTO.md §5.12 (derived from the serialization rules of
//! <https://core.telegram.org/mtproto/serialize>) and the bounds of the decoder.

use std::borrow::Cow;

use mtproto_core::tl::mtproto::{enums, functions, types};
use mtproto_core::tl::{DecodeError, Deserialize, MAX_DEPTH, Serialize};

fn hex(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn roundtrip<T: Serialize + for<'a> Deserialize<'a> + PartialEq + std::fmt::Debug>(
    v: T,
    expected: &str,
) {
    let bytes = v.to_bytes();
    assert_eq!(bytes, hex(expected), "{v:?}");
    assert_eq!(T::from_bytes(&bytes).unwrap(), v);
}

#[test]
fn base_types() {
    roundtrip(-404i32, "6cfeffff");
    roundtrip(0x0123_4567_89ab_cdefi64, "efcdab8967452301");
    roundtrip(1.5f64, "000000000000f83f");
    roundtrip(true, "b5757299");
    roundtrip(false, "379779bc");
    roundtrip(
        vec![1i64, -2],
        "15c4b51c 02000000 0100000000000000 feffffffffffffff",
    );
    assert_eq!(Cow::<str>::Borrowed("").to_bytes(), hex("00000000"));
    assert_eq!(Cow::<str>::Borrowed("foo").to_bytes(), hex("03666f6f"));
    assert_eq!(
        Cow::<str>::Borrowed("кек").to_bytes(),
        hex("06d0bad0b5d0ba00")
    );
}

#[test]
fn bytes_length_forms_and_padding() {
    let cases = [
        (253usize, 0x61u8, 256usize),
        (254, 0x61, 260),
        (256, 0x00, 260),
    ];
    for (len, fill, total) in cases {
        let data = vec![fill; len];
        let bytes = Cow::<[u8]>::Borrowed(&data).to_bytes();
        assert_eq!(bytes.len(), total);
        if len <= 253 {
            assert_eq!(bytes[0] as usize, len);
        } else {
            assert_eq!(&bytes[..4], &[0xfe, len as u8, (len >> 8) as u8, 0]);
        }
        assert_eq!(
            <Cow<[u8]>>::from_bytes(&bytes).unwrap().as_ref(),
            data.as_slice()
        );
    }
}

#[test]
fn service_messages() {
    let ack = types::MsgsAck {
        msg_ids: vec![1, -2],
    };
    assert_eq!(
        ack.to_bytes(),
        hex("59b4d662 15c4b51c 02000000 0100000000000000 feffffffffffffff")
    );
    assert_eq!(
        functions::Ping {
            ping_id: 0x0123_4567_89ab_cdef
        }
        .to_bytes(),
        hex("ec77be7a efcdab8967452301")
    );
    let req = functions::ReqPqMulti {
        nonce: hex("3E0549828CCA27E966B301A48FECE2FC").try_into().unwrap(),
    };
    // MTPROTO.md §5.1/§5.12: the official sample's req_pq_multi.
    let _ = req;
    let sample = functions::ReqPqMulti {
        nonce: hex("406709f612fadfbec3f0289d0aa67eef").try_into().unwrap(),
    };
    assert_eq!(
        sample.to_bytes(),
        hex("f18e7ebe 406709f612fadfbec3f0289d0aa67eef")
    );
    let salt = enums::BadMsgNotification::from(types::BadServerSalt {
        bad_msg_id: 1,
        bad_msg_seqno: 2,
        error_code: 48,
        new_server_salt: 3,
    });
    let bytes = salt.to_bytes();
    assert_eq!(&bytes[..4], &0xedab447bu32.to_le_bytes());
    assert_eq!(enums::BadMsgNotification::from_bytes(&bytes).unwrap(), salt);
}

#[test]
fn container_is_a_bare_vector_of_bare_messages() {
    use mtproto_core::tl::mtproto::container::ContainerMessage;
    let ping = functions::Ping { ping_id: 7 }.to_bytes();
    let c = types::MsgContainer {
        messages: vec![ContainerMessage {
            msg_id: 4,
            seqno: 1,
            body: Cow::Owned(ping.clone()),
        }],
    };
    let bytes = c.to_bytes();
    let mut expected = hex("dcf8f173 01000000 0400000000000000 01000000 0c000000");
    expected.extend_from_slice(&ping);
    assert_eq!(bytes, expected);
    let back = types::MsgContainer::from_bytes(&bytes).unwrap();
    assert!(
        matches!(back.messages[0].body, Cow::Borrowed(_)),
        "decoding borrows"
    );
    assert_eq!(back, c);
}

#[test]
fn decoding_is_bounded() {
    // A vector claiming 2^30 elements in 8 bytes fails before allocating.
    let huge = hex("15c4b51c 00000040 00000000");
    assert!(matches!(
        Vec::<i64>::from_bytes(&huge),
        Err(DecodeError::LengthOverflow { .. })
    ));
    // A long-form length past the end.
    assert!(matches!(
        <Cow<[u8]>>::from_bytes(&hex("fe ffffff 00")),
        Err(DecodeError::LengthOverflow { .. })
    ));
    assert_eq!(
        <Cow<[u8]>>::from_bytes(&hex("ff000000")),
        Err(DecodeError::BadLengthPrefix)
    );
    assert_eq!(
        <Cow<str>>::from_bytes(&hex("02ffff00")),
        Err(DecodeError::InvalidUtf8)
    );
    assert_eq!(
        i32::from_bytes(&hex("01000000 00")),
        Err(DecodeError::TrailingBytes(1))
    );
    assert!(matches!(
        i64::from_bytes(&hex("0100")),
        Err(DecodeError::UnexpectedEof {
            needed: 8,
            remaining: 2
        })
    ));
    // Unknown constructor carries its id.
    assert_eq!(
        enums::Pong::from_bytes(&hex("efbeadde")),
        Err(DecodeError::UnknownConstructor {
            id: 0xdeadbeef,
            expected: "Pong"
        })
    );
}

#[test]
fn nesting_depth_is_capped() {
    use mtproto_core::tl::api::enums::RichText;
    // textBold#6724abc4 text:RichText nested past the cap, ending in textEmpty#dc3d824f.
    let mut bytes = Vec::new();
    for _ in 0..=MAX_DEPTH {
        bytes.extend_from_slice(&0x6724abc4u32.to_le_bytes());
    }
    bytes.extend_from_slice(&0xdc3d824fu32.to_le_bytes());
    assert_eq!(
        RichText::from_bytes(&bytes),
        Err(DecodeError::TooDeep { max: MAX_DEPTH })
    );
    let ok = &bytes[(bytes.len() - 4 * (MAX_DEPTH as usize))..];
    assert!(RichText::from_bytes(ok).is_ok());
}
