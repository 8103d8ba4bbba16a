//! `POST /revoke`: ends a whole grant (every access and refresh token of that user and
//! client, and the consent), with no client authentication. Google departs from RFC 7009:
//! an unknown, expired or already revoked token gets 400, not 200. Every call, accepted or
//! not, is recorded for `/__mock/revocations`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Json, Response};
use serde_json::json;

use super::signin::query_map;
use super::{json_error, not_found};
use crate::http;
use crate::server::Mock;
use crate::store::{EventInfo, Outcome, Revocation, TokenProblem};

const FORM: &str = "application/x-www-form-urlencoded";

/// A refused call's record.
fn refused(
    endpoint: String,
    token: Option<String>,
    status: StatusCode,
    reason: String,
) -> Revocation {
    Revocation {
        seq: 0,
        time: String::new(),
        provider: crate::store::Provider::Google,
        endpoint,
        client_id: None,
        token,
        token_kind: None,
        user: None,
        outcome: Outcome::Rejected,
        status: status.as_u16(),
        reason: Some(reason),
        revoked_tokens: Vec::new(),
    }
}

/// Any method but POST: Google answers 404. Recorded, because an app that revokes with GET
/// believes it revoked.
pub async fn wrong_method(
    State(mock): State<Arc<Mock>>,
    method: Method,
    RawQuery(query): RawQuery,
) -> Response {
    let token = query_map(query).remove("token");
    let reason = format!("wrong method: {method}");
    let endpoint = format!("{method} /revoke");
    mock.store
        .record_revocation(refused(endpoint, token, StatusCode::NOT_FOUND, reason));
    not_found().await
}

/// `POST /revoke?token=..` or with `token=..` in a form body.
pub async fn revoke(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let endpoint = || "POST /revoke".to_string();
    let mut token = query_map(query).remove("token").filter(|t| !t.is_empty());
    let bad_request = || json_error(StatusCode::BAD_REQUEST, "invalid_request", "Bad Request");
    // A body axum could not read (too large) is still a call to record.
    let body = match body {
        Ok(body) => body,
        Err(rejection) => {
            let status = rejection.status();
            let reason = format!("unreadable body: {}", rejection.body_text());
            mock.store
                .record_revocation(refused(endpoint(), token, status, reason));
            return json_error(status, "invalid_request", "Bad Request");
        }
    };
    if !body.is_empty() {
        let content_type = http::content_type(&headers);
        if content_type.as_deref() != Some(FORM) {
            let given = content_type.unwrap_or_else(|| "none".into());
            let reason = format!("wrong content type: {given} (expected {FORM})");
            let record = refused(endpoint(), token, StatusCode::BAD_REQUEST, reason);
            mock.store.record_revocation(record);
            return bad_request();
        }
        let Some(form) = http::parse_form(&body) else {
            let reason = "malformed form body (not UTF-8 or not form-encoded)".to_string();
            let record = refused(endpoint(), token, StatusCode::BAD_REQUEST, reason);
            mock.store.record_revocation(record);
            return bad_request();
        };
        if token.is_none() {
            token = form.get("token").filter(|t| !t.is_empty()).cloned();
        }
    }
    let Some(token) = token else {
        let reason = "missing token".to_string();
        let record = refused(endpoint(), None, StatusCode::BAD_REQUEST, reason);
        mock.store.record_revocation(record);
        return bad_request();
    };
    let now = mock.store.now();
    let outcome = {
        let mut inner = mock.store.lock();
        match inner.live_token(&token, now) {
            Ok(found) => {
                let (user, client_id, kind) =
                    (found.user.clone(), found.client_id.clone(), found.kind);
                let revoked = inner
                    .remove_grant(&user, &client_id, "revoked at POST /revoke", now)
                    .unwrap_or_default();
                Ok((user, client_id, kind, revoked))
            }
            Err(problem) => {
                let known = inner.tokens.get(&token);
                let owner = known.map(|t| (t.user.clone(), t.client_id.clone(), t.kind));
                Err((problem, owner))
            }
        }
    };
    match outcome {
        Ok((user, client_id, kind, revoked)) => {
            let count = revoked.len();
            mock.store.record_revocation(Revocation {
                client_id: Some(client_id.clone()),
                token: Some(token),
                token_kind: Some(kind),
                user: Some(user.clone()),
                outcome: Outcome::Accepted,
                status: 200,
                reason: None,
                revoked_tokens: revoked,
                ..refused(endpoint(), None, StatusCode::OK, String::new())
            });
            let info = EventInfo {
                user: Some(user),
                client_id: Some(client_id.clone()),
                endpoint: Some(endpoint()),
            };
            let summary = format!("grant of {client_id} removed ({count} tokens revoked)");
            mock.store.event("grant_removed", summary, info);
            Json(json!({})).into_response()
        }
        Err((problem, owner)) => {
            let reason = match problem {
                TokenProblem::Unknown => "unknown token",
                TokenProblem::Revoked => "token already revoked",
                TokenProblem::Expired => "token expired",
            };
            let mut record = refused(
                endpoint(),
                Some(token),
                StatusCode::BAD_REQUEST,
                reason.into(),
            );
            if let Some((user, client_id, kind)) = owner {
                record.user = Some(user);
                record.client_id = Some(client_id);
                record.token_kind = Some(kind);
            }
            mock.store.record_revocation(record);
            json_error(
                StatusCode::BAD_REQUEST,
                "invalid_token",
                "Token expired or revoked",
            )
        }
    }
}
