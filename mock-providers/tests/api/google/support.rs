//! Steps the Google tests share: signing in, authorizing (consenting if asked), exchanging a
//! code, calling userinfo and `/revoke`, and reading the mock's records.

use std::collections::HashMap;

use mock_providers::api::{EventRecord, RevocationRecord};
use reqwest::Response;
use serde_json::Value;

use common::Provider;

use crate::helpers::{self, Fetch, Person, TestMocks, query};

/// Extra request parameters, as tests list them.
pub type Params<'a> = &'a [(&'a str, &'a str)];

pub use common::defaults::{GOOGLE_CLIENT_ID as CLIENT, GOOGLE_CLIENT_SECRET as SECRET};
/// The default client's redirect URI (the app's default, `http://localhost:3000`).
pub const CALLBACK: &str = "http://localhost:3000/auth/google/callback";
pub const ADA: &str = "ada@example.com";
pub const ADA_SUB: &str = "109876543210987654321";
pub const EXPANDED: &str = "openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile";

/// An authorization URL with the default client and `extra` parameters; an `extra` value
/// replaces a default one, and an empty value removes it.
pub fn authorize_url(base: &str, extra: Params<'_>) -> String {
    let mut params: Vec<(&str, &str)> = vec![
        ("client_id", CLIENT),
        ("redirect_uri", CALLBACK),
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

/// `POST /ServiceLogin`: signs `browser` in to the mock Google as `email`, back to `/`.
pub async fn sign_in(browser: &reqwest::Client, base: &str, email: &str) -> Response {
    let form = [("email", email), ("continue", "/")];
    helpers::post_form(browser, format!("{base}/ServiceLogin"), &form).await
}

/// A browser signed in to the mock Google as `email`.
pub async fn signed_in(base: &str, email: &str) -> reqwest::Client {
    let browser = helpers::browser();
    sign_in(&browser, base, email).await;
    browser
}

/// Submits a consent page's form with Allow (`true`) or Cancel.
pub async fn consent(browser: &reqwest::Client, base: &str, page: &str, allow: bool) -> Response {
    let url = format!("{base}/o/oauth2/v2/auth");
    helpers::submit_consent(browser, url, page, allow).await
}

/// Runs an authorization for a signed-in browser (consenting if asked) and returns the
/// parameters of the redirect back to the app.
pub async fn authorize(
    browser: &reqwest::Client,
    base: &str,
    extra: Params<'_>,
) -> HashMap<String, String> {
    let url = authorize_url(base, extra);
    let to = helpers::walk(browser, Provider::Google, &url, Person::new(ADA)).await;
    assert!(to.starts_with(CALLBACK), "back to the app: {to}");
    query(&to)
}

/// `POST /token` with a form body; returns status and JSON.
pub async fn post_token(base: &str, form: Params<'_>) -> (u16, Value) {
    let request = helpers::api().post(format!("{base}/token")).form(form);
    request.fetch_json().await
}

/// Exchanges a code with the default client's body credentials and `extra` fields.
pub async fn exchange(base: &str, code: &str, extra: Params<'_>) -> (u16, Value) {
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("client_id", CLIENT),
        ("client_secret", SECRET),
        ("redirect_uri", CALLBACK),
    ];
    form.extend_from_slice(extra);
    post_token(base, &form).await
}

/// A signed-in browser and a token response for Ada with offline access.
pub async fn ada_tokens(t: &TestMocks) -> (reqwest::Client, Value) {
    let browser = signed_in(&t.google, ADA).await;
    let back = authorize(&browser, &t.google, &[("access_type", "offline")]).await;
    let (status, body) = exchange(&t.google, &back["code"], &[]).await;
    assert_eq!(status, 200, "code exchanged: {body}");
    (browser, body)
}

/// String fields of a token answer, e.g. `["access_token", "refresh_token"]`.
pub fn fields<'a, const N: usize>(answer: &'a Value, names: [&str; N]) -> [&'a str; N] {
    names.map(|name| {
        answer[name]
            .as_str()
            .unwrap_or_else(|| panic!("{name} in {answer}"))
    })
}

/// `GET /v1/userinfo` with a bearer token; returns the status.
pub async fn userinfo_status(base: &str, token: &str) -> u16 {
    let request = helpers::api().get(format!("{base}/v1/userinfo"));
    request.bearer_auth(token).fetch_status().await
}

/// `POST /revoke` with `token` in a form body: status and JSON.
pub async fn revoke(base: &str, token: &str) -> (u16, Value) {
    let request = helpers::api().post(format!("{base}/revoke"));
    request.form(&[("token", token)]).fetch_json().await
}

/// The revocation log, as the mock recorded it.
pub fn revocations(t: &TestMocks) -> Vec<RevocationRecord> {
    helpers::revocations_of(&t.mocks.google)
}

/// The events of one kind the mock recorded.
pub fn events(t: &TestMocks, kind: &str) -> Vec<EventRecord> {
    helpers::events_of(&t.mocks.google, kind)
}
