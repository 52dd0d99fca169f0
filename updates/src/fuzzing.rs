//! Fuzz bodies (see FUZZING.md): each is called by a cargo-fuzz target and by the seed replay
//! test.

use crate::client::SavedState;

/// Decodes saved client state; whatever decodes must re-encode to the same bytes.
pub fn saved_state(data: &[u8]) {
    if let Ok(state) = SavedState::decode(data) {
        let encoded = state.encode();
        assert_eq!(encoded, data, "saved state does not round-trip");
        assert_eq!(SavedState::decode(&encoded), Ok(state));
    }
}
