//! The one error type at the HTTP boundary.
//!
//! Every variant documents its status. Errors a person or client can cause answer a clear 4xx
//! JSON body `{"error": "..."}` (the course's strings where it has them); provider failures
//! answer 502/504 naming the provider; internal failures are logged with their cause and
//! answered with an opaque 500. Each answer carries its words for a browser's page
//! ([`common::error_page`]).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use common::error_page::Plainly;
use serde_json::json;

use common::Provider;

use crate::providers::ProviderError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 401: no valid session.
    #[error("Unauthorized")]
    Unauthorized,
    /// 403: the callback's state is missing, unknown, expired, used, or from another browser.
    #[error("Invalid state")]
    InvalidState,
    /// 400: the provider sent the user back with an `error` parameter (e.g. `access_denied`).
    #[error("{provider} authorization failed: {error}")]
    AuthorizationFailed { provider: Provider, error: String },
    /// 400: the callback has no `code`.
    #[error("Missing authorization code")]
    MissingCode,
    /// 403: a state-changing request from another site.
    #[error("Cross-site request refused: {0}")]
    CrossSite(&'static str),
    /// 404: the provider is not linked to the signed-in user.
    #[error("{0} is not linked to this account")]
    NotLinked(Provider),
    /// 409: disconnecting the only linked provider would lock the user out.
    #[error(
        "Cannot disconnect {0}: it is the only provider linked to this account, so you could not log in again"
    )]
    OnlyProvider(Provider),
    /// 409: a login stored a new token while the disconnect revoked the old one; the link
    /// stays, with the new token.
    #[error(
        "The old {0} access token was revoked, but {0} was linked again with a new token during the disconnect: disconnect again to unlink it"
    )]
    Relinked(Provider),
    /// 409: another disconnect of this user is under way.
    #[error("Another disconnect is under way for this account: try again when it has finished")]
    DisconnectInProgress,
    /// 404: unknown route.
    #[error("Not Found")]
    NotFound,
    /// 405: known route, wrong method.
    #[error("Method Not Allowed")]
    MethodNotAllowed,
    /// 400 / 403 / 502 / 504: a provider call failed; see [`ProviderError`].
    #[error(transparent)]
    Provider(#[from] ProviderError),
    /// 502: a login's sign-in page, on this machine, does not answer (the mocks are stopped),
    /// so the login did not start.
    #[error(transparent)]
    NotAnswering(#[from] common::reach::NotAnswering),
    /// 503: a logout cleared the session cookie, but the database refused to delete the
    /// session's row (a full disk, say): the app refuses the session all the same, until it
    /// restarts ([`crate::db::sessions::Ended`]).
    #[error(
        "Logged out of this browser (its session cookie is cleared), but the app could not delete the session from its database: the app refuses the session until it restarts, and it expires at most 24 hours after login"
    )]
    LogoutNotStored,
    /// 500: a bug or a broken database; logged, answered opaquely.
    #[error("Internal Server Error")]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::InvalidState | AppError::CrossSite(_) => StatusCode::FORBIDDEN,
            AppError::AuthorizationFailed { .. } | AppError::MissingCode => StatusCode::BAD_REQUEST,
            AppError::NotLinked(_) | AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::OnlyProvider(_) | AppError::Relinked(_) | AppError::DisconnectInProgress => {
                StatusCode::CONFLICT
            }
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Provider(e) => e.status(),
            AppError::NotAnswering(_) => StatusCode::BAD_GATEWAY,
            AppError::LogoutNotStored => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl AppError {
    /// What the person who met this error can do next, for its page.
    pub fn what_to_do(&self) -> &'static str {
        match self {
            AppError::Unauthorized => "Log in first: the home page has a button for each provider.",
            AppError::InvalidState => "Start the login again from the home page.",
            AppError::AuthorizationFailed { .. } => {
                "The sign-in was cancelled or refused at the provider. Log in again and approve the app to go on."
            }
            AppError::MissingCode => "Start the login again from the home page.",
            AppError::CrossSite(_) => {
                "Use the buttons on this app's own pages: a form on another site cannot log you out or disconnect a provider."
            }
            AppError::NotLinked(_) => "Link it from the home page first.",
            AppError::OnlyProvider(_) => {
                "Link the other provider from the home page first, then disconnect this one."
            }
            AppError::Relinked(_) | AppError::DisconnectInProgress => {
                "Press Disconnect again on the home page once the other request has finished."
            }
            AppError::NotFound => "Check the address, or go back to the home page.",
            AppError::MethodNotAllowed => {
                "This address takes a form: use the buttons on the home page."
            }
            AppError::Provider(e) => e.what_to_do(),
            AppError::NotAnswering(_) => {
                "Start the mock providers (`cargo run -p mock-providers`) in another terminal, then press Log in again."
            }
            AppError::LogoutNotStored => {
                "Nothing more to do in this browser. The app's log says why its database cannot be written (a full disk?): the operator should fix that before the app restarts."
            }
            AppError::Internal(_) => {
                "Something went wrong in the app; its log says what. Try again."
            }
        }
    }
}

