//! `POST /__mock/reset` forgets what users did (sessions, grants, codes, tokens, events,
//! faults) and keeps the registered clients, which are configuration: those of
//! `POST /__mock/clients` and those of `--app-url` (`SeedFile::with_app`). An app registered
//! before a reset signs in after it.

use common::Provider;
use mock_providers::Options;
use mock_providers::api::{EventsDoc, StateDoc};
use mock_providers::config::SeedFile;
use serde_json::json;

use crate::github::support as gh;
use crate::google::support::{self as g, ADA, ada_tokens};
use crate::helpers::{Person, TestMocks, document, post_json, query, spawn_with, walk};

/// An app on another port, as `--app-url` names it.
const APP_URL: &str = "http://localhost:4300";
/// A client the app registered itself at the mock Google, and its callback.
const REGISTERED: &str = "registered-app";
const REGISTERED_CALLBACK: &str = "http://localhost:4301/auth/google/callback";
/// A callback added to the default Google client.
const ADDED_CALLBACK: &str = "http://localhost:4302/auth/google/callback";

/// Both mocks with `--app-url`'s callbacks, and two registrations at the mock Google.
async fn registered() -> TestMocks {
    let options = Options {
        seeds: SeedFile::default().with_app(APP_URL),
        ..Options::default()
    };
    let t = spawn_with(options).await;
    let clients = format!("{}/__mock/clients", t.google);
    let own = json!({"client_id": REGISTERED, "client_secret": "s", "redirect_uris": [REGISTERED_CALLBACK]});
    assert_eq!(post_json(&clients, own).await.0, 201, "registered");
    let added = json!({"client_id": g::CLIENT, "client_secret": g::SECRET, "redirect_uris": [ADDED_CALLBACK]});
    assert_eq!(post_json(&clients, added).await.0, 200, "a callback added");
    t
}

/// The mock Google's authorize for `client_id` and `redirect_uri`, in a browser signed in
/// as Ada, through consent: where it sends the browser.
async fn google_login(t: &TestMocks, client_id: &str, redirect_uri: &str) -> String {
    let browser = g::signed_in(&t.google, ADA).await;
    let extra = [("client_id", client_id), ("redirect_uri", redirect_uri)];
    let url = g::authorize_url(&t.google, &extra);
    walk(&browser, Provider::Google, &url, Person::new(ADA)).await
}

#[tokio::test]
async fn a_reset_forgets_what_users_did_and_keeps_the_registered_clients() {
    let t = registered().await;
    ada_tokens(&t).await;
    gh::token(&t.github, "ada", "read:user").await;
    let fault = json!({"endpoint": "token", "count": 1, "status": 503});
    assert_eq!(
        post_json(&format!("{}/__mock/faults", t.google), fault)
            .await
            .0,
        201
    );
    for base in [&t.github, &t.google] {
        let (status, body) = post_json(&format!("{base}/__mock/reset"), json!({})).await;
        assert_eq!(status, 200, "reset {base}: {body}");
        let state: StateDoc = document(&format!("{base}/__mock/state")).await;
        assert!(
            state.sessions.is_empty() && state.grants.is_empty(),
            "{base}"
        );
        assert!(state.tokens.is_empty() && state.codes.is_empty(), "{base}");
        assert!(state.faults.is_empty(), "{base}: faults cleared");
        let events: EventsDoc = document(&format!("{base}/__mock/events")).await;
        let kinds: Vec<_> = events.events.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds, ["reset"], "{base}: only the reset event");
    }
    let state: StateDoc = document(&format!("{}/__mock/state", t.google)).await;
    let ids: Vec<&str> = state.clients.iter().map(|c| c.client_id.as_str()).collect();
    assert_eq!(ids, [g::CLIENT, REGISTERED], "both clients kept");
    let default = &state.clients[0].redirect_uris;
    assert!(default.iter().any(|u| u == ADDED_CALLBACK), "{default:?}");
}

#[tokio::test]
async fn an_app_registered_before_a_reset_signs_in_after_it() {
    let t = registered().await;
    for base in [&t.github, &t.google] {
        assert_eq!(
            post_json(&format!("{base}/__mock/reset"), json!({}))
                .await
                .0,
            200
        );
    }
    for (client_id, callback) in [
        (REGISTERED, REGISTERED_CALLBACK),
        (g::CLIENT, ADDED_CALLBACK),
    ] {
        let back = google_login(&t, client_id, callback).await;
        assert!(back.starts_with(callback), "{client_id}: {back}");
        assert!(query(&back).contains_key("code"), "{client_id}: a code");
    }
    let app_callback = format!("{APP_URL}/auth/google/callback");
    let back = google_login(&t, g::CLIENT, &app_callback).await;
    assert!(
        back.starts_with(&app_callback),
        "--app-url at Google: {back}"
    );
    let browser = gh::signed_in(&t.github, "ada").await;
    let github_callback = format!("{APP_URL}/auth/github/callback");
    let url = gh::authorize_url(&t.github, &[("scope", "read:user")]);
    let url = url.replace(
        &serde_urlencoded::to_string([("redirect_uri", gh::CALLBACK)]).unwrap(),
        &serde_urlencoded::to_string([("redirect_uri", &github_callback)]).unwrap(),
    );
    let back = gh::callback(&browser, &url).await;
    assert!(
        back.starts_with(&github_callback),
        "--app-url at GitHub: {back}"
    );
}
