//! Pending logins, which the browser carries sealed in its `oauth_state` cookie: no flood of
//! anonymous `GET /auth/{provider}` evicts a real user's login, a foreign browser presenting
//! someone's state uses nothing up, two tabs log in at once, and one browser keeps a bounded
//! few.

use hardened_app::KeySource;
use hardened_app::flows::{self, Flow, Pending};
use reqwest::StatusCode;
use tokio::task::JoinSet;

use crate::helpers::{
    Provider, TestApp, browser, cookie_value, location, query, set_cookie, spawn_app,
};

/// The `oauth_state` cookie's value holding `flows`, sealed as the app seals it.
pub fn sealed(app: &TestApp, flows: &[&Flow]) -> String {
    let KeySource::Key(token_key) = &app.config.token_key else {
        panic!("tests give the app its key");
    };
    let mut pending = Pending::default();
    for flow in flows {
        pending.push((*flow).clone());
    }
    pending.seal(&flows::cookie_key(token_key))
}

/// The probe's flood (issue 24, F3): more anonymous logins than the 10,000 pending flows the
/// app once kept in all.
const FLOOD: usize = 10_050;
/// Clients sending the flood at once.
const FLOODERS: usize = 16;

#[tokio::test]
async fn a_flood_of_anonymous_logins_evicts_no_pending_login() {
    let app = spawn_app().await;
    let victim = browser();
    let callback = app
        .authorize_in(&victim, Provider::GitHub, "ada", true)
        .await;

    // Anonymous clients: no cookie jar, so each request starts a flow of a new "browser".
    let flooder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let start = app.at("/auth/github");
    let mut flood = JoinSet::new();
    for _ in 0..FLOODERS {
        let (client, start) = (flooder.clone(), start.clone());
        flood.spawn(async move {
            for _ in 0..FLOOD / FLOODERS + 1 {
                let response = client.get(&start).send().await.unwrap();
                assert_eq!(response.status(), StatusCode::FOUND);
            }
        });
    }
    while let Some(done) = flood.join_next().await {
        done.unwrap();
    }

    let answer = victim.get(&callback).send().await.unwrap();
    assert_eq!(
        answer.status(),
        StatusCode::FOUND,
        "the victim's callback after the flood: {}",
        answer.text().await.unwrap_or_default()
    );
    assert!(set_cookie(&answer, "session").is_some(), "logged in");
}

#[tokio::test]
async fn a_foreign_browser_presenting_a_state_uses_up_nothing() {
    let app = spawn_app().await;
    let victim = browser();
    let callback = app
        .authorize_in(&victim, Provider::GitHub, "ada", true)
        .await;
    let state = crate::helpers::query(&callback)["state"].clone();

    // The attacker, who saw the state, opens the callback in a browser of their own.
    let path = format!("/auth/github/callback?state={state}&code=attackers-code");
    let foreign = browser().get(app.at(&path)).send().await.unwrap();
    assert_eq!(foreign.status(), StatusCode::FORBIDDEN, "foreign browser");
    assert_eq!(location(&foreign), "");

    let answer = victim.get(&callback).send().await.unwrap();
    assert_eq!(
        answer.status(),
        StatusCode::FOUND,
        "the victim's own callback still works: {}",
        answer.text().await.unwrap_or_default()
    );
}

#[tokio::test]
async fn two_tabs_log_in_with_both_providers_at_once() {
    let app = spawn_app().await;
    let github = app.start_in(&app.browser, Provider::GitHub).await;
    let google = app.start_in(&app.browser, Provider::Google).await;
    let to_google = app
        .through_mock(&app.browser, &google, "ada@example.com", true)
        .await;
    let to_github = app.through_mock(&app.browser, &github, "ada", true).await;
    for callback in [to_google, to_github] {
        let answer = app.browser.get(&callback).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::FOUND, "{callback}");
    }
    let (_, me) = app.me().await;
    assert_eq!(
        (me["githubId"].is_string(), me["googleId"].is_string()),
        (true, true)
    );
}

#[tokio::test]
async fn a_browser_starting_logins_over_and_over_keeps_its_newest_few() {
    let app = spawn_app().await;
    let mut states = Vec::new();
    let mut cookie = String::new();
    for _ in 0..12 {
        let start = app.get("/auth/github").await;
        cookie = cookie_value(&set_cookie(&start, "oauth_state").unwrap());
        states.push(query(&location(&start))["state"].clone());
    }
    assert!(
        cookie.len() < 2_000,
        "a small cookie: {} bytes",
        cookie.len()
    );
    let kept = states.len() - flows::PER_BROWSER;
    for (i, state) in states.iter().enumerate() {
        let path = format!("/auth/github/callback?state={state}&code=bogus");
        let status = app.get(&path).await.status();
        let expected = match i < kept {
            true => StatusCode::FORBIDDEN,
            false => StatusCode::BAD_REQUEST,
        };
        assert_eq!(
            status, expected,
            "flow {i}: forgotten, or kept and tried once"
        );
    }
    app.login_ok(Provider::GitHub, "ada").await;
    assert_eq!(app.me().await.0, StatusCode::OK, "a new login still works");
}
