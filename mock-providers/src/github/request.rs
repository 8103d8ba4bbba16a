//! Reading and validating the parameters of `/login/oauth/authorize`, on the GET and again on
//! the consent POST: the client, the `redirect_uri` rule, scopes and PKCE.
//!
//! The order matters and follows GitHub: an unknown client or a bad `redirect_uri` gets an
//! HTML error page (never a redirect: the target is not trusted), and only then can problems
//! be reported to the app by redirecting to its callback.

use std::collections::HashMap;

use axum::http::StatusCode;
use axum::response::Response;
use common::Provider;
use maud::{Markup, html};
use url::Url;

use super::answers::found;
use crate::api::{Client, Pkce};
use crate::state::Mock;
use crate::{fixes, pages};

const P: Provider = Provider::GitHub;

/// The authorize parameters carried from the first GET to the sign-in page and the consent
/// form, in this order.
pub const PARAMS: &[&str] = &[
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "login",
    "allow_signup",
    "code_challenge",
    "code_challenge_method",
];

/// A validated authorize request.
#[derive(Debug, Clone)]
pub struct AuthRequest {
    pub client: Client,
    /// The `redirect_uri` given, if one was: the token exchange must repeat it.
    pub redirect_uri: Option<String>,
    /// Where the answer goes: the given `redirect_uri` or the first registered callback.
    pub target: String,
    /// Normalized: split on spaces and commas, empty parts dropped, duplicates removed.
    pub scopes: Vec<String>,
    pub state: Option<String>,
    /// The account the app suggests (`login=`), preselected on the sign-in page.
    pub login: Option<String>,
    /// `prompt=select_account`: show the account chooser even when signed in.
    pub select_account: bool,
    pub pkce: Option<Pkce>,
    /// The known parameters as given (see [`PARAMS`]), to carry them along.
    pub params: Vec<(String, String)>,
}

impl AuthRequest {
    /// The authorize URL path and query again, without `prompt` (so that coming back from
    /// the account chooser does not show it a second time).
    pub fn return_to(&self) -> String {
        let query = serde_urlencoded::to_string(&self.params).unwrap_or_default();
        format!("/login/oauth/authorize?{query}")
    }

    /// A redirect to the app's callback with `extra` parameters and the `state`.
    pub fn redirect(&self, extra: &[(&str, &str)]) -> Response {
        let mut url = match Url::parse(&self.target) {
            Ok(url) => url,
            Err(_) => return redirect_mismatch_page(html! {}),
        };
        {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in extra {
                pairs.append_pair(k, v);
            }
            if let Some(state) = &self.state {
                pairs.append_pair("state", state);
            }
        }
        found(url.as_str())
    }
}

/// GitHub's documentation of authorization request errors (absolute, as GitHub sends it).
pub const ERROR_DOCS: &str =
    "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors";

/// Validates the parameters. `Err` is the answer to send (boxed: it is the rare path): an
/// error page, or an error redirect to the (already validated) callback.
pub fn validate(
    mock: &Mock,
    params: &HashMap<String, String>,
) -> Result<AuthRequest, Box<Response>> {
    let get = |name: &str| params.get(name).map(String::as_str);
    let redirect_uri = get("redirect_uri").filter(|s| !s.is_empty());
    let client_id = get("client_id").filter(|s| !s.is_empty());
    let client = client_id.and_then(|id| mock.store.lock().clients.get(id).cloned());
    let Some(client) = client else {
        return Err(Box::new(unknown_client_page(mock, client_id, redirect_uri)));
    };
    let mismatch = |given: &str| {
        let help = fixes::unregistered_redirect_uri(P, &mock.base_url, &client, given);
        Box::new(redirect_mismatch_page(help))
    };
    let target = match redirect_uri {
        Some(given) if redirect_allowed(given, &client.redirect_uris) => given.to_string(),
        Some(given) => return Err(mismatch(given)),
        None => match client.redirect_uris.first() {
            Some(first) => first.clone(),
            None => return Err(Box::new(redirect_mismatch_page(html! {}))),
        },
    };
    let mut request = AuthRequest {
        redirect_uri: redirect_uri.map(str::to_string),
        target,
        scopes: normalize_scopes(get("scope").unwrap_or("")),
        state: get("state").map(str::to_string),
        login: get("login").filter(|s| !s.is_empty()).map(str::to_string),
        select_account: get("prompt") == Some("select_account"),
        pkce: None,
        params: PARAMS
            .iter()
            .filter_map(|name| Some((name.to_string(), params.get(*name)?.clone())))
            .collect(),
        client,
    };
    request.pkce = match pkce(get("code_challenge"), get("code_challenge_method")) {
        Ok(pkce) => pkce,
        Err(description) => {
            return Err(Box::new(request.redirect(&[
                ("error", "invalid_request"),
                ("error_description", description),
                ("error_uri", ERROR_DOCS),
            ])));
        }
    };
    Ok(request)
}

