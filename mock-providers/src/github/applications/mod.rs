//! GitHub's revocation calls of api.github.com, with HTTP Basic auth
//! (`client_id:client_secret`) and a JSON body `{"access_token": "..."}`:
//! - `DELETE /applications/{client_id}/token`: revokes that one token (the grant stays);
//! - `DELETE /applications/{client_id}/grant`: removes the grant and every token of it.
//!
//! GitHub's other calls on these paths (`POST` checks a token, `PATCH` resets one) are not
//! served: no app of the lesson needs them. Every call of the paths, whatever its method, is
//! recorded as a revocation, accepted or refused with its reason: that log is what the lab is
//! about.
//!
//! Validate, perform, record once, as Google's `/revoke` (`google/revoke.rs`):
//! - `calls`: which call a request is, and a call as the records describe it;
//! - `request`: the validations, in GitHub's order, and the refusal they give;
//! - `perform`: what a validated call does, and the record of every call.

mod calls;
mod perform;
mod request;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use self::calls::{Call, Kind};
use self::perform::{describe_token, record_refusal, revoke};
use self::request::{Refusal, path_client, validate};
use super::answers::{not_found, rest_error};
use crate::api::RevocationRecord;
use crate::http;
use crate::state::Mock;

/// Every call of the two paths, whatever its method: the two revocations are told apart by
/// path (`Kind::of`); any other method is refused as a wrong method.
pub async fn dispatch(
    State(mock): State<Arc<Mock>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    match Kind::of(&method, uri.path()) {
        Some(kind) => handle(&mock, kind, &uri, &headers, &body),
        None => {
            let reason = format!("wrong method: {method} (expected DELETE)");
            refuse(&mock, reason, &method, &uri, &headers, body).await
        }
    }
}

/// Every request GitHub serves nothing at: 404 (see [`not_found`]). One under `/applications/` (a mistyped
/// revocation path) is recorded as a refused revocation, since it was most likely meant as
/// one.
pub async fn elsewhere(
    State(mock): State<Arc<Mock>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    if !uri.path().starts_with("/applications/") {
        return not_found(&headers, &method, &uri);
    }
    let reason = "no such endpoint (GitHub revokes at DELETE /applications/{client_id}/token)";
    refuse(&mock, reason.into(), &method, &uri, &headers, body).await
}

/// A call on or near the revocation paths that GitHub answers 404, recorded as a refused
/// revocation with `reason`.
async fn refuse(
    mock: &Mock,
    reason: String,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let response = not_found(headers, method, uri);
    let endpoint = format!("{method} {}", uri.path());
    let mut record = RevocationRecord::refused(
        mock.provider(),
        endpoint,
        response.status().as_u16(),
        reason,
    );
    record.client_id = caller(headers, uri);
    let token = body.ok().and_then(|body| presented(&body));
    describe_token(&mut record, &mock.store.lock(), token);
    mock.store.record_refused(record);
    response
}

/// The client a call names: its Basic auth, else the path's `{client_id}`.
fn caller(headers: &HeaderMap, uri: &Uri) -> Option<String> {
    http::basic_auth(headers)
        .map(|(id, _)| id)
        .or_else(|| path_client(uri))
}

/// The `access_token` of a JSON body, if it has a non-empty one.
fn presented(body: &[u8]) -> Option<String> {
    http::parse_json_object(body)
        .and_then(|p| p.get("access_token").cloned())
        .filter(|t| !t.is_empty())
}

/// Validate, perform, record once: the validations run first; then, under one lock, the
/// call's effect and its record.
fn handle(
    mock: &Mock,
    kind: Kind,
    uri: &Uri,
    headers: &HeaderMap,
    body: &Result<Bytes, BytesRejection>,
) -> Response {
    let endpoint = format!("DELETE {}", uri.path());
    // A body axum could not read (too large) is still a call to record.
    let (body, validated) = match body {
        Ok(body) => (
            body.as_ref(),
            validate(mock, &kind.docs(), uri, headers, body),
        ),
        Err(rejection) => {
            let response = rest_error(rejection.status(), &rejection.body_text(), &kind.docs());
            let reason = format!("unreadable body: {}", rejection.body_text());
            (&[][..], Err(Box::new(Refusal { response, reason })))
        }
    };
    let call = Call {
        kind,
        endpoint: &endpoint,
        caller: caller(headers, uri),
        token: presented(body),
    };
    let now = mock.store.now();
    let mut inner = mock.store.lock();
    match validated {
        Err(refusal) => {
            let status = refusal.response.status();
            record_refusal(&mut inner, &call, &refusal.reason, status, now);
            refusal.response
        }
        Ok((client, token)) => {
            revoke(&mut inner, &call, &client, &token, now);
            StatusCode::NO_CONTENT.into_response()
        }
    }
}
