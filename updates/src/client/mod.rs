//! The client side: the gap engine that turns an unreliable push stream into an exactly-once,
//! in-order stream per sequence.
//!
//! <https://core.telegram.org/api/updates>

mod config;
mod engine;
mod fetch;
mod io;
mod local_box;
mod saved_state;

pub use config::{BOT_CHANNEL_LIMIT, EngineConfig, USER_CHANNEL_LIMIT};
pub use engine::Engine;
pub use io::{Action, Container, RequestId, SeqInfo, Update};
pub use saved_state::{SavedState, StateDecodeError};
