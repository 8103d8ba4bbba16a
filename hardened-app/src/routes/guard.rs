//! Refusing cross-site state-changing requests (login-CSRF's cousins: a foreign page that
//! logs the user out or disconnects their provider).
//!
//! `SameSite=Lax` already keeps the session cookie off cross-site POSTs in modern browsers;
//! this check is the second layer and also covers same-*site* pages on another port (the
//! mocks on localhost are same-site with the app). Requests without `Origin` and
//! `Sec-Fetch-Site` (curl, API clients) pass: they carry no ambient browser credentials.

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::state::AppState;

pub async fn refuse_cross_site(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let base = state.config().base();
    if !safe && let Some(why) = common::cross_site::cross_site(request.headers(), base) {
        tracing::warn!(method = %request.method(), path = request.uri().path(), why, "refused");
        return AppError::CrossSite(why).into_response();
    }
    next.run(request).await
}
