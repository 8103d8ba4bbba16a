//! The typed inspection API: every document `/__mock/` answers, as `Serialize +
//! Deserialize` types that the mocks write and the checker (or any Rust client) reads.
//!
//! The store keeps its logs in these types, so what a client reads is what the mock
//! recorded, field for field. The crate README shows each document as JSON.
//!
//! Sequence numbers: every event a mock records gets the next number of one rising sequence
//! (`seq`), kept across `POST /__mock/reset`. A token remembers the number of the event that
//! issued it (`issued_seq`) and of the one that ended it (`ended.seq`), so a client can tell
//! in what order things happened, and which call ended which token.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::config::{ClientSeed, GitHubUser, GoogleUser};

/// Which provider a mock imitates: the one name the app, the mocks and the checker share.
pub use common::Provider;

/// A provider account. The key is what tokens and grants point at: the GitHub login, the
/// Google `sub`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Account {
    GitHub(GitHubUser),
    Google(GoogleUser),
}

impl Account {
    /// The stable key: GitHub login, Google `sub`.
    pub fn key(&self) -> &str {
        match self {
            Account::GitHub(u) => &u.login,
            Account::Google(u) => &u.sub,
        }
    }

    /// What a person types on the sign-in page: GitHub login, Google email.
    pub fn username(&self) -> &str {
        match self {
            Account::GitHub(u) => &u.login,
            Account::Google(u) => &u.email,
        }
    }

    pub fn github(&self) -> Option<&GitHubUser> {
        match self {
            Account::GitHub(user) => Some(user),
            Account::Google(_) => None,
        }
    }

    pub fn google(&self) -> Option<&GoogleUser> {
        match self {
            Account::Google(user) => Some(user),
            Account::GitHub(_) => None,
        }
    }

    pub fn display_name(&self) -> &str {
        match self {
            Account::GitHub(u) => u.name.as_deref().unwrap_or(&u.login),
            Account::Google(u) => &u.name,
        }
    }
}

/// A registered OAuth client.
pub type Client = ClientSeed;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    Access,
    Refresh,
}

/// Whether a token still works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenState {
    Active,
    /// Ended before its time: see [`TokenRecord::ended`].
    Revoked,
    /// Past its `expires_at`.
    Expired,
}

/// What ended a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndCause {
    /// A revocation call named this very token (GitHub `DELETE /applications/{id}/token`,
    /// Google `POST /revoke`).
    Revoked,
    /// Its grant was removed: GitHub `DELETE /applications/{id}/grant`, a Google `/revoke`
    /// of another token of the same grant (Google ends the whole grant), or the user removing
    /// the app in their account settings (`POST /__mock/grants/remove`).
    GrantRemoved,
    /// The provider's own limit, not a call of the app: past ten live GitHub tokens per user,
    /// app and scope set, or 100 Google refresh tokens per account and client, the oldest go.
    TokenLimit,
    /// The authorization code it was issued for was exchanged a second time (RFC 6749
    /// §4.1.2: the provider then revokes what the code produced).
    CodeReplayed,
    /// GitHub `PATCH /applications/{id}/token` replaced it with a new token.
    Reset,
}

impl EndCause {
    /// What the cause means, in words.
    pub fn describe(self) -> &'static str {
        match self {
            EndCause::Revoked => "revoked by a call that named it",
            EndCause::GrantRemoved => "its grant was removed, which ends every token of it",
            EndCause::TokenLimit => "the provider's own limit on live tokens ended the oldest",
            EndCause::CodeReplayed => {
                "its authorization code was exchanged again, so the provider revoked what the code produced"
            }
            EndCause::Reset => "reset: the provider replaced it with a new token",
        }
    }
}

/// How and when a token ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ending {
    /// The sequence number of the event that ended it: the revocation call's record for
    /// `revoked` and `grant_removed` by a call, else the `token_limit`, `code_refused`,
    /// `token_reset` or `grant_removed` event.
    pub seq: u64,
    pub at: String,
    pub cause: EndCause,
    /// `METHOD /path` of the call that ended it, when a call did.
    pub endpoint: Option<String>,
    /// One line for people.
    pub why: String,
}

/// A token as `/__mock/state` lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenRecord {
    pub token: String,
    pub kind: TokenKind,
    pub client_id: String,
    /// The owner: the account key (GitHub login, Google `sub`).
    pub user: String,
    /// What a person recognises: GitHub login, Google email.
    pub username: Option<String>,
    pub scopes: Vec<String>,
    pub issued_at: String,
    /// The sequence number of the event that issued it (`code_exchanged`, `token_refreshed`,
    /// `token_reset`).
    pub issued_seq: u64,
    pub expires_at: Option<String>,
    pub state: TokenState,
    /// What ended it; `None` while active or merely expired.
    pub ended: Option<Ending>,
    /// The authorization code it was issued for, if any.
    pub code: Option<String>,
}

