//! GitHub's Settings → Applications → Authorized OAuth Apps: the apps the signed-in user
//! authorized (`GET /settings/applications`), each with Revoke
//! (`POST /settings/applications/revoke`, with the session's `authenticity_token`). Revoking
//! removes the user's grant of that app and ends every token of it, as GitHub does when a
//! user revokes an OAuth App in their settings: the app is told nothing, and must ask for
//! consent again next time. Without a session, the sign-in page first, then back here.
//! Google's twin: `google/connections.rs`.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::html;

use super::answers::found;
use super::signin::current;
use super::views::{self, SETTINGS as PATH};
use crate::api::Provider;
use crate::http::{self, QueryMap};
use crate::pages;
use crate::state::Mock;
use crate::store::Removal;

/// Where the user removes an app, as the tokens' endings and the event say it.
const PLACE: &str = "Settings → Applications → Authorized OAuth Apps";

/// `GET /settings/applications?revoked=CLIENT_ID`: the apps the signed-in user authorized;
/// `revoked` (after a Revoke) names the app just revoked, when it is a registered client
/// the user no longer authorizes.
pub async fn applications(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    QueryMap(params): QueryMap,
) -> Response {
    let Some((session, user)) = current(&mock, &headers) else {
        return to_sign_in();
    };
    let now = mock.store.now();
    let (apps, revoked) = {
        let inner = mock.store.lock();
        let apps = inner.authorized_apps(&user.login, now);
        let gone = |id: &&String| {
            inner.clients.contains_key(*id) && !apps.iter().any(|a| &a.client_id == *id)
        };
        let revoked = params.get("revoked").filter(gone);
        (apps, revoked.map(|id| inner.client_name(id)))
    };
    views::applications(&session, &user, &apps, revoked.as_deref())
}

/// `POST /settings/applications/revoke` with `client_id` and `authenticity_token`: the
/// grant goes and its tokens end (`user_removed_access`), then back to the list.
pub async fn revoke(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    pages::PageBody(body): pages::PageBody,
) -> Response {
    let Some(form) = http::parse_form(&body) else {
        let why = "The form must be sent as application/x-www-form-urlencoded UTF-8.";
        return refused(StatusCode::BAD_REQUEST, "Bad request", why);
    };
    let Some((session, user)) = current(&mock, &headers) else {
        return to_sign_in();
    };
    if form.get("authenticity_token") != Some(&session.csrf) {
        let why = "The form's authenticity_token does not match your session: revoke from the list of your authorized apps.";
        return refused(StatusCode::UNPROCESSABLE_ENTITY, "Revoke refused", why);
    }
    let Some(client_id) = http::param(&form, "client_id") else {
        let why = "The form must name the app to revoke (client_id).";
        return refused(StatusCode::BAD_REQUEST, "Bad request", why);
    };
    let endpoint = format!("POST {}", views::REVOKE);
    let removal = Removal {
        endpoint: &endpoint,
        place: PLACE,
    };
    let now = mock.store.now();
    let removed = mock
        .store
        .lock()
        .remove_access(&user.login, client_id, removal, now);
    if removed.is_none() {
        let why = format!(
            "{} has not authorized the app `{client_id}`: there is nothing to revoke (it may be revoked already).",
            user.login
        );
        return refused(StatusCode::NOT_FOUND, "Nothing to revoke", &why);
    }
    let query = serde_urlencoded::to_string([("revoked", client_id)]).unwrap_or_default();
    found(&format!("{PATH}?{query}"))
}

/// To the sign-in page, which comes back to the list.
fn to_sign_in() -> Response {
    let query = serde_urlencoded::to_string([("return_to", PATH)]).unwrap_or_default();
    found(&format!("/login?{query}"))
}

/// An error page that leads back to the list.
fn refused(status: StatusCode, title: &str, message: &str) -> Response {
    let back = html! { p { a href=(PATH) { "Back to your authorized OAuth Apps" } } };
    pages::error_page_with(Provider::GitHub, status, title, message, back)
}
