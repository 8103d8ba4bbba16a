//! `POST /__mock/app-events` (the app reports) and `GET /__mock/app-events` (the list).

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use common::Provider;
use serde::Deserialize;
use serde_json::json;

use super::record::{AppEventKind, AppEventRecord};
use crate::admin::io::{AdminError, Body, Shape};
use crate::state::Mock;
use crate::store::rfc3339;

/// The longest `user`, `token` or `detail` kept: a timeline row, not a document.
pub const MAX_TEXT: usize = 500;

/// The body of `POST /__mock/app-events`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppEventRequest {
    kind: AppEventKind,
    #[serde(default)]
    provider: Option<Provider>,
    #[serde(default)]
    user: Option<String>,
    /// The token the event touched, shortened (optional: posts without it stay valid).
    #[serde(default)]
    token: Option<String>,
    #[serde(default)]
    detail: Option<String>,
}

impl Shape for AppEventRequest {
    const SHAPE: &'static str = r#"{"kind": "login" | "logout" | "disconnect", "provider": "github" | "google" (optional), "user": "ada@example.com" (optional), "token": "gho_3f9a1c…" (optional), "detail": "..." (optional)}"#;
}

/// `POST /__mock/app-events`: keeps the event with this mock's time, wakes the timelines;
/// 201 `{"app_event": {...}}`.
pub async fn report(
    State(mock): State<Arc<Mock>>,
    Body(request): Body<AppEventRequest>,
) -> Result<Response, AdminError> {
    let user = text("user", request.user)?;
    let token = text("token", request.token)?;
    let detail = text("detail", request.detail)?;
    let record = mock.app_events.push(AppEventRecord {
        seq: 0,
        time: rfc3339(mock.store.now()),
        received_by: mock.provider(),
        kind: request.kind,
        provider: request.provider,
        user,
        token,
        detail,
    });
    let answer = json!({ "app_event": record });
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

/// An optional text field: blank is absent, too long is a 422.
fn text(name: &str, value: Option<String>) -> Result<Option<String>, AdminError> {
    let Some(value) = value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
    else {
        return Ok(None);
    };
    if value.chars().count() > MAX_TEXT {
        return Err(AdminError::unprocessable(format!(
            "`{name}` may be at most {MAX_TEXT} characters"
        )));
    }
    Ok(Some(value))
}

/// `GET /__mock/app-events`: every kept app event, oldest first, as a JSON array.
pub async fn list(State(mock): State<Arc<Mock>>) -> Json<Vec<AppEventRecord>> {
    Json(mock.app_events.all())
}
