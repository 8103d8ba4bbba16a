//! Steps the GitHub tests share: signing in, getting a code, getting a token, calling the
//! `/applications` API, and reading the mock's revocation log.

use std::collections::HashMap;

use mock_providers::Options;
use mock_providers::api::RevocationRecord;
use mock_providers::config::{ClientSeed, SeedFile, Seeds};
use reqwest::{Method, Response};

use crate::helpers::{self, TestMocks, browser, location, query};

pub const CLIENT: &str = "logout-lab-github";
pub const SECRET: &str = "logout-lab-github-secret";
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

/// Every `<input type="hidden" name=".." value="..">` of a page, in order.
pub fn hidden_inputs(html: &str) -> Vec<(String, String)> {
    let mut inputs = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("type=\"hidden\" name=\"") {
        rest = &rest[at + "type=\"hidden\" name=\"".len()..];
        let Some(name_end) = rest.find('"') else {
            break;
        };
        let name = rest[..name_end].to_string();
        let after = &rest[name_end..];
        let value = after
            .strip_prefix("\" value=\"")
            .and_then(|v| v.find('"').map(|end| &v[..end]))
            .unwrap_or("");
        inputs.push((name, unescape(value)));
    }
    inputs
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// A browser signed in to the mock GitHub as `login`.
pub async fn signed_in(github: &str, login: &str) -> reqwest::Client {
    let browser = browser();
    let response = browser
        .post(format!("{github}/session"))
        .form(&[("login", login), ("return_to", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302, "signing in as {login} redirects");
    browser
}

/// The authorize URL of the default client with these extra parameters.
pub fn authorize_url(github: &str, params: &[(&str, &str)]) -> String {
    let mut all = vec![("client_id", CLIENT), ("redirect_uri", CALLBACK)];
    all.extend_from_slice(params);
    let query = serde_urlencoded::to_string(&all).unwrap();
    format!("{github}/login/oauth/authorize?{query}")
}

/// Submits the consent page's form with `authorize=1` (Authorize) or `0` (Cancel).
pub async fn decide(
    browser: &reqwest::Client,
    github: &str,
    page: &str,
    authorize: &str,
) -> Response {
    let mut form = hidden_inputs(page);
    assert!(
        form.iter().any(|(n, _)| n == "authenticity_token"),
        "the consent page carries an authenticity_token"
    );
    form.push(("authorize".into(), authorize.into()));
    browser
        .post(format!("{github}/login/oauth/authorize"))
        .form(&form)
        .send()
        .await
        .unwrap()
}

/// Runs authorize for a signed-in browser (consenting if asked) and returns the callback URL.
pub async fn callback(browser: &reqwest::Client, github: &str, url: &str) -> String {
    let response = browser.get(url).send().await.unwrap();
    let response = if response.status() == 200 {
        let page = response.text().await.unwrap();
        decide(browser, github, &page, "1").await
    } else {
        response
    };
    assert_eq!(
        response.status(),
        302,
        "authorize ends in a redirect to the app"
    );
    location(&response)
}

/// A code for `login` with these scopes (and extra authorize parameters).
pub async fn code(github: &str, login: &str, params: &[(&str, &str)]) -> String {
    let browser = signed_in(github, login).await;
    let url = callback(&browser, github, &authorize_url(github, params)).await;
    query(&url)
        .remove("code")
        .expect("the callback carries a code")
}

/// Exchanges a code with these form parameters, asking for JSON.
pub async fn exchange(github: &str, form: &[(&str, &str)]) -> HashMap<String, String> {
    let response = reqwest::Client::new()
        .post(format!("{github}/login/oauth/access_token"))
        .header("Accept", "application/json")
        .form(form)
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        200,
        "the token endpoint always answers 200"
    );
    response.json().await.unwrap()
}

/// A fresh access token of the default client for `login` with `scope`.
pub async fn token(github: &str, login: &str, scope: &str) -> String {
    let code = code(github, login, &[("scope", scope)]).await;
    let answer = exchange(
        github,
        &[
            ("client_id", CLIENT),
            ("client_secret", SECRET),
            ("code", &code),
        ],
    )
    .await;
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
        .send()
        .await
        .unwrap()
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
        .send()
        .await
        .unwrap()
}

/// The revocation log, as the mock recorded it.
pub fn revocations(mocks: &TestMocks) -> Vec<RevocationRecord> {
    mocks
        .mocks
        .github
        .store()
        .lock()
        .revocations
        .iter()
        .cloned()
        .collect()
}

/// The last revocation record (panics with a clear message if there is none).
pub fn last_revocation(mocks: &TestMocks) -> RevocationRecord {
    revocations(mocks)
        .pop()
        .expect("the call was recorded as a revocation")
}

/// The kinds of events recorded so far.
pub fn event_kinds(mocks: &TestMocks) -> Vec<&'static str> {
    mocks
        .mocks
        .github
        .store()
        .lock()
        .events
        .iter()
        .map(|e| e.kind.as_str())
        .collect()
}

/// The exact 401 body of a bad or revoked token.
pub fn bad_credentials() -> serde_json::Value {
    serde_json::json!({
        "message": "Bad credentials",
        "documentation_url": "https://docs.github.com/rest",
        "status": "401"
    })
}
