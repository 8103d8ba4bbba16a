//! Google: sign-in on accounts.google.com, the token and revocation endpoints on
//! oauth2.googleapis.com, who the user is from the OpenID Connect userinfo endpoint.

use common::Provider;
use reqwest::Client;
use serde::Deserialize;

use crate::App;
use crate::config::Registration;
use crate::db::Identity;
use crate::providers::{self, ProviderError, send, succeeded};

const P: Provider = Provider::Google;

/// The userinfo endpoint: `sub` (the stable id), `email`, `email_verified`, `name`, `picture`.
pub async fn identity(app: &App, token: &str) -> Result<Identity, ProviderError> {
    #[derive(Deserialize)]
    struct UserInfo {
        sub: String,
        email: Option<String>,
        #[serde(default)]
        email_verified: bool,
        name: Option<String>,
        picture: Option<String>,
    }
    let info: UserInfo = providers::profile(app, P, token).await?;
    Ok(Identity {
        provider: P,
        provider_user_id: info.sub,
        email_verified: info.email_verified && info.email.is_some(),
        email: info.email,
        name: info.name,
        avatar_url: info.picture,
    })
}

/// Revokes `token` at Google (the lesson's "Revoking a Google token"). Google then ends the
/// whole grant: every token it issued the app for that user.
pub async fn revoke(
    http: &Client,
    google: &Registration,
    token: &str,
) -> Result<(), ProviderError> {
    // ANCHOR: revoke-google
    let request = http.post(&google.revoke_url).form(&[("token", token)]);
    succeeded(P, "revoke the token", send(P, request).await?)
    // ANCHOR_END: revoke-google
    // STARTER: revoke-google
    // // The disconnect exercise (exercises/disconnect.md): send Google's revocation call
    // // for `token` to `google.revoke_url` through `send(P, ...)`, and answer with
    // // `succeeded(P, ...)`.
    // let _ = (http, google, token, send, succeeded);
    // Err(ProviderError::NotWritten(P))
    // STARTER_END: revoke-google
}
