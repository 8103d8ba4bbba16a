//! One mock as the timeline shows it ([`Snapshot`]), copied out under its lock once per
//! page, so that nothing is rendered while a mock is locked and the two mocks are never
//! locked together. It also answers the questions the page's words depend on, each in one
//! place: whose a key is, what an app is called, and whether a token had been replaced when
//! it ended ([`Snapshot::replaced`]: tidy-up rather than the token the app held).

use std::collections::HashMap;

use common::Provider;

use crate::api::{EventRecord, Grant, SessionRecord, TokenKind, TokenRecord};
use crate::state::Mock;

/// How many of a mock's newest events the page reads: enough for a demo, bounded for a
/// class's load.
pub const EVENTS_READ: usize = 400;

/// One mock, as it was when the page was made.
#[derive(Debug)]
pub struct Snapshot {
    pub provider: Provider,
    /// The mock's own dashboard.
    pub dashboard: String,
    /// Provider sessions, oldest first.
    pub sessions: Vec<SessionRecord>,
    pub grants: Vec<Grant>,
    /// Every token, in the order they were issued.
    pub tokens: Vec<TokenRecord>,
    /// The newest events, newest first.
    pub events: Vec<EventRecord>,
    /// The provider's own limit on live tokens (GitHub: per user, app and scopes; Google:
    /// refresh tokens per account and client).
    pub token_limit: usize,
    /// The redirect URI registered last with the first client: where the app most likely is.
    pub last_redirect: Option<String>,
    /// Login or email of the account keys the page names.
    names: HashMap<String, String>,
    /// Client id to the app's name, for those that have one.
    clients: HashMap<String, String>,
    /// A token's place in `tokens`, by value.
    index: HashMap<String, usize>,
    /// The issue numbers of each user's tokens of one client and kind, rising.
    issued: HashMap<Lineage, Vec<u64>>,
}

/// A user's tokens of one client and kind: each new one replaces the one before.
type Lineage = (String, String, TokenKind);

fn lineage(token: &TokenRecord) -> Lineage {
    (token.user.clone(), token.client_id.clone(), token.kind)
}

impl Snapshot {
    /// Copies out what the page shows of `mock`, under one lock.
    pub fn of(mock: &Mock) -> Snapshot {
        let now = mock.store.now();
        let inner = mock.store.lock();
        let events: Vec<EventRecord> = inner
            .events
            .iter()
            .rev()
            .take(EVENTS_READ)
            .cloned()
            .collect();
        let grants: Vec<Grant> = inner.grants.values().cloned().collect();
        let keys = events
            .iter()
            .filter_map(|e| e.user.as_deref())
            .chain(grants.iter().map(|g| g.user.as_str()));
        let names = keys
            .filter_map(|k| Some((k.to_string(), inner.username_of(k)?)))
            .collect();
        let tokens = inner.token_records(now);
        let index = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| (t.token.clone(), i))
            .collect();
        let mut issued: HashMap<Lineage, Vec<u64>> = HashMap::new();
        for t in &tokens {
            issued.entry(lineage(t)).or_default().push(t.issued_seq);
        }
        Snapshot {
            provider: mock.provider(),
            dashboard: mock.url("/__mock/"),
            sessions: inner.session_records(),
            grants,
            tokens,
            events,
            token_limit: match mock.provider() {
                Provider::GitHub => inner.limits.tokens_per_scope_set,
                Provider::Google => inner.limits.refresh_tokens,
            },
            last_redirect: inner
                .clients
                .values()
                .next()
                .and_then(|c| c.redirect_uris.last().cloned()),
            names,
            clients: inner
                .clients
                .values()
                .filter_map(|c| Some((c.client_id.clone(), c.name.clone()?)))
                .collect(),
            index,
            issued,
        }
    }

    /// What a person recognises for an account key: the login or email (the key itself
    /// when the account is unknown).
    pub fn name(&self, key: &str) -> String {
        self.names
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// The name of the app a client id belongs to, or the id.
    pub fn app_name<'a>(&'a self, client_id: &'a str) -> &'a str {
        self.clients
            .get(client_id)
            .map_or(client_id, String::as_str)
    }

    pub fn token(&self, value: &str) -> Option<&TokenRecord> {
        self.index.get(value).map(|&i| &self.tokens[i])
    }

    /// Whether `token` had been replaced by the time of the event `seq`: a later token of
    /// the same user, client and kind had been issued. Revoking a replaced token is tidy-up;
    /// revoking one that was not replaced is revoking the token the app held.
    pub fn replaced(&self, token: &TokenRecord, seq: u64) -> bool {
        let seqs = self
            .issued
            .get(&lineage(token))
            .map_or(&[][..], Vec::as_slice);
        let next = seqs.partition_point(|&s| s <= token.issued_seq);
        seqs.get(next).is_some_and(|&s| s < seq)
    }
}
