//! `GET /__mock/events`: every meaningful thing that happened at a mock, with a rising
//! sequence number.

use common::Provider;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::exchanges::ExchangeRecord;
use super::revocations::RevocationRecord;

/// What kind of thing happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    ProviderLogin,
    ProviderLogout,
    ProviderSessionEnded,
    ConsentGiven,
    ConsentDenied,
    CodeIssued,
    CodeExchanged,
    CodeRefused,
    TokenRefreshed,
    TokenUsed,
    TokenRefused,
    TokenChecked,
    /// The provider ended its oldest tokens past its limit of live tokens.
    TokenLimit,
    /// A call to a revocation endpoint, accepted or not (see [`EventRecord::revocation`]).
    Revocation,
    GrantRemoved,
    /// The user removed an app's access at the provider (its settings page, or
    /// `POST /__mock/grants/remove`): the grant went and its tokens ended.
    UserRemovedAccess,
    ClientRegistered,
    FaultInjected,
    FaultApplied,
    ClockAdvanced,
    Reset,
}

impl EventKind {
    pub const ALL: [EventKind; 21] = [
        EventKind::ProviderLogin,
        EventKind::ProviderLogout,
        EventKind::ProviderSessionEnded,
        EventKind::ConsentGiven,
        EventKind::ConsentDenied,
        EventKind::CodeIssued,
        EventKind::CodeExchanged,
        EventKind::CodeRefused,
        EventKind::TokenRefreshed,
        EventKind::TokenUsed,
        EventKind::TokenRefused,
        EventKind::TokenChecked,
        EventKind::TokenLimit,
        EventKind::Revocation,
        EventKind::GrantRemoved,
        EventKind::UserRemovedAccess,
        EventKind::ClientRegistered,
        EventKind::FaultInjected,
        EventKind::FaultApplied,
        EventKind::ClockAdvanced,
        EventKind::Reset,
    ];

    /// The name in JSON and in `?kind=`: `code_exchanged`, `revocation`...
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::ProviderLogin => "provider_login",
            EventKind::ProviderLogout => "provider_logout",
            EventKind::ProviderSessionEnded => "provider_session_ended",
            EventKind::ConsentGiven => "consent_given",
            EventKind::ConsentDenied => "consent_denied",
            EventKind::CodeIssued => "code_issued",
            EventKind::CodeExchanged => "code_exchanged",
            EventKind::CodeRefused => "code_refused",
            EventKind::TokenRefreshed => "token_refreshed",
            EventKind::TokenUsed => "token_used",
            EventKind::TokenRefused => "token_refused",
            EventKind::TokenChecked => "token_checked",
            EventKind::TokenLimit => "token_limit",
            EventKind::Revocation => "revocation",
            EventKind::GrantRemoved => "grant_removed",
            EventKind::UserRemovedAccess => "user_removed_access",
            EventKind::ClientRegistered => "client_registered",
            EventKind::FaultInjected => "fault_injected",
            EventKind::FaultApplied => "fault_applied",
            EventKind::ClockAdvanced => "clock_advanced",
            EventKind::Reset => "reset",
        }
    }

    pub fn parse(name: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A meaningful thing that happened at a mock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRecord {
    pub seq: u64,
    pub time: String,
    pub provider: Provider,
    pub kind: EventKind,
    /// One line for people.
    pub summary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// `METHOD /path` of the call, for events caused by one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// Tokens this event issued.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issued: Vec<String>,
    /// Tokens this event ended.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ended: Vec<String>,
    /// The revocation record, for `kind == revocation`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revocation: Option<RevocationRecord>,
    /// The call that caused the event, in full, masked, once the mock has answered it
    /// (every event a call of a provider endpoint records carries it; shared, not copied,
    /// by the events of one call).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange: Option<Arc<ExchangeRecord>>,
}

/// The longest `quiet_ms` a client may ask `GET /__mock/events` to wait for.
pub const MAX_QUIET_MS: u64 = 10_000;

/// `GET /__mock/events?since=SEQ&kind=KIND&quiet_ms=MS`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventsDoc {
    pub provider: Provider,
    /// The sequence number the next event will get: poll again with `since = next_seq - 1`.
    pub next_seq: u64,
    /// Oldest first.
    pub events: Vec<EventRecord>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_kinds_read_back_by_name() {
        for kind in EventKind::ALL {
            let json = serde_json::to_value(kind).unwrap();
            assert_eq!(json, kind.as_str());
            assert_eq!(EventKind::parse(kind.as_str()), Some(kind));
            assert_eq!(serde_json::from_value::<EventKind>(json).unwrap(), kind);
        }
        assert_eq!(EventKind::parse("nope"), None);
    }

    #[test]
    fn an_event_without_an_exchange_reads_and_writes_as_before() {
        let old = serde_json::json!({
            "seq": 1, "time": "2026-11-24T16:25:58.683Z", "provider": "github",
            "kind": "reset", "summary": "state reset"
        });
        let event: EventRecord = serde_json::from_value(old.clone()).unwrap();
        assert_eq!(event.exchange, None);
        assert_eq!(
            serde_json::to_value(&event).unwrap(),
            old,
            "no field when none"
        );
        let mut with = old;
        with["exchange"] = serde_json::json!({
            "request": {"method": "GET", "url": "/user", "headers": [["accept", "*/*"]],
                        "body": "", "body_len": 0, "later": "a field a newer mock adds"},
            "response": {"status": 200, "headers": [], "body": "{}", "body_len": 2}
        });
        let event: EventRecord = serde_json::from_value(with).unwrap();
        let exchange = event.exchange.expect("read back");
        assert_eq!(exchange.request.headers, [("accept".into(), "*/*".into())]);
        assert!(!exchange.request.body_cut, "false when left out");
    }
}
