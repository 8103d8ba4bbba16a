//! GitHub's Settings → Applications → Authorized OAuth Apps: the apps the signed-in user
//! authorized (`GET /settings/applications`), each with Revoke
//! (`POST /settings/applications/revoke`), as GitHub does when a user revokes an OAuth App in
//! their settings. The flow is [`crate::settings_page`], shared with Google's
//! `google/connections.rs`; this file gives GitHub's paths, words, session and page.

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use common::Provider;

use super::signin;
use super::views::{self, REVOKE, SETTINGS};
use crate::config::GitHubUser;
use crate::settings_page::{Refusal, SettingsPage, Spec};
use crate::state::Mock;
use crate::store::{AuthorizedApp, ProviderSession};

/// Settings → Applications, routed as [`crate::settings_page::list`] and
/// [`crate::settings_page::remove`] of this.
pub struct Settings;

impl SettingsPage for Settings {
    type User = GitHubUser;

    const SPEC: Spec = Spec {
        provider: Provider::GitHub,
        path: SETTINGS,
        action: REVOKE,
        removed: "revoked",
        sign_in: "/login",
        sign_in_return: "return_to",
        place: "Settings → Applications → Authorized OAuth Apps",
        back: "Back to your authorized OAuth Apps",
        unreadable: Refusal {
            status: StatusCode::BAD_REQUEST,
            title: "Bad request",
            why: "The form must be sent as application/x-www-form-urlencoded UTF-8.",
        },
        forged: Refusal {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            title: "Revoke refused",
            why: "The form's authenticity_token does not match your session: revoke from the list of your authorized apps.",
        },
        unnamed: Refusal {
            status: StatusCode::BAD_REQUEST,
            title: "Bad request",
            why: "The form must name the app to revoke (client_id).",
        },
        nothing_title: "Nothing to revoke",
    };

    fn current(mock: &Mock, headers: &HeaderMap) -> Option<(ProviderSession, GitHubUser)> {
        signin::current(mock, headers)
    }

    fn key(user: &GitHubUser) -> &str {
        &user.login
    }

    fn nothing_to_remove(user: &GitHubUser, client_id: &str) -> String {
        format!(
            "{} has not authorized the app `{client_id}`: there is nothing to revoke (it may be revoked already).",
            user.login
        )
    }

    fn page(
        session: &ProviderSession,
        user: &GitHubUser,
        apps: &[AuthorizedApp],
        revoked: Option<&str>,
    ) -> Response {
        views::applications(session, user, apps, revoked)
    }
}
