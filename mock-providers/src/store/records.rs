//! The records a mock keeps that are not documents of the inspection API as they stand
//! (those are in [`crate::api`]): provider sessions and tokens with their times, the clock,
//! the bounded log, and the limits.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime};

use crate::api::{EndCause, Ending, TokenKind, TokenRecord, TokenState};

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
#[derive(Debug, Clone)]
pub struct ProviderSession {
    /// The cookie value.
    pub id: String,
    /// The account key.
    pub user: String,
    pub created_at: String,
    /// Anti-forgery token that the consent and sign-out forms must carry.
    pub csrf: String,
}

/// How long codes live (RFC 6749 recommends at most 10 minutes; both providers use 10).
pub const CODE_TTL: Duration = Duration::from_secs(600);

/// An issued token, with the times the store computes with.
#[derive(Debug, Clone)]
pub struct Token {
    pub token: String,
    pub kind: TokenKind,
    pub client_id: String,
    pub user: String,
    pub scopes: Vec<String>,
    pub issued: SystemTime,
    /// The sequence number of the event that issued it.
    pub issued_seq: u64,
    pub expires: Option<SystemTime>,
    /// How it ended, if it did before its time.
    pub ended: Option<Ending>,
    /// The code it was issued for, if any.
    pub code: Option<String>,
}

impl Token {
    pub fn state(&self, now: SystemTime) -> TokenState {
        if self.ended.is_some() {
            TokenState::Revoked
        } else if self.expires.is_some_and(|e| now >= e) {
            TokenState::Expired
        } else {
            TokenState::Active
        }
    }

    /// The token as `/__mock/state` shows it; `username` is its owner's login or email.
    pub fn record(&self, username: Option<String>, now: SystemTime) -> TokenRecord {
        TokenRecord {
            token: self.token.clone(),
            kind: self.kind,
            client_id: self.client_id.clone(),
            user: self.user.clone(),
            username,
            scopes: self.scopes.clone(),
            issued_at: rfc3339(self.issued),
            issued_seq: self.issued_seq,
            expires_at: self.expires.map(rfc3339),
            state: self.state(now),
            ended: self.ended.clone(),
            code: self.code.clone(),
        }
    }
}

/// What a new token is: everything but its times and sequence number.
#[derive(Debug, Clone)]
pub struct NewToken<'a> {
    pub value: String,
    pub kind: TokenKind,
    pub client_id: &'a str,
    pub user: &'a str,
    pub scopes: &'a [String],
    pub ttl: Option<Duration>,
    /// The code it is exchanged for, if any: a replay of that code revokes it.
    pub code: Option<&'a str>,
}

/// Why tokens end, for [`super::Inner::end_tokens`]: the cause, the call, and a line for
/// people.
#[derive(Debug, Clone, Copy)]
pub struct End<'a> {
    pub cause: EndCause,
    pub endpoint: Option<&'a str>,
    pub why: &'a str,
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

/// Details an event may carry besides its kind and summary.
#[derive(Debug, Clone, Default)]
pub struct EventInfo {
    pub user: Option<String>,
    pub client_id: Option<String>,
    pub endpoint: Option<String>,
    /// Tokens the event issued.
    pub issued: Vec<String>,
    /// Tokens the event ended.
    pub ended: Vec<String>,
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

/// Log sizes, and the providers' own limits on live tokens.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub events: usize,
    pub revocations: usize,
    /// GitHub: live tokens per user, OAuth App and scope set; an authorization past it
    /// revokes the oldest (GitHub's limit is ten).
    pub tokens_per_scope_set: usize,
    /// Google: live refresh tokens per account and client; a new one past it invalidates the
    /// oldest (Google's limit is 100).
    pub refresh_tokens: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            events: 2000,
            revocations: 500,
            tokens_per_scope_set: 10,
            refresh_tokens: 100,
        }
    }
}
