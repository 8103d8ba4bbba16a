//! The Google Account's third-party connections ("Third-party apps & services"): the apps
//! with access to the signed-in account (`GET /connections`), each with Remove access
//! (`POST /connections/remove`, with the session's `authenticity_token`). Removing access
//! ends the grant, its access and refresh tokens alike: the app is told nothing, and the
//! next sign-in asks for consent again. Without a session, the account chooser first, then
//! back here. GitHub's twin: `github/settings.rs`.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::html;

use super::answers::found;
use super::signin::current;
use super::views::{self, CONNECTIONS as PATH};
use crate::api::Provider;
use crate::http::{self, QueryMap};
use crate::pages;
use crate::state::Mock;
use crate::store::Removal;

/// Where the user removes an app, as the tokens' endings and the event say it.
const PLACE: &str = "Google Account → Third-party apps & services";

/// `GET /connections?removed=CLIENT_ID`: the apps with access to the signed-in account;
/// `removed` (after a Remove access) names the app just removed, when it is a registered
/// client that no longer has access.
pub async fn connections(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    QueryMap(params): QueryMap,
) -> Response {
    let Some((session, user)) = current(&mock, &headers) else {
        return to_sign_in();
    };
    let now = mock.store.now();
    let (apps, removed) = {
        let inner = mock.store.lock();
        let apps = inner.authorized_apps(&user.sub, now);
        let gone = |id: &&String| {
            inner.clients.contains_key(*id) && !apps.iter().any(|a| &a.client_id == *id)
        };
        let removed = params.get("removed").filter(gone);
        (apps, removed.map(|id| inner.client_name(id)))
    };
    views::connections(&session, &user, &apps, removed.as_deref())
}

/// `POST /connections/remove` with `client_id` and `authenticity_token`: the grant ends
/// with all its tokens (`user_removed_access`), then back to the list.
pub async fn remove(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    pages::PageBody(body): pages::PageBody,
) -> Response {
    let Some(form) = http::parse_form(&body) else {
        let why = "The form could not be read (it must be UTF-8, form-encoded).";
        return refused(StatusCode::BAD_REQUEST, "Error 400: invalid_request", why);
    };
    let Some((session, user)) = current(&mock, &headers) else {
        return to_sign_in();
    };
    if form.get("authenticity_token") != Some(&session.csrf) {
        let why = "The form did not carry this session's authenticity_token: remove access from the list of your connections.";
        return refused(StatusCode::FORBIDDEN, "Remove access refused", why);
    }
    let Some(client_id) = http::param(&form, "client_id") else {
        let why = "The form must name the app whose access to remove (client_id).";
        return refused(StatusCode::BAD_REQUEST, "Error 400: invalid_request", why);
    };
    let endpoint = format!("POST {}", views::REMOVE);
    let removal = Removal {
        endpoint: &endpoint,
        place: PLACE,
    };
    let now = mock.store.now();
    let removed = mock
        .store
        .lock()
        .remove_access(&user.sub, client_id, removal, now);
    if removed.is_none() {
        let why = format!(
            "The app `{client_id}` has no access to {}: there is nothing to remove (it may be removed already).",
            user.email
        );
        return refused(StatusCode::NOT_FOUND, "No access to remove", &why);
    }
    let query = serde_urlencoded::to_string([("removed", client_id)]).unwrap_or_default();
    found(&format!("{PATH}?{query}"))
}

/// To the account chooser, which comes back to the list.
fn to_sign_in() -> Response {
    let query = serde_urlencoded::to_string([("continue", PATH)]).unwrap_or_default();
    found(&format!("/ServiceLogin?{query}"))
}

/// An error page that leads back to the list.
fn refused(status: StatusCode, title: &str, message: &str) -> Response {
    let back = html! { p { a href=(PATH) { "Back to your third-party connections" } } };
    pages::error_page_with(Provider::Google, status, title, message, back)
}
