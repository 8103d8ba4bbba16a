//! The `/__mock/` routes that change a session, a grant or the time: reset, ending a user's
//! provider session, removing a grant as the user would in their settings, moving the clock.
//! Each records an event. (Clients and faults have their own modules.)

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

use super::io::{AdminError, Body, Shape, done, provider_slug};
use super::read::clock_record;
use crate::api::EventKind;
use crate::state::Mock;
use crate::store::{EventInfo, Inner, Removal};

/// How far the clock may run ahead in total (100 years): beyond that, time arithmetic and
/// date formatting stop making sense.
pub const MAX_CLOCK_OFFSET_SECS: u64 = 100 * 365 * 24 * 3600;

/// `POST /__mock/reset`: back to the seeds, the registered clients kept (see
/// [`crate::store::Store::reset`]). Any body is ignored.
pub async fn reset(State(mock): State<Arc<Mock>>, headers: HeaderMap) -> Response {
    mock.store.reset();
    let next_seq = mock.store.lock().next_seq();
    done(
        &headers,
        StatusCode::OK,
        json!({ "provider": provider_slug(&mock), "reset": true, "next_seq": next_seq }),
    )
}

/// The account key of the user a person names (a login, an email or a key), or a 404 that
/// says there is no such user at this mock.
fn account_key(inner: &Inner, user: &str) -> Result<String, AdminError> {
    match inner.account_by_username(user) {
        Some(account) => Ok(account.key().to_string()),
        None => Err(AdminError::not_found(format!(
            "no user `{user}` at the mock {}",
            inner.provider.name()
        ))),
    }
}

/// The body of `POST /__mock/sessions/end`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndSessions {
    user: String,
}

impl Shape for EndSessions {
    const SHAPE: &'static str = r#"{"user": "ada"}"#;
}

/// `POST /__mock/sessions/end {"user": ...}`: signs a user out at the provider, as if they
/// had clicked "Sign out" there. The user is a login, an email or an account key.
pub async fn end_sessions(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    Body(request): Body<EndSessions>,
) -> Result<Response, AdminError> {
    let answer = end_sessions_of(&mock, &request.user)?;
    Ok(done(&headers, StatusCode::OK, answer))
}

/// Ends every provider session of `user` and records it; the JSON answer.
pub fn end_sessions_of(mock: &Mock, user: &str) -> Result<Value, AdminError> {
    let (key, count) = {
        let mut inner = mock.store.lock();
        let key = account_key(&inner, user)?;
        let count = inner.end_sessions_of(&key);
        (key, count)
    };
    let info = EventInfo {
        user: Some(key.clone()),
        endpoint: Some("POST /__mock/sessions/end".into()),
        ..EventInfo::default()
    };
    let summary = format!("{count} provider session(s) of {key} ended from /__mock/");
    mock.store
        .event(EventKind::ProviderSessionEnded, summary, info);
    Ok(json!({ "user": key, "ended": count }))
}

/// The body of `POST /__mock/grants/remove`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemoveGrant {
    user: String,
    client_id: String,
}

impl Shape for RemoveGrant {
    const SHAPE: &'static str = r#"{"user": "ada", "client_id": "logout-lab-github"}"#;
}

/// `POST /__mock/grants/remove {"user": ..., "client_id": ...}`: the user removes the app in
/// their account settings (GitHub's "Authorized OAuth Apps", Google's "Third-party access"):
/// the grant goes and every token of it ends; the app is told nothing.
pub async fn remove_grant(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    Body(request): Body<RemoveGrant>,
) -> Result<Response, AdminError> {
    let answer = remove_grant_of(&mock, &request.user, &request.client_id)?;
    Ok(done(&headers, StatusCode::OK, answer))
}

/// Removes `user`'s grant to `client_id`, ending its tokens as the user's own doing
/// (`user_removed_access`, as at the provider's settings page), and records it; the JSON
/// answer.
pub fn remove_grant_of(mock: &Mock, user: &str, client_id: &str) -> Result<Value, AdminError> {
    let removal = Removal {
        endpoint: "POST /__mock/grants/remove",
        place: "their account settings (done from /__mock/)",
    };
    let now = mock.store.now();
    let mut inner = mock.store.lock();
    let key = account_key(&inner, user)?;
    match inner.remove_access(&key, client_id, removal, now) {
        Some(ended) => Ok(json!({ "user": key, "ended": ended })),
        None => Err(AdminError::not_found(format!(
            "{key} has not authorized `{client_id}`"
        ))),
    }
}

/// The body of `POST /__mock/clock`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Advance {
    advance_seconds: u64,
}

impl Shape for Advance {
    const SHAPE: &'static str = r#"{"advance_seconds": 600}"#;
}

/// `POST /__mock/clock {"advance_seconds": N}`: moves the mock's clock forward, so codes
/// and tokens expire without waiting.
pub async fn advance_clock(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    Body(request): Body<Advance>,
) -> Result<Response, AdminError> {
    let offset = u64::try_from(mock.store.clock.offset_secs()).unwrap_or(0);
    if offset.saturating_add(request.advance_seconds) > MAX_CLOCK_OFFSET_SECS {
        return Err(AdminError::unprocessable(format!(
            "the clock may run at most {MAX_CLOCK_OFFSET_SECS} seconds (100 years) ahead"
        )));
    }
    mock.store.clock.advance(request.advance_seconds);
    let info = EventInfo {
        endpoint: Some("POST /__mock/clock".into()),
        ..EventInfo::default()
    };
    let summary = format!("clock advanced by {} s", request.advance_seconds);
    mock.store.event(EventKind::ClockAdvanced, summary, info);
    let clock = serde_json::to_value(clock_record(&mock.store)).unwrap_or_default();
    Ok(done(&headers, StatusCode::OK, clock))
}
