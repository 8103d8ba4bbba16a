//! Reading and validating an authorization request (`/o/oauth2/v2/auth`), the same way for
//! the first GET and for the consent form's POST, so a tampered form is refused like a bad
//! link.
//!
//! The order follows Google: the client and the redirect URI first, whose errors are pages
//! (never a redirect: the target is not trusted yet); then `response_type`, `scope`,
//! `prompt`, `access_type` and PKCE, whose errors go back to the app.

use std::collections::HashMap;

use axum::http::StatusCode;
use axum::response::Response;
use common::Provider;

use super::answers::found;
use super::scopes::{self, ScopeError};
use crate::api::Pkce;
use crate::http::param;
use crate::state::Mock;
use crate::{fixes, pages, pkce};

const P: Provider = Provider::Google;

/// Where the authorization endpoint is, for its GET and its consent POST.
pub const PATH: &str = "/o/oauth2/v2/auth";

/// The parameters an authorization request may carry, in the order the consent form repeats
/// them.
pub const PARAMS: [&str; 12] = [
    "client_id",
    "redirect_uri",
    "response_type",
    "scope",
    "state",
    "access_type",
    "prompt",
    "login_hint",
    "include_granted_scopes",
    "nonce",
    "code_challenge",
    "code_challenge_method",
];

/// The `prompt` values given.
#[derive(Debug, Clone, Copy, Default)]
pub struct Prompt {
    pub none: bool,
    pub consent: bool,
    pub select_account: bool,
}

/// A validated authorization request.
#[derive(Debug, Clone)]
pub struct AuthRequest {
    pub client_id: String,
    pub redirect_uri: String,
    pub state: Option<String>,
    /// Expanded, in Google's order.
    pub scopes: Vec<String>,
    pub offline: bool,
    pub prompt: Prompt,
    pub login_hint: Option<String>,
    pub include_granted_scopes: bool,
    pub nonce: Option<String>,
    pub pkce: Option<Pkce>,
}

/// A refused request's answer: before the client and redirect URI are known good, an error
/// page (never a redirect); after, a redirect to the app carrying `error`. Boxed: it is large
/// and rare.
pub type Refusal = Box<Response>;

/// A problem to report to the app: `error` and its description.
type Problem = (&'static str, String);

fn page(status: StatusCode, error: &str, message: &str) -> Refusal {
    page_with(status, error, message, maud::html! {})
}

/// Google's error page, with `help` below its words (see [`crate::fixes`]).
fn page_with(status: StatusCode, error: &str, message: &str, help: maud::Markup) -> Refusal {
    let title = format!("Access blocked: Error {}: {error}", status.as_u16());
    Box::new(pages::error_page_with(P, status, &title, message, help))
}

/// `redirect_uri` with the given parameters appended to its query.
pub fn redirect_with(redirect_uri: &str, pairs: &[(&str, &str)]) -> String {
    match url::Url::parse(redirect_uri) {
        Ok(mut url) => {
            url.query_pairs_mut().extend_pairs(pairs);
            url.to_string()
        }
        Err(_) => redirect_uri.to_string(),
    }
}

/// The redirect that reports an authorization error to the app (with `state`).
pub fn error_redirect(
    redirect_uri: &str,
    state: Option<&str>,
    error: &str,
    description: Option<&str>,
) -> Response {
    let mut pairs = vec![("error", error)];
    if let Some(description) = description {
        pairs.push(("error_description", description));
    }
    if let Some(state) = state {
        pairs.push(("state", state));
    }
    found(&redirect_with(redirect_uri, &pairs))
}

/// Validates an authorization request: the client and redirect URI (errors on a page), then
/// the rest (errors to the app).
pub fn validate(mock: &Mock, params: &HashMap<String, String>) -> Result<AuthRequest, Refusal> {
    let (client_id, redirect_uri) = validate_client(mock, params)?;
    let state = param(params, "state");
    let to_app = |(error, description): Problem| {
        Box::new(error_redirect(
            redirect_uri,
            state,
            error,
            Some(&description),
        ))
    };
    response_type(params).map_err(to_app)?;
    let scopes = scopes::expand(param(params, "scope")).map_err(|e| to_app(scope_problem(e)))?;
    let prompt = prompt(params).map_err(to_app)?;
    let offline = access_type(params).map_err(to_app)?;
    let pkce = pkce_challenge(params).map_err(to_app)?;
    Ok(AuthRequest {
        client_id: client_id.to_string(),
        redirect_uri: redirect_uri.to_string(),
        state: state.map(str::to_string),
        scopes,
        offline,
        prompt,
        login_hint: param(params, "login_hint").map(str::to_string),
        include_granted_scopes: param(params, "include_granted_scopes") == Some("true"),
        nonce: param(params, "nonce").map(str::to_string),
        pkce,
    })
}

/// A registered client, and one of its redirect URIs exactly.
fn validate_client<'a>(
    mock: &Mock,
    params: &'a HashMap<String, String>,
) -> Result<(&'a str, &'a str), Refusal> {
    let missing = |name: &str| {
        let message = format!("Missing required parameter: {name}");
        page(StatusCode::BAD_REQUEST, "invalid_request", &message)
    };
    let redirect_uri = param(params, "redirect_uri");
    let client_id = param(params, "client_id");
    let known = client_id.and_then(|id| Some((id, mock.store.lock().clients.get(id).cloned()?)));
    let Some((client_id, client)) = known else {
        let (status, error, message) = match client_id {
            Some(_) => (
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "The OAuth client was not found.",
            ),
            None => (
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "Missing required parameter: client_id",
            ),
        };
        let help = fixes::unknown_client(P, &mock.base_url, client_id, redirect_uri);
        return Err(page_with(status, error, message, help));
    };
    let redirect_uri = redirect_uri.ok_or_else(|| missing("redirect_uri"))?;
    if !client.redirect_uris.iter().any(|r| r == redirect_uri) {
        let help = fixes::unregistered_redirect_uri(P, &mock.base_url, &client, redirect_uri);
        let message = "You can't sign in to this app because it doesn't comply with Google's \
             OAuth 2.0 policy. If you're the app developer, register the redirect URI in the \
             Google Cloud Console (it must match exactly: a trailing slash makes another one).";
        return Err(page_with(
            StatusCode::BAD_REQUEST,
            "redirect_uri_mismatch",
            message,
            help,
        ));
    }
    Ok((client_id, redirect_uri))
}

