//! `POST /revoke`: statuses, bodies, the whole grant ending, and a record of every call.

use common::defaults::GOOGLE_CLIENT_ID;
use mock_providers::api::{Outcome, TokenKind};
use serde_json::{Value, json};

use super::{ADA_SUB, ada_tokens, auth_url, revocations, userinfo_status};
use crate::helpers::{self, TestMocks};

async fn revoke_form(t: &TestMocks, token: &str) -> (u16, Value) {
    let r = helpers::api()
        .post(format!("{}/revoke", t.google))
        .form(&[("token", token)])
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

fn expired_or_revoked() -> Value {
    json!({"error": "invalid_token", "error_description": "Token expired or revoked"})
}

#[tokio::test]
async fn revoking_an_access_token_in_the_query_ends_the_whole_grant() {
    let t = helpers::spawn().await;
    let (browser, tokens) = ada_tokens(&t).await;
    let access = tokens["access_token"].as_str().unwrap();
    let refresh = tokens["refresh_token"].as_str().unwrap();
    let r = helpers::api()
        .post(format!("{}/revoke", t.google))
        .query(&[("token", access)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "token in the query string, no body");
    assert_eq!(r.json::<Value>().await.unwrap(), json!({}));
    assert_eq!(
        userinfo_status(&t.google, access).await,
        401,
        "access token dead"
    );
    let (status, body) = super::post_token(
        &t.google,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh),
            ("client_id", GOOGLE_CLIENT_ID),
            ("client_secret", common::defaults::GOOGLE_CLIENT_SECRET),
        ],
    )
    .await;
    assert_eq!(
        (status, &body["error"]),
        (400, &json!("invalid_grant")),
        "refresh token dead too"
    );
    let record = revocations(&t).pop().expect("recorded");
    assert_eq!(record.outcome, Outcome::Accepted);
    assert_eq!(record.endpoint, "POST /revoke");
    assert_eq!(record.client_id.as_deref(), Some(GOOGLE_CLIENT_ID));
    assert_eq!(record.user.as_deref(), Some(ADA_SUB));
    assert_eq!(record.token_kind, Some(TokenKind::Access));
    assert_eq!(record.status, 200);
    assert!(
        record.revoked_tokens.contains(&refresh.to_string()),
        "record lists the refresh token"
    );
    assert_eq!(
        super::events(&t, "grant_removed").len(),
        1,
        "grant_removed event"
    );
    let again = browser.get(auth_url(&t.google, &[])).send().await.unwrap();
    assert_eq!(again.status(), 200, "consent asked again");
}

#[tokio::test]
async fn every_refusal_is_answered_and_recorded_with_its_reason() {
    let t = helpers::spawn().await;
    let (_, tokens) = ada_tokens(&t).await;
    let access = tokens["access_token"].as_str().unwrap().to_string();
    let g = &t.google;
    let api = helpers::api();

    let get = api
        .get(format!("{g}/revoke"))
        .query(&[("token", &access)])
        .send()
        .await
        .unwrap();
    assert_eq!(get.status(), 404, "GET answers 404");
    let put = api.put(format!("{g}/revoke")).send().await.unwrap();
    assert_eq!(put.status(), 404, "PUT answers 404");
    let json_body = api
        .post(format!("{g}/revoke"))
        .json(&json!({"token": access}))
        .send()
        .await
        .unwrap();
    assert_eq!(json_body.status(), 400, "JSON body");
    let missing = api.post(format!("{g}/revoke")).send().await.unwrap();
    assert_eq!(missing.status(), 400, "no token");
    assert_eq!(
        missing.json::<Value>().await.unwrap(),
        json!({"error": "invalid_request", "error_description": "Bad Request"})
    );
    let garbage = api
        .post(format!("{g}/revoke"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![0xff, 0xfe, b'='])
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), 400, "invalid UTF-8 body");
    let huge = api
        .post(format!("{g}/revoke"))
        .form(&[("token", "x".repeat(3 * 1024 * 1024))])
        .send()
        .await
        .unwrap();
    assert_eq!(huge.status(), 413, "a body over the limit");
    assert_eq!(
        revoke_form(&t, "ya29.unknown").await,
        (400, expired_or_revoked()),
        "unknown"
    );
    assert_eq!(
        userinfo_status(g, &access).await,
        200,
        "no refusal revoked anything"
    );
    assert_eq!(revoke_form(&t, &access).await.0, 200, "accepted");
    assert_eq!(
        revoke_form(&t, &access).await,
        (400, expired_or_revoked()),
        "already revoked"
    );

    let (_, later) = ada_tokens(&t).await;
    let short = later["access_token"].as_str().unwrap().to_string();
    t.mocks.google.store().clock.advance(3600);
    assert_eq!(
        revoke_form(&t, &short).await,
        (400, expired_or_revoked()),
        "expired"
    );

    let records = revocations(&t);
    let reasons: Vec<(u16, Option<&str>)> = records
        .iter()
        .map(|r| (r.status, r.reason.as_deref()))
        .collect();
    let expect = [
        (404, Some("wrong method: GET")),
        (404, Some("wrong method: PUT")),
        (
            400,
            Some(
                "wrong content type: application/json (expected application/x-www-form-urlencoded)",
            ),
        ),
        (400, Some("missing token")),
        (
            400,
            Some("malformed form body (not UTF-8 or not form-encoded)"),
        ),
        (
            413,
            Some("unreadable body: Failed to buffer the request body: length limit exceeded"),
        ),
        (400, Some("unknown token")),
        (200, None),
        (400, Some("token already revoked")),
        (400, Some("token expired")),
    ];
    assert_eq!(reasons, expect, "every call recorded with its reason");
    assert_eq!(
        records[0].token.as_deref(),
        Some(access.as_str()),
        "GET records the token"
    );
    assert_eq!(records[0].endpoint, "GET /revoke");
    let known = &records[8];
    assert_eq!(
        known.client_id.as_deref(),
        Some(GOOGLE_CLIENT_ID),
        "client of a known token"
    );
    assert_eq!(known.outcome, Outcome::Rejected);
    assert!(
        records[6].client_id.is_none(),
        "no client for an unknown token"
    );
}
