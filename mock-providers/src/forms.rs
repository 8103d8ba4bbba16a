//! The forms a person posts at a provider (sign-in, sign-out, consent, removing an app) are
//! refused when a browser says another site sent them. Without it a page elsewhere could
//! post the sign-in form and sign the victim in at the mock as the attacker (login CSRF),
//! and an app the victim authorized would then sign them in as the attacker. The consent,
//! sign-out and settings forms also carry the session's `authenticity_token`; this is the
//! layer before it, and the only one the sign-in form has (there is no session yet).
//!
//! The check is the one of `/__mock/` and of the apps (`common::cross_site`): an `Origin`
//! other than the mock's own (or the `Host` it was sent to), or a `Sec-Fetch-Site` other
//! than `same-origin` or `none`. Programs (the checker, curl) send neither and pass. The
//! refusal is the provider's own error page, 403.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::Response;
use axum::routing::MethodRouter;

use crate::pages;
use crate::state::Mock;

/// `route` with the check in front of its unsafe methods (its `GET` passes untouched).
pub fn guarded(mock: &Arc<Mock>, route: MethodRouter<Arc<Mock>>) -> MethodRouter<Arc<Mock>> {
    route.route_layer(from_fn_with_state(mock.clone(), refuse_cross_site))
}

/// Middleware: a form posted from another site gets the provider's 403 page.
pub async fn refuse_cross_site(
    State(mock): State<Arc<Mock>>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    match common::cross_site::cross_site(request.headers(), &mock.base_url) {
        Some(why) if !safe => {
            let path = request.uri().path();
            tracing::warn!(path, why, "cross-site form refused");
            let message =
                format!("Cross-site request refused: {why}. Use this form on the mock's own page.");
            pages::error_page(
                mock.provider(),
                StatusCode::FORBIDDEN,
                "Cross-site request refused",
                &message,
            )
        }
        _ => next.run(request).await,
    }
}
