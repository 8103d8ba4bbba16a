//! One mock's in-memory state: accounts, clients, provider sessions, grants, codes, tokens,
//! and the bounded logs of events and revocations that `/__mock/` exposes.
//!
//! Everything sits behind one `Mutex`: a mock serves a classroom, not a data centre, and one
//! lock keeps every change (a code redeemed *and* its tokens issued) atomic. No lock is held
//! across an `.await`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use crate::config::{GitHubUser, GoogleUser, Seeds};
use crate::random;

mod records;

pub use records::*;

/// The mutable part of a mock.
#[derive(Debug)]
pub struct Inner {
    pub accounts: Vec<Account>,
    pub clients: BTreeMap<String, Client>,
    pub sessions: HashMap<String, ProviderSession>,
    /// Keyed by (account key, client id).
    pub grants: BTreeMap<(String, String), Grant>,
    pub codes: HashMap<String, Code>,
    pub tokens: HashMap<String, Token>,
    pub events: Ring<Event>,
    pub revocations: Ring<Revocation>,
    pub faults: Vec<Fault>,
    next_seq: u64,
}

/// One mock's shared state.
#[derive(Debug)]
pub struct Store {
    pub provider: Provider,
    pub clock: Clock,
    seed_accounts: Vec<Account>,
    seed_clients: Vec<Client>,
    limits: Limits,
    inner: Mutex<Inner>,
}

impl Store {
    pub fn github(seeds: Seeds<GitHubUser>, limits: Limits) -> Self {
        let accounts = seeds.users.into_iter().map(Account::GitHub).collect();
        Store::new(Provider::GitHub, accounts, seeds.clients, limits)
    }

    pub fn google(seeds: Seeds<GoogleUser>, limits: Limits) -> Self {
        let accounts = seeds.users.into_iter().map(Account::Google).collect();
        Store::new(Provider::Google, accounts, seeds.clients, limits)
    }

    fn new(
        provider: Provider,
        accounts: Vec<Account>,
        clients: Vec<Client>,
        limits: Limits,
    ) -> Self {
        let inner = Inner {
            accounts: accounts.clone(),
            clients: clients
                .iter()
                .map(|c| (c.client_id.clone(), c.clone()))
                .collect(),
            sessions: HashMap::new(),
            grants: BTreeMap::new(),
            codes: HashMap::new(),
            tokens: HashMap::new(),
            events: Ring::new(limits.events),
            revocations: Ring::new(limits.revocations),
            faults: Vec::new(),
            next_seq: 1,
        };
        Store {
            provider,
            clock: Clock::default(),
            seed_accounts: accounts,
            seed_clients: clients,
            limits,
            inner: Mutex::new(inner),
        }
    }

    /// Locks the state. A panic elsewhere never poisons the mock for good: the state is
    /// plain data, still consistent at every unlock.
    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn now(&self) -> SystemTime {
        self.clock.now()
    }

    /// Records an event and returns its sequence number.
    pub fn event(&self, kind: &'static str, summary: impl Into<String>, info: EventInfo) -> u64 {
        let time = rfc3339(self.now());
        let mut inner = self.lock();
        inner.push_event(self.provider, time, kind, summary.into(), info, None)
    }

    /// Records a revocation call (and the matching `revocation` event). `seq` and `time`
    /// of `record` are filled in here.
    pub fn record_revocation(&self, mut record: Revocation) -> Revocation {
        let time = rfc3339(self.now());
        let mut inner = self.lock();
        record.time = time.clone();
        record.provider = self.provider;
        let summary = match record.outcome {
            Outcome::Accepted => format!("revocation accepted: {}", record.endpoint),
            Outcome::Rejected => format!(
                "revocation rejected ({}): {}",
                record.status,
                record.reason.as_deref().unwrap_or("no reason")
            ),
        };
        let info = EventInfo {
            user: record.user.clone(),
            client_id: record.client_id.clone(),
            endpoint: Some(record.endpoint.clone()),
        };
        let seq = inner.push_event(
            self.provider,
            time,
            "revocation",
            summary,
            info,
            Some(record.clone()),
        );
        record.seq = seq;
        inner.revocations.push(record.clone());
        record
    }

    /// Back to the seeds: accounts and clients as at start, everything else empty. Sequence
    /// numbers keep rising, so a poller's `since` stays valid.
    pub fn reset(&self) {
        {
            let mut inner = self.lock();
            inner.accounts = self.seed_accounts.clone();
            inner.clients = self
                .seed_clients
                .iter()
                .map(|c| (c.client_id.clone(), c.clone()))
                .collect();
            inner.sessions.clear();
            inner.grants.clear();
            inner.codes.clear();
            inner.tokens.clear();
            inner.events = Ring::new(self.limits.events);
            inner.revocations = Ring::new(self.limits.revocations);
            inner.faults.clear();
        }
        self.event("reset", "state reset to the seeds", EventInfo::default());
    }
}

