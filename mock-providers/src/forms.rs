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

use axum::http::StatusCode;
use axum::routing::MethodRouter;

use crate::pages;
use crate::state::Mock;

/// `route` with the check in front of its unsafe methods (its `GET` passes untouched); a
/// form posted from another site gets the provider's 403 page.
pub fn guarded(mock: &Arc<Mock>, route: MethodRouter<Arc<Mock>>) -> MethodRouter<Arc<Mock>> {
    let provider = mock.provider();
    let refuse = move |why: &'static str| {
        let message =
            format!("Cross-site request refused: {why}. Use this form on the mock's own page.");
        let title = "Cross-site request refused";
        pages::error_page(provider, StatusCode::FORBIDDEN, title, &message)
    };
    route.route_layer(common::cross_site::layer(&mock.base_url, refuse))
}
