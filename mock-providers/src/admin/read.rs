//! The `/__mock/` routes that only read: events, revocations, state, tokens, clients,
//! sessions and the clock (the faults' own: `crate::faults::routes`). Each answers one document of [`crate::api`].
//!
//! Secrets are shown in full: this is a mock's admin API on a developer's machine, and the
//! checker and the README's curl walkthrough need the real values.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::{RawQuery, State};

use super::io::{AdminError, query, since};
use crate::api::{
    ClientsDoc, ClockRecord, CodeRecord, EventKind, EventRecord, EventsDoc, MAX_QUIET_MS,
    RevocationsDoc, SessionsDoc, StateDoc, TokensDoc,
};
use crate::state::Mock;
use crate::store::{Change, Store, rfc3339};

/// What every reading route answers: its document, or the mistake in its query.
type Answer<T> = Result<Json<T>, AdminError>;

/// `GET /__mock/events?since=SEQ&kind=KIND&quiet_ms=MS&exchange=0`: events newer than
/// `since`, oldest first, and the `next_seq` the next event will get (poll again with
/// `since = next_seq - 1`). With `quiet_ms`, the answer waits until the mock has logged no
/// event for that long, at most ten times as long (`QUIET_TIMES`): one request tells a poller
/// that the mock has settled, and brings what it logged meanwhile. With `exchange=0`, the
/// events come without the calls kept in full (a poller that only judges reads far
/// less).
pub async fn events(State(mock): State<Arc<Mock>>, RawQuery(raw): RawQuery) -> Answer<EventsDoc> {
    let query = query(raw.as_deref(), &["since", "kind", "quiet_ms", "exchange"])?;
    let since = since(&query)?;
    let with_exchange = with_exchange(&query)?;
    let kind = match query
        .get("kind")
        .map(|k| k.trim())
        .filter(|k| !k.is_empty())
    {
        None => None,
        Some(name) => Some(event_kind(name)?),
    };
    if let Some(quiet) = quiet(&query)? {
        settle(&mock, quiet).await;
    }
    let inner = mock.store.lock();
    let events = inner
        .events
        .iter()
        .filter(|e| e.seq > since && kind.is_none_or(|k| e.kind == k))
        .map(|e| EventRecord {
            exchange: e.exchange.clone().filter(|_| with_exchange),
            ..e.clone()
        })
        .collect();
    Ok(Json(EventsDoc {
        provider: mock.provider(),
        next_seq: inner.next_seq(),
        events,
    }))
}

/// The `exchange` parameter: `1` (the default) keeps each event's call in full, `0` leaves
/// it out.
fn with_exchange(query: &HashMap<String, String>) -> Result<bool, AdminError> {
    match query.get("exchange").map(|v| v.trim()) {
        None | Some("1") => Ok(true),
        Some("0") => Ok(false),
        Some(value) => Err(AdminError::bad_request(format!(
            "`exchange` must be 1 (each event with its call in full, the default) or 0 (without), got `{value}`"
        ))),
    }
}

/// How many quiet times a `quiet_ms` wait lasts at most, while the mock keeps logging.
const QUIET_TIMES: u32 = 10;

/// The `quiet_ms` parameter, if given.
fn quiet(query: &HashMap<String, String>) -> Result<Option<Duration>, AdminError> {
    let Some(value) = query.get("quiet_ms") else {
        return Ok(None);
    };
    match value.trim().parse::<u64>() {
        Ok(ms) if ms <= MAX_QUIET_MS => Ok(Some(Duration::from_millis(ms))),
        _ => Err(AdminError::bad_request(format!(
            "`quiet_ms` must be a whole number of milliseconds from 0 to {MAX_QUIET_MS}, got `{value}`"
        ))),
    }
}

/// Waits until the mock has logged no event for `quiet` (counted from now, and again from
/// each event), at most [`QUIET_TIMES`] times `quiet`, or until it stops.
async fn settle(mock: &Mock, quiet: Duration) {
    let mut changes = mock.store.lock().subscribe();
    let limit = Instant::now() + quiet * QUIET_TIMES;
    loop {
        let until = (Instant::now() + quiet).min(limit);
        match tokio::time::timeout_at(until.into(), changes.changed()).await {
            Ok(Ok(())) if *changes.borrow_and_update() != Change::Closing => {}
            // Quiet for that long, past the limit, or stopping.
            _ => return,
        }
    }
}

/// The kind `?kind=` names, or a 400 that lists them all.
fn event_kind(name: &str) -> Result<EventKind, AdminError> {
    EventKind::parse(name).ok_or_else(|| {
        let known: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
        AdminError::bad_request(format!(
            "unknown event kind `{name}` (expected one of: {})",
            known.join(", ")
        ))
    })
}

