//! Issuing and ending tokens, and the providers' own limits on live tokens.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use common::Provider;

use super::clock::rfc3339;
use super::events::EventInfo;
use super::inner::Inner;
use super::records::Token;
use crate::api::{EndCause, Ending, EventKind, TokenKind, TokenRecord, TokenState};

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

impl<'a> NewToken<'a> {
    /// A token of this kind for a client and user, that does not expire and comes from no
    /// code; set `ttl` and `code` with struct update syntax where they apply.
    pub fn new(
        value: String,
        kind: TokenKind,
        client_id: &'a str,
        user: &'a str,
        scopes: &'a [String],
    ) -> Self {
        NewToken {
            value,
            kind,
            client_id,
            user,
            scopes,
            ttl: None,
            code: None,
        }
    }
}

/// Why tokens end, for [`Inner::end_tokens`]: the cause, the call, and a line for people.
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

impl Inner {
    /// Issues a token, numbered with the event `seq` that issues it, and links it to the
    /// code it was exchanged for, if any. Returns its value.
    pub fn issue_token(&mut self, new: NewToken<'_>, seq: u64, now: SystemTime) -> String {
        // Amortized: each token is pruned once, by the insert that finds it past its time.
        self.tokens.prune(&self.retention, now);
        let value: Arc<str> = new.value.into();
        let code = new.code.map(|c| match self.codes.get_mut(c) {
            Some(code) => {
                code.tokens.push(value.clone());
                code.code.clone()
            }
            None => c.into(),
        });
        let token = Token {
            token: value.clone(),
            kind: new.kind,
            client_id: self.names.name(new.client_id),
            user: self.names.name(new.user),
            scopes: self.names.scopes(new.scopes),
            issued: now,
            issued_seq: seq,
            expires: new.ttl.map(|ttl| now + ttl),
            ended: None,
            code,
        };
        self.tokens.insert(token);
        value.to_string()
    }

    /// A token that is still good, or why it is not.
    pub fn live_token(&self, value: &str, now: SystemTime) -> Result<&Token, TokenProblem> {
        let token = self.tokens.get(value).ok_or(TokenProblem::Unknown)?;
        if token.ended.is_some() {
            return Err(TokenProblem::Revoked);
        }
        if token.expires.is_some_and(|e| now >= e) {
            return Err(TokenProblem::Expired);
        }
        Ok(token)
    }

    /// Ends every live token of `user`'s grant to `client_id` that `pred` picks, marked with
    /// the event `seq` that records why; returns their values, sorted.
    pub fn end_tokens(
        &mut self,
        (user, client_id): (&str, &str),
        pred: impl Fn(&Token) -> bool,
        end: End<'_>,
        seq: u64,
        now: SystemTime,
    ) -> Vec<String> {
        let ending = Arc::new(Ending {
            seq,
            at: rfc3339(now),
            cause: end.cause,
            endpoint: end.endpoint.map(str::to_string),
            why: end.why.to_string(),
        });
        let mut ended = Vec::new();
        for value in self.tokens.of_grant(user, client_id).to_vec() {
            let Some(token) = self.tokens.get_mut(&value) else {
                continue;
            };
            if token.ended.is_none() && token.expires.is_none_or(|e| now < e) && pred(token) {
                token.ended = Some(ending.clone());
                ended.push(value.to_string());
                self.tokens.ended(value, now);
            }
        }
        ended.sort();
        ended
    }

    /// Ends one token, if it is live: [`Inner::end_tokens`] for a call that names it.
    pub fn end_token(
        &mut self,
        value: &str,
        end: End<'_>,
        seq: u64,
        now: SystemTime,
    ) -> Vec<String> {
        let Some(token) = self.tokens.get(value) else {
            return Vec::new();
        };
        let grant = (token.user.clone(), token.client_id.clone());
        self.end_tokens((&grant.0, &grant.1), |t| &*t.token == value, end, seq, now)
    }

    /// The tokens the event `seq` ended, sorted.
    pub fn ended_by(&self, seq: u64) -> Vec<String> {
        let mut ended: Vec<String> = self
            .tokens
            .values()
            .filter(|t| t.ended.as_ref().is_some_and(|e| e.seq == seq))
            .map(|t| t.token.to_string())
            .collect();
        ended.sort();
        ended
    }

    /// Every token, in the order they were issued, as `/__mock/state` shows them.
    pub fn token_records(&self, now: SystemTime) -> Vec<TokenRecord> {
        self.records_of(self.tokens.values().collect(), now)
    }

    /// The tokens of `user` (an account key), of one client if given, in the order they
    /// were issued: only those are copied out (a poller asks for one user's among
    /// thousands).
    pub fn token_records_of(
        &self,
        user: &str,
        client_id: Option<&str>,
        now: SystemTime,
    ) -> Vec<TokenRecord> {
        self.records_of(self.tokens.of_user(user, client_id).collect(), now)
    }

    fn records_of(&self, mut tokens: Vec<&Token>, now: SystemTime) -> Vec<TokenRecord> {
        tokens.sort_by(|a, b| (a.issued_seq, &a.token).cmp(&(b.issued_seq, &b.token)));
        tokens
            .into_iter()
            .map(|t| t.record(self.username_of(&t.user), now))
            .collect()
    }

