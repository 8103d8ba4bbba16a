//! `POST /revoke`: ends a whole grant (every access and refresh token of that user and
//! client, and the consent), with no client authentication. Google departs from RFC 7009:
//! an unknown, expired or already revoked token gets 400, not 200. Every call, accepted or
//! not, is recorded for `/__mock/revocations`.
//!
//! Validate, perform, record once, as GitHub's revocation calls (`github/applications/`):
//! `read_call` reads the call and the token it presents and validates them; then, under one
//! lock, the grant ends and the call is recorded, so every token it ended carries the
//! record's sequence number.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Json, Response};
use serde_json::json;

use super::answers::{json_error, not_found};
use crate::api::{EndCause, EventKind, Outcome, RevocationRecord};
use crate::http::{self, FORM, QueryMap};
use crate::state::Mock;
use crate::store::{End, EventInfo, Inner};

const ENDPOINT: &str = "POST /revoke";

/// Any method but POST: Google answers 404. Recorded, because an app that revokes with GET
/// believes it revoked.
pub async fn wrong_method(
    State(mock): State<Arc<Mock>>,
    method: Method,
    QueryMap(mut query): QueryMap,
) -> Response {
    let endpoint = format!("{method} /revoke");
    let reason = format!("wrong method: {method}");
    let mut record = RevocationRecord::refused(mock.provider(), endpoint, 404, reason);
    record.token = query.remove("token").filter(|t| !t.is_empty());
    mock.store.record_refused(record);
    not_found().await
}

/// A refused call: the status and error Google answers, and the reason the records give.
struct Refusal {
    status: StatusCode,
    error: &'static str,
    description: &'static str,
    reason: String,
}

impl Refusal {
    fn bad_request(reason: impl Into<String>) -> Refusal {
        Refusal {
            status: StatusCode::BAD_REQUEST,
            error: "invalid_request",
            description: "Bad Request",
            reason: reason.into(),
        }
    }
}

/// `POST /revoke?token=..` or with `token=..` in a form body.
pub async fn revoke(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    QueryMap(query): QueryMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let (token, validated) = read_call(&headers, query, &body);
    let now = mock.store.now();
    let mut inner = mock.store.lock();
    let refusal = match validated {
        Ok(()) => perform(&mut inner, token.as_deref().unwrap_or_default(), now).err(),
        Err(refusal) => Some(refusal),
    };
    let Some(refusal) = refusal else {
        return Json(json!({})).into_response();
    };
    let mut record = RevocationRecord::refused(
        inner.provider,
        ENDPOINT.to_string(),
        refusal.status.as_u16(),
        refusal.reason,
    );
    if let Some(known) = token.as_deref().and_then(|t| inner.tokens.get(t)) {
        record.user = Some(known.user.to_string());
        record.client_id = Some(known.client_id.to_string());
        record.token_kind = Some(known.kind);
    }
    record.token = token;
    let seq = inner.take_seq();
    inner.push_revocation(seq, record, now);
    json_error(refusal.status, refusal.error, refusal.description)
}

/// The token the call presents (query string first, then the form body), and whether the
/// call is well formed.
fn read_call(
    headers: &HeaderMap,
    mut query: HashMap<String, String>,
    body: &Result<Bytes, BytesRejection>,
) -> (Option<String>, Result<(), Refusal>) {
    let from_query = query.remove("token").filter(|t| !t.is_empty());
    // A body axum could not read (too large) is still a call to record.
    let body = match body {
        Ok(body) => body,
        Err(rejection) => {
            let refusal = Refusal {
                status: rejection.status(),
                ..Refusal::bad_request(format!("unreadable body: {}", rejection.body_text()))
            };
            return (from_query, Err(refusal));
        }
    };
    let from_form = if body.is_empty() {
        None
    } else {
        let content_type = http::content_type(headers);
        if content_type.as_deref() != Some(FORM) {
            let given = content_type.unwrap_or_else(|| "none".into());
            let reason = format!("wrong content type: {given} (expected {FORM})");
            return (from_query, Err(Refusal::bad_request(reason)));
        }
        let Some(form) = http::parse_form(body) else {
            let reason = "malformed form body (not UTF-8 or not form-encoded)";
            return (from_query, Err(Refusal::bad_request(reason)));
        };
        form.get("token").filter(|t| !t.is_empty()).cloned()
    };
    match from_query.or(from_form) {
        Some(token) => (Some(token), Ok(())),
        None => (None, Err(Refusal::bad_request("missing token"))),
    }
}

/// Ends the whole grant of a live token and records the accepted call; a token that is not
/// live is refused.
fn perform(inner: &mut Inner, token: &str, now: SystemTime) -> Result<(), Refusal> {
    let found = inner
        .live_token(token, now)
        .map(|t| (t.user.to_string(), t.client_id.to_string(), t.kind));
    let (user, client_id, kind) = found.map_err(|problem| Refusal {
        status: StatusCode::BAD_REQUEST,
        error: "invalid_token",
        description: "Token expired or revoked",
        reason: problem.describe().to_string(),
    })?;
    let seq = inner.take_seq();
    // The named token is revoked; every other token of its grant ends with the grant.
    let named = End {
        cause: EndCause::Revoked,
        endpoint: Some(ENDPOINT),
        why: "revoked at POST /revoke",
    };
    let mut revoked = inner.end_token(token, named, seq, now);
    let grant = End {
        cause: EndCause::GrantRemoved,
        endpoint: Some(ENDPOINT),
        why: "its grant ended: another token of the grant was revoked at POST /revoke",
    };
    let rest = inner.remove_grant(&user, &client_id, grant, seq, now);
    revoked.extend(rest.unwrap_or_default());
    revoked.sort();
    let record = RevocationRecord {
        client_id: Some(client_id.clone()),
        token: Some(token.to_string()),
        token_kind: Some(kind),
        user: Some(user.clone()),
        outcome: Outcome::Accepted,
        status: 200,
        reason: None,
        revoked_tokens: revoked.clone(),
        ..RevocationRecord::refused(inner.provider, ENDPOINT.to_string(), 200, String::new())
    };
    inner.push_revocation(seq, record, now);
    let summary = format!(
        "grant of {client_id} removed ({} tokens revoked)",
        revoked.len()
    );
    let info = EventInfo {
        user: Some(user),
        client_id: Some(client_id),
        endpoint: Some(ENDPOINT.to_string()),
        ended: revoked,
        ..EventInfo::default()
    };
    inner.record(EventKind::GrantRemoved, summary, info, now);
    Ok(())
}