impl Inner {
    fn push_event(
        &mut self,
        provider: Provider,
        time: String,
        kind: &'static str,
        summary: String,
        info: EventInfo,
        revocation: Option<Revocation>,
    ) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        let revocation = revocation.map(|mut r| {
            r.seq = seq;
            r
        });
        self.events.push(Event {
            seq,
            time,
            provider,
            kind,
            summary,
            user: info.user,
            client_id: info.client_id,
            endpoint: info.endpoint,
            revocation,
        });
        seq
    }

    /// The sequence number the next event will get.
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    pub fn account(&self, key: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.key() == key)
    }

    /// The account a person means by what they typed (GitHub login or Google email, either
    /// case-insensitively, or the key).
    pub fn account_by_username(&self, username: &str) -> Option<&Account> {
        let username = username.trim();
        self.accounts
            .iter()
            .find(|a| a.username().eq_ignore_ascii_case(username) || a.key() == username)
    }

    /// The account signed in with this session cookie, if the session still exists.
    pub fn session_account(
        &self,
        session_id: Option<&str>,
    ) -> Option<(&ProviderSession, &Account)> {
        let session = self.sessions.get(session_id?)?;
        Some((session, self.account(&session.user)?))
    }

    /// Starts a provider session for an account and returns it.
    pub fn start_session(&mut self, key: &str, now: SystemTime) -> ProviderSession {
        let session = ProviderSession {
            id: random::token(40),
            user: key.to_string(),
            created_at: rfc3339(now),
            csrf: random::token(32),
        };
        self.sessions.insert(session.id.clone(), session.clone());
        session
    }

    /// Ends every provider session of an account; returns how many there were.
    pub fn end_sessions_of(&mut self, key: &str) -> usize {
        let before = self.sessions.len();
        self.sessions.retain(|_, s| s.user != key);
        before - self.sessions.len()
    }

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

    /// Removes a grant and revokes every live token of it; returns the tokens revoked.
    /// `None` when there was no grant.
    pub fn remove_grant(
        &mut self,
        user: &str,
        client_id: &str,
        why: &str,
        now: SystemTime,
    ) -> Option<Vec<String>> {
        let grant = self
            .grants
            .remove(&(user.to_string(), client_id.to_string()));
        let revoked = self.revoke_where(|t| t.user == user && t.client_id == client_id, why, now);
        (grant.is_some() || !revoked.is_empty()).then_some(revoked)
    }

    /// Issues an authorization code: `code.code` as the provider formatted it, or a random
    /// one when empty.
    pub fn issue_code(&mut self, mut code: Code, now: SystemTime) -> String {
        if code.code.is_empty() {
            code.code = random::token(20);
        }
        code.issued = now;
        code.issued_at = rfc3339(now);
        code.used = false;
        code.tokens.clear();
        let value = code.code.clone();
        self.codes.insert(value.clone(), code);
        value
    }

    /// Checks a code for an exchange and marks it used. A replayed code revokes the tokens
    /// it produced (RFC 6749 §4.1.2). `verify_pkce(challenge, method)` decides whether the
    /// presented verifier matches; it is called only when the code has a challenge.
    pub fn redeem_code(
        &mut self,
        code: &str,
        client_id: &str,
        redirect_uri: Option<&str>,
        verify_pkce: impl FnOnce(&Pkce) -> bool,
        now: SystemTime,
    ) -> Result<Code, CodeProblem> {
        let entry = self.codes.get(code).ok_or(CodeProblem::Unknown)?.clone();
        if entry.used {
            let tokens = entry.tokens.clone();
            self.revoke_where(
                |t| tokens.contains(&t.token),
                "authorization code replayed",
                now,
            );
            return Err(CodeProblem::Reused);
        }
        if entry.client_id != client_id {
            return Err(CodeProblem::WrongClient);
        }
        if now.duration_since(entry.issued).unwrap_or_default() > CODE_TTL {
            return Err(CodeProblem::Expired);
        }
        if let Some(expected) = &entry.redirect_uri
            && redirect_uri.is_some_and(|given| given != expected)
        {
            return Err(CodeProblem::RedirectUriMismatch);
        }
        if let Some(pkce) = &entry.pkce
            && !verify_pkce(pkce)
        {
            return Err(CodeProblem::PkceMismatch);
        }
        if let Some(stored) = self.codes.get_mut(code) {
            stored.used = true;
        }
        Ok(entry)
    }

    /// Issues a token and links it to the code it was exchanged for, if any.
    #[allow(clippy::too_many_arguments)]
    pub fn issue_token(
        &mut self,
        value: String,
        kind: TokenKind,
        client_id: &str,
        user: &str,
        scopes: &[String],
        ttl: Option<Duration>,
        code: Option<&str>,
        now: SystemTime,
    ) -> String {
        let expires = ttl.map(|ttl| now + ttl);
        self.tokens.insert(
            value.clone(),
            Token {
                token: value.clone(),
                kind,
                client_id: client_id.to_string(),
                user: user.to_string(),
                scopes: scopes.to_vec(),
                issued: now,
                issued_at: rfc3339(now),
                expires,
                expires_at: expires.map(rfc3339),
                revoked: None,
                code: code.map(str::to_string),
            },
        );
        if let Some(code) = code.and_then(|c| self.codes.get_mut(c)) {
            code.tokens.push(value.clone());
        }
        value
    }

    /// A token that is still good, or why it is not.
    pub fn live_token(&self, value: &str, now: SystemTime) -> Result<&Token, TokenProblem> {
        let token = self.tokens.get(value).ok_or(TokenProblem::Unknown)?;
        if token.revoked.is_some() {
            return Err(TokenProblem::Revoked);
        }
        if token.expires.is_some_and(|e| now >= e) {
            return Err(TokenProblem::Expired);
        }
        Ok(token)
    }

    /// Revokes every live token matching `pred`; returns their values.
    pub fn revoke_where(
        &mut self,
        pred: impl Fn(&Token) -> bool,
        why: &str,
        now: SystemTime,
    ) -> Vec<String> {
        let at = rfc3339(now);
        let mut revoked = Vec::new();
        for token in self.tokens.values_mut() {
            if token.revoked.is_none() && pred(token) {
                token.revoked = Some(Revoked {
                    at: at.clone(),
                    why: why.to_string(),
                });
                revoked.push(token.token.clone());
            }
        }
        revoked.sort();
        revoked
    }

    /// Takes one call off the first fault armed for `endpoint`, if any.
    pub fn take_fault(&mut self, endpoint: &str) -> Option<Fault> {
        let index = self
            .faults
            .iter()
            .position(|f| f.endpoint == endpoint && f.remaining > 0)?;
        let fault = &mut self.faults[index];
        fault.remaining -= 1;
        let taken = fault.clone();
        if fault.remaining == 0 {
            self.faults.remove(index);
        }
        Some(taken)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config;

    fn store() -> Store {
        Store::github(
            config::default_github(),
            Limits {
                events: 3,
                revocations: 2,
            },
        )
    }

    fn code(client: &str) -> Code {
        Code {
            code: String::new(),
            client_id: client.into(),
            user: "ada".into(),
            redirect_uri: Some("http://localhost:3000/cb".into()),
            scopes: vec!["read:user".into()],
            pkce: None,
            nonce: None,
            offline: false,
            consented: true,
            issued: SystemTime::UNIX_EPOCH,
            issued_at: String::new(),
            used: false,
            tokens: vec![],
        }
    }

    #[test]
    fn logs_are_bounded_and_sequence_numbers_keep_rising() {
        let store = store();
        for i in 0..5 {
            store.event("token_used", format!("call {i}"), EventInfo::default());
        }
        let inner = store.lock();
        let seqs: Vec<u64> = inner.events.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [3, 4, 5]);
    }

    #[test]
    fn a_replayed_code_is_refused_and_revokes_its_tokens() {
        let store = store();
        let now = store.now();
        let mut inner = store.lock();
        let c = inner.issue_code(code("logout-lab-github"), now);
        let redeemed = inner
            .redeem_code(&c, "logout-lab-github", None, |_| true, now)
            .unwrap();
        let token = inner.issue_token(
            "gho_x".into(),
            TokenKind::Access,
            "logout-lab-github",
            "ada",
            &redeemed.scopes,
            None,
            Some(&c),
            now,
        );
        assert!(inner.live_token(&token, now).is_ok());
        let again = inner.redeem_code(&c, "logout-lab-github", None, |_| true, now);
        assert_eq!(again.unwrap_err(), CodeProblem::Reused);
        assert_eq!(
            inner.live_token(&token, now).unwrap_err(),
            TokenProblem::Revoked
        );
    }

    #[test]
    fn codes_expire_after_ten_minutes_and_are_bound() {
        let store = store();
        let now = store.now();
        let mut inner = store.lock();
        let c = inner.issue_code(code("logout-lab-github"), now);
        assert_eq!(
            inner
                .redeem_code(&c, "other", None, |_| true, now)
                .unwrap_err(),
            CodeProblem::WrongClient
        );
        assert_eq!(
            inner
                .redeem_code(
                    &c,
                    "logout-lab-github",
                    Some("http://evil/cb"),
                    |_| true,
                    now
                )
                .unwrap_err(),
            CodeProblem::RedirectUriMismatch
        );
        let later = now + CODE_TTL + Duration::from_secs(1);
        assert_eq!(
            inner
                .redeem_code(&c, "logout-lab-github", None, |_| true, later)
                .unwrap_err(),
            CodeProblem::Expired
        );
    }

    #[test]
    fn faults_catch_exactly_n_calls() {
        let store = store();
        let mut inner = store.lock();
        inner.faults.push(Fault {
            endpoint: "user".into(),
            remaining: 2,
            status: Some(503),
            delay_ms: None,
            drop_connection: false,
        });
        assert!(inner.take_fault("user").is_some());
        assert!(inner.take_fault("token").is_none());
        assert!(inner.take_fault("user").is_some());
        assert!(inner.take_fault("user").is_none());
    }
}
