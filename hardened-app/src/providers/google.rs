//! Google: authorize on accounts.google.com, token and revoke on oauth2.googleapis.com,
//! userinfo on openidconnect.googleapis.com.
//!
//! Google's quirks handled here: token errors come with real 4xx statuses and a JSON
//! `error`; `email_verified` is a boolean in userinfo but has been a string elsewhere, so
//! both are accepted; revoking an already revoked token answers 400 `invalid_token`, which
//! counts as revoked.

use serde::{Deserialize, Deserializer};
use url::Url;

use super::{Grant, Identity, Provider, ProviderError, Providers, Revoked, send};
use crate::config::Config;

const P: Provider = Provider::Google;
pub const SCOPES: &str = "openid email profile";

/// The authorize URL with Google's own parameters: the client, the callback, the scopes, and
/// `response_type=code`, which Google requires.
pub fn authorize_url(config: &Config) -> Url {
    let mut url = config.google.authorize_url.clone();
    url.query_pairs_mut()
        .append_pair("client_id", &config.google.client_id)
        .append_pair("redirect_uri", &config.redirect_uri(P))
        .append_pair("scope", SCOPES)
        .append_pair("response_type", "code");
    url
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: Option<String>,
    scope: Option<String>,
    /// A number from Google; read leniently, because an answer that failed to parse would
    /// lose a token Google has already issued.
    #[serde(default, deserialize_with = "seconds")]
    expires_in: Option<i64>,
}

/// A positive number of seconds, as a JSON number or string; anything else counts as absent.
fn seconds<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(d)?;
    let secs = match value {
        Some(serde_json::Value::Number(n)) => n.as_i64(),
        Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    Ok(secs.filter(|s| *s > 0))
}

#[derive(Deserialize)]
struct ErrorAnswer {
    error: String,
    error_description: Option<String>,
}

pub async fn exchange(p: &Providers, code: &str, verifier: &str) -> Result<Grant, ProviderError> {
    const ACTION: &str = "exchange the authorization code";
    let g = &p.config.google;
    let redirect_uri = p.config.redirect_uri(P);
    let request = p.http.post(g.token_url.clone()).form(&[
        ("grant_type", "authorization_code"),
        ("code", code),
        ("client_id", g.client_id.as_str()),
        ("client_secret", g.client_secret.as_str()),
        ("redirect_uri", redirect_uri.as_str()),
        ("code_verifier", verifier),
    ]);
    let answer = send(P, ACTION, request).await?;
    if answer.status.is_client_error() {
        // invalid_grant (bad, expired or reused code), invalid_client, redirect_uri_mismatch...
        return match serde_json::from_slice::<ErrorAnswer>(&answer.body) {
            Ok(e) => Err(ProviderError::ExchangeRefused {
                provider: P,
                reason: match e.error_description {
                    Some(d) => format!("{} ({d})", e.error),
                    None => e.error,
                },
            }),
            Err(_) => Err(answer.unexpected(P, ACTION)),
        };
    }
    if !answer.status.is_success() {
        return Err(answer.unexpected(P, ACTION));
    }
    let token: TokenAnswer = answer.json(P, ACTION)?;
    Ok(Grant {
        access_token: super::issued_token(P, ACTION, token.access_token)?,
        scopes: token.scope.unwrap_or_default(),
        expires_in: token.expires_in,
    })
}

#[derive(Deserialize)]
struct UserInfo {
    sub: String,
    email: Option<String>,
    #[serde(default, deserialize_with = "bool_or_string")]
    email_verified: bool,
    name: Option<String>,
    picture: Option<String>,
}

fn bool_or_string<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Text(String),
    }
    Ok(match Option::<Flag>::deserialize(d)? {
        Some(Flag::Bool(b)) => b,
        Some(Flag::Text(s)) => s.eq_ignore_ascii_case("true"),
        None => false,
    })
}

async fn userinfo(p: &Providers, token: &str) -> Result<super::Answer, ProviderError> {
    const ACTION: &str = "fetch the profile";
    let request = p
        .http
        .get(p.config.google.userinfo_url.clone())
        .bearer_auth(token);
    let answer = send(P, ACTION, request).await?;
    match answer.status.as_u16() {
        200..=299 => Ok(answer),
        401 => Err(ProviderError::TokenRejected { provider: P }),
        _ => Err(answer.unexpected(P, ACTION)),
    }
}

pub async fn identity(p: &Providers, token: &str) -> Result<Identity, ProviderError> {
    let info: UserInfo = userinfo(p, token).await?.json(P, "fetch the profile")?;
    Ok(Identity {
        provider: P,
        provider_user_id: info.sub,
        email: info.email,
        email_verified: info.email_verified,
        name: info.name,
        avatar_url: info.picture,
    })
}

pub async fn live_profile(p: &Providers, token: &str) -> Result<serde_json::Value, ProviderError> {
    userinfo(p, token).await?.json(P, "fetch the profile")
}

/// `POST {revoke_url}`, form-encoded `token=...`, no client authentication. 200 revoked;
/// 400 `invalid_token` already expired or revoked; another 4xx a refusal; a 5xx (or 429) may
/// pass.
pub async fn revoke(p: &Providers, token: &str) -> Result<Revoked, ProviderError> {
    const ACTION: &str = "revoke the token";
    let request = p
        .http
        .post(p.config.google.revoke_url.clone())
        .form(&[("token", token)]);
    let answer = send(P, ACTION, request).await?;
    if answer.status.is_success() {
        return Ok(Revoked::Now);
    }
    let already = answer.status == reqwest::StatusCode::BAD_REQUEST
        && serde_json::from_slice::<ErrorAnswer>(&answer.body)
            .is_ok_and(|e| e.error == "invalid_token");
    match answer.status.as_u16() {
        _ if already => Ok(Revoked::Already),
        429 | 500..=599 => Err(answer.unexpected(P, ACTION)),
        // Any other refusal (a 4xx) is one that asking again cannot fix.
        status => Err(ProviderError::Refused {
            provider: P,
            action: ACTION,
            detail: format!("HTTP {status}"),
        }),
    }
}
