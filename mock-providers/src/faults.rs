//! Faults.
use crate::server::Mock;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;

pub async fn middleware(State(_mock): State<Arc<Mock>>, request: Request, next: Next) -> Response {
    next.run(request).await
}
