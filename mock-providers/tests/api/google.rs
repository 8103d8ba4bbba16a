//! The mock Google against the Google section of `PROVIDERS.md`: real servers, real HTTP.
//! Shared steps live here; each submodule covers one endpoint family.

mod authorize;
mod bad_input;
mod flow;
mod lifetimes;
mod revoke;
mod session;
mod token;
mod userinfo;

use std::collections::HashMap;

use common::defaults::{GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET};
use mock_providers::api::{EventRecord, RevocationRecord};
use serde_json::Value;

use crate::helpers::{self, TestMocks, hidden_input, location, query};

/// Extra request parameters, as tests list them.
pub type Params<'a> = &'a [(&'a str, &'a str)];

/// The default client's redirect URI (the app's default, `http://localhost:3000`).
pub const GOOGLE_REDIRECT: &str = "http://localhost:3000/auth/google/callback";
pub const ADA: &str = "ada@example.com";
pub const ADA_SUB: &str = "109876543210987654321";
/// A well-formed PKCE verifier (RFC 7636 appendix B) and its S256 challenge.
pub const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
pub const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
pub const EXPANDED: &str = "openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile";

/// An authorization URL with the default client and `extra` parameters; an `extra` value
/// replaces a default one, and an empty value removes it.
pub fn auth_url(base: &str, extra: &[(&str, &str)]) -> String {
    let mut params: Vec<(&str, &str)> = vec![
        ("client_id", GOOGLE_CLIENT_ID),
        ("redirect_uri", GOOGLE_REDIRECT),
        ("response_type", "code"),
        ("scope", "openid email profile"),
        ("state", "st4te"),
    ];
    for (k, v) in extra {
        params.retain(|(name, _)| name != k);
        if !v.is_empty() {
            params.push((k, v));
        }
    }
    let mut url = url::Url::parse(&format!("{base}/o/oauth2/v2/auth")).unwrap();
    url.query_pairs_mut().extend_pairs(params);
    url.to_string()
}

/// Signs the browser in to the mock Google.
pub async fn sign_in(browser: &reqwest::Client, base: &str, email: &str) -> reqwest::Response {
    browser
        .post(format!("{base}/ServiceLogin"))
        .form(&[("email", email), ("continue", "/")])
        .send()
        .await
        .unwrap()
}

/// Submits a consent page's form with Allow (`true`) or Cancel.
pub async fn consent(
    browser: &reqwest::Client,
    base: &str,
    page: &str,
    allow: bool,
) -> reqwest::Response {
    let names = [
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
        "authenticity_token",
    ];
    let mut form: Vec<(String, String)> = names
        .iter()
        .filter_map(|n| hidden_input(page, n).map(|v| (n.to_string(), v)))
        .collect();
    assert!(
        form.iter().any(|(n, _)| n == "authenticity_token"),
        "the consent page carries an authenticity_token"
    );
    form.push(("authorize".into(), if allow { "1" } else { "0" }.into()));
    browser
        .post(format!("{base}/o/oauth2/v2/auth"))
        .form(&form)
        .send()
        .await
        .unwrap()
}

/// Runs an authorization for a signed-in browser (consenting if asked) and returns the
/// parameters of the redirect back to the app.
pub async fn authorize(
    browser: &reqwest::Client,
    base: &str,
    extra: &[(&str, &str)],
) -> HashMap<String, String> {
    let response = browser.get(auth_url(base, extra)).send().await.unwrap();
    let response = if response.status() == 200 {
        let page = response.text().await.unwrap();
        consent(browser, base, &page, true).await
    } else {
        response
    };
    assert_eq!(response.status(), 302, "authorization ends in a redirect");
    let to = location(&response);
    assert!(to.starts_with(GOOGLE_REDIRECT), "back to the app: {to}");
    query(&to)
}

/// `POST /token` with a form body; returns status and JSON.
pub async fn post_token(base: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let response = helpers::api()
        .post(format!("{base}/token"))
        .form(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Exchanges a code with the default client's body credentials and `extra` fields.
pub async fn exchange(base: &str, code: &str, extra: &[(&str, &str)]) -> (u16, Value) {
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("client_id", GOOGLE_CLIENT_ID),
        ("client_secret", GOOGLE_CLIENT_SECRET),
        ("redirect_uri", GOOGLE_REDIRECT),
    ];
    form.extend_from_slice(extra);
    post_token(base, &form).await
}

/// A signed-in browser and a token response for Ada with offline access.
pub async fn ada_tokens(t: &TestMocks) -> (reqwest::Client, Value) {
    let browser = helpers::browser();
    sign_in(&browser, &t.google, ADA).await;
    let back = authorize(&browser, &t.google, &[("access_type", "offline")]).await;
    let (status, body) = exchange(&t.google, &back["code"], &[]).await;
    assert_eq!(status, 200, "code exchanged: {body}");
    (browser, body)
}

/// `GET /v1/userinfo` with a bearer token; returns the status.
pub async fn userinfo_status(base: &str, token: &str) -> u16 {
    helpers::api()
        .get(format!("{base}/v1/userinfo"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

pub fn revocations(t: &TestMocks) -> Vec<RevocationRecord> {
    t.mocks
        .google
        .store()
        .lock()
        .revocations
        .iter()
        .cloned()
        .collect()
}

pub fn events(t: &TestMocks, kind: &str) -> Vec<EventRecord> {
    let inner = t.mocks.google.store().lock();
    inner
        .events
        .iter()
        .filter(|e| e.kind.as_str() == kind)
        .cloned()
        .collect()
}
