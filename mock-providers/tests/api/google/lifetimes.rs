//! How many Google tokens live at once, and what ended each one, read through the typed
//! inspection API (`mock_providers::api`) as the checker reads it.

use mock_providers::Options;
use mock_providers::api::{EndCause, EventsDoc, StateDoc, TokenKind, TokenState};
use mock_providers::store::Limits;
use serde_json::Value;

use super::support::{ADA, authorize, exchange, revocations, revoke, signed_in, userinfo_status};
use crate::helpers::{self, Fetch, TestMocks};

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

#[tokio::test]
async fn every_exchange_issues_a_new_access_token_and_revoking_any_ends_the_whole_grant() {
    let t = helpers::spawn().await;
    let browser = signed_in(&t.google, ADA).await;
    let first = login(&t, &browser, &[("access_type", "offline")]).await;
    let second = login(&t, &browser, &[]).await;
    let (old, new) = (
        first["access_token"].as_str().unwrap(),
        second["access_token"].as_str().unwrap(),
    );
    let refresh = first["refresh_token"].as_str().unwrap();
    assert_ne!(old, new);
    let status = userinfo_status(&t.google, old).await;
    assert_eq!(status, 200, "the older one lives on");
    // Revoking the superseded token: Google ends the grant, the new token with it.
    assert_eq!(revoke(&t.google, old).await.0, 200);
    let status = userinfo_status(&t.google, new).await;
    assert_eq!(status, 401, "the new token died too");
    let state = state(&t).await;
    let call = revocations(&t).pop().unwrap();
    let ending = |token: &str| {
        let record = state.tokens.iter().find(|r| r.token == token).unwrap();
        assert_eq!(record.state, TokenState::Revoked, "{token}");
        record.ended.clone().unwrap()
    };
    let named = (ending(old).cause, ending(old).seq);
    assert_eq!(named, (EndCause::Revoked, call.seq));
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
    let browser = signed_in(&t.google, ADA).await;
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
    let mut access = state.tokens.iter().filter(|r| r.kind == TokenKind::Access);
    let access_alive = access.all(|r| r.is_active());
    assert!(access_alive, "the limit is on refresh tokens only");
    let url = format!("{}/__mock/events?kind=token_limit", t.google);
    let limit: EventsDoc = helpers::document(&url).await;
    assert_eq!(limit.events.len(), 1);
    let summary = &limit.events[0].summary;
    let says = summary.contains("limit of 2 refresh tokens");
    assert!(says, "{summary}");
}

#[tokio::test]
async fn an_unknown_event_kind_is_refused_with_the_list() {
    let t = helpers::spawn().await;
    let request = helpers::api().get(format!("{}/__mock/events?kind=nope", t.google));
    let (status, body) = request.fetch_json().await;
    assert_eq!(status, 400);
    let message = body["error"].as_str().unwrap();
    assert!(
        message.contains("unknown event kind `nope`") && message.contains("token_limit"),
        "{message}"
    );
}
