//! The records the store keeps beside the inspection API's documents (those are in
//! [`crate::api`]): provider sessions, and the codes and tokens issued, with the times the
//! store computes with. A mock keeps every code and token it issued, so these share what
//! many of them repeat ([`super::names`]); `record` copies one out as the API shows it.

use std::sync::Arc;
use std::time::SystemTime;

use super::clock::rfc3339;
use crate::api::{CodeRecord, Ending, Pkce, TokenKind, TokenRecord, TokenState};

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
    /// When a request last named it (its cookie): an idle session ends
    /// ([`super::Retention::session_idle`]).
    pub last_seen: SystemTime,
}

/// An authorization code: [`CodeRecord`] with its shared strings and its time.
#[derive(Debug, Clone)]
pub struct Code {
    pub code: Arc<str>,
    pub client_id: Arc<str>,
    pub user: Arc<str>,
    pub redirect_uri: Option<Arc<str>>,
    pub scopes: Arc<[String]>,
    pub pkce: Option<Pkce>,
    pub nonce: Option<String>,
    pub offline: bool,
    pub consented: bool,
    pub issued: SystemTime,
    pub used: bool,
    /// The tokens issued in exchange for it: revoked if it is replayed.
    pub tokens: Vec<Arc<str>>,
}

impl Code {
    /// The code as `/__mock/state` shows it.
    pub fn record(&self) -> CodeRecord {
        CodeRecord {
            code: self.code.to_string(),
            client_id: self.client_id.to_string(),
            user: self.user.to_string(),
            redirect_uri: self.redirect_uri.as_deref().map(str::to_string),
            scopes: self.scopes.to_vec(),
            pkce: self.pkce.clone(),
            nonce: self.nonce.clone(),
            offline: self.offline,
            consented: self.consented,
            issued_at: rfc3339(self.issued),
            used: self.used,
            tokens: self.tokens.iter().map(|t| t.to_string()).collect(),
        }
    }
}

/// An issued token, with the times the store computes with.
#[derive(Debug, Clone)]
pub struct Token {
    pub token: Arc<str>,
    pub kind: TokenKind,
    pub client_id: Arc<str>,
    pub user: Arc<str>,
    pub scopes: Arc<[String]>,
    pub issued: SystemTime,
    /// The sequence number of the event that issued it.
    pub issued_seq: u64,
    pub expires: Option<SystemTime>,
    /// How it ended, if it did before its time: one record shared by every token that the
    /// same call or event ended.
    pub ended: Option<Arc<Ending>>,
    /// The code it was issued for, if any.
    pub code: Option<Arc<str>>,
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
            token: self.token.to_string(),
            kind: self.kind,
            client_id: self.client_id.to_string(),
            user: self.user.to_string(),
            username,
            scopes: self.scopes.to_vec(),
            issued_at: rfc3339(self.issued),
            issued_seq: self.issued_seq,
            expires_at: self.expires.map(rfc3339),
            state: self.state(now),
            ended: self.ended.as_deref().cloned(),
            code: self.code.as_deref().map(str::to_string),
        }
    }
}
