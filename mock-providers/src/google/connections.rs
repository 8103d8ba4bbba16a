//! The Google Account's third-party connections ("Third-party apps & services"): the apps
//! with access to the signed-in account (`GET /connections`), each with Remove access
//! (`POST /connections/remove`), which ends access and refresh tokens alike. The flow is
//! [`crate::settings_page`], shared with GitHub's `github/settings.rs`; this file gives
//! Google's paths, words, session and page.

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use common::Provider;

use super::signin;
use super::views::{self, CONNECTIONS, REMOVE};
use crate::config::GoogleUser;
use crate::settings_page::{Refusal, SettingsPage, Spec};
use crate::state::Mock;
use crate::store::{AuthorizedApp, ProviderSession};

/// The third-party connections, routed as [`crate::settings_page::list`] and
/// [`crate::settings_page::remove`] of this.
pub struct Connections;

impl SettingsPage for Connections {
    type User = GoogleUser;

    const SPEC: Spec = Spec {
        provider: Provider::Google,
        path: CONNECTIONS,
        action: REMOVE,
        removed: "removed",
        sign_in: "/ServiceLogin",
        sign_in_return: "continue",
        place: "Google Account → Third-party apps & services",
        back: "Back to your third-party connections",
        unreadable: Refusal {
            status: StatusCode::BAD_REQUEST,
            title: "Error 400: invalid_request",
            why: "The form could not be read (it must be UTF-8, form-encoded).",
        },
        forged: Refusal {
            status: StatusCode::FORBIDDEN,
            title: "Remove access refused",
            why: "The form did not carry this session's authenticity_token: remove access from the list of your connections.",
        },
        unnamed: Refusal {
            status: StatusCode::BAD_REQUEST,
            title: "Error 400: invalid_request",
            why: "The form must name the app whose access to remove (client_id).",
        },
        nothing_title: "No access to remove",
    };

    fn current(mock: &Mock, headers: &HeaderMap) -> Option<(ProviderSession, GoogleUser)> {
        signin::current(mock, headers)
    }

    fn key(user: &GoogleUser) -> &str {
        &user.sub
    }

    fn nothing_to_remove(user: &GoogleUser, client_id: &str) -> String {
        format!(
            "The app `{client_id}` has no access to {}: there is nothing to remove (it may be removed already).",
            user.email
        )
    }

    fn page(
        session: &ProviderSession,
        user: &GoogleUser,
        apps: &[AuthorizedApp],
        removed: Option<&str>,
    ) -> Response {
        views::connections(session, user, apps, removed)
    }
}
