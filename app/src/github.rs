//! GitHub (an OAuth App): sign-in on github.com, the REST API on api.github.com. Every API
//! call needs a `User-Agent`, which the shared client sends.

use common::Provider;
use reqwest::Client;
use reqwest::header::ACCEPT;
use serde::Deserialize;

use crate::App;
use crate::config::Registration;
use crate::db::Identity;
use crate::providers::{self, GITHUB_JSON, ProviderError, send, succeeded};

const P: Provider = Provider::GitHub;

/// `GET /user` for who the user is, and `GET /user/emails` for the email: the primary one,
/// and only if it is verified (the public email of `/user` says nothing about that).
pub async fn identity(app: &App, token: &str) -> Result<Identity, ProviderError> {
    #[derive(Deserialize)]
    struct User {
        id: u64,
        login: String,
        name: Option<String>,
        avatar_url: Option<String>,
    }
    #[derive(Deserialize)]
    struct Email {
        email: String,
        primary: bool,
        verified: bool,
    }
    let user: User = providers::profile(app, P, token).await?;
    let url = format!("{}/user/emails", app.config.github.api_url);
    let request = app.http.get(url).bearer_auth(token).header(ACCEPT, GITHUB_JSON);
    let emails: Vec<Email> =
        providers::json(P, "fetch the email addresses", send(P, request).await?).await?;
    let primary = emails.into_iter().find(|e| e.primary && e.verified);
    Ok(Identity {
        provider: P,
        provider_user_id: user.id.to_string(),
        email_verified: primary.is_some(),
        email: primary.map(|e| e.email),
        name: user.name.or(Some(user.login)),
        avatar_url: user.avatar_url,
    })
}

/// Revokes `token` at GitHub (the lesson's "Revoking a GitHub token").
pub async fn revoke(
    http: &Client,
    github: &Registration,
    token: &str,
) -> Result<(), ProviderError> {
    // ANCHOR: revoke-github
    let url = format!("{}/applications/{}/token", github.api_url, github.client_id);
    let request = http
        .delete(url)
        .basic_auth(&github.client_id, Some(&github.client_secret))
        .header(ACCEPT, GITHUB_JSON)
        .json(&serde_json::json!({ "access_token": token }));
    succeeded(P, "revoke the token", send(P, request).await?)
    // ANCHOR_END: revoke-github
    // STARTER: revoke-github
    // // The disconnect exercise (exercises/disconnect.md): send GitHub's revocation call
    // // for `token`, with the app's client id and secret (in `github`), through
    // // `send(P, ...)`, and answer with `succeeded(P, ...)`.
    // let _ = (http, github, token, send, succeeded);
    // Err(ProviderError::NotWritten(P))
    // STARTER_END: revoke-github
}
