//! `GET /__mock/revocations`: every call to a revocation endpoint, accepted or refused, and
//! why.

use common::Provider;
use serde::{Deserialize, Serialize};

use super::tokens::TokenKind;

/// Whether a revocation call was accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Accepted,
    Rejected,
}

/// One call to a revocation endpoint (GitHub `DELETE /applications/{id}/token|grant`, Google
/// `/revoke`), accepted or not: what `/__mock/revocations` lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevocationRecord {
    pub seq: u64,
    pub time: String,
    pub provider: Provider,
    /// `METHOD /path` as called.
    pub endpoint: String,
    /// The client the call named or authenticated as, if any.
    pub client_id: Option<String>,
    /// The token presented, if any.
    pub token: Option<String>,
    /// What the token was (`access` or `refresh`), when it is known.
    pub token_kind: Option<TokenKind>,
    /// The account the token belonged to, when it is known.
    pub user: Option<String>,
    pub outcome: Outcome,
    /// The HTTP status answered; 0 when a fault dropped the connection without one.
    pub status: u16,
    /// Why it was refused; `None` when accepted.
    pub reason: Option<String>,
    /// The tokens this call ended (a grant, or a whole Google grant, ends several).
    pub revoked_tokens: Vec<String>,
}

impl RevocationRecord {
    /// A refused call's record; `seq` and `time` are filled in when it is recorded.
    pub fn refused(provider: Provider, endpoint: String, status: u16, reason: String) -> Self {
        RevocationRecord {
            seq: 0,
            time: String::new(),
            provider,
            endpoint,
            client_id: None,
            token: None,
            token_kind: None,
            user: None,
            outcome: Outcome::Rejected,
            status,
            reason: Some(reason),
            revoked_tokens: Vec::new(),
        }
    }

    pub fn accepted(&self) -> bool {
        self.outcome == Outcome::Accepted
    }
}

/// `GET /__mock/revocations?since=SEQ`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevocationsDoc {
    pub provider: Provider,
    /// The sequence number the next event will get.
    pub next_seq: u64,
    /// Oldest first.
    pub revocations: Vec<RevocationRecord>,
}
