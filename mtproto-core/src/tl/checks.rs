//! Round-trip oracles shared by the fuzz targets and the property tests.

use std::fmt::Debug;

#[cfg(feature = "proptest")]
use crate::tl::BareSerialize;
use crate::tl::{DecodeError, Serialize};

/// Fuzz oracle: if `decode(data)` succeeds, encoding is a fixpoint — decoding the encoding
/// succeeds and encodes to the same bytes. (Values are compared through their encoding so that
/// NaN doubles compare equal.)
pub fn fuzz_check<T: Serialize + Debug>(
    data: &[u8],
    decode: impl Fn(&[u8]) -> Result<T, DecodeError>,
) {
    if let Ok(value) = decode(data) {
        let bytes = value.to_bytes();
        match decode(&bytes) {
            Ok(again) => assert_eq!(again.to_bytes(), bytes, "re-encoding differs for {value:?}"),
            Err(e) => panic!("re-decoding failed with {e} for {value:?}"),
        }
    }
}

/// Property check for one arbitrary value: encode → decode gives the same value, and the decoded
/// value encodes to the same bytes. Returns 1 (one value checked).
#[cfg(feature = "proptest")]
pub fn check_roundtrip<T: crate::tl::ArbitraryTl + Serialize + PartialEq + Debug>(
    g: &mut crate::tl::Gen,
    name: &str,
    decode: impl Fn(&[u8]) -> Result<T, DecodeError>,
) -> Result<usize, String> {
    let value = T::arbitrary_tl(g);
    let bytes = value.to_bytes();
    compare(
        name,
        &value,
        &bytes,
        decode(&bytes).map(|v| (v.to_bytes(), v)),
    )
}

/// As [`check_roundtrip`] for the bare form.
#[cfg(feature = "proptest")]
pub fn check_bare_roundtrip<T: crate::tl::ArbitraryTl + BareSerialize + PartialEq + Debug>(
    g: &mut crate::tl::Gen,
    name: &str,
    decode: impl Fn(&[u8]) -> Result<T, DecodeError>,
) -> Result<usize, String> {
    let value = T::arbitrary_tl(g);
    let mut bytes = Vec::new();
    value.serialize_bare(&mut bytes);
    let back = decode(&bytes).map(|v| {
        let mut again = Vec::new();
        v.serialize_bare(&mut again);
        (again, v)
    });
    compare(name, &value, &bytes, back)
}

#[cfg(feature = "proptest")]
fn compare<T: PartialEq + Debug>(
    name: &str,
    value: &T,
    bytes: &[u8],
    back: Result<(Vec<u8>, T), DecodeError>,
) -> Result<usize, String> {
    match back {
        Err(e) => Err(format!(
            "{name}: decoding the encoding failed: {e}; value {value:?}"
        )),
        Ok((_, v)) if v != *value => Err(format!("{name}: decoded {v:?} != original {value:?}")),
        Ok((again, _)) if again != bytes => {
            Err(format!("{name}: re-encoding differs for {value:?}"))
        }
        Ok(_) => Ok(1),
    }
}