impl TokenRecord {
    pub fn is_active(&self) -> bool {
        self.state == TokenState::Active
    }
}

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
    TokenReset,
    /// The provider ended its oldest tokens past its limit of live tokens.
    TokenLimit,
    /// A call to a revocation endpoint, accepted or not (see [`EventRecord::revocation`]).
    Revocation,
    GrantRemoved,
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
        EventKind::TokenReset,
        EventKind::TokenLimit,
        EventKind::Revocation,
        EventKind::GrantRemoved,
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
            EventKind::TokenReset => "token_reset",
            EventKind::TokenLimit => "token_limit",
            EventKind::Revocation => "revocation",
            EventKind::GrantRemoved => "grant_removed",
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
}

/// A provider login session (what the `user_session` / `SID` cookie points at).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    /// The cookie value.
    pub id: String,
    /// The account key.
    pub user: String,
    /// The account's login or email, beside its key (Google's key is a number no person
    /// recognises).
    pub username: Option<String>,
    pub created_at: String,
    /// Anti-forgery token that the consent and sign-out forms must carry.
    pub csrf: String,
}

/// A user's authorization of a client, for a set of scopes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub user: String,
    pub client_id: String,
    pub scopes: BTreeSet<String>,
    pub granted_at: String,
}

/// PKCE challenge bound to a code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pkce {
    pub challenge: String,
    /// `S256` or `plain`.
    pub method: String,
}

/// An authorization code as `/__mock/state` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeRecord {
    pub code: String,
    pub client_id: String,
    pub user: String,
    /// The `redirect_uri` given at authorize, if one was.
    pub redirect_uri: Option<String>,
    pub scopes: Vec<String>,
    pub pkce: Option<Pkce>,
    /// Google: the `nonce` to copy into the ID token.
    pub nonce: Option<String>,
    /// Google: `access_type=offline` was asked, so a refresh token may be issued.
    pub offline: bool,
    /// Google: the consent screen was shown for this code (refresh tokens come with it).
    pub consented: bool,
    pub issued_at: String,
    pub used: bool,
    /// Tokens issued in exchange for this code: revoked if the code is replayed.
    pub tokens: Vec<String>,
}

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

/// How far the mock's clock runs ahead of real time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockRecord {
    pub offset_seconds: i64,
    pub now: String,
}

/// `GET /__mock/state`: everything the mock holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StateDoc {
    pub provider: Provider,
    pub base_url: String,
    pub clock: ClockRecord,
    /// The sequence number the next event will get.
    pub next_seq: u64,
    pub accounts: Vec<Account>,
    pub clients: Vec<Client>,
    /// Oldest first.
    pub sessions: Vec<SessionRecord>,
    pub grants: Vec<Grant>,
    /// In the order they were issued.
    pub tokens: Vec<TokenRecord>,
    /// In the order they were issued.
    pub codes: Vec<CodeRecord>,
    pub faults: Vec<Fault>,
}

impl StateDoc {
    /// The account a person means by a login, an email or a key.
    pub fn account(&self, username: &str) -> Option<&Account> {
        self.accounts
            .iter()
            .find(|a| a.username().eq_ignore_ascii_case(username) || a.key() == username)
    }
}

/// `GET /__mock/events?since=SEQ&kind=KIND`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventsDoc {
    pub provider: Provider,
    /// The sequence number the next event will get: poll again with `since = next_seq - 1`.
    pub next_seq: u64,
    /// Oldest first.
    pub events: Vec<EventRecord>,
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

/// `GET /__mock/tokens?user=USER&client_id=ID`: tokens, in the order they were issued.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokensDoc {
    pub provider: Provider,
    /// The sequence number the next event will get.
    pub next_seq: u64,
    pub tokens: Vec<TokenRecord>,
}

/// `GET /__mock/sessions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionsDoc {
    pub provider: Provider,
    pub sessions: Vec<SessionRecord>,
}

/// `GET /__mock/clients`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientsDoc {
    pub provider: Provider,
    pub clients: Vec<Client>,
}

/// `GET /__mock/faults`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaultsDoc {
    pub provider: Provider,
    pub faults: Vec<Fault>,
    /// The endpoint names a fault may target at this mock.
    pub endpoints: Vec<String>,
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
    fn accounts_of_both_providers_read_back() {
        let seeds = [
            Account::GitHub(crate::config::default_github().users[0].clone()),
            Account::Google(crate::config::default_google().users[0].clone()),
        ];
        for account in seeds {
            let json = serde_json::to_string(&account).unwrap();
            assert_eq!(serde_json::from_str::<Account>(&json).unwrap(), account);
        }
    }
}
