//! The `/__mock/` routes that only read: events, revocations, state, clients, faults,
//! sessions and the clock.
//!
//! Secrets are shown in full: this is a mock's admin API on a developer's machine, and the
//! checker and the README's curl walkthrough need the real values.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Json, Response};
use serde_json::{Value, json};

use super::{AdminError, provider_slug, query, since};
use crate::server::Mock;
use crate::store::{Inner, ProviderSession, Store, Token, rfc3339};

/// `GET /__mock/events?since=SEQ&kind=KIND`: events newer than `since`, oldest first, and
/// the `next_seq` the next event will get (poll again with `since = next_seq - 1`).
pub async fn events(State(mock): State<Arc<Mock>>, RawQuery(raw): RawQuery) -> Response {
    let run = || -> Result<Value, AdminError> {
        let query = query(raw.as_deref(), &["since", "kind"])?;
        let since = since(&query)?;
        let kind = query
            .get("kind")
            .map(|k| k.trim())
            .filter(|k| !k.is_empty());
        let inner = mock.store.lock();
        let events: Vec<_> = inner
            .events
            .iter()
            .filter(|e| e.seq > since && kind.is_none_or(|k| e.kind == k))
            .collect();
        Ok(json!({
            "provider": provider_slug(&mock),
            "next_seq": inner.next_seq(),
            "events": events,
        }))
    };
    answer(run())
}

/// `GET /__mock/revocations?since=SEQ`: every call to a revocation endpoint the mock still
/// remembers, accepted or rejected, oldest first.
pub async fn revocations(State(mock): State<Arc<Mock>>, RawQuery(raw): RawQuery) -> Response {
    let run = || -> Result<Value, AdminError> {
        let query = query(raw.as_deref(), &["since"])?;
        let since = since(&query)?;
        let inner = mock.store.lock();
        let revocations: Vec<_> = inner.revocations.iter().filter(|r| r.seq > since).collect();
        Ok(json!({
            "provider": provider_slug(&mock),
            "revocations": revocations,
        }))
    };
    answer(run())
}

/// `GET /__mock/state`: everything the mock holds.
pub async fn state(State(mock): State<Arc<Mock>>, RawQuery(raw): RawQuery) -> Response {
    let run = || -> Result<Value, AdminError> {
        query(raw.as_deref(), &[])?;
        let inner = mock.store.lock();
        let mut codes: Vec<_> = inner.codes.values().collect();
        codes.sort_by_key(|c| c.issued);
        Ok(json!({
            "provider": provider_slug(&mock),
            "base_url": mock.base_url,
            "clock": clock_json(&mock.store),
            "next_seq": inner.next_seq(),
            "accounts": inner.accounts,
            "clients": inner.clients.values().collect::<Vec<_>>(),
            "sessions": sessions_json(&inner),
            "grants": inner.grants.values().collect::<Vec<_>>(),
            "tokens": tokens(&inner),
            "codes": codes,
            "faults": inner.faults,
        }))
    };
    answer(run())
}

/// `GET /__mock/clients`: the registered OAuth clients, secrets included.
pub async fn clients(State(mock): State<Arc<Mock>>, RawQuery(raw): RawQuery) -> Response {
    let run = || -> Result<Value, AdminError> {
        query(raw.as_deref(), &[])?;
        let inner = mock.store.lock();
        Ok(json!({
            "provider": provider_slug(&mock),
            "clients": inner.clients.values().collect::<Vec<_>>(),
        }))
    };
    answer(run())
}

/// `GET /__mock/faults`: the faults still armed, with the calls each will still catch.
pub async fn faults(State(mock): State<Arc<Mock>>, RawQuery(raw): RawQuery) -> Response {
    let run = || -> Result<Value, AdminError> {
        query(raw.as_deref(), &[])?;
        let inner = mock.store.lock();
        Ok(json!({
            "provider": provider_slug(&mock),
            "faults": inner.faults,
            "endpoints": crate::faults::endpoint_names(mock.provider()),
        }))
    };
    answer(run())
}

/// `GET /__mock/sessions`: the provider sessions (who is signed in at the provider).
pub async fn sessions(State(mock): State<Arc<Mock>>, RawQuery(raw): RawQuery) -> Response {
    let run = || -> Result<Value, AdminError> {
        query(raw.as_deref(), &[])?;
        let inner = mock.store.lock();
        Ok(json!({
            "provider": provider_slug(&mock),
            "sessions": sessions_json(&inner),
        }))
    };
    answer(run())
}

/// `GET /__mock/clock`: how far the mock's clock runs ahead of real time.
pub async fn clock(State(mock): State<Arc<Mock>>, RawQuery(raw): RawQuery) -> Response {
    answer(query(raw.as_deref(), &[]).map(|_| clock_json(&mock.store)))
}

/// `{"offset_seconds": N, "now": "..."}`.
pub fn clock_json(store: &Store) -> Value {
    json!({
        "offset_seconds": store.clock.offset_secs(),
        "now": rfc3339(store.now()),
    })
}

/// Sessions, oldest first, each with the account's username beside its key (for Google the
/// key is the numeric `sub`, which no person recognises).
pub fn sessions_json(inner: &Inner) -> Vec<Value> {
    let mut sessions: Vec<&ProviderSession> = inner.sessions.values().collect();
    sessions.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
    sessions
        .into_iter()
        .map(|s| {
            let username = inner.account(&s.user).map(|a| a.username().to_string());
            json!({
                "id": s.id,
                "user": s.user,
                "username": username,
                "created_at": s.created_at,
                "csrf": s.csrf,
            })
        })
        .collect()
}

/// Tokens, oldest first.
pub fn tokens(inner: &Inner) -> Vec<&Token> {
    let mut tokens: Vec<&Token> = inner.tokens.values().collect();
    tokens.sort_by(|a, b| a.issued.cmp(&b.issued).then(a.token.cmp(&b.token)));
    tokens
}

fn answer(result: Result<Value, AdminError>) -> Response {
    match result {
        Ok(value) => Json(value).into_response(),
        Err(error) => error.into_response(),
    }
}
