//! Steps the GitHub tests share: signing in, getting a code, getting a token, calling the
//! API and the `/applications` calls, and reading the mock's records.

use std::collections::HashMap;

use mock_providers::Options;
use mock_providers::api::{EventRecord, RevocationRecord};
use mock_providers::config::{ClientSeed, SeedFile, Seeds};
use reqwest::{Method, Response};
use serde_json::Value;

use common::Provider;

use crate::helpers::{self, Fetch, Person, TestMocks, browser, query};

pub use common::defaults::{GITHUB_CLIENT_ID as CLIENT, GITHUB_CLIENT_SECRET as SECRET};
/// The default client's redirect URI (the app's default, `http://localhost:3000`).
pub const CALLBACK: &str = "http://localhost:3000/auth/github/callback";

/// A second app, with a non-loopback callback and a loopback one.
pub const OTHER: &str = "other-app";
pub const OTHER_SECRET: &str = "other-secret";
pub const OTHER_CALLBACK: &str = "https://other.example/cb";

/// Both mocks, GitHub with the second app registered too.
pub async fn spawn() -> TestMocks {
    let other = ClientSeed {
        client_id: OTHER.into(),
        client_secret: OTHER_SECRET.into(),
        name: Some("Other App".into()),
        redirect_uris: vec![OTHER_CALLBACK.into(), "http://127.0.0.1/native".into()],
    };
    let seeds = SeedFile {
        github: Some(Seeds {
            users: vec![],
            clients: vec![other],
        }),
        google: None,
    };
    helpers::spawn_with(Options {
        seeds,
        ..Options::default()
    })
    .await
}

/// `POST /session`: signs `browser` in to the mock GitHub as `login`, back to `/`.
pub async fn sign_in(browser: &reqwest::Client, github: &str, login: &str) -> Response {
    let form = [("login", login), ("return_to", "/")];
    helpers::post_form(browser, format!("{github}/session"), &form).await
}

/// A browser signed in to the mock GitHub as `login`.
pub async fn signed_in(github: &str, login: &str) -> reqwest::Client {
    let browser = browser();
    let response = sign_in(&browser, github, login).await;
    assert_eq!(response.status(), 302, "signing in as {login} redirects");
    browser
}

/// Both mocks as [`spawn`] starts them, and a browser signed in to GitHub as `login`.
pub async fn spawn_signed_in(login: &str) -> (TestMocks, reqwest::Client) {
    let t = spawn().await;
    let browser = signed_in(&t.github, login).await;
    (t, browser)
}

/// The authorize URL of the default client with these extra parameters.
pub fn authorize_url(github: &str, params: &[(&str, &str)]) -> String {
    let mut all = vec![("client_id", CLIENT), ("redirect_uri", CALLBACK)];
    all.extend_from_slice(params);
    let query = serde_urlencoded::to_string(&all).unwrap();
    format!("{github}/login/oauth/authorize?{query}")
}

/// Submits a consent page's form with Authorize (`true`, `authorize=1`) or Cancel.
pub async fn consent(browser: &reqwest::Client, github: &str, page: &str, allow: bool) -> Response {
    let url = format!("{github}/login/oauth/authorize");
    helpers::submit_consent(browser, url, page, allow).await
}

/// Runs authorize for a signed-in browser (consenting if asked) and returns the callback URL.
pub async fn callback(browser: &reqwest::Client, url: &str) -> String {
    helpers::walk(browser, Provider::GitHub, url, Person::new("")).await
}

/// A code for `login` with these scopes (and extra authorize parameters).
pub async fn code(github: &str, login: &str, params: &[(&str, &str)]) -> String {
    let browser = signed_in(github, login).await;
    let url = callback(&browser, &authorize_url(github, params)).await;
    query(&url)
        .remove("code")
        .expect("the callback carries a code")
}

/// The token request of the default client, with its secret in the form.
pub fn client_form(code: &str) -> [(&'static str, &str); 3] {
    [
        ("client_id", CLIENT),
        ("client_secret", SECRET),
        ("code", code),
    ]
}

/// Exchanges a code with these form parameters, asking for JSON.
pub async fn exchange(
    github: &str,
    form: &(impl serde::Serialize + ?Sized),
) -> HashMap<String, String> {
    let response = reqwest::Client::new()
        .post(format!("{github}/login/oauth/access_token"))
        .header("Accept", "application/json")
        .form(form)
        .fetch()
        .await;
    let status = response.status();
    assert_eq!(status, 200, "the token endpoint always answers 200");
    response.json().await.unwrap()
}

/// A fresh access token of the default client for `login` with `scope`.
pub async fn token(github: &str, login: &str, scope: &str) -> String {
    let code = code(github, login, &[("scope", scope)]).await;
    let answer = exchange(github, &client_form(&code)).await;
    answer
        .get("access_token")
        .cloned()
        .unwrap_or_else(|| panic!("a token, got {answer:?}"))
}

/// An `/applications/{client_id}/{what}` call with a User-Agent and Basic auth.
pub async fn app_call(
    github: &str,
    method: Method,
    what: &str,
    (id, secret): (&str, &str),
    body: &str,
) -> Response {
    reqwest::Client::new()
        .request(method, format!("{github}/applications/{id}/{what}"))
        .header("User-Agent", "logout-lab-tests")
        .header("Content-Type", "application/json")
        .basic_auth(id, Some(secret))
        .body(body.to_string())
        .fetch()
        .await
}

/// `DELETE /applications/{CLIENT}/{what}` of `token`, as the default client: the status.
pub async fn revoke(github: &str, what: &str, token: &str) -> u16 {
    let body = token_body(token);
    let call = app_call(github, Method::DELETE, what, (CLIENT, SECRET), &body).await;
    call.status().as_u16()
}

/// `{"access_token": token}` as text.
pub fn token_body(token: &str) -> String {
    serde_json::json!({ "access_token": token }).to_string()
}

/// `GET /user` with a User-Agent and `Authorization: Bearer token`.
pub async fn get_user(github: &str, token: &str) -> Response {
    reqwest::Client::new()
        .get(format!("{github}/user"))
        .header("User-Agent", "logout-lab-tests")
        .bearer_auth(token)
        .fetch()
        .await
}

/// The status of `GET /user` with `token`: 200 while it lives, 401 once it is dead.
pub async fn user_status(github: &str, token: &str) -> u16 {
    get_user(github, token).await.status().as_u16()
}

/// The revocation log, as the mock recorded it.
pub fn revocations(t: &TestMocks) -> Vec<RevocationRecord> {
    helpers::revocations_of(&t.mocks.github)
}

/// The last revocation record (panics with a clear message if there is none).
pub fn last_revocation(t: &TestMocks) -> RevocationRecord {
    revocations(t)
        .pop()
        .expect("the call was recorded as a revocation")
}

/// The events of one kind the mock recorded.
pub fn events(t: &TestMocks, kind: &str) -> Vec<EventRecord> {
    helpers::events_of(&t.mocks.github, kind)
}

/// Whether the mock recorded an event of this kind.
pub fn has_event(t: &TestMocks, kind: &str) -> bool {
    !events(t, kind).is_empty()
}

/// The exact 401 body of a bad or revoked token.
pub fn bad_credentials() -> Value {
    serde_json::json!({
        "message": "Bad credentials",
        "documentation_url": "https://docs.github.com/rest",
        "status": "401"
    })
}
