//! One mock's in-memory state: accounts, clients, provider sessions, grants, codes, tokens,
//! and the bounded logs of events and revocations that `/__mock/` exposes.
//!
//! Everything sits behind one `Mutex`: a mock serves a classroom, not a data centre, and one
//! lock keeps every change atomic with the event that records it (a code redeemed, its tokens
//! issued and the `code_exchanged` event; a token ended and the call that ended it). No lock
//! is held across an `.await`.
//!
//! Sequence numbers: every event takes the next one. A change that must carry the number of
//! its event (a token's `issued_seq`, an ending's `seq`) takes it first with
//! [`Inner::take_seq`], makes the change, then pushes the event with [`Inner::push_event`];
//! nothing else is recorded in between, so the log stays in order, and a number taken is
//! always pushed, so a poller that meets a gap knows the log dropped events.
//!
//! Modules: [`tokens`] issuing and ending tokens, grants and the providers' token limits;
//! [`codes`] authorization codes; `records` the records and the bounded log.

mod codes;
mod records;
mod tokens;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard};
use std::time::SystemTime;

pub use codes::Presented;
pub use records::*;

use crate::api::{
    Account, Client, CodeRecord, EventKind, EventRecord, Fault, Grant, Provider, RevocationRecord,
    SessionRecord, TokenRecord,
};
use crate::config::{GitHubUser, GoogleUser, Seeds};
use crate::random;

/// The mutable part of a mock.
#[derive(Debug)]
pub struct Inner {
    pub provider: Provider,
    pub limits: Limits,
    pub accounts: Vec<Account>,
    pub clients: BTreeMap<String, Client>,
    pub sessions: HashMap<String, ProviderSession>,
    /// Keyed by (account key, client id).
    pub grants: BTreeMap<(String, String), Grant>,
    pub codes: HashMap<String, CodeRecord>,
    pub tokens: HashMap<String, Token>,
    pub events: Ring<EventRecord>,
    pub revocations: Ring<RevocationRecord>,
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
            provider,
            limits,
            accounts: accounts.clone(),
            clients: by_id(&clients),
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
    pub fn event(&self, kind: EventKind, summary: impl Into<String>, info: EventInfo) -> u64 {
        let now = self.now();
        self.lock().record(kind, summary.into(), info, now)
    }

    /// Records a revocation call that changed nothing (refused, or answered by a fault).
    pub fn record_refused(&self, record: RevocationRecord) -> RevocationRecord {
        let now = self.now();
        let mut inner = self.lock();
        let seq = inner.take_seq();
        inner.push_revocation(seq, record, now)
    }

    /// Back to the seeds: accounts and clients as at start, everything else empty. Sequence
    /// numbers keep rising, so a poller's `since` stays valid.
    pub fn reset(&self) {
        {
            let mut inner = self.lock();
            let limits = inner.limits;
            inner.accounts = self.seed_accounts.clone();
            inner.clients = by_id(&self.seed_clients);
            inner.sessions.clear();
            inner.grants.clear();
            inner.codes.clear();
            inner.tokens.clear();
            inner.events = Ring::new(limits.events);
            inner.revocations = Ring::new(limits.revocations);
            inner.faults.clear();
        }
        self.event(
            EventKind::Reset,
            "state reset to the seeds",
            EventInfo::default(),
        );
    }
}

fn by_id(clients: &[Client]) -> BTreeMap<String, Client> {
    clients
        .iter()
        .map(|c| (c.client_id.clone(), c.clone()))
        .collect()
}

impl Inner {
    /// The sequence number the next event will get.
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    /// Takes the next sequence number, for a change that must carry it; the event that
    /// records the change is then pushed with [`Inner::push_event`] before any other.
    pub fn take_seq(&mut self) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        seq
    }

    /// Pushes the event numbered `seq` (from [`Inner::take_seq`]).
    pub fn push_event(
        &mut self,
        seq: u64,
        kind: EventKind,
        summary: String,
        info: EventInfo,
        now: SystemTime,
    ) {
        self.events.push(EventRecord {
            seq,
            time: rfc3339(now),
            provider: self.provider,
            kind,
            summary,
            user: info.user,
            client_id: info.client_id,
            endpoint: info.endpoint,
            issued: info.issued,
            ended: info.ended,
            revocation: None,
        });
    }

    /// Records an event that changes nothing else; returns its sequence number.
    pub fn record(
        &mut self,
        kind: EventKind,
        summary: String,
        info: EventInfo,
        now: SystemTime,
    ) -> u64 {
        let seq = self.take_seq();
        self.push_event(seq, kind, summary, info, now);
        seq
    }

    /// Pushes the revocation call numbered `seq` to the revocation log and, as a
    /// `revocation` event, to the event log.
    pub fn push_revocation(
        &mut self,
        seq: u64,
        mut record: RevocationRecord,
        now: SystemTime,
    ) -> RevocationRecord {
        record.seq = seq;
        record.time = rfc3339(now);
        record.provider = self.provider;
        let summary = match record.outcome {
            crate::api::Outcome::Accepted => format!("revocation accepted: {}", record.endpoint),
            crate::api::Outcome::Rejected => format!(
                "revocation rejected ({}): {}",
                record.status,
                record.reason.as_deref().unwrap_or("no reason")
            ),
        };
        self.events.push(EventRecord {
            seq,
            time: record.time.clone(),
            provider: self.provider,
            kind: EventKind::Revocation,
            summary,
            user: record.user.clone(),
            client_id: record.client_id.clone(),
            endpoint: Some(record.endpoint.clone()),
            issued: Vec::new(),
            ended: record.revoked_tokens.clone(),
            revocation: Some(record.clone()),
        });
        self.revocations.push(record.clone());
        record
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

    /// The login or email of an account key, if the account exists.
    pub fn username_of(&self, key: &str) -> Option<String> {
        self.account(key).map(|a| a.username().to_string())
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

    /// The provider sessions, oldest first, each with its account's username.
    pub fn session_records(&self) -> Vec<SessionRecord> {
        let mut sessions: Vec<&ProviderSession> = self.sessions.values().collect();
        sessions.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        sessions
            .into_iter()
            .map(|s| SessionRecord {
                id: s.id.clone(),
                user: s.user.clone(),
                username: self.username_of(&s.user),
                created_at: s.created_at.clone(),
                csrf: s.csrf.clone(),
            })
            .collect()
    }

    /// Every token, in the order they were issued, as `/__mock/state` shows them.
    pub fn token_records(&self, now: SystemTime) -> Vec<TokenRecord> {
        let mut tokens: Vec<&Token> = self.tokens.values().collect();
        tokens.sort_by_key(|t| (t.issued_seq, t.token.clone()));
        tokens
            .into_iter()
            .map(|t| t.record(self.username_of(&t.user), now))
            .collect()
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
pub(crate) mod tests {
    use super::*;
    use crate::config;

    pub fn store() -> Store {
        Store::github(
            config::default_github(),
            Limits {
                events: 3,
                revocations: 2,
                tokens_per_scope_set: 3,
                refresh_tokens: 2,
            },
        )
    }

    #[test]
    fn logs_are_bounded_and_sequence_numbers_keep_rising() {
        let store = store();
        for i in 0..5 {
            store.event(
                EventKind::TokenUsed,
                format!("call {i}"),
                EventInfo::default(),
            );
        }
        let inner = store.lock();
        let seqs: Vec<u64> = inner.events.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [3, 4, 5]);
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