/// `GET /__mock/revocations?since=SEQ`: every call to a revocation endpoint the mock still
/// remembers, accepted or rejected, oldest first.
pub async fn revocations(
    State(mock): State<Arc<Mock>>,
    RawQuery(raw): RawQuery,
) -> Answer<RevocationsDoc> {
    let since = since(&query(raw.as_deref(), &["since"])?)?;
    let inner = mock.store.lock();
    let revocations = inner
        .revocations
        .iter()
        .filter(|r| r.seq > since)
        .cloned()
        .collect();
    Ok(Json(RevocationsDoc {
        provider: mock.provider(),
        next_seq: inner.next_seq(),
        revocations,
    }))
}

/// `GET /__mock/state`: everything the mock holds.
pub async fn state(State(mock): State<Arc<Mock>>, RawQuery(raw): RawQuery) -> Answer<StateDoc> {
    query(raw.as_deref(), &[])?;
    Ok(Json(state_doc(&mock)))
}

/// The whole state, as `GET /__mock/state` answers it.
pub fn state_doc(mock: &Mock) -> StateDoc {
    let now = mock.store.now();
    let inner = mock.store.lock();
    let mut codes: Vec<CodeRecord> = inner.codes.values().map(|c| c.record()).collect();
    codes.sort_by(|a, b| a.issued_at.cmp(&b.issued_at).then(a.code.cmp(&b.code)));
    StateDoc {
        provider: mock.provider(),
        base_url: mock.base_url.clone(),
        clock: clock_record(&mock.store),
        next_seq: inner.next_seq(),
        accounts: inner.accounts.clone(),
        clients: inner.clients.values().cloned().collect(),
        sessions: inner.session_records(),
        grants: inner.grants.values().cloned().collect(),
        tokens: inner.token_records(now),
        codes,
        faults: inner.faults.clone(),
    }
}

/// `GET /__mock/tokens?user=USER&client_id=ID`: the tokens of one user (a login, an email or
/// an account key) and optionally one client, in the order they were issued; without `user`,
/// every token. The small answer a poller wants, where `/__mock/state` has everything.
pub async fn tokens(State(mock): State<Arc<Mock>>, RawQuery(raw): RawQuery) -> Answer<TokensDoc> {
    let query = query(raw.as_deref(), &["user", "client_id"])?;
    let now = mock.store.now();
    let inner = mock.store.lock();
    let user = query.get("user").map(|name| {
        inner
            .account_by_username(name)
            .map(|a| a.key().to_string())
            .unwrap_or_else(|| name.trim().to_string())
    });
    let client = query.get("client_id");
    let tokens = match &user {
        Some(user) => inner.token_records_of(user, client.map(String::as_str), now),
        None => {
            let mut all = inner.token_records(now);
            all.retain(|t| client.is_none_or(|c| &t.client_id == c));
            all
        }
    };
    Ok(Json(TokensDoc {
        provider: mock.provider(),
        next_seq: inner.next_seq(),
        tokens,
    }))
}

/// `GET /__mock/clients`: the registered OAuth clients, secrets included.
pub async fn clients(State(mock): State<Arc<Mock>>, RawQuery(raw): RawQuery) -> Answer<ClientsDoc> {
    query(raw.as_deref(), &[])?;
    Ok(Json(ClientsDoc {
        provider: mock.provider(),
        clients: mock.store.lock().clients.values().cloned().collect(),
    }))
}

/// `GET /__mock/sessions`: the provider sessions (who is signed in at the provider).
pub async fn sessions(
    State(mock): State<Arc<Mock>>,
    RawQuery(raw): RawQuery,
) -> Answer<SessionsDoc> {
    query(raw.as_deref(), &[])?;
    Ok(Json(SessionsDoc {
        provider: mock.provider(),
        sessions: mock.store.lock().session_records(),
    }))
}

/// `GET /__mock/clock`: how far the mock's clock runs ahead of real time.
pub async fn clock(State(mock): State<Arc<Mock>>, RawQuery(raw): RawQuery) -> Answer<ClockRecord> {
    query(raw.as_deref(), &[])?;
    Ok(Json(clock_record(&mock.store)))
}

/// `{"offset_seconds": N, "now": "..."}`.
pub fn clock_record(store: &Store) -> ClockRecord {
    ClockRecord {
        offset_seconds: store.clock.offset_secs(),
        now: rfc3339(store.now()),
    }
}
