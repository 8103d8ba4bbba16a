//! The records a mock keeps: accounts, clients, provider sessions, grants, codes, tokens,
//! events, revocations and faults, with the clock and the bounded log they use.

use std::collections::{BTreeSet, VecDeque};
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime};

use serde::Serialize;

use crate::config::{ClientSeed, GitHubUser, GoogleUser};

/// Which provider a mock imitates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    GitHub,
    Google,
}

impl Provider {
    pub fn name(self) -> &'static str {
        match self {
            Provider::GitHub => "GitHub",
            Provider::Google => "Google",
        }
    }
}

/// A provider account. The key is what tokens and grants point at: the GitHub login, the
/// Google `sub`.
#[derive(Debug, Clone, Serialize)]
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

/// The mock's clock: real time plus an offset that `POST /__mock/clock` moves forward, so
/// tests can expire codes and tokens without waiting.
#[derive(Debug, Default)]
pub struct Clock {
    offset_secs: AtomicI64,
}

impl Clock {
    pub fn now(&self) -> SystemTime {
        let offset = self.offset_secs.load(Ordering::Relaxed);
        let now = SystemTime::now();
        if offset >= 0 {
            now + Duration::from_secs(offset as u64)
        } else {
            now - Duration::from_secs(offset.unsigned_abs())
        }
    }

    pub fn advance(&self, secs: u64) {
        let secs = i64::try_from(secs).unwrap_or(i64::MAX);
        self.offset_secs.fetch_add(secs, Ordering::Relaxed);
    }

    pub fn offset_secs(&self) -> i64 {
        self.offset_secs.load(Ordering::Relaxed)
    }
}

/// Seconds since the Unix epoch.
pub fn unix(t: SystemTime) -> u64 {
    t.duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// RFC 3339 with milliseconds, UTC: how every time in `/__mock/` is written.
pub fn rfc3339(t: SystemTime) -> String {
    humantime::format_rfc3339_millis(t).to_string()
}

/// A provider login session, the thing the `user_session` / `SID` cookie points at.
#[derive(Debug, Clone, Serialize)]
pub struct ProviderSession {
    /// The cookie value.
    pub id: String,
    /// The account key.
    pub user: String,
    pub created_at: String,
    /// Anti-forgery token that the consent and sign-out forms must carry.
    pub csrf: String,
}

/// A user's authorization of a client, for a set of scopes.
#[derive(Debug, Clone, Serialize)]
pub struct Grant {
    pub user: String,
    pub client_id: String,
    pub scopes: BTreeSet<String>,
    pub granted_at: String,
}

/// PKCE challenge bound to a code.
#[derive(Debug, Clone, Serialize)]
pub struct Pkce {
    pub challenge: String,
    /// `S256` or `plain`.
    pub method: String,
}

/// An authorization code, bound to its client, redirect URI and PKCE challenge.
#[derive(Debug, Clone, Serialize)]
pub struct Code {
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
    #[serde(skip)]
    pub issued: SystemTime,
    pub issued_at: String,
    pub used: bool,
    /// Tokens issued in exchange for this code: revoked if the code is replayed.
    pub tokens: Vec<String>,
}

/// How long codes live (RFC 6749 recommends at most 10 minutes; both providers use 10).
pub const CODE_TTL: Duration = Duration::from_secs(600);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    Access,
    Refresh,
}

/// An issued token.
#[derive(Debug, Clone, Serialize)]
pub struct Token {
    pub token: String,
    pub kind: TokenKind,
    pub client_id: String,
    pub user: String,
    pub scopes: Vec<String>,
    #[serde(skip)]
    pub issued: SystemTime,
    pub issued_at: String,
    #[serde(skip)]
    pub expires: Option<SystemTime>,
    pub expires_at: Option<String>,
    /// Why and when the token stopped working, if it did.
    pub revoked: Option<Revoked>,
    /// The code it was issued for, if any.
    pub code: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Revoked {
    pub at: String,
    pub why: String,
}

/// Why a token was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    Unknown,
    Revoked,
    Expired,
}

impl TokenProblem {
    pub fn describe(self) -> &'static str {
        match self {
            TokenProblem::Unknown => "unknown token",
            TokenProblem::Revoked => "token already revoked",
            TokenProblem::Expired => "token expired",
        }
    }
}

/// Why a code could not be exchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeProblem {
    Unknown,
    Expired,
    /// Replayed: the tokens it produced have been revoked.
    Reused,
    WrongClient,
    RedirectUriMismatch,
    /// PKCE was used at authorize but no verifier was sent, or the verifier does not match.
    PkceMismatch,
}

impl CodeProblem {
    pub fn describe(&self) -> &'static str {
        match self {
            CodeProblem::Unknown => "unknown code",
            CodeProblem::Expired => "code expired",
            CodeProblem::Reused => "code already used; the tokens it produced were revoked",
            CodeProblem::WrongClient => "code issued to another client",
            CodeProblem::RedirectUriMismatch => {
                "redirect_uri does not match the one used at authorize"
            }
            CodeProblem::PkceMismatch => "PKCE code_verifier missing or wrong",
        }
    }
}

/// A meaningful thing that happened at a mock. `kind` is one of:
/// `provider_login`, `provider_logout`, `provider_session_ended`, `consent_given`,
/// `consent_denied`, `code_issued`, `code_exchanged`, `code_refused`, `token_refreshed`,
/// `token_used`, `token_refused`, `token_checked`, `token_reset`, `revocation`,
/// `grant_removed`, `client_registered`, `fault_injected`, `fault_applied`, `clock_advanced`,
/// `reset`.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub seq: u64,
    pub time: String,
    pub provider: Provider,
    pub kind: &'static str,
    /// One line for people.
    pub summary: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// `METHOD /path` of the call, for events caused by one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// The revocation record, for `kind == "revocation"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revocation: Option<Revocation>,
}

/// Details an event may carry besides its kind and summary.
#[derive(Debug, Clone, Default)]
pub struct EventInfo {
    pub user: Option<String>,
    pub client_id: Option<String>,
    pub endpoint: Option<String>,
}

/// Whether a revocation call was accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Accepted,
    Rejected,
}

/// One call to a revocation endpoint (GitHub `DELETE /applications/{id}/token|grant`, Google
/// `/revoke`), accepted or not.
#[derive(Debug, Clone, Serialize)]
pub struct Revocation {
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
    /// The tokens this call ended (a grant or a whole Google grant ends several).
    pub revoked_tokens: Vec<String>,
}

/// A bounded log: the oldest entries go once `capacity` is reached, so a long demo cannot
/// exhaust memory.
#[derive(Debug, Clone)]
pub struct Ring<T> {
    items: VecDeque<T>,
    capacity: usize,
}

impl<T> Ring<T> {
    pub fn new(capacity: usize) -> Self {
        Ring {
            items: VecDeque::new(),
            capacity: capacity.max(1),
        }
    }

    pub fn push(&mut self, item: T) {
        if self.items.len() == self.capacity {
            self.items.pop_front();
        }
        self.items.push_back(item);
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.items.iter()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn clear(&mut self) {
        self.items.clear();
    }
}

/// What a fault does to the calls it catches.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
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

/// Log sizes.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub events: usize,
    pub revocations: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            events: 2000,
            revocations: 500,
        }
    }
}