impl AppError {
    /// What happened, in plain words: a headline, then a sentence or two. The course's
    /// strings, which the JSON keeps exact, are terse ("Invalid state"); the other messages
    /// already say it in words, and are the sentence.
    pub fn what_happened(&self) -> (String, String) {
        let said = || format!("{self}.");
        let plain = |headline: &str, sentence: &str| (headline.to_string(), sentence.to_string());
        match self {
            AppError::Unauthorized => plain(
                "This page needs a login",
                "It shows what belongs to a logged-in user, and this browser has no session here.",
            ),
            AppError::InvalidState => plain(
                "This login could not be finished",
                "The app has no record of this login being started in this browser in the last 10 minutes: it was started in another browser, took longer than 10 minutes, or its last step was loaded twice (a reload, or the back button).",
            ),
            AppError::AuthorizationFailed { provider, error } if error == "access_denied" => (
                format!("You cancelled the login at {provider}"),
                format!("{provider} says you did not let this app in, so it is not."),
            ),
            AppError::AuthorizationFailed { provider, error } => (
                format!("{provider} did not let you in"),
                format!("{provider} sent you back with the error {error}."),
            ),
            AppError::MissingCode => plain(
                "This login could not be finished",
                "The provider sent you back without the code that finishes a login.",
            ),
            AppError::CrossSite(_) => plain(
                "A form from another site was refused",
                "A page of another site tried to log you out or disconnect a provider here; only this app's own buttons can.",
            ),
            AppError::NotLinked(provider) => (format!("{provider} is not linked"), said()),
            AppError::OnlyProvider(provider) | AppError::Relinked(provider) => {
                (format!("{provider} was not disconnected"), said())
            }
            AppError::DisconnectInProgress => ("Another disconnect is under way".into(), said()),
            AppError::NotFound => plain(
                "There is no page here",
                "Nothing of this app is at this address.",
            ),
            AppError::MethodNotAllowed => plain(
                "This address is for a button",
                "It takes a form sent by one of the app's buttons, not a visit.",
            ),
            AppError::Provider(error) => (error.headline(), said()),
            AppError::NotAnswering(error) => {
                (format!("{} cannot be reached", error.provider), said())
            }
            AppError::LogoutNotStored => plain(
                "Logged out here, but not in the app's database",
                "This browser no longer has its session, and the app refuses the session from now on, but the app could not delete it from its database.",
            ),
            AppError::Internal(_) => plain(
                "Something went wrong in the app",
                "The app failed to finish this request; its log says why.",
            ),
        }
    }
}

/// The database layer's failures are internal: logged with their cause, answered 500.
impl From<crate::db::Error> for AppError {
    fn from(error: crate::db::Error) -> Self {
        AppError::Internal(error.into())
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        match &self {
            AppError::Internal(cause) => tracing::error!(error = ?cause, "internal error"),
            AppError::Provider(cause) => {
                tracing::warn!(error = %cause, source = ?std::error::Error::source(cause), "provider call failed")
            }
            _ => {}
        }
        let message = self.to_string();
        let mut response = (status, Json(json!({ "error": message }))).into_response();
        let (headline, what_happened) = self.what_happened();
        let plainly = Plainly {
            headline: Some(headline),
            what_to_do: Some(self.what_to_do().into()),
            ..Plainly::new(message, what_happened)
        };
        response.extensions_mut().insert(plainly);
        response
    }
}