fn invalid(description: impl Into<String>) -> Problem {
    ("invalid_request", description.into())
}

/// `response_type=code`, the only one this mock (and a web server app) uses.
fn response_type(params: &HashMap<String, String>) -> Result<(), Problem> {
    match param(params, "response_type") {
        None => Err(invalid("Required parameter is missing: response_type")),
        Some("code") => Ok(()),
        Some(other) => Err((
            "unsupported_response_type",
            format!("Unsupported response_type: {other}"),
        )),
    }
}

fn scope_problem(error: ScopeError) -> Problem {
    match error {
        ScopeError::Missing => invalid("Missing required parameter: scope"),
        ScopeError::Unknown(s) => (
            "invalid_scope",
            format!("Some requested scopes were invalid. {{invalid=[{s}]}}"),
        ),
    }
}

/// `prompt`: `none`, `consent`, `select_account`, space-separated; `none` stands alone.
fn prompt(params: &HashMap<String, String>) -> Result<Prompt, Problem> {
    let mut prompt = Prompt::default();
    let values = param(params, "prompt").unwrap_or("").split([' ', '+']);
    for value in values.filter(|s| !s.is_empty()) {
        match value {
            "none" => prompt.none = true,
            "consent" => prompt.consent = true,
            "select_account" => prompt.select_account = true,
            other => {
                return Err(invalid(format!(
                    "Invalid parameter value for prompt: {other}"
                )));
            }
        }
    }
    if prompt.none && (prompt.consent || prompt.select_account) {
        return Err(invalid(
            "prompt=none cannot be combined with other prompt values",
        ));
    }
    Ok(prompt)
}

/// `access_type`: whether `offline` (a refresh token) was asked.
fn access_type(params: &HashMap<String, String>) -> Result<bool, Problem> {
    match param(params, "access_type") {
        None | Some("online") => Ok(false),
        Some("offline") => Ok(true),
        Some(other) => Err(invalid(format!("Invalid access_type: {other}"))),
    }
}

/// PKCE as Google takes it: optional, `S256` or `plain` (plain when the method is omitted).
fn pkce_challenge(params: &HashMap<String, String>) -> Result<Option<Pkce>, Problem> {
    let challenge = param(params, "code_challenge");
    let method = param(params, "code_challenge_method");
    let Some(challenge) = challenge else {
        return match method {
            None => Ok(None),
            Some(_) => Err(invalid(
                "code_challenge_method was given without code_challenge",
            )),
        };
    };
    let method = method.unwrap_or("plain");
    if method != "S256" && method != "plain" {
        return Err(invalid(format!("Invalid code_challenge_method: {method}")));
    }
    if !pkce::verifier_is_well_formed(challenge) {
        return Err(invalid(
            "Invalid code_challenge: 43 to 128 characters of [A-Za-z0-9-._~]",
        ));
    }
    Ok(Some(Pkce {
        challenge: challenge.to_string(),
        method: method.to_string(),
    }))
}

/// The known parameters of `params`, form-encoded (for `continue` URLs).
pub fn encode(params: &HashMap<String, String>, skip_select_account: bool) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for name in PARAMS {
        let Some(value) = params.get(name) else {
            continue;
        };
        if name == "prompt" && skip_select_account {
            let rest: Vec<&str> = value
                .split([' ', '+'])
                .filter(|p| !p.is_empty() && *p != "select_account")
                .collect();
            if !rest.is_empty() {
                out.append_pair(name, &rest.join(" "));
            }
            continue;
        }
        out.append_pair(name, value);
    }
    out.finish()
}
