//! Refusing cross-site requests that change the mock: without this, any web page open while
//! the mocks run could register its own redirect URI with a default client, arm a fault or
//! reset the mock with a simple form POST. The dashboard's and the timeline's own forms are
//! same-origin and pass, and so do programs (the app, the checker, curl), which send no
//! `Origin`.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::io::AdminError;
use crate::state::Mock;

pub async fn refuse_cross_site(
    State(mock): State<Arc<Mock>>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe && let Some(why) = common::cross_site::cross_site(request.headers(), &mock.base_url) {
        let message = format!("Cross-site request refused: {why}");
        return AdminError::new(axum::http::StatusCode::FORBIDDEN, message).into_response();
    }
    next.run(request).await
}
