//! Every error path a person or client can cause, against the real mocks: each a clear 4xx
//! JSON (or a readable page for a browser), never a 500. This file: the login flow's errors
//! (states, the provider's answers, the code exchange); [`requests`]: requests that are wrong
//! whatever the flow (cross-site, unknown routes, oversized or garbled).

mod requests;
mod states;

use reqwest::StatusCode;
use serde_json::json as j;

use hardened_app::KeySource;
use hardened_app::flows;
use hardened_app::sealing;

use crate::helpers::{Provider, TestApp, browser, error, json, location, query, spawn_app};

/// Starts a flow in the app's browser and returns the `state` it sent to the provider.
async fn start(app: &TestApp, via: Provider) -> String {
    let response = app.get(&format!("/auth/{}", via.slug())).await;
    query(&location(&response))["state"].clone()
}

async fn callback(app: &TestApp, via: Provider, query: &str) -> (StatusCode, serde_json::Value) {
    json(
        app.get(&format!("/auth/{}/callback{query}", via.slug()))
            .await,
    )
    .await
}

#[tokio::test]
async fn the_authorize_redirect_carries_the_courses_parameters_and_pkce() {
    let app = spawn_app().await;
    let response = app.get("/auth/github").await;
    assert_eq!(response.status(), StatusCode::FOUND);
    let state_cookie = crate::helpers::set_cookie(&response, "oauth_state").unwrap();
    for part in ["HttpOnly", "SameSite=Lax", "Path=/auth", "Max-Age=600"] {
        assert!(state_cookie.contains(part), "{state_cookie}");
    }
    let url = location(&response);
    assert!(url.starts_with(&format!(
        "{}/login/oauth/authorize?",
        app.mocks.github.url()
    )));
    let q = query(&url);
    assert_eq!(q["client_id"], "logout-lab-github");
    assert_eq!(
        q["redirect_uri"],
        format!("{}/auth/github/callback", app.url)
    );
    assert_eq!(q["scope"], "read:user user:email");
    assert_eq!(q["code_challenge_method"], "S256");
    assert_eq!(q["code_challenge"].len(), 43);
    assert!(
        !url.contains("secret"),
        "the client secret never goes to the browser"
    );

    let q = query(&location(&app.get("/auth/google").await));
    assert_eq!(q["response_type"], "code");
    assert_eq!(q["scope"], "openid email profile");
    assert_eq!(q["code_challenge_method"], "S256");
    assert_ne!(
        q["state"],
        start(&app, Provider::GitHub).await,
        "a fresh state each time"
    );
}

#[tokio::test]
async fn missing_unknown_reused_foreign_and_expired_states_are_403() {
    let app = spawn_app().await;
    for via in [Provider::GitHub, Provider::Google] {
        missing_unknown_and_reused_states_are_refused(&app, via).await;
        foreign_and_expired_states_are_refused(&app, via).await;
    }
    // A GitHub state is no good at Google's callback.
    let state = start(&app, Provider::GitHub).await;
    assert_eq!(
        callback(&app, Provider::Google, &format!("?state={state}&code=x"))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
}

async fn missing_unknown_and_reused_states_are_refused(app: &TestApp, via: Provider) {
    assert_eq!(
        callback(app, via, "?code=x").await,
        (StatusCode::FORBIDDEN, j!({ "error": "Invalid state" })),
        "missing"
    );
    assert_eq!(
        callback(app, via, "?state=nope&code=x").await.0,
        StatusCode::FORBIDDEN,
        "unknown"
    );
    // Used once (with a bad code), then reused.
    let state = start(app, via).await;
    let (status, _) = callback(app, via, &format!("?state={state}&code=bogus")).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "first use reaches the exchange"
    );
    let (status, _) = callback(app, via, &format!("?state={state}&code=x")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "reused");
}

async fn foreign_and_expired_states_are_refused(app: &TestApp, via: Provider) {
    // Another browser (no binding cookie) presenting a valid state: login CSRF.
    let state = start(app, via).await;
    let path = format!("/auth/{}/callback?state={state}&code=x", via.slug());
    let other = browser().get(app.at(&path)).send().await.unwrap();
    assert_eq!(
        other.status(),
        StatusCode::FORBIDDEN,
        "state from another browser"
    );

    // The browser's cookie holds a flow started 10 minutes ago: expired. One started a
    // minute later still reaches the code exchange (which refuses the code).
    let now = hardened_app::db::now();
    for (age, expected) in [
        (flows::TTL_SECS, StatusCode::FORBIDDEN),
        (flows::TTL_SECS - 60, StatusCode::BAD_REQUEST),
    ] {
        let flow = flows::Flow {
            started_at: now - age,
            ..flows::Flow::new(via, now)
        };
        let cookie = format!("oauth_state={}", states::sealed(app, &[&flow]));
        let path = format!("/auth/{}/callback?state={}&code=x", via.slug(), flow.state);
        let status = get_with_cookie(app, &path, &cookie).await.status();
        assert_eq!(status, expected, "a flow started {age} s ago");
    }
}

