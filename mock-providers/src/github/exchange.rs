//! Redeeming a code for a `gho_` token, under one lock: the client's credentials, the
//! redirect URI rule, the code itself, then the token, its `code_exchanged` event and GitHub's
//! limit on live tokens. And the refresh token grant, which an OAuth App's tokens never
//! serve.

use std::time::SystemTime;

use super::request::redirect_allowed;
use crate::api::{Client, CodeRecord, EventKind, TokenKind};
use crate::http::call;
use crate::store::{CodeProblem, EventInfo, Inner, NewToken, Presented};

const DOCS: &str = "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors";
const REFRESH_DOCS: &str = "https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens";

/// A token-endpoint error as GitHub names and describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    BadVerificationCode,
    IncorrectClientCredentials,
    RedirectUriMismatch,
    BadRefreshToken,
}

impl TokenError {
    /// `error`, `error_description` and `error_uri`, as the answer carries them.
    pub fn fields(self) -> [(&'static str, String); 3] {
        let troubleshooting = |anchor: &str| format!("{DOCS}/{anchor}");
        let (error, description, uri) = match self {
            TokenError::BadVerificationCode => (
                "bad_verification_code",
                "The code passed is incorrect or expired.",
                troubleshooting("#bad-verification-code"),
            ),
            TokenError::IncorrectClientCredentials => (
                "incorrect_client_credentials",
                "The client_id and/or client_secret passed are incorrect.",
                troubleshooting("#incorrect-client-credentials"),
            ),
            TokenError::RedirectUriMismatch => (
                "redirect_uri_mismatch",
                "The redirect_uri MUST match the registered callback URL for this application.",
                troubleshooting("#redirect-uri-mismatch2"),
            ),
            TokenError::BadRefreshToken => (
                "bad_refresh_token",
                "The refresh token passed is incorrect or expired.",
                REFRESH_DOCS.to_string(),
            ),
        };
        [
            ("error", error.to_string()),
            ("error_description", description.to_string()),
            ("error_uri", uri),
        ]
    }
}

/// What a token request presents besides the code (and its PKCE verifier, in
/// [`Presented`]): the client's secret.
#[derive(Debug, Clone, Copy)]
pub struct Credentials<'a> {
    pub secret: Option<&'a str>,
}

/// A `gho_` token (36 characters of `[A-Za-z0-9]`); OAuth App tokens do not expire.
pub fn new_token<'a>(client_id: &'a str, user: &'a str, scopes: &'a [String]) -> NewToken<'a> {
    let value = format!("gho_{}", crate::random::token(36));
    NewToken::new(value, TokenKind::Access, client_id, user, scopes)
}

/// Checks the client and the code, issues the token and records what happened, all under
/// one lock: the token's `issued_seq` is the `code_exchanged` event's. Returns the token and
/// its scopes.
pub fn exchange(
    inner: &mut Inner,
    presented: Presented<'_>,
    credentials: Credentials<'_>,
    now: SystemTime,
) -> Result<(String, Vec<String>), TokenError> {
    let seq = inner.take_seq();
    let endpoint = call("POST", "/login/oauth/access_token");
    let client_id = Some(presented.client_id.to_string()).filter(|c| !c.is_empty());
    let code = match redeem(inner, presented, credentials, seq, now) {
        Ok(code) => code,
        Err((error, why)) => {
            let info = EventInfo {
                user: inner.codes.get(presented.code).map(|c| c.user.to_string()),
                client_id,
                endpoint,
                ended: inner.ended_by(seq),
                ..EventInfo::default()
            };
            let summary = format!("token request refused: {why}");
            inner.push_event(seq, EventKind::CodeRefused, summary, info, now);
            return Err(error);
        }
    };
    let new = NewToken {
        code: Some(&code.code),
        ..new_token(presented.client_id, &code.user, &code.scopes)
    };
    let token = inner.issue_token(new, seq, now);
    let info = EventInfo {
        user: Some(code.user.clone()),
        client_id,
        endpoint,
        issued: vec![token.clone()],
        ..EventInfo::default()
    };
    let summary = format!("code exchanged for a token of {}", code.user);
    inner.push_event(seq, EventKind::CodeExchanged, summary, info, now);
    // Every authorization issues a new token; GitHub keeps at most ten per scope set.
    inner.enforce_token_limit(&token, now);
    Ok((token, code.scopes))
}

/// The refresh token grant, which always fails: only GitHub Apps with expiring user tokens
/// get refresh tokens (`ghr_`); an OAuth App's tokens come with none, so every refresh token
/// is unknown here. The client's credentials are checked first, as for a code. Records
/// `token_refused`.
pub fn refresh(
    inner: &mut Inner,
    client_id: &str,
    secret: Option<&str>,
    now: SystemTime,
) -> TokenError {
    let (error, why) = if client(inner, client_id, secret).is_some() {
        let why = "an OAuth App's tokens come with no refresh token";
        (TokenError::BadRefreshToken, why)
    } else {
        (
            TokenError::IncorrectClientCredentials,
            "wrong client credentials",
        )
    };
    let info = EventInfo {
        client_id: Some(client_id.to_string()).filter(|c| !c.is_empty()),
        endpoint: call("POST", "/login/oauth/access_token"),
        ..EventInfo::default()
    };
    let seq = inner.take_seq();
    let summary = format!("refresh token refused: {why}");
    inner.push_event(seq, EventKind::TokenRefused, summary, info, now);
    error
}

/// The registered client with this id and secret.
fn client<'a>(inner: &'a Inner, client_id: &str, secret: Option<&str>) -> Option<&'a Client> {
    let client = inner.clients.get(client_id)?;
    (Some(client.client_secret.as_str()) == secret).then_some(client)
}

/// The client's credentials, the redirect URI rule, then the code itself.
fn redeem(
    inner: &mut Inner,
    presented: Presented<'_>,
    credentials: Credentials<'_>,
    seq: u64,
    now: SystemTime,
) -> Result<CodeRecord, (TokenError, String)> {
    let Some(client) = client(inner, presented.client_id, credentials.secret) else {
        let why = "wrong client credentials".to_string();
        return Err((TokenError::IncorrectClientCredentials, why));
    };
    // A redirect_uri that breaks the registration rule is refused even when authorize
    // named none (the code is then bound to the registered callback).
    if let Some(given) = presented.redirect_uri
        && !redirect_allowed(given, &client.redirect_uris)
    {
        let why = "redirect_uri is not the registered callback URL or below it".to_string();
        return Err((TokenError::RedirectUriMismatch, why));
    }
    inner.redeem_code(presented, seq, now).map_err(|problem| {
        let error = match problem {
            CodeProblem::RedirectUriMismatch => TokenError::RedirectUriMismatch,
            _ => TokenError::BadVerificationCode,
        };
        (error, problem.describe().to_string())
    })
}
