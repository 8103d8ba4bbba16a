//! The app's calls to GitHub and Google that are alike: the authorize URL, the code exchanged
//! for a token, the profile the token opens. Where the two differ (who the user is, how a
//! token is revoked), the call is in [`crate::github`] or [`crate::google`]. Every call has a
//! timeout and a `User-Agent` (GitHub requires one).

use std::time::Duration;

use common::Provider;
use reqwest::header::ACCEPT;
use reqwest::{RequestBuilder, Response};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::App;

/// The media type GitHub's REST API answers in.
pub const GITHUB_JSON: &str = "application/vnd.github+json";

/// How long any provider call may take.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The client every provider call is made with.
pub fn http_client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder().timeout(TIMEOUT).user_agent("logout-lab-app").build()
}

/// How a provider call failed.
#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    #[error("{0} could not be reached ({1})")]
    Unreachable(Provider, String),
    #[error("{0} answered HTTP {1}, which the app cannot use, when asked to {2}")]
    Status(Provider, u16, &'static str),
    #[error("{0} code exchange failed: {1}")]
    CodeRefused(Provider, String),
    #[error("{0} no longer accepts the token the app holds (revoked or expired)")]
    TokenDead(Provider),
    /// What a student edition's starter answers until its exercise is written.
    #[error("the call that revokes a {0} token is not written yet (exercises/disconnect.md)")]
    NotWritten(Provider),
}

/// Sends a request to `provider`.
pub async fn send(provider: Provider, request: RequestBuilder) -> Result<Response, ProviderError> {
    request.send().await.map_err(|e| {
        let why = if e.is_timeout() { "no answer in time".into() } else { e.to_string() };
        ProviderError::Unreachable(provider, why)
    })
}

/// A success with nothing to read; any other answer is the error.
pub fn succeeded(p: Provider, action: &'static str, answer: Response) -> Result<(), ProviderError> {
    match answer.status().as_u16() {
        200..=299 => Ok(()),
        status => Err(ProviderError::Status(p, status, action)),
    }
}

/// The JSON of a success; 401 means the token is dead; any other answer is the error.
pub async fn json<T: DeserializeOwned>(
    provider: Provider,
    action: &'static str,
    answer: Response,
) -> Result<T, ProviderError> {
    match answer.status().as_u16() {
        200..=299 => answer.json().await.map_err(|_| ProviderError::Status(provider, 200, action)),
        401 => Err(ProviderError::TokenDead(provider)),
        status => Err(ProviderError::Status(provider, status, action)),
    }
}

/// Where the browser signs in and consents: the provider's authorize URL with the app's
/// client, its callback, the scopes it asks for and the login's `state`.
pub fn authorize_url(app: &App, provider: Provider, state: &str) -> anyhow::Result<String> {
    let at = app.config.at_provider(provider);
    let redirect_uri = app.config.redirect_uri(provider);
    let mut query = vec![("client_id", at.client_id.as_str()), ("redirect_uri", &redirect_uri)];
    query.extend(match provider {
        Provider::GitHub => vec![("scope", "read:user user:email")],
        Provider::Google => vec![("response_type", "code"), ("scope", "openid email profile")],
    });
    query.push(("state", state));
    Ok(reqwest::Url::parse_with_params(&at.authorize_url, &query)?.into())
}

/// The access token the provider gives for `code`. GitHub answers a refused code with HTTP
/// 200 and an `error` field, Google with HTTP 400: the body says which, so it is read either
/// way.
pub async fn exchange(app: &App, provider: Provider, code: &str) -> Result<String, ProviderError> {
    #[derive(Deserialize)]
    struct Answer {
        access_token: Option<String>,
        error: Option<String>,
        error_description: Option<String>,
    }
    let at = app.config.at_provider(provider);
    let redirect_uri = app.config.redirect_uri(provider);
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("client_id", &at.client_id),
        ("client_secret", &at.client_secret),
        ("redirect_uri", &redirect_uri),
    ];
    let request = app.http.post(&at.token_url).header(ACCEPT, "application/json").form(&form);
    let answer = send(provider, request).await?;
    let status = answer.status().as_u16();
    let unreadable = ProviderError::Status(provider, status, "exchange the code");
    let answer: Answer = answer.json().await.map_err(|_| unreadable)?;
    match (answer.access_token, answer.error) {
        (Some(token), None) if status == 200 => Ok(token),
        (_, Some(error)) => {
            let why = [Some(error), answer.error_description].into_iter().flatten();
            Err(ProviderError::CodeRefused(provider, why.collect::<Vec<_>>().join(": ")))
        }
        _ => Err(ProviderError::Status(provider, status, "exchange the code")),
    }
}

/// The user's profile as the provider answers it now: GitHub's `GET /user`, Google's
/// userinfo. The app keeps the token for this ongoing API call.
pub async fn profile<T: DeserializeOwned>(
    app: &App,
    provider: Provider,
    token: &str,
) -> Result<T, ProviderError> {
    let (url, accept) = match provider {
        Provider::GitHub => (format!("{}/user", app.config.github.api_url), GITHUB_JSON),
        Provider::Google => (app.config.google.api_url.clone(), "application/json"),
    };
    let request = app.http.get(url).bearer_auth(token).header(ACCEPT, accept);
    json(provider, "fetch the profile", send(provider, request).await?).await
}
