//! Issuing and ending tokens, grants, and the providers' own limits on live tokens.

use std::collections::BTreeSet;
use std::time::SystemTime;

use super::{End, EventInfo, Inner, NewToken, Token, TokenProblem, rfc3339};
use crate::api::{EndCause, Ending, EventKind, Grant, Provider, TokenKind};

impl Inner {
    /// Whether the account already authorized the client for all of `scopes`.
    pub fn grant_covers(&self, user: &str, client_id: &str, scopes: &[String]) -> bool {
        self.grants
            .get(&(user.to_string(), client_id.to_string()))
            .is_some_and(|g| scopes.iter().all(|s| g.scopes.contains(s)))
    }

    /// Records consent: the grant's scopes become the union of old and new.
    pub fn add_grant(&mut self, user: &str, client_id: &str, scopes: &[String], now: SystemTime) {
        let grant = self
            .grants
            .entry((user.to_string(), client_id.to_string()))
            .or_insert_with(|| Grant {
                user: user.to_string(),
                client_id: client_id.to_string(),
                scopes: BTreeSet::new(),
                granted_at: rfc3339(now),
            });
        grant.scopes.extend(scopes.iter().cloned());
    }

    /// Removes a grant and ends every live token of it, marked with the event `seq`; returns
    /// the tokens ended. `None` when there was neither a grant nor a live token.
    pub fn remove_grant(
        &mut self,
        user: &str,
        client_id: &str,
        end: End<'_>,
        seq: u64,
        now: SystemTime,
    ) -> Option<Vec<String>> {
        let grant = self
            .grants
            .remove(&(user.to_string(), client_id.to_string()));
        let ended = self.end_tokens(
            |t| t.user == user && t.client_id == client_id,
            end,
            seq,
            now,
        );
        (grant.is_some() || !ended.is_empty()).then_some(ended)
    }

    /// Issues a token, numbered with the event `seq` that issues it, and links it to the
    /// code it was exchanged for, if any. Returns its value.
    pub fn issue_token(&mut self, new: NewToken<'_>, seq: u64, now: SystemTime) -> String {
        let value = new.value;
        self.tokens.insert(
            value.clone(),
            Token {
                token: value.clone(),
                kind: new.kind,
                client_id: new.client_id.to_string(),
                user: new.user.to_string(),
                scopes: new.scopes.to_vec(),
                issued: now,
                issued_seq: seq,
                expires: new.ttl.map(|ttl| now + ttl),
                ended: None,
                code: new.code.map(str::to_string),
            },
        );
        if let Some(code) = new.code.and_then(|c| self.codes.get_mut(c)) {
            code.tokens.push(value.clone());
        }
        value
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

    /// Ends every live token matching `pred`, marked with the event `seq` that records why;
    /// returns their values, sorted.
    pub fn end_tokens(
        &mut self,
        pred: impl Fn(&Token) -> bool,
        end: End<'_>,
        seq: u64,
        now: SystemTime,
    ) -> Vec<String> {
        let ending = Ending {
            seq,
            at: rfc3339(now),
            cause: end.cause,
            endpoint: end.endpoint.map(str::to_string),
            why: end.why.to_string(),
        };
        let mut ended = Vec::new();
        for token in self.tokens.values_mut() {
            if token.ended.is_none() && token.expires.is_none_or(|e| now < e) && pred(token) {
                token.ended = Some(ending.clone());
                ended.push(token.token.clone());
            }
        }
        ended.sort();
        ended
    }

    /// The tokens the event `seq` ended, sorted.
    pub fn ended_by(&self, seq: u64) -> Vec<String> {
        let mut ended: Vec<String> = self
            .tokens
            .values()
            .filter(|t| t.ended.as_ref().is_some_and(|e| e.seq == seq))
            .map(|t| t.token.clone())
            .collect();
        ended.sort();
        ended
    }

    /// The provider's own limit, applied after `issued` was issued: past ten live GitHub
    /// tokens of one user, OAuth App and scope set, or 100 live Google refresh tokens of one
    /// account and client (the sizes are [`super::Limits`]), the oldest are ended by the
    /// provider itself, with a `token_limit` event of their own. Returns the tokens ended.
    pub fn enforce_token_limit(&mut self, issued: &str, now: SystemTime) -> Vec<String> {
        let Some(new) = self.tokens.get(issued).cloned() else {
            return Vec::new();
        };
        let (kind, limit, what) = match self.provider {
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
        };
        if new.kind != kind {
            return Vec::new();
        }
        let scopes: BTreeSet<&String> = new.scopes.iter().collect();
        let same_group = |t: &Token| {
            t.kind == kind
                && t.user == new.user
                && t.client_id == new.client_id
                && (self.provider == Provider::Google
                    || t.scopes.iter().collect::<BTreeSet<_>>() == scopes)
        };
        let mut live: Vec<&Token> = self
            .tokens
            .values()
            .filter(|t| t.state(now) == crate::api::TokenState::Active && same_group(t))
            .collect();
        if live.len() <= limit {
            return Vec::new();
        }
        live.sort_by_key(|t| t.issued_seq);
        let oldest: Vec<String> = live[..live.len() - limit]
            .iter()
            .map(|t| t.token.clone())
            .collect();
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
        let ended = self.end_tokens(|t| oldest.contains(&t.token), end, seq, now);
        let info = EventInfo {
            user: Some(new.user.clone()),
            client_id: Some(new.client_id.clone()),
            ended: ended.clone(),
            ..EventInfo::default()
        };
        self.push_event(seq, EventKind::TokenLimit, why, info, now);
        ended
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::store;
    use super::*;

    fn issue(inner: &mut Inner, value: &str, scopes: &[String], now: SystemTime) -> String {
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
        inner.push_event(
            seq,
            EventKind::CodeExchanged,
            "issued".into(),
            EventInfo::default(),
            now,
        );
        inner.enforce_token_limit(&token, now);
        token
    }

    #[test]
    fn past_the_limit_github_itself_ends_the_oldest_token_of_that_scope_set() {
        let store = store();
        let now = store.now();
        let mut inner = store.lock();
        let read = vec!["read:user".to_string()];
        let both = vec!["read:user".to_string(), "user:email".to_string()];
        // The test store's limit is three live tokens per scope set.
        for i in 0..3 {
            issue(&mut inner, &format!("gho_{i}"), &read, now);
        }
        issue(&mut inner, "gho_other", &both, now);
        assert!(inner.tokens.values().all(|t| t.ended.is_none()));
        issue(&mut inner, "gho_3", &read, now);
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

    #[test]
    fn removing_a_grant_ends_every_live_token_of_it_with_the_call() {
        let store = store();
        let now = store.now();
        let mut inner = store.lock();
        let read = vec!["read:user".to_string()];
        inner.add_grant("ada", "logout-lab-github", &read, now);
        issue(&mut inner, "gho_a", &read, now);
        issue(&mut inner, "gho_b", &read, now);
        let seq = inner.take_seq();
        let end = End {
            cause: EndCause::GrantRemoved,
            endpoint: Some("DELETE /applications/logout-lab-github/grant"),
            why: "grant removed",
        };
        let ended = inner.remove_grant("ada", "logout-lab-github", end, seq, now);
        assert_eq!(ended, Some(vec!["gho_a".to_string(), "gho_b".to_string()]));
        assert!(inner.grants.is_empty());
        let ending = inner.tokens["gho_b"].ended.clone().unwrap();
        assert_eq!((ending.seq, ending.cause), (seq, EndCause::GrantRemoved));
        assert_eq!(
            inner.remove_grant("ada", "logout-lab-github", end, seq, now),
            None
        );
    }
}
