//! `GET /__mock/faults`: the faults armed to make chosen endpoints fail, slow down or drop
//! the connection (`crate::faults` applies them).

use common::Provider;
use serde::{Deserialize, Serialize};

/// What a fault does to the calls it catches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// The endpoint name (see `crate::faults::endpoint_names`).
    pub endpoint: String,
    /// How many calls are still to be caught.
    pub remaining: u32,
    /// Answer with this status and a JSON error body instead of the real answer.
    #[serde(default)]
    pub status: Option<u16>,
    /// Wait this long before answering.
    #[serde(default)]
    pub delay_ms: Option<u64>,
    /// Close the connection without an answer.
    #[serde(default)]
    pub drop_connection: bool,
}

/// `GET /__mock/faults`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaultsDoc {
    pub provider: Provider,
    pub faults: Vec<Fault>,
    /// The endpoint names a fault may target at this mock.
    pub endpoints: Vec<String>,
}
