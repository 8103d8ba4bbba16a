//! What a fault is: the typed documents of `GET /__mock/faults` ([`Fault`], [`FaultsDoc`]),
//! shared with the checker, a fault in words, and one call taken off the armed list. The
//! armed list is the store's (`Inner::faults`), so that a reset clears it and
//! `GET /__mock/state` shows it.

use common::Provider;
use serde::{Deserialize, Serialize};

/// What a fault does to the calls it catches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// The endpoint name (see `crate::faults::targets::endpoint_names`).
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

/// What a fault does, in words, for events and the dashboard.
pub fn describe(fault: &Fault) -> String {
    let mut parts = Vec::new();
    if let Some(delay) = fault.delay_ms {
        parts.push(format!("delay {delay} ms"));
    }
    if fault.drop_connection {
        parts.push("drop the connection".to_string());
    } else if let Some(status) = fault.status {
        parts.push(format!("answer {status}"));
    }
    parts.join(", then ")
}

/// Takes one call off the first fault of `armed` for `endpoint`, if any; a fault with no
/// call left goes.
pub fn take(armed: &mut Vec<Fault>, endpoint: &str) -> Option<Fault> {
    let index = armed
        .iter()
        .position(|f| f.endpoint == endpoint && f.remaining > 0)?;
    let fault = &mut armed[index];
    fault.remaining -= 1;
    let taken = fault.clone();
    if fault.remaining == 0 {
        armed.remove(index);
    }
    Some(taken)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_catch_exactly_n_calls() {
        let mut armed = vec![Fault {
            endpoint: "user".into(),
            remaining: 2,
            status: Some(503),
            delay_ms: None,
            drop_connection: false,
        }];
        assert!(take(&mut armed, "user").is_some());
        assert!(take(&mut armed, "token").is_none());
        assert!(take(&mut armed, "user").is_some());
        assert!(take(&mut armed, "user").is_none());
        assert!(armed.is_empty());
    }
}
