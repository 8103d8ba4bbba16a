//! The one error type at the HTTP boundary: what a person, a client or a provider can get
//! wrong, each answered with its status and `{"error": "..."}` (the course's strings where it
//! has them), which a browser sees as a page in plain words ([`common::error_page`]).
//! An internal failure is logged with its cause and answered with an opaque 500.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use common::Provider;
use common::error_page::Plainly;
use serde_json::json;

use crate::providers::ProviderError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("Unauthorized")]
    Unauthorized,
    /// The state is missing, unknown, used, expired, or from a login another browser started.
    #[error("Invalid state")]
    InvalidState,
    /// The provider sent the user back with an error (`access_denied`: they cancelled).
    #[error("{0} authorization failed: {1}")]
    AuthorizationFailed(Provider, String),
    #[error("Missing authorization code")]
    MissingCode,
    #[error("{0} is not linked to your account")]
    NotLinked(Provider),
    /// Disconnecting the only provider would leave the user no way to log in again.
    #[error("{0} is the only way you log in here: link another provider before disconnecting it")]
    OnlyProvider(Provider),
    #[error("Cross-site request refused: {0}")]
    CrossSite(&'static str),
    #[error("Not Found")]
    NotFound,
    /// A route with another method: `GET /logout` logs nobody out.
    #[error("Method Not Allowed")]
    MethodNotAllowed,
    #[error(transparent)]
    Provider(#[from] ProviderError),
    /// The provider's sign-in page, on this machine, does not answer: the mocks are stopped.
    #[error(transparent)]
    NotAnswering(#[from] common::reach::NotAnswering),
    /// A disconnect whose revocation failed: nothing was unlinked or forgotten.
    #[error("{0}. {1} is still linked, and the app still holds its token: try again")]
    NotRevoked(ProviderError, Provider),
    #[error("Internal Server Error")]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::InvalidState | AppError::CrossSite(_) => StatusCode::FORBIDDEN,
            AppError::AuthorizationFailed(..) | AppError::MissingCode => StatusCode::BAD_REQUEST,
            AppError::NotLinked(_) | AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::OnlyProvider(_) => StatusCode::CONFLICT,
            AppError::Provider(ProviderError::CodeRefused(..)) => StatusCode::BAD_REQUEST,
            AppError::Provider(ProviderError::TokenDead(_)) => StatusCode::FORBIDDEN,
            AppError::Provider(_) | AppError::NotRevoked(..) => StatusCode::BAD_GATEWAY,
            AppError::NotAnswering(_) => StatusCode::BAD_GATEWAY,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What happened, in plain words, for a browser's page: the course's strings, which the
    /// JSON keeps exact, are terse.
    fn plainly(&self) -> String {
        match self {
            AppError::Unauthorized => "This page is only for someone logged in to this app.".into(),
            AppError::InvalidState => "This login could not be finished: this browser did not start it here in the last 10 minutes (it was started in another browser, took longer, or was already used). Log in again.".into(),
            AppError::AuthorizationFailed(p, e) if e == "access_denied" => format!("You cancelled the login at {p}."),
            AppError::AuthorizationFailed(p, e) => format!("{p} did not let you in ({e})."),
            AppError::MissingCode => "The provider sent you back without a code, so this login could not be finished. Log in again.".into(),
            AppError::Provider(ProviderError::CodeRefused(p, why)) => format!("{p} refused the code that finishes this login ({why}). Log in again."),
            AppError::CrossSite(_) => "A form on another site tried to act on your account here, and the app refused it.".into(),
            AppError::NotFound => "There is no page at this address.".into(),
            AppError::MethodNotAllowed => "This address is for a button on the home page, not for visiting.".into(),
            AppError::Internal(_) => "Something went wrong inside the app (its log says what).".into(),
            other => format!("{other}."),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(cause) = &self {
            eprintln!("error: {cause:#}");
        }
        let plainly = Extension(Plainly::new(self.to_string(), self.plainly()));
        (self.status(), plainly, Json(json!({ "error": self.to_string() }))).into_response()
    }
}
