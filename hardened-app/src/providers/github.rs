//! GitHub (an OAuth App): authorize on github.com, the REST API on api.github.com.
//!
//! GitHub's quirks handled here: the code exchange answers HTTP 200 even for errors, with an
//! `error` field, so the body is checked; every API call needs a `User-Agent` (the client
//! sets one); the email comes from `/user/emails` (the primary verified one), because the
//! public `email` of `/user` is often null and says nothing about verification.

use serde::Deserialize;
use serde_json::json;
use url::Url;

use super::{Answer, Grant, Identity, Provider, ProviderError, Providers, Revoked, send};
use crate::config::Config;

const P: Provider = Provider::GitHub;
/// `read:user` for the profile, `user:email` for the private addresses and their verification.
pub const SCOPES: &str = "read:user user:email";
const ACCEPT_API: &str = "application/vnd.github+json";

/// The authorize URL with GitHub's own parameters: the client, the callback, the scopes.
pub fn authorize_url(config: &Config) -> Url {
    let mut url = config.github.authorize_url.clone();
    url.query_pairs_mut()
        .append_pair("client_id", &config.github.client_id)
        .append_pair("redirect_uri", &config.redirect_uri(P))
        .append_pair("scope", SCOPES);
    url
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: Option<String>,
    scope: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

pub async fn exchange(p: &Providers, code: &str, verifier: &str) -> Result<Grant, ProviderError> {
    const ACTION: &str = "exchange the authorization code";
    let gh = &p.config.github;
    let redirect_uri = p.config.redirect_uri(P);
    let request = p
        .http
        .post(gh.token_url.clone())
        .header(reqwest::header::ACCEPT, "application/json")
        .form(&[
            ("client_id", gh.client_id.as_str()),
            ("client_secret", gh.client_secret.as_str()),
            ("code", code),
            ("redirect_uri", redirect_uri.as_str()),
            ("code_verifier", verifier),
        ]);
    let answer = send(P, ACTION, request).await?;
    if !answer.status.is_success() {
        return Err(answer.unexpected(P, ACTION));
    }
    let token: TokenAnswer = answer.json(P, ACTION)?;
    // GitHub reports a bad code with HTTP 200 and an `error` field.
    if let Some(error) = token.error {
        let reason = match token.error_description {
            Some(d) => format!("{error} ({d})"),
            None => error,
        };
        return Err(ProviderError::ExchangeRefused {
            provider: P,
            reason,
        });
    }
    Ok(Grant {
        access_token: super::issued_token(P, ACTION, token.access_token)?,
        // GitHub joins scopes with commas; we store them space-separated like OAuth does.
        scopes: token.scope.unwrap_or_default().replace(',', " "),
        expires_in: None,
    })
}

/// `GET {api}/{path}` with the token, as GitHub wants API calls made.
async fn api_get(
    p: &Providers,
    path: &[&str],
    token: &str,
    action: &'static str,
) -> Result<Answer, ProviderError> {
    let request = p
        .http
        .get(api_url(&p.config, path))
        .bearer_auth(token)
        .header(reqwest::header::ACCEPT, ACCEPT_API);
    let answer = send(P, action, request).await?;
    if answer.status == reqwest::StatusCode::UNAUTHORIZED {
        return Err(ProviderError::TokenRejected { provider: P });
    }
    Ok(answer)
}

#[derive(Deserialize)]
struct User {
    id: u64,
    login: String,
    name: Option<String>,
    email: Option<String>,
    avatar_url: Option<String>,
}

#[derive(Deserialize)]
struct Email {
    email: String,
    primary: bool,
    verified: bool,
}

pub async fn identity(p: &Providers, token: &str) -> Result<Identity, ProviderError> {
    const ACTION: &str = "fetch the profile";
    let answer = api_get(p, &["user"], token, ACTION).await?;
    if !answer.status.is_success() {
        return Err(answer.unexpected(P, ACTION));
    }
    let user: User = answer.json(P, ACTION)?;
    let answer = api_get(p, &["user", "emails"], token, "fetch the email addresses").await?;
    // 404 means the token lacks `user:email`: then only the public email is known.
    let emails: Vec<Email> = match answer.status.as_u16() {
        200..=299 => answer.json(P, "fetch the email addresses")?,
        404 => Vec::new(),
        _ => return Err(answer.unexpected(P, "fetch the email addresses")),
    };
    // The course's rule: the primary *verified* address; an unverified primary is not used.
    let primary = emails.iter().find(|e| e.primary && e.verified);
    let (email, email_verified) = match primary {
        Some(e) => (Some(e.email.clone()), e.verified),
        None => (user.email.clone(), false),
    };
    Ok(Identity {
        provider: P,
        provider_user_id: user.id.to_string(),
        email,
        email_verified,
        name: user.name.filter(|n| !n.is_empty()).or(Some(user.login)),
        avatar_url: user.avatar_url,
    })
}

pub async fn live_profile(p: &Providers, token: &str) -> Result<serde_json::Value, ProviderError> {
    const ACTION: &str = "fetch the profile";
    let answer = api_get(p, &["user"], token, ACTION).await?;
    if !answer.status.is_success() {
        return Err(answer.unexpected(P, ACTION));
    }
    answer.json(P, ACTION)
}

/// `DELETE {api}/applications/{client_id}/token`, HTTP Basic auth with the client's id and
/// secret, JSON body `{"access_token": ...}`. 204 revoked. 404 means the token is unknown or
/// already revoked, *or* that the client credentials are wrong (GitHub answers both alike), so
/// GitHub is asked about that token ([`after_not_found`]). Another 4xx is a refusal that
/// asking again cannot fix; a 5xx (or 429) may pass.
pub async fn revoke(p: &Providers, token: &str) -> Result<Revoked, ProviderError> {
    const ACTION: &str = "revoke the token";
    let gh = &p.config.github;
    let request = p
        .http
        .delete(api_url(
            &p.config,
            &["applications", &gh.client_id, "token"],
        ))
        .basic_auth(&gh.client_id, Some(&gh.client_secret))
        .header(reqwest::header::ACCEPT, ACCEPT_API)
        .json(&json!({ "access_token": token }));
    let answer = send(P, ACTION, request).await?;
    match answer.status.as_u16() {
        200..=299 => Ok(Revoked::Now),
        404 => after_not_found(p, token).await,
        429 | 500..=599 => Err(answer.unexpected(P, ACTION)),
        _ => Err(refused(&answer)),
    }
}

/// After a 404 to the revocation: the token counts as already revoked only when GitHub says
/// so for that very token, answering `GET /user` with it 401 "Bad credentials". If the token
/// still works, the 404 was about the client credentials: a refusal. Any other answer (a
/// proxy's 401, a 5xx) says nothing about the token, and the revocation is to be tried again.
async fn after_not_found(p: &Providers, token: &str) -> Result<Revoked, ProviderError> {
    const ACTION: &str = "revoke the token";
    let request = p
        .http
        .get(api_url(&p.config, &["user"]))
        .bearer_auth(token)
        .header(reqwest::header::ACCEPT, ACCEPT_API);
    let check = send(P, ACTION, request).await?;
    match check.status.as_u16() {
        401 if says_bad_credentials(&check.body) => Ok(Revoked::Already),
        200..=299 => Err(ProviderError::Refused {
            provider: P,
            action: ACTION,
            detail: "HTTP 404, yet the token still works: the client id or secret is wrong".into(),
        }),
        _ => Err(ProviderError::BadAnswer {
            provider: P,
            action: ACTION,
            detail: format!(
                "HTTP 404, then HTTP {} to GET /user, which does not say the token is dead",
                check.status.as_u16()
            ),
        }),
    }
}

/// Whether a 401's body is GitHub's answer to a bad or revoked token.
fn says_bad_credentials(body: &[u8]) -> bool {
    #[derive(Deserialize)]
    struct RestError {
        message: String,
    }
    serde_json::from_slice::<RestError>(body).is_ok_and(|e| e.message == "Bad credentials")
}

/// A 4xx to the revocation other than 404: GitHub refuses the request itself.
fn refused(answer: &Answer) -> ProviderError {
    ProviderError::Refused {
        provider: P,
        action: "revoke the token",
        detail: format!("HTTP {}", answer.status.as_u16()),
    }
}

/// An API URL: the configured base (which may carry a path, as GitHub Enterprise's
/// `/api/v3` does) plus percent-encoded segments.
fn api_url(config: &Config, segments: &[&str]) -> Url {
    let mut url = config.github.api_url.clone();
    if let Ok(mut path) = url.path_segments_mut() {
        path.pop_if_empty().extend(segments);
    }
    url
}
