//! The exact shape of every outbound provider call, pinned with wiremock (method, path,
//! headers, body), and the provider failures: refusal, down, slow, broken.
//!
//! Modules: [`github`] and [`google`] pin each provider's calls; [`failures`] covers a
//! provider that refuses, is down, slow or broken.
//!
//! Each test points one provider's URLs at a wiremock server and drives the app's callback
//! by hand with the state of a flow it started.

mod failures;
mod github;
mod google;

use std::collections::HashMap;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::json as j;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::helpers::{PAUSED, Provider, TestApp, location, query, spawn_app_with};

pub const UA: &str = concat!("logout-lab-app/", env!("CARGO_PKG_VERSION"));

pub async fn app_against(server: &MockServer, via: Provider) -> TestApp {
    let base = server.uri();
    spawn_app_with(move |config| {
        // Well below the 3 s delay of the "slow provider" tests, well above a normal answer.
        config.provider_timeout = Duration::from_millis(1500);
        // A pending revocation stays as the test left it (tests that watch the queue restart
        // the app with a short schedule).
        config.retry = PAUSED;
        match via {
            Provider::GitHub => config.github = hardened_app::GitHubConfig::mock(&base),
            Provider::Google => config.google = hardened_app::GoogleConfig::mock(&base),
        }
    })
    .await
}

/// Starts a flow: the query the app sent the browser to the provider with (`state`,
/// `code_challenge`...).
pub async fn start_flow(app: &TestApp, via: Provider) -> HashMap<String, String> {
    let start = app.get(&format!("/auth/{}", via.slug())).await;
    query(&location(&start))
}

/// Starts a flow and comes back to the callback with `code`, as the provider would.
/// Returns the app's answer and the PKCE challenge that was sent.
pub async fn come_back(app: &TestApp, via: Provider, code: &str) -> (reqwest::Response, String) {
    let q = start_flow(app, via).await;
    let url = format!(
        "/auth/{}/callback?code={code}&state={}",
        via.slug(),
        q["state"]
    );
    (app.get(&url).await, q["code_challenge"].clone())
}

/// A matcher: the form body's `code_verifier` answers the S256 challenge.
pub fn verifier_matches(challenge: String) -> impl Fn(&Request) -> bool + Send + Sync + 'static {
    move |request: &Request| {
        url::form_urlencoded::parse(&request.body)
            .find(|(k, _)| k == "code_verifier")
            .is_some_and(|(_, v)| hardened_app::random::pkce_challenge(&v) == challenge)
    }
}

pub fn form_has(
    pairs: Vec<(&'static str, String)>,
) -> impl Fn(&Request) -> bool + Send + Sync + 'static {
    move |request: &Request| {
        let body: Vec<(String, String)> = url::form_urlencoded::parse(&request.body)
            .into_owned()
            .collect();
        pairs
            .iter()
            .all(|(k, v)| body.iter().any(|(bk, bv)| bk == k && bv == v))
    }
}

/// `/user` and `/user/emails` for `gho_test`, whose primary verified email is `email`.
pub async fn github_profile(server: &MockServer, email: &str) {
    Mock::given(method("GET"))
        .and(path("/user"))
        .and(header("authorization", "Bearer gho_test"))
        .and(header("accept", "application/vnd.github+json"))
        .and(header("user-agent", UA))
        .respond_with(ResponseTemplate::new(200).set_body_json(j!({
            "login": "octo", "id": 42, "name": "Octo Cat", "email": null,
            "avatar_url": "https://example.com/a.png"
        })))
        .named("GET /user with Bearer, Accept and User-Agent")
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/user/emails"))
        .and(header("authorization", "Bearer gho_test"))
        .and(header("user-agent", UA))
        .respond_with(ResponseTemplate::new(200).set_body_json(j!([
            {"email": "other@example.com", "primary": false, "verified": true, "visibility": null},
            {"email": email, "primary": true, "verified": true, "visibility": "private"}
        ])))
        .named("GET /user/emails with Bearer and User-Agent")
        .mount(server)
        .await;
}

/// Mounts `answers` for `verb path`, one call each in turn; the last one answers every call
/// after.
pub async fn answer_in_turn(
    server: &MockServer,
    verb: &str,
    at: &str,
    answers: Vec<ResponseTemplate>,
) {
    let last = answers.len().saturating_sub(1);
    for (i, answer) in answers.into_iter().enumerate() {
        let mock = Mock::given(method(verb)).and(path(at)).respond_with(answer);
        let mock = if i < last {
            mock.up_to_n_times(1)
        } else {
            mock
        };
        mock.mount(server).await;
    }
}

/// An app signed in with GitHub through `server` (which issues `gho_test` for `email`), with
/// the GitHub mock's token exchange and profile mounted.
pub async fn signed_in_with_github(server: &MockServer, email: &str) -> TestApp {
    let app = app_against(server, Provider::GitHub).await;
    let token = j!({"access_token": "gho_test", "scope": "read:user,user:email"});
    Mock::given(method("POST"))
        .and(path("/login/oauth/access_token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token))
        .mount(server)
        .await;
    github_profile(server, email).await;
    let (response, _) = come_back(&app, Provider::GitHub, "c").await;
    assert_eq!(response.status(), StatusCode::FOUND);
    app
}
