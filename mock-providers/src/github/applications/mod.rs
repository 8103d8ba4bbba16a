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

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use self::checks::{check, path_client};
use self::object::authorization;
use super::{not_found, rest_error};
use crate::http;
use crate::server::Mock;
use crate::store::{Client, EventInfo, Outcome, Revocation, Token, TokenKind};

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
) -> Response {
    let response = not_found().await;
    mock.store.record_revocation(Revocation {
        seq: 0,
        time: String::new(),
        provider: mock.provider(),
        endpoint: format!("{method} {}", uri.path()),
        client_id: http::basic_auth(&headers)
            .map(|(id, _)| id)
            .or_else(|| path_client(&uri)),
        token: None,
        token_kind: None,
        user: None,
        outcome: Outcome::Rejected,
        status: response.status().as_u16(),
        reason: Some(format!("wrong method: {method} (expected DELETE)")),
        revoked_tokens: Vec::new(),
    });
    response
}

fn handle(
    mock: &Mock,
    kind: Kind,
    uri: &Uri,
    headers: &HeaderMap,
    body: &Result<Bytes, BytesRejection>,
) -> Response {
    let method = match kind {
        Kind::RevokeToken | Kind::RevokeGrant => "DELETE",
        Kind::Check => "POST",
        Kind::Reset => "PATCH",
    };
    let endpoint = format!("{method} {}", uri.path());
    let caller = http::basic_auth(headers)
        .map(|(id, _)| id)
        .or_else(|| path_client(uri));
    // A body axum could not read (too large) is still a call to record.
    let (body, unreadable) = match body {
        Ok(body) => (body.as_ref(), None),
        Err(rejection) => {
            let response = rest_error(rejection.status(), &rejection.body_text(), &kind.docs());
            let reason = format!("unreadable body: {}", rejection.body_text());
            (&[][..], Some((response, reason)))
        }
    };
    let checked = match unreadable {
        Some((response, reason)) => Err(Box::new(checks::Refusal { response, reason })),
        None => check(mock, kind, uri, headers, body),
    };
    let (response, reason, revoked) = match checked {
        Err(refusal) => (refusal.response, Some(refusal.reason), Vec::new()),
        Ok((client, token)) => {
            let (revoked, response) = perform(mock, kind, &endpoint, &client, &token);
            (response, None, revoked)
        }
    };
    let status = response.status();
    // The token presented and what it was, for the records, whatever the outcome.
    let presented = http::parse_json_object(body)
        .and_then(|p| p.get("access_token").cloned())
        .filter(|t| !t.is_empty());
    let stored = presented
        .as_deref()
        .and_then(|t| mock.store.lock().tokens.get(t).cloned());
    if kind.is_revocation() {
        mock.store.record_revocation(Revocation {
            seq: 0,
            time: String::new(),
            provider: mock.provider(),
            endpoint,
            client_id: caller,
            token: presented,
            token_kind: stored.as_ref().map(|t| t.kind),
            user: stored.as_ref().map(|t| t.user.clone()),
            outcome: if reason.is_none() {
                Outcome::Accepted
            } else {
                Outcome::Rejected
            },
            status: status.as_u16(),
            reason,
            revoked_tokens: revoked,
        });
    } else if let Some(reason) = reason {
        mock.store.event(
            "token_refused",
            format!("{endpoint} refused ({}): {reason}", status.as_u16()),
            EventInfo {
                user: stored.map(|t| t.user),
                client_id: caller,
                endpoint: Some(endpoint),
            },
        );
    }
    response
}

/// Does what the call asks, once every check passed; returns the tokens revoked.
fn perform(
    mock: &Mock,
    kind: Kind,
    endpoint: &str,
    client: &Client,
    token: &Token,
) -> (Vec<String>, Response) {
    let now = mock.store.now();
    let info = EventInfo {
        user: Some(token.user.clone()),
        client_id: Some(client.client_id.clone()),
        endpoint: Some(endpoint.to_string()),
    };
    match kind {
        Kind::RevokeToken => {
            let why = format!("revoked by {endpoint}");
            let revoked = mock
                .store
                .lock()
                .revoke_where(|t| t.token == token.token, &why, now);
            (revoked, StatusCode::NO_CONTENT.into_response())
        }
        Kind::RevokeGrant => {
            let why = format!("grant removed by {endpoint}");
            let revoked = mock
                .store
                .lock()
                .remove_grant(&token.user, &client.client_id, &why, now)
                .unwrap_or_default();
            let summary = format!(
                "{} no longer authorizes {} ({} tokens revoked)",
                token.user,
                client.client_id,
                revoked.len()
            );
            mock.store.event("grant_removed", summary, info);
            (revoked, StatusCode::NO_CONTENT.into_response())
        }
        Kind::Check => {
            mock.store.event(
                "token_checked",
                format!("token of {} checked", token.user),
                info,
            );
            (Vec::new(), authorization(mock, client, token))
        }
        Kind::Reset => {
            let fresh = {
                let mut inner = mock.store.lock();
                let why = format!("reset by {endpoint}");
                inner.revoke_where(|t| t.token == token.token, &why, now);
                let value = format!("gho_{}", crate::random::token(36));
                let value = inner.issue_token(
                    value,
                    TokenKind::Access,
                    &client.client_id,
                    &token.user,
                    &token.scopes,
                    None,
                    None,
                    now,
                );
                inner.tokens.get(&value).cloned()
            };
            mock.store.event(
                "token_reset",
                format!("token of {} reset", token.user),
                info,
            );
            let response = match fresh {
                Some(fresh) => authorization(mock, client, &fresh),
                None => rest_error(StatusCode::NOT_FOUND, "Not Found", &kind.docs()),
            };
            (Vec::new(), response)
        }
    }
}