/// PKCE as GitHub takes it: optional, `S256` only. A challenge without a method means
/// `plain` (RFC 7636), which GitHub refuses too.
fn pkce(challenge: Option<&str>, method: Option<&str>) -> Result<Option<Pkce>, &'static str> {
    match (challenge.filter(|c| !c.is_empty()), method) {
        (None, None) => Ok(None),
        (None, Some(_)) => Err("code_challenge_method was sent without a code_challenge."),
        (Some(_), Some(m)) if m != "S256" => {
            Err("The code_challenge_method is not supported: only S256 is accepted.")
        }
        (Some(_), None) => Err("code_challenge_method is required: only S256 is accepted."),
        (Some(c), Some(_)) if !crate::pkce::verifier_is_well_formed(c) => {
            Err("The code_challenge is not a valid S256 challenge.")
        }
        (Some(c), Some(m)) => Ok(Some(Pkce {
            challenge: c.to_string(),
            method: m.to_string(),
        })),
    }
}

/// Scopes as GitHub reads them: separated by spaces or commas.
pub fn normalize_scopes(raw: &str) -> Vec<String> {
    let mut scopes: Vec<String> = Vec::new();
    for scope in raw.split([' ', ',']).filter(|s| !s.is_empty()) {
        if !scopes.iter().any(|s| s == scope) {
            scopes.push(scope.to_string());
        }
    }
    scopes
}

/// GitHub's rule: same scheme, host and port as a registered callback, and a path equal to
/// its path or below it. Loopback callbacks (`127.0.0.1`, `[::1]`, and, our choice,
/// `localhost`) accept any port, as native apps pick one at run time.
pub fn redirect_allowed(given: &str, registered: &[String]) -> bool {
    let Ok(given) = Url::parse(given) else {
        return false;
    };
    if given.fragment().is_some() || given.cannot_be_a_base() {
        return false;
    }
    registered
        .iter()
        .filter_map(|r| Url::parse(r).ok())
        .any(|cb| {
            let loopback = matches!(cb.host_str(), Some("127.0.0.1" | "[::1]" | "localhost"));
            cb.scheme() == given.scheme()
                && cb.host_str() == given.host_str()
                && (loopback || cb.port_or_known_default() == given.port_or_known_default())
                && path_at_or_below(given.path(), cb.path())
        })
}

fn path_at_or_below(path: &str, base: &str) -> bool {
    path == base
        || (base.ends_with('/') && path.starts_with(base))
        || path
            .strip_prefix(base)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// GitHub's page for a `client_id` it does not know, and how to fix it at this mock.
fn unknown_client_page(
    mock: &Mock,
    client_id: Option<&str>,
    redirect_uri: Option<&str>,
) -> Response {
    pages::error_page_with(
        P,
        StatusCode::NOT_FOUND,
        "Unknown application",
        "The client_id does not belong to any application registered here. Check the client_id the app sends.",
        fixes::unknown_client(P, &mock.base_url, client_id, redirect_uri),
    )
}

/// GitHub's page for a `redirect_uri` the rule refuses, with `help` below it.
fn redirect_mismatch_page(help: Markup) -> Response {
    pages::error_page_with(
        P,
        StatusCode::BAD_REQUEST,
        "Redirect URI mismatch",
        "The redirect_uri is not associated with this application. It must be the registered callback URL or a path below it, on the same host and port.",
        help,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_uri_rule() {
        let cb = vec!["http://localhost:3000/auth/github/callback".to_string()];
        let ok = |u: &str| redirect_allowed(u, &cb);
        assert!(ok("http://localhost:3000/auth/github/callback"));
        assert!(ok("http://localhost:3000/auth/github/callback/more?x=1"));
        assert!(
            ok("http://localhost:4567/auth/github/callback"),
            "loopback: any port"
        );
        assert!(!ok("http://localhost:3000/auth/github/callbackX"));
        assert!(!ok("http://localhost:3000/auth/github/callback/../../evil"));
        assert!(!ok("https://localhost:3000/auth/github/callback"));
        assert!(!ok("http://127.0.0.1:3000/auth/github/callback"));
        assert!(!ok("http://localhost:3000/auth/github/callback#frag"));
        assert!(!ok("not a url"));
        let remote = vec!["https://app.example/cb".to_string()];
        assert!(!redirect_allowed("https://app.example:8443/cb", &remote));
        assert!(redirect_allowed("https://app.example:443/cb/x", &remote));
    }

    #[test]
    fn scopes_split_on_spaces_and_commas() {
        assert_eq!(
            normalize_scopes("read:user, user:email read:user"),
            ["read:user", "user:email"]
        );
        assert!(normalize_scopes(" ,").is_empty());
    }
}