#[tokio::test]
async fn cancel_at_the_provider_is_400_with_the_courses_message() {
    let app = spawn_app().await;
    let (status, body) = json(app.login_deciding(Provider::GitHub, "ada", false).await).await;
    assert_eq!(
        (status, body),
        (
            StatusCode::BAD_REQUEST,
            j!({ "error": "GitHub authorization failed: access_denied" })
        )
    );
    let (status, body) = json(
        app.login_deciding(Provider::Google, "bob@example.com", false)
            .await,
    )
    .await;
    assert_eq!(
        (status, body),
        (
            StatusCode::BAD_REQUEST,
            j!({ "error": "Google authorization failed: access_denied" })
        )
    );
    assert_eq!(app.me().await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn state_is_checked_before_the_provider_error_and_the_code() {
    let app = spawn_app().await;
    // Without a valid state, even a provider error is "Invalid state".
    assert_eq!(
        callback(&app, Provider::GitHub, "?error=access_denied")
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let state = start(&app, Provider::Google).await;
    assert_eq!(
        callback(&app, Provider::Google, &format!("?state={state}")).await,
        (
            StatusCode::BAD_REQUEST,
            j!({ "error": "Missing authorization code" })
        )
    );
}

#[tokio::test]
async fn a_refused_code_exchange_names_the_cause() {
    let app = spawn_app().await;
    for (via, cause) in [
        (
            Provider::GitHub,
            "GitHub code exchange failed: bad_verification_code",
        ),
        (
            Provider::Google,
            "Google code exchange failed: invalid_grant",
        ),
    ] {
        let state = start(&app, via).await;
        let (status, body) = callback(&app, via, &format!("?state={state}&code=bogus")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(error(&body).starts_with(cause), "{body}");
    }
}

#[tokio::test]
async fn a_browser_gets_a_readable_page_with_the_same_status() {
    let app = spawn_app().await;
    let response = app
        .browser
        .get(app.at("/auth/github/callback?state=nope"))
        .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let page = response.text().await.unwrap();
    assert!(
        page.contains("Invalid state") && page.contains("href=\"/\""),
        "{page}"
    );
    let what_happened = "<h1>This login could not be finished</h1>";
    assert!(page.contains(what_happened), "{page}");
}

/// `GET path` from a browser without a jar, carrying `cookie` (`oauth_state=...`).
async fn get_with_cookie(app: &TestApp, path: &str, cookie: &str) -> reqwest::Response {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let request = client
        .get(app.at(path))
        .header(reqwest::header::COOKIE, cookie);
    request.send().await.unwrap()
}

#[tokio::test]
async fn a_value_the_app_did_not_seal_is_replaced_so_a_planted_one_binds_nothing() {
    let app = spawn_app().await;
    // Another service of the same host plants a value of its choosing in the victim's
    // browser and in its own, then starts a login with it.
    let planted = format!("oauth_state={}", "P".repeat(43));
    let start = get_with_cookie(&app, "/auth/github", &planted).await;
    let issued = crate::helpers::set_cookie(&start, "oauth_state").unwrap();
    let issued = crate::helpers::cookie_value(&issued);
    assert_ne!(
        issued,
        "P".repeat(43),
        "a sealed value, not the planted one"
    );
    let attackers_state = query(&location(&start))["state"].clone();

    // The victim's browser, carrying the planted value, is sent to the callback: refused
    // before any code is exchanged. So is a value sealed with the token key itself, as the
    // database stores tokens: the cookie has a key of its own.
    let KeySource::Key(token_key) = &app.config.token_key else {
        panic!("tests give the app its key");
    };
    let flow = flows::Flow::new(Provider::GitHub, hardened_app::db::now());
    let listed = serde_json::to_string(&[&flow]).unwrap();
    let sealed_as_a_token = format!("oauth_state={}", sealing::seal(token_key, &listed));
    for (cookie, state) in [
        (&planted, &attackers_state),
        (&sealed_as_a_token, &flow.state),
    ] {
        let callback = format!("/auth/github/callback?code=attackers-code&state={state}");
        let (status, body) = json(get_with_cookie(&app, &callback, cookie).await).await;
        assert_eq!(
            (status, body),
            (StatusCode::FORBIDDEN, j!({"error": "Invalid state"})),
            "{cookie}"
        );
    }
}
