//! The mock Google.
use crate::server::Mock;
use axum::Router;
use std::sync::Arc;

pub fn router() -> Router<Arc<Mock>> {
    Router::new()
}
