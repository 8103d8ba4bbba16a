//! The OAuth App token calls of api.github.com, all with HTTP Basic auth
//! (`client_id:client_secret`) and a JSON body `{"access_token": "..."}`:
//! - `DELETE /applications/{client_id}/token`: revokes that one token (the grant stays);
//! - `DELETE /applications/{client_id}/grant`: removes the grant and every token of it;
//! - `POST /applications/{client_id}/token`: checks a token;
//! - `PATCH /applications/{client_id}/token`: resets a token (a new one, the old one dies).
//!
//! Every call of the two DELETEs (and any other method on their paths) is recorded as a
//! revocation, accepted or refused with its reason: that log is what the lab is about.

mod checks;
mod object;

use std::sync::Arc;
use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use self::checks::{check, path_client};
use self::object::authorization;
use super::{not_found, rest_error};
use crate::api::{Client, EndCause, EventKind, Outcome, RevocationRecord, TokenKind};
use crate::http;
use crate::state::Mock;
use crate::store::{End, EventInfo, Inner, NewToken, Token};

const DOCS: &str = "https://docs.github.com/rest/apps/oauth-applications";

/// Which of the four calls this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    RevokeToken,
    RevokeGrant,
    Check,
    Reset,
}

impl Kind {
    pub(super) fn docs(self) -> String {
        let anchor = match self {
            Kind::RevokeToken => "delete-an-app-token",
            Kind::RevokeGrant => "delete-an-app-authorization",
            Kind::Check => "check-a-token",
            Kind::Reset => "reset-a-token",
        };
        format!("{DOCS}#{anchor}")
    }

    fn method(self) -> &'static str {
        match self {
            Kind::RevokeToken | Kind::RevokeGrant => "DELETE",
            Kind::Check => "POST",
            Kind::Reset => "PATCH",
        }
    }

    fn is_revocation(self) -> bool {
        matches!(self, Kind::RevokeToken | Kind::RevokeGrant)
    }
}

/// `DELETE /applications/{client_id}/token`.
pub async fn revoke_token(
    State(mock): State<Arc<Mock>>,
    uri: Uri,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    handle(&mock, Kind::RevokeToken, &uri, &headers, &body)
}

/// `DELETE /applications/{client_id}/grant`.
pub async fn revoke_grant(
    State(mock): State<Arc<Mock>>,
    uri: Uri,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    handle(&mock, Kind::RevokeGrant, &uri, &headers, &body)
}

/// `POST /applications/{client_id}/token`.
pub async fn check_token(
    State(mock): State<Arc<Mock>>,
    uri: Uri,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    handle(&mock, Kind::Check, &uri, &headers, &body)
}

/// `PATCH /applications/{client_id}/token`.
pub async fn reset_token(
    State(mock): State<Arc<Mock>>,
    uri: Uri,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    handle(&mock, Kind::Reset, &uri, &headers, &body)
}

/// Any other method on the two revocation paths: GitHub answers 404, and the mock records
/// the call as a refused revocation, since it was most likely meant as one.
pub async fn wrong_method(
    State(mock): State<Arc<Mock>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let response = not_found().await;
    let reason = format!("wrong method: {method} (expected DELETE)");
    let endpoint = format!("{method} {}", uri.path());
    let mut record = RevocationRecord::refused(
        mock.provider(),
        endpoint,
        response.status().as_u16(),
        reason,
    );
    record.client_id = caller(&headers, &uri);
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

/// Fills in the token a revocation call presented, and what the mock knows of it.
fn describe_token(record: &mut RevocationRecord, inner: &Inner, token: Option<String>) {
    let stored = token.as_deref().and_then(|t| inner.tokens.get(t));
    record.token_kind = stored.map(|t| t.kind);
    record.user = stored.map(|t| t.user.clone());
    record.token = token;
}

/// Check, perform, record once: the checks run first; then, under one lock, the call's
/// effect and its record (a revocation for the two DELETEs, an event for the others), so
/// the tokens a call ends carry the sequence number of its record.
fn handle(
    mock: &Mock,
    kind: Kind,
    uri: &Uri,
    headers: &HeaderMap,
    body: &Result<Bytes, BytesRejection>,
) -> Response {
    let endpoint = format!("{} {}", kind.method(), uri.path());
    // A body axum could not read (too large) is still a call to record.
    let (body, checked) = match body {
        Ok(body) => (body.as_ref(), check(mock, kind, uri, headers, body)),
        Err(rejection) => {
            let response = rest_error(rejection.status(), &rejection.body_text(), &kind.docs());
            let reason = format!("unreadable body: {}", rejection.body_text());
            (&[][..], Err(Box::new(checks::Refusal { response, reason })))
        }
    };
    let call = Call {
        kind,
        endpoint: &endpoint,
        caller: caller(headers, uri),
        token: presented(body),
    };
    let now = mock.store.now();
    let done = {
        let mut inner = mock.store.lock();
        match checked {
            Err(refusal) => {
                refuse(
                    &mut inner,
                    &call,
                    &refusal.reason,
                    refusal.response.status(),
                    now,
                );
                return refusal.response;
            }
            Ok((client, token)) => perform(&mut inner, &call, &client, &token, now),
        }
    };
    match done {
        Done::Revoked => StatusCode::NO_CONTENT.into_response(),
        Done::Authorization(found) => authorization(mock, &found.0, &found.1),
    }
}

/// One call to the `/applications/{client_id}/...` API, as the records describe it.
struct Call<'a> {
    kind: Kind,
    endpoint: &'a str,
    caller: Option<String>,
    token: Option<String>,
}

