//! How many Google tokens live at once, and what ended each one, read through the typed
//! inspection API (`mock_providers::api`) as the checker reads it.

use mock_providers::Options;
use mock_providers::api::{EndCause, EventsDoc, StateDoc, TokenKind, TokenState};
use mock_providers::store::Limits;
use serde_json::Value;

use super::{ADA, authorize, exchange, sign_in, userinfo_status};
use crate::helpers::{self, TestMocks};

async fn state(t: &TestMocks) -> StateDoc {
    helpers::document(&format!("{}/__mock/state", t.google)).await
}

/// A signed-in browser's next login: the token answer.
async fn login(t: &TestMocks, browser: &reqwest::Client, extra: &[(&str, &str)]) -> Value {
    let back = authorize(browser, &t.google, extra).await;
    let (status, body) = exchange(&t.google, &back["code"], &[]).await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn signed_in(t: &TestMocks) -> reqwest::Client {
    let browser = helpers::browser();
    sign_in(&browser, &t.google, ADA).await;
    browser
}

#[tokio::test]
async fn every_exchange_issues_a_new_access_token_and_revoking_any_ends_the_whole_grant() {
    let t = helpers::spawn().await;
    let browser = signed_in(&t).await;
    let first = login(&t, &browser, &[("access_type", "offline")]).await;
    let second = login(&t, &browser, &[]).await;
    let (old, new) = (
        first["access_token"].as_str().unwrap(),
        second["access_token"].as_str().unwrap(),
    );
    let refresh = first["refresh_token"].as_str().unwrap();
    assert_ne!(old, new);
    assert_eq!(
        userinfo_status(&t.google, old).await,
        200,
        "the older one lives on"
    );
    // Revoking the superseded token: Google ends the grant, the new token with it.
    let response = helpers::api()
        .post(format!("{}/revoke", t.google))
        .form(&[("token", old)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        userinfo_status(&t.google, new).await,
        401,
        "the new token died too"
    );
    let state = state(&t).await;
    let call = t
        .mocks
        .google
        .store()
        .lock()
        .revocations
        .iter()
        .last()
        .cloned()
        .unwrap();
    let ending = |token: &str| {
        let record = state.tokens.iter().find(|r| r.token == token).unwrap();
        assert_eq!(record.state, TokenState::Revoked, "{token}");
        record.ended.clone().unwrap()
    };
    assert_eq!(
        (ending(old).cause, ending(old).seq),
        (EndCause::Revoked, call.seq)
    );
    for collateral in [new, refresh] {
        let ended = ending(collateral);
        assert_eq!((ended.cause, ended.seq), (EndCause::GrantRemoved, call.seq));
        assert_eq!(ended.endpoint.as_deref(), Some("POST /revoke"));
    }
    assert_eq!(call.revoked_tokens.len(), 3, "{:?}", call.revoked_tokens);
}

#[tokio::test]
async fn past_its_refresh_token_limit_google_invalidates_the_oldest() {
    let options = Options {
        limits: Limits {
            refresh_tokens: 2,
            ..Limits::default()
        },
        ..Options::default()
    };
    let t = helpers::spawn_with(options).await;
    let browser = signed_in(&t).await;
    let offline = [("access_type", "offline"), ("prompt", "consent")];
    let mut refresh = Vec::new();
    for _ in 0..3 {
        let body = login(&t, &browser, &offline).await;
        refresh.push(body["refresh_token"].as_str().unwrap().to_string());
    }
    let state = state(&t).await;
    let of = |token: &str| {
        state
            .tokens
            .iter()
            .find(|r| r.token == token)
            .unwrap()
            .clone()
    };
    let oldest = of(&refresh[0]);
    assert_eq!(oldest.kind, TokenKind::Refresh);
    assert_eq!(oldest.ended.unwrap().cause, EndCause::TokenLimit);
    assert!(refresh[1..].iter().all(|r| of(r).is_active()));
    let access_alive = state
        .tokens
        .iter()
        .filter(|r| r.kind == TokenKind::Access)
        .all(|r| r.is_active());
    assert!(access_alive, "the limit is on refresh tokens only");
    let url = format!("{}/__mock/events?kind=token_limit", t.google);
    let limit: EventsDoc = helpers::document(&url).await;
    assert_eq!(limit.events.len(), 1);
    assert!(
        limit.events[0]
            .summary
            .contains("limit of 2 refresh tokens"),
        "{}",
        limit.events[0].summary
    );
}

#[tokio::test]
async fn an_unknown_event_kind_is_refused_with_the_list() {
    let t = helpers::spawn().await;
    let response = helpers::api()
        .get(format!("{}/__mock/events?kind=nope", t.google))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    let message = body["error"].as_str().unwrap();
    assert!(
        message.contains("unknown event kind `nope`") && message.contains("token_limit"),
        "{message}"
    );
}
