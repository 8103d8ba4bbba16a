//! The callback's errors in the course's order (state, then the provider's error, then the
//! code, then the exchange), and the routes that do not exist.

use reqwest::{StatusCode, Url};
use serde_json::{Value, json};

use crate::helpers::{Provider, TestApp, browser, json, location, spawn_app};

/// Starts a login in the app's browser: the state the app sent to the provider.
async fn start(app: &TestApp, provider: Provider) -> String {
    let answer = app.get(&format!("/auth/{}", provider.slug())).await;
    let url = Url::parse(&location(&answer)).expect("a redirect to the provider");
    let state = url.query_pairs().find(|(name, _)| name == "state").map(|(_, v)| v.into_owned());
    state.expect("a state")
}

/// `GET /auth/{provider}/callback?{query}` in the app's browser.
async fn callback(app: &TestApp, provider: Provider, query: &str) -> (StatusCode, Value) {
    json(app.get(&format!("/auth/{}/callback?{query}", provider.slug())).await).await
}

fn invalid_state() -> (StatusCode, Value) {
    (StatusCode::FORBIDDEN, json!({ "error": "Invalid state" }))
}

#[tokio::test]
async fn a_missing_or_unknown_state_is_refused_first() {
    let app = spawn_app().await;
    start(&app, Provider::GitHub).await;
    assert_eq!(callback(&app, Provider::GitHub, "code=abc").await, invalid_state(), "no state");
    let unknown = "state=not-ours&code=abc";
    assert_eq!(callback(&app, Provider::GitHub, unknown).await, invalid_state(), "unknown");
    let cancelled = "error=access_denied";
    assert_eq!(callback(&app, Provider::GitHub, cancelled).await, invalid_state(), "before error");
}

#[tokio::test]
async fn a_state_from_another_browser_is_refused() {
    let app = spawn_app().await;
    let state = start(&app, Provider::Google).await;
    let url = app.at(&format!("/auth/google/callback?state={state}&code=abc"));
    let (status, body) = json(browser().get(url).send().await.unwrap()).await;
    assert_eq!((status, body), invalid_state());
    assert_eq!(app.count_events(Provider::Google, "code_refused").await, 0, "no exchange tried");
}

#[tokio::test]
async fn a_used_state_is_refused_and_its_code_not_exchanged_again() {
    let app = spawn_app().await;
    let login = app.login(Provider::GitHub, "ada").await;
    assert_eq!(login.response.status(), StatusCode::FOUND);
    let replay = app.browser.get(&login.callback).send().await.unwrap();
    assert_eq!(json(replay).await, invalid_state());
    assert_eq!(app.count_events(Provider::GitHub, "code_exchanged").await, 1);
    assert_eq!(app.count_events(Provider::GitHub, "code_refused").await, 0);
}

#[tokio::test]
async fn the_provider_error_comes_before_the_code() {
    let app = spawn_app().await;
    for provider in Provider::ALL {
        let state = start(&app, provider).await;
        let answer = callback(&app, provider, &format!("state={state}&error=access_denied")).await;
        let error = format!("{provider} authorization failed: access_denied");
        assert_eq!(answer, (StatusCode::BAD_REQUEST, json!({ "error": error })));
    }
    let state = start(&app, Provider::GitHub).await;
    let both = callback(&app, Provider::GitHub, &format!("state={state}&error=x&code=abc")).await;
    assert_eq!(both.1["error"], "GitHub authorization failed: x", "the error wins over a code");
}

#[tokio::test]
async fn a_callback_without_a_code_is_400() {
    let app = spawn_app().await;
    let state = start(&app, Provider::Google).await;
    let answer = callback(&app, Provider::Google, &format!("state={state}")).await;
    assert_eq!(answer, (StatusCode::BAD_REQUEST, json!({ "error": "Missing authorization code" })));
}

#[tokio::test]
async fn a_refused_code_is_400_naming_the_providers_error() {
    let app = spawn_app().await;
    for (provider, cause) in
        [(Provider::GitHub, "bad_verification_code"), (Provider::Google, "invalid_grant")]
    {
        let state = start(&app, provider).await;
        let (status, body) = callback(&app, provider, &format!("state={state}&code=forged")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let error = body["error"].as_str().unwrap();
        let named = format!("{provider} code exchange failed: {cause}");
        assert!(error.starts_with(&named), "{error}");
        assert_eq!(app.count_events(provider, "code_refused").await, 1);
    }
    assert_eq!(app.me().await.0, StatusCode::UNAUTHORIZED, "no session");
}

#[tokio::test]
async fn unknown_routes_are_404_and_get_logout_405() {
    let app = spawn_app().await;
    let not_found = (StatusCode::NOT_FOUND, json!({ "error": "Not Found" }));
    for path in ["/nope", "/auth/gitlab", "/auth/gitlab/callback?state=x&code=y", "/me/gitlab"] {
        assert_eq!(json(app.get(path).await).await, not_found, "GET {path}");
    }
    app.login_ok(Provider::GitHub, "ada").await;
    let expected = (StatusCode::METHOD_NOT_ALLOWED, json!({ "error": "Method Not Allowed" }));
    assert_eq!(json(app.get("/logout").await).await, expected);
    assert_eq!(app.me().await.0, StatusCode::OK, "GET /logout logs nobody out");
}