/// What a performed call answers.
enum Done {
    Revoked,
    /// The authorization object of this token (checked, or the fresh one of a reset).
    Authorization(Box<(Client, Token)>),
}

/// Records a refused call: a refused revocation, or a `token_refused` event.
fn refuse(inner: &mut Inner, call: &Call<'_>, reason: &str, status: StatusCode, now: SystemTime) {
    let seq = inner.take_seq();
    if call.kind.is_revocation() {
        let mut record = RevocationRecord::refused(
            inner.provider,
            call.endpoint.to_string(),
            status.as_u16(),
            reason.to_string(),
        );
        record.client_id = call.caller.clone();
        describe_token(&mut record, inner, call.token.clone());
        inner.push_revocation(seq, record, now);
    } else {
        let user = call.token.as_deref().and_then(|t| inner.tokens.get(t));
        let info = EventInfo {
            user: user.map(|t| t.user.clone()),
            client_id: call.caller.clone(),
            endpoint: Some(call.endpoint.to_string()),
            ..EventInfo::default()
        };
        let summary = format!("{} refused ({}): {reason}", call.endpoint, status.as_u16());
        inner.push_event(seq, EventKind::TokenRefused, summary, info, now);
    }
}

/// Does what the call asks, once every check passed, and records it.
fn perform(
    inner: &mut Inner,
    call: &Call<'_>,
    client: &Client,
    token: &Token,
    now: SystemTime,
) -> Done {
    let seq = inner.take_seq();
    let info = EventInfo {
        user: Some(token.user.clone()),
        client_id: Some(client.client_id.clone()),
        endpoint: Some(call.endpoint.to_string()),
        ..EventInfo::default()
    };
    match call.kind {
        Kind::RevokeToken | Kind::RevokeGrant => {
            revoke(inner, call, client, token, seq, now);
            Done::Revoked
        }
        Kind::Check => {
            let summary = format!("token of {} checked", token.user);
            inner.push_event(seq, EventKind::TokenChecked, summary, info, now);
            Done::Authorization(Box::new((client.clone(), token.clone())))
        }
        Kind::Reset => {
            let fresh = reset(inner, call, client, token, seq, now);
            let info = EventInfo {
                issued: vec![fresh.token.clone()],
                ended: vec![token.token.clone()],
                ..info
            };
            let summary = format!("token of {} reset", token.user);
            inner.push_event(seq, EventKind::TokenReset, summary, info, now);
            Done::Authorization(Box::new((client.clone(), fresh)))
        }
    }
}

/// The two DELETEs: end the token (or the whole grant) and record the accepted call.
fn revoke(
    inner: &mut Inner,
    call: &Call<'_>,
    client: &Client,
    token: &Token,
    seq: u64,
    now: SystemTime,
) {
    let grant = call.kind == Kind::RevokeGrant;
    let why = if grant {
        format!("grant removed by {}", call.endpoint)
    } else {
        format!("revoked by {}", call.endpoint)
    };
    let end = End {
        cause: if grant {
            EndCause::GrantRemoved
        } else {
            EndCause::Revoked
        },
        endpoint: Some(call.endpoint),
        why: &why,
    };
    let revoked = if grant {
        let removed = inner.remove_grant(&token.user, &client.client_id, end, seq, now);
        removed.unwrap_or_default()
    } else {
        inner.end_tokens(|t| t.token == token.token, end, seq, now)
    };
    let record = RevocationRecord {
        client_id: call.caller.clone(),
        token: Some(token.token.clone()),
        token_kind: Some(token.kind),
        user: Some(token.user.clone()),
        outcome: Outcome::Accepted,
        status: StatusCode::NO_CONTENT.as_u16(),
        reason: None,
        revoked_tokens: revoked.clone(),
        ..RevocationRecord::refused(inner.provider, call.endpoint.to_string(), 0, String::new())
    };
    inner.push_revocation(seq, record, now);
    if grant {
        let summary = format!(
            "{} no longer authorizes {} ({} tokens revoked)",
            token.user,
            client.client_id,
            revoked.len()
        );
        let info = EventInfo {
            user: Some(token.user.clone()),
            client_id: Some(client.client_id.clone()),
            endpoint: Some(call.endpoint.to_string()),
            ended: revoked,
            ..EventInfo::default()
        };
        inner.record(EventKind::GrantRemoved, summary, info, now);
    }
}

/// `PATCH`: the old token dies, a new one with the same scopes takes its place.
fn reset(
    inner: &mut Inner,
    call: &Call<'_>,
    client: &Client,
    token: &Token,
    seq: u64,
    now: SystemTime,
) -> Token {
    let why = format!("reset by {}", call.endpoint);
    let end = End {
        cause: EndCause::Reset,
        endpoint: Some(call.endpoint),
        why: &why,
    };
    inner.end_tokens(|t| t.token == token.token, end, seq, now);
    let new = NewToken {
        value: format!("gho_{}", crate::random::token(36)),
        kind: TokenKind::Access,
        client_id: &client.client_id,
        user: &token.user,
        scopes: &token.scopes,
        ttl: None,
        code: None,
    };
    let value = inner.issue_token(new, seq, now);
    inner.tokens[&value].clone()
}
