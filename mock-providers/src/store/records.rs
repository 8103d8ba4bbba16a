//! The records the store keeps beside the inspection API's documents (those are in
//! [`crate::api`]): provider sessions, and issued tokens with the times the store computes
//! with.

use std::time::SystemTime;

use super::clock::rfc3339;
use crate::api::{Ending, TokenKind, TokenRecord, TokenState};

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
