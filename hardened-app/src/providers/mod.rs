//! The two providers behind one shape: each module has the same five calls (authorize URL,
//! code exchange, identity, live profile, revocation), so they read alike.
//!
//! Every call goes through one `reqwest::Client` with the configured timeout, no redirects,
//! and a `User-Agent` (GitHub refuses API calls without one).

mod error;
pub mod github;
pub mod google;

use common::Provider;
use reqwest::{RequestBuilder, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;

use crate::config::Config;
pub use error::ProviderError;

/// The `User-Agent` of every outbound call.
pub const USER_AGENT: &str = concat!("logout-lab-app/", env!("CARGO_PKG_VERSION"));

/// Who the provider says the user is.
#[derive(Debug, Clone)]
pub struct Identity {
    pub provider: Provider,
    /// GitHub's integer `id` as text, Google's `sub`.
    pub provider_user_id: String,
    pub email: Option<String>,
    /// Whether the provider verified `email`: only verified emails link accounts.
    pub email_verified: bool,
    pub name: Option<String>,
    pub avatar_url: Option<String>,
}

/// An access token from a code exchange, with its scopes (space-separated).
#[derive(Debug, Clone)]
pub struct Grant {
    pub access_token: String,
    pub scopes: String,
    /// Seconds the token lives, when the provider says (Google: 3599); `None` for GitHub,
    /// whose OAuth App tokens do not expire.
    pub expires_in: Option<i64>,
}

/// How a revocation ended, both counting as revoked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revoked {
    /// The provider revoked the token now.
    Now,
    /// The provider said the token was already unknown, expired or revoked.
    Already,
}

/// The HTTP client and the configuration every provider call needs.
#[derive(Debug, Clone)]
pub struct Providers {
    pub http: reqwest::Client,
    pub config: Config,
}

impl Providers {
    pub fn new(config: Config) -> anyhow::Result<Providers> {
        let http = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .timeout(config.provider_timeout)
            .connect_timeout(config.provider_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Providers { http, config })
    }

    /// Where to send the browser to sign in: the provider's own parameters, then the `state`
    /// and the PKCE challenge (S256), as both providers take them.
    pub fn authorize_url(&self, provider: Provider, state: &str, challenge: &str) -> Url {
        let mut url = match provider {
            Provider::GitHub => github::authorize_url(&self.config),
            Provider::Google => google::authorize_url(&self.config),
        };
        url.query_pairs_mut()
            .append_pair("state", state)
            .append_pair("code_challenge", challenge)
            .append_pair("code_challenge_method", "S256");
        url
    }

    /// Trades the callback's code (and the PKCE verifier) for an access token.
    pub async fn exchange(
        &self,
        provider: Provider,
        code: &str,
        verifier: &str,
    ) -> Result<Grant, ProviderError> {
        match provider {
            Provider::GitHub => github::exchange(self, code, verifier).await,
            Provider::Google => google::exchange(self, code, verifier).await,
        }
    }

    /// The identity the token belongs to.
    pub async fn identity(
        &self,
        provider: Provider,
        token: &str,
    ) -> Result<Identity, ProviderError> {
        match provider {
            Provider::GitHub => github::identity(self, token).await,
            Provider::Google => google::identity(self, token).await,
        }
    }

    /// The user's live profile, as the provider answers it.
    pub async fn live_profile(
        &self,
        provider: Provider,
        token: &str,
    ) -> Result<serde_json::Value, ProviderError> {
        match provider {
            Provider::GitHub => github::live_profile(self, token).await,
            Provider::Google => google::live_profile(self, token).await,
        }
    }

    /// What the provider says of `token` now, asked with the profile call an app makes with
    /// it: it works, it is refused (revoked or expired), or the provider could not say.
    pub async fn liveness(&self, provider: Provider, token: &str) -> Liveness {
        match self.live_profile(provider, token).await {
            Ok(_) => Liveness::Alive,
            Err(ProviderError::TokenRejected { .. }) => Liveness::Dead,
            Err(error) => Liveness::Unknown(error.to_string()),
        }
    }

    /// Revokes the token at the provider, as PROVIDERS.md says each one wants it.
    pub async fn revoke(&self, provider: Provider, token: &str) -> Result<Revoked, ProviderError> {
        match provider {
            Provider::GitHub => github::revoke(self, token).await,
            Provider::Google => google::revoke(self, token).await,
        }
    }
}

/// Whether a provider still accepts a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Liveness {
    Alive,
    /// Refused: revoked, expired, or its grant removed.
    Dead,
    /// The provider could not be asked (down, slow, an answer we cannot read): why.
    Unknown(String),
}

/// The `access_token` of a successful token answer; a missing or empty one is a bad answer.
fn issued_token(
    provider: Provider,
    action: &'static str,
    access_token: Option<String>,
) -> Result<String, ProviderError> {
    access_token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ProviderError::BadAnswer {
            provider,
            action,
            detail: "no access_token in the answer".into(),
        })
}

/// An answer from a provider: status and body.
pub(crate) struct Answer {
    pub status: StatusCode,
    pub body: Vec<u8>,
}

impl Answer {
    /// The body as JSON of type `T`, or a `BadAnswer` naming what was expected.
    pub fn json<T: DeserializeOwned>(
        &self,
        provider: Provider,
        action: &'static str,
    ) -> Result<T, ProviderError> {
        serde_json::from_slice(&self.body).map_err(|e| ProviderError::BadAnswer {
            provider,
            action,
            detail: format!("unexpected answer (HTTP {}): {e}", self.status.as_u16()),
        })
    }

    /// A `BadAnswer` for a status we cannot use.
    pub fn unexpected(&self, provider: Provider, action: &'static str) -> ProviderError {
        ProviderError::BadAnswer {
            provider,
            action,
            detail: format!("HTTP {}", self.status.as_u16()),
        }
    }
}

/// Sends a request and reads the whole answer, within the client's timeout.
pub(crate) async fn send(
    provider: Provider,
    action: &'static str,
    request: RequestBuilder,
) -> Result<Answer, ProviderError> {
    let response = request
        .send()
        .await
        .map_err(|e| ProviderError::transport(provider, action, e))?;
    let status = response.status();
    let body = response
        .bytes()
        .await
        .map_err(|e| ProviderError::transport(provider, action, e))?;
    Ok(Answer {
        status,
        body: body.to_vec(),
    })
}
