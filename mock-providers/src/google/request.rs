//! Reading and checking an authorization request (`/o/oauth2/v2/auth`), the same way for the
//! first GET and for the consent form's POST, so a tampered form is refused like a bad link.

use std::collections::HashMap;

use axum::http::StatusCode;
use axum::response::Response;

use super::scopes::{self, ScopeError};
use crate::api::{Pkce, Provider};
use crate::state::Mock;
use crate::{pages, pkce};

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

/// A checked authorization request.
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

fn page(status: StatusCode, error: &str, message: &str) -> Refusal {
    Box::new(pages::error_page(
        Provider::Google,
        status,
        &format!("Access blocked: Error {}: {error}", status.as_u16()),
        message,
    ))
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
    super::found(&redirect_with(redirect_uri, &pairs))
}

/// Checks an authorization request. Order: client, redirect URI (errors on a page), then
/// `response_type`, `scope`, `prompt`, `access_type` and PKCE (errors to the app).
pub fn check(mock: &Mock, params: &HashMap<String, String>) -> Result<AuthRequest, Refusal> {
    let get = |k: &str| params.get(k).map(String::as_str).filter(|v| !v.is_empty());
    let Some(client_id) = get("client_id") else {
        return Err(page(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Missing required parameter: client_id",
        ));
    };
    let client = mock.store.lock().clients.get(client_id).cloned();
    let Some(client) = client else {
        return Err(page(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "The OAuth client was not found.",
        ));
    };
    let Some(redirect_uri) = get("redirect_uri") else {
        return Err(page(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Missing required parameter: redirect_uri",
        ));
    };
    if !client.redirect_uris.iter().any(|r| r == redirect_uri) {
        let message = format!(
            "You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 \
             policy. redirect_uri={redirect_uri} is not registered for client {client_id}."
        );
        return Err(page(
            StatusCode::BAD_REQUEST,
            "redirect_uri_mismatch",
            &message,
        ));
    }
    let state = get("state");
    let refuse = |error: &str, description: &str| {
        Box::new(error_redirect(
            redirect_uri,
            state,
            error,
            Some(description),
        ))
    };
    match get("response_type") {
        None => {
            return Err(refuse(
                "invalid_request",
                "Required parameter is missing: response_type",
            ));
        }
        Some("code") => {}
        Some(other) => {
            return Err(refuse(
                "unsupported_response_type",
                &format!("Unsupported response_type: {other}"),
            ));
        }
    }
    let scopes = scopes::expand(get("scope")).map_err(|e| match e {
        ScopeError::Missing => refuse("invalid_request", "Missing required parameter: scope"),
        ScopeError::Unknown(s) => refuse(
            "invalid_scope",
            &format!("Some requested scopes were invalid. {{invalid=[{s}]}}"),
        ),
    })?;
    let mut prompt = Prompt::default();
    for value in get("prompt")
        .unwrap_or("")
        .split([' ', '+'])
        .filter(|s| !s.is_empty())
    {
        match value {
            "none" => prompt.none = true,
            "consent" => prompt.consent = true,
            "select_account" => prompt.select_account = true,
            other => {
                return Err(refuse(
                    "invalid_request",
                    &format!("Invalid parameter value for prompt: {other}"),
                ));
            }
        }
    }
    if prompt.none && (prompt.consent || prompt.select_account) {
        return Err(refuse(
            "invalid_request",
            "prompt=none cannot be combined with other prompt values",
        ));
    }
    let offline = match get("access_type") {
        None | Some("online") => false,
        Some("offline") => true,
        Some(other) => {
            return Err(refuse(
                "invalid_request",
                &format!("Invalid access_type: {other}"),
            ));
        }
    };
    let pkce = match (get("code_challenge"), get("code_challenge_method")) {
        (None, None) => None,
        (None, Some(_)) => {
            return Err(refuse(
                "invalid_request",
                "code_challenge_method was given without code_challenge",
            ));
        }
        (Some(challenge), method) => {
            let method = method.unwrap_or("plain");
            if method != "S256" && method != "plain" {
                return Err(refuse(
                    "invalid_request",
                    &format!("Invalid code_challenge_method: {method}"),
                ));
            }
            if !pkce::verifier_is_well_formed(challenge) {
                return Err(refuse(
                    "invalid_request",
                    "Invalid code_challenge: 43 to 128 characters of [A-Za-z0-9-._~]",
                ));
            }
            Some(Pkce {
                challenge: challenge.to_string(),
                method: method.to_string(),
            })
        }
    };
    Ok(AuthRequest {
        client_id: client_id.to_string(),
        redirect_uri: redirect_uri.to_string(),
        state: state.map(str::to_string),
        scopes,
        offline,
        prompt,
        login_hint: get("login_hint").map(str::to_string),
        include_granted_scopes: get("include_granted_scopes") == Some("true"),
        nonce: get("nonce").map(str::to_string),
        pkce,
    })
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
