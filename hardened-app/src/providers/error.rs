//! How a call to a provider fails, as the user should hear about it. The app's error type
//! ([`crate::error::AppError`]) carries it and answers with its [`ProviderError::status`].

use axum::http::StatusCode;

use super::Provider;

/// A failed call to a provider, as the user should hear about it.
#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// 400: the provider refused the authorization code (expired, reused, PKCE mismatch...).
    #[error("{provider} code exchange failed: {reason}")]
    ExchangeRefused { provider: Provider, reason: String },
    /// 403: the stored access token no longer works (revoked or expired at the provider).
    #[error(
        "The {provider} access token is no longer valid (revoked or expired): log in with {provider} again to renew it"
    )]
    TokenRejected { provider: Provider },
    /// 502: the provider answered something we cannot use (a 5xx, a body that is not JSON...).
    #[error("{provider} failed to {action}: {detail}")]
    BadAnswer {
        provider: Provider,
        action: &'static str,
        detail: String,
    },
    /// 502: the provider could not be reached.
    #[error("{provider} could not be reached to {action}")]
    Unreachable {
        provider: Provider,
        action: &'static str,
        #[source]
        source: reqwest::Error,
    },
    /// 504: the provider did not answer in time.
    #[error("{provider} did not answer in time to {action}")]
    Timeout {
        provider: Provider,
        action: &'static str,
    },
    /// 502: the provider refused the app's own request in a way that asking again cannot fix
    /// (wrong client credentials, most likely): the operator must correct the configuration.
    #[error("{provider} refused to {action}: {detail}")]
    Refused {
        provider: Provider,
        action: &'static str,
        detail: String,
    },
}

impl ProviderError {
    /// Classifies a transport error of a call that had a timeout.
    pub fn transport(provider: Provider, action: &'static str, source: reqwest::Error) -> Self {
        if source.is_timeout() {
            ProviderError::Timeout { provider, action }
        } else {
            ProviderError::Unreachable {
                provider,
                action,
                source,
            }
        }
    }

    /// The status an answer carrying this error has.
    pub fn status(&self) -> StatusCode {
        match self {
            ProviderError::ExchangeRefused { .. } => StatusCode::BAD_REQUEST,
            ProviderError::TokenRejected { .. } => StatusCode::FORBIDDEN,
            ProviderError::BadAnswer { .. }
            | ProviderError::Unreachable { .. }
            | ProviderError::Refused { .. } => StatusCode::BAD_GATEWAY,
            ProviderError::Timeout { .. } => StatusCode::GATEWAY_TIMEOUT,
        }
    }

    /// Whether the same call may succeed later: the provider was down, slow or answered
    /// oddly. A refusal (of the code, the token or the app's credentials) stays a refusal.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ProviderError::BadAnswer { .. }
                | ProviderError::Unreachable { .. }
                | ProviderError::Timeout { .. }
        )
    }

    /// What happened, as a page's headline.
    pub fn headline(&self) -> String {
        match self {
            ProviderError::ExchangeRefused { provider, .. } => {
                format!("{provider} refused to finish this login")
            }
            ProviderError::TokenRejected { provider } => {
                format!("{provider} no longer accepts the stored token")
            }
            ProviderError::BadAnswer { provider, .. } => format!("{provider} answered oddly"),
            ProviderError::Unreachable { provider, .. } => {
                format!("{provider} could not be reached")
            }
            ProviderError::Timeout { provider, .. } => format!("{provider} did not answer in time"),
            ProviderError::Refused { provider, .. } => format!("{provider} refused this app"),
        }
    }

    /// What the person who met this error can do next.
    pub fn what_to_do(&self) -> &'static str {
        match self {
            ProviderError::ExchangeRefused { .. } => {
                "The provider refused the sign-in code (used, expired, or not for this app). Start the login again from the home page."
            }
            ProviderError::TokenRejected { .. } => {
                "The provider no longer accepts the token this app stored (revoked or expired). Log in with it again to store a fresh one, or disconnect it."
            }
            ProviderError::BadAnswer { .. }
            | ProviderError::Unreachable { .. }
            | ProviderError::Timeout { .. } => {
                "The provider is down, slow or answered oddly, and nothing was changed here. Try again in a moment; with the mock providers, check that `cargo run -p mock-providers` is running."
            }
            ProviderError::Refused { .. } => {
                "The provider refused this app's own request (its client id or secret is probably wrong). The app's operator must correct its configuration and restart it."
            }
        }
    }
}
