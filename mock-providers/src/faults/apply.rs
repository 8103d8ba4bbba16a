//! Applying faults: this middleware, around every provider route of a mock, takes one call
//! off a fault armed for the called endpoint, found from the method and the matched route
//! ([`targets::target_of`]), so a fault on `revoke_token` catches
//! `DELETE /applications/{client_id}/token` whatever the id. `/__mock/` itself is never
//! faulted: the way out of a fault must keep working.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Json, Response};
use common::Provider;

use super::fault::{describe, take};
use super::targets;
use crate::api::{EventKind, RevocationRecord};
use crate::http;
use crate::state::Mock;
use crate::store::EventInfo;

/// The middleware: applies the first armed fault of the called endpoint, if any.
pub async fn middleware(State(mock): State<Arc<Mock>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string());
    let Some(endpoint) = route
        .as_deref()
        .and_then(|r| targets::target_of(mock.provider(), request.method(), r))
    else {
        return next.run(request).await;
    };
    let name = endpoint.name;
    let Some(fault) = take(&mut mock.store.lock().faults, name) else {
        return next.run(request).await;
    };
    let call = format!("{} {}", request.method(), request.uri().path());
    mock.store.event(
        EventKind::FaultApplied,
        format!("fault on {name}: {} ({call})", describe(&fault)),
        EventInfo {
            endpoint: Some(call),
            ..EventInfo::default()
        },
    );
    if let Some(delay) = fault.delay_ms {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    // `None`: drop the connection; `Some(status)`: answer it; otherwise the handler runs.
    let answer = match (
        fault.drop_connection,
        fault.status.and_then(|s| StatusCode::from_u16(s).ok()),
    ) {
        (true, _) => None,
        (false, Some(status)) => Some(status),
        (false, None) => return next.run(request).await,
    };
    // The handler will not run: a revocation call must still reach the revocation log.
    if endpoint.revokes {
        record_faulted_revocation(&mock, request, answer).await;
    }
    match answer {
        None => dropped_connection(),
        Some(status) => {
            let body = serde_json::json!({ "error": "mock fault", "status": status.as_u16() });
            (status, Json(body)).into_response()
        }
    }
}

/// Records a revocation call that a fault answered instead of the handler: refused, with the
/// token it carried (GitHub's JSON `access_token`, Google's `token` in the query or form).
/// `status` is `None` when the connection is dropped; the record's status is then 0.
async fn record_faulted_revocation(mock: &Mock, request: Request, status: Option<StatusCode>) {
    let endpoint = format!("{} {}", request.method(), request.uri().path());
    let query = request.uri().query().map(str::to_string);
    let path_client = match mock.provider() {
        Provider::GitHub => request.uri().path().split('/').nth(2).map(str::to_string),
        Provider::Google => None,
    };
    let body = axum::body::to_bytes(request.into_body(), 2 * 1024 * 1024)
        .await
        .unwrap_or_default();
    let token = match mock.provider() {
        Provider::GitHub => {
            http::parse_json_object(&body).and_then(|b| b.get("access_token").cloned())
        }
        Provider::Google => http::parse_form(&body)
            .and_then(|f| f.get("token").cloned())
            .or_else(|| http::query_map(query.as_deref()).remove("token")),
    }
    .filter(|t| !t.is_empty());
    let known = token
        .as_deref()
        .and_then(|t| mock.store.lock().tokens.get(t).cloned());
    let reason = match status {
        Some(status) => format!(
            "mock fault: answered {} instead of the provider",
            status.as_u16()
        ),
        None => "mock fault: connection dropped before any answer".to_string(),
    };
    let mut record = RevocationRecord::refused(
        mock.provider(),
        endpoint,
        status.map_or(0, |s| s.as_u16()),
        reason,
    );
    record.client_id = known
        .as_ref()
        .map(|t| t.client_id.to_string())
        .or(path_client);
    record.token_kind = known.as_ref().map(|t| t.kind);
    record.user = known.map(|t| t.user.to_string());
    record.token = token;
    mock.store.record_refused(record);
}

/// A response whose body fails before its first byte. hyper has only buffered the status
/// line when the body fails, so it closes the connection without writing anything: the
/// client sees the connection end with no answer, as when a provider crashes mid-call.
pub fn dropped_connection() -> Response {
    Response::new(Body::new(FailingBody))
}

/// A body that fails as soon as it is polled.
struct FailingBody;

#[derive(Debug)]
struct ConnectionDropped;

impl std::fmt::Display for ConnectionDropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by a mock fault")
    }
}

impl std::error::Error for ConnectionDropped {}

impl http_body::Body for FailingBody {
    type Data = Bytes;
    type Error = ConnectionDropped;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, ConnectionDropped>>> {
        Poll::Ready(Some(Err(ConnectionDropped)))
    }

    fn is_end_stream(&self) -> bool {
        false
    }
}
