//! The page where a person removes an app's access at the provider, one flow for both mocks:
//! GitHub's Settings → Applications → Authorized OAuth Apps ([`crate::github::settings`]) and
//! the Google Account's third-party connections ([`crate::google::connections`]). Each
//! provider gives only what differs ([`SettingsPage`]): its paths, its words, its session and
//! its page.
//!
//! [`list`] shows the apps the signed-in user authorized; [`remove`] (a form carrying the
//! session's `authenticity_token` and the app's `client_id`) ends the grant and every token of
//! it as the user's doing (`user_removed_access`, see [`crate::store::Inner::remove_access`]),
//! then goes back to the list naming the app. The app is told nothing, and must ask for
//! consent again next time. Without a provider session, the provider's sign-in page comes
//! first, then back to the list.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use common::Provider;
use maud::html;

use crate::http::{self, QueryMap};
use crate::pages;
use crate::state::Mock;
use crate::store::{AuthorizedApp, ProviderSession, Removal};

/// A provider's settings page: what is fixed ([`Spec`]), and what depends on its user.
pub trait SettingsPage {
    /// The provider's user, as its session finds them and its page shows them.
    type User;

    const SPEC: Spec;

    /// The signed-in user of this browser, if any.
    fn current(mock: &Mock, headers: &HeaderMap) -> Option<(ProviderSession, Self::User)>;

    /// The user as the store keys their grants (GitHub's login, Google's `sub`).
    fn key(user: &Self::User) -> &str;

    /// Why there is nothing to remove: `client_id` has no access to `user`'s account.
    fn nothing_to_remove(user: &Self::User, client_id: &str) -> String;

    /// The page: `apps` with their forms, `removed` naming the app just removed.
    fn page(
        session: &ProviderSession,
        user: &Self::User,
        apps: &[AuthorizedApp],
        removed: Option<&str>,
    ) -> Response;
}

/// What a provider's settings page fixes, in the provider's own words.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub provider: Provider,
    /// The list (`GET`).
    pub path: &'static str,
    /// Where the list's forms post (`POST`), as the tokens' endings name it.
    pub action: &'static str,
    /// The query parameter that names the app just removed, back on the list (`revoked`).
    pub removed: &'static str,
    /// The sign-in page, and its parameter that brings the person back to the list.
    pub sign_in: &'static str,
    pub sign_in_return: &'static str,
    /// Where the user removes an app, as the tokens' endings and the event say it.
    pub place: &'static str,
    /// The link on every refusal back to the list.
    pub back: &'static str,
    /// A form that is not UTF-8 form-encoded.
    pub unreadable: Refusal<'static>,
    /// A form without the session's `authenticity_token`.
    pub forged: Refusal<'static>,
    /// A form that names no app (`client_id`).
    pub unnamed: Refusal<'static>,
    /// The title of the 404 for an app without access (its message:
    /// [`SettingsPage::nothing_to_remove`]).
    pub nothing_title: &'static str,
}

/// A refused form as the provider answers it: an error page leading back to the list.
#[derive(Debug, Clone, Copy)]
pub struct Refusal<'a> {
    pub status: StatusCode,
    pub title: &'a str,
    pub why: &'a str,
}

/// `GET` the list, `?removed=CLIENT_ID` (under the provider's parameter name) after a
/// removal: the app is named only when it is a registered client that no longer has access.
pub async fn list<P: SettingsPage>(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    QueryMap(params): QueryMap,
) -> Response {
    let Some((session, user)) = P::current(&mock, &headers) else {
        return to_sign_in(&P::SPEC);
    };
    let now = mock.store.now();
    let (apps, removed) = {
        let inner = mock.store.lock();
        let apps = inner.authorized_apps(P::key(&user), now);
        let gone = |id: &&String| {
            inner.clients.contains_key(*id) && !apps.iter().any(|a| &a.client_id == *id)
        };
        let removed = params.get(P::SPEC.removed).filter(gone);
        (apps, removed.map(|id| inner.client_name(id)))
    };
    P::page(&session, &user, &apps, removed.as_deref())
}

/// `POST` the form with `client_id` and `authenticity_token`: the grant ends with all its
/// tokens, then back to the list.
pub async fn remove<P: SettingsPage>(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    pages::PageBody(body): pages::PageBody,
) -> Response {
    let spec = &P::SPEC;
    let Some(form) = http::parse_form(&body) else {
        return refused(spec, spec.unreadable);
    };
    let Some((session, user)) = P::current(&mock, &headers) else {
        return to_sign_in(spec);
    };
    if form.get("authenticity_token") != Some(&session.csrf) {
        return refused(spec, spec.forged);
    }
    let Some(client_id) = http::param(&form, "client_id") else {
        return refused(spec, spec.unnamed);
    };
    let endpoint = format!("POST {}", spec.action);
    let removal = Removal {
        endpoint: &endpoint,
        place: spec.place,
    };
    let now = mock.store.now();
    let removed = mock
        .store
        .lock()
        .remove_access(P::key(&user), client_id, removal, now);
    if removed.is_none() {
        let nothing = Refusal {
            status: StatusCode::NOT_FOUND,
            title: spec.nothing_title,
            why: &P::nothing_to_remove(&user, client_id),
        };
        return refused(spec, nothing);
    }
    let query = serde_urlencoded::to_string([(spec.removed, client_id)]).unwrap_or_default();
    pages::found(spec.provider, &format!("{}?{query}", spec.path))
}

/// To the sign-in page, which comes back to the list.
fn to_sign_in(spec: &Spec) -> Response {
    let query = serde_urlencoded::to_string([(spec.sign_in_return, spec.path)]).unwrap_or_default();
    pages::found(spec.provider, &format!("{}?{query}", spec.sign_in))
}

/// An error page that leads back to the list.
fn refused(spec: &Spec, refusal: Refusal<'_>) -> Response {
    let back = html! { p { a href=(spec.path) { (spec.back) } } };
    let Refusal { status, title, why } = refusal;
    pages::error_page_with(spec.provider, status, title, why, back)
}
