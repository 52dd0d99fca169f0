//! Round-trip property tests over arbitrary values of every generated type of the three schemas
//! (boxed types, constructors boxed and bare, functions): encode → decode gives the same value
//! and re-encodes to the same bytes.

use mtproto_core::tl::{Deserialize, Gen, IntoOwned, Serialize, api, mtproto, secret, strategy};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn every_generated_type_round_trips(seed in any::<u64>()) {
        let mut g = Gen::new(seed);
        let n = mtproto::arbitrary::roundtrip_all(&mut g).map_err(TestCaseError::fail)?
            + api::arbitrary::roundtrip_all(&mut g).map_err(TestCaseError::fail)?
            + secret::arbitrary::roundtrip_all(&mut g).map_err(TestCaseError::fail)?;
        prop_assert!(n > 2000, "only {} values checked", n);
    }

    #[test]
    fn messages_round_trip_through_the_strategy(message in strategy::<api::enums::Message<'static>>()) {
        let bytes = message.to_bytes();
        let back = api::enums::Message::from_bytes(&bytes).unwrap();
        prop_assert_eq!(back.clone().into_owned(), message);
        prop_assert_eq!(back.to_bytes(), bytes);
    }
}