    /// The provider's own limit, applied after `issued` was issued: past ten live GitHub
    /// tokens of one user, OAuth App and scope set, or 100 live Google refresh tokens of one
    /// account and client (the sizes are [`super::Limits`]), the oldest are ended by the
    /// provider itself, with a `token_limit` event of their own. Returns the tokens ended.
    pub fn enforce_token_limit(&mut self, issued: &str, now: SystemTime) -> Vec<String> {
        let (kind, limit, what) = self.token_limit();
        let Some(new) = self.tokens.get(issued).filter(|t| t.kind == kind).cloned() else {
            return Vec::new();
        };
        let oldest = self.past_the_limit(&new, limit, now);
        if oldest.is_empty() {
            return Vec::new();
        }
        let why = format!(
            "{}'s own limit of {limit} {what}: the oldest goes",
            self.provider.name()
        );
        let seq = self.take_seq();
        let end = End {
            cause: EndCause::TokenLimit,
            endpoint: None,
            why: &why,
        };
        let grant = (&*new.user, &*new.client_id);
        let ended = self.end_tokens(grant, |t| oldest.contains(&t.token), end, seq, now);
        let info = EventInfo {
            user: Some(new.user.to_string()),
            client_id: Some(new.client_id.to_string()),
            ended: ended.clone(),
            ..EventInfo::default()
        };
        self.push_event(seq, EventKind::TokenLimit, why, info, now);
        ended
    }

    /// Which tokens this provider limits, how many may live, and the words for it.
    fn token_limit(&self) -> (TokenKind, usize, &'static str) {
        match self.provider {
            Provider::GitHub => (
                TokenKind::Access,
                self.limits.tokens_per_scope_set,
                "live tokens per user, OAuth App and scope set",
            ),
            Provider::Google => (
                TokenKind::Refresh,
                self.limits.refresh_tokens,
                "refresh tokens per account and client",
            ),
        }
    }

    /// The live tokens of `new`'s group (same kind, user and client; at GitHub, the same
    /// scope set too) beyond the `limit` newest: the ones the limit ends.
    fn past_the_limit(&self, new: &Token, limit: usize, now: SystemTime) -> Vec<Arc<str>> {
        let scopes: BTreeSet<&String> = new.scopes.iter().collect();
        let same_group = |t: &Token| {
            t.kind == new.kind
                && (self.provider == Provider::Google
                    || t.scopes.iter().collect::<BTreeSet<_>>() == scopes)
        };
        // The grant's tokens are in the order they were issued.
        let live: Vec<&Token> = self
            .tokens
            .of_grant(&new.user, &new.client_id)
            .iter()
            .filter_map(|value| self.tokens.get(value))
            .filter(|t| same_group(t) && t.state(now) == TokenState::Active)
            .collect();
        let excess = live.len().saturating_sub(limit);
        live[..excess].iter().map(|t| t.token.clone()).collect()
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Issues an access token of Ada at the default client, as an exchange would: its own
    /// event, then GitHub's limit.
    pub(in crate::store) fn issue(inner: &mut Inner, value: &str, scopes: &[String]) -> String {
        let now = SystemTime::now();
        let seq = inner.take_seq();
        let new = NewToken {
            value: value.into(),
            kind: TokenKind::Access,
            client_id: "logout-lab-github",
            user: "ada",
            scopes,
            ttl: None,
            code: None,
        };
        let token = inner.issue_token(new, seq, now);
        let info = EventInfo::default();
        inner.push_event(seq, EventKind::CodeExchanged, "issued".into(), info, now);
        inner.enforce_token_limit(&token, now);
        token
    }

    #[test]
    fn past_the_limit_github_itself_ends_the_oldest_token_of_that_scope_set() {
        let mut inner = Inner::for_tests();
        let now = SystemTime::now();
        let read = vec!["read:user".to_string()];
        let both = vec!["read:user".to_string(), "user:email".to_string()];
        // The test store's limit is three live tokens per scope set.
        for i in 0..3 {
            issue(&mut inner, &format!("gho_{i}"), &read);
        }
        issue(&mut inner, "gho_other", &both);
        assert!(inner.tokens.values().all(|t| t.ended.is_none()));
        issue(&mut inner, "gho_3", &read);
        let first = inner.tokens["gho_0"]
            .ended
            .clone()
            .expect("the oldest ended");
        assert_eq!(first.cause, EndCause::TokenLimit);
        assert_eq!(first.endpoint, None);
        let live = |inner: &Inner, t: &str| inner.live_token(t, now).is_ok();
        assert!(
            ["gho_1", "gho_2", "gho_3", "gho_other"]
                .iter()
                .all(|t| live(&inner, t))
        );
        let event = inner.events.iter().last().unwrap();
        assert_eq!(event.kind, EventKind::TokenLimit);
        assert_eq!(
            (event.seq, event.ended.clone()),
            (first.seq, vec!["gho_0".to_string()])
        );
    }
}
