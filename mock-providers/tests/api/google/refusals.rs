//! Every refusal of `POST /revoke` (and of the other methods on its path), with the status
//! Google answers and the reason the mock records for it.

use serde_json::{Value, json};

use super::support::{CLIENT, ada_tokens, revocations, revoke, userinfo_status};
use crate::helpers::{self, Fetch, TestMocks};

fn expired_or_revoked() -> Value {
    json!({"error": "invalid_token", "error_description": "Token expired or revoked"})
}

/// The reasons the mock records, in the order of the calls below.
const EXPECTED: [(u16, Option<&str>); 10] = [
    (404, Some("wrong method: GET")),
    (404, Some("wrong method: PUT")),
    (
        400,
        Some("wrong content type: application/json (expected application/x-www-form-urlencoded)"),
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

#[tokio::test]
async fn every_refusal_is_answered_and_recorded_with_its_reason() {
    let t = helpers::spawn().await;
    let (_, tokens) = ada_tokens(&t).await;
    let access = tokens["access_token"].as_str().unwrap().to_string();
    malformed_calls(&t.google, &access).await;
    token_refusals(&t, &access).await;
    let records = revocations(&t);
    let reasons: Vec<(u16, Option<&str>)> = records
        .iter()
        .map(|r| (r.status, r.reason.as_deref()))
        .collect();
    assert_eq!(reasons, EXPECTED, "every call recorded with its reason");
    let token = records[0].token.as_deref();
    assert_eq!(token, Some(access.as_str()), "GET records the token");
    assert_eq!(records[0].endpoint, "GET /revoke");
    let known = &records[8];
    let client = known.client_id.as_deref();
    assert_eq!(client, Some(CLIENT), "client of a known token");
    assert_eq!(known.outcome, mock_providers::api::Outcome::Rejected);
    let no_client = records[6].client_id.is_none();
    assert!(no_client, "no client for an unknown token");
}

/// Calls that are not a well-formed revocation: another method, another body, no token.
async fn malformed_calls(g: &str, access: &str) {
    let api = helpers::api();
    let url = format!("{g}/revoke");
    let get = api
        .get(&url)
        .query(&[("token", access)])
        .fetch_status()
        .await;
    assert_eq!(get, 404, "GET answers 404");
    assert_eq!(api.put(&url).fetch_status().await, 404, "PUT answers 404");
    let json_body = api.post(&url).json(&json!({"token": access}));
    assert_eq!(json_body.fetch_status().await, 400, "JSON body");
    let (status, body) = api.post(&url).fetch_json().await;
    assert_eq!(status, 400, "no token");
    let bad_request = json!({"error": "invalid_request", "error_description": "Bad Request"});
    assert_eq!(body, bad_request);
    let garbage = api
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![0xff, 0xfe, b'=']);
    assert_eq!(garbage.fetch_status().await, 400, "invalid UTF-8 body");
    let huge = api
        .post(&url)
        .form(&[("token", "x".repeat(3 * 1024 * 1024))]);
    assert_eq!(huge.fetch_status().await, 413, "a body over the limit");
}

/// Tokens that cannot be revoked: unknown, already revoked, expired.
async fn token_refusals(t: &TestMocks, access: &str) {
    let g = &t.google;
    let unknown = revoke(g, "ya29.unknown").await;
    assert_eq!(unknown, (400, expired_or_revoked()), "unknown");
    let status = userinfo_status(g, access).await;
    assert_eq!(status, 200, "no refusal revoked anything");
    assert_eq!(revoke(g, access).await.0, 200, "accepted");
    let again = revoke(g, access).await;
    assert_eq!(again, (400, expired_or_revoked()), "already revoked");

    let (_, later) = ada_tokens(t).await;
    let short = later["access_token"].as_str().unwrap().to_string();
    t.mocks.google.store().clock.advance(3600);
    let expired = revoke(g, &short).await;
    assert_eq!(expired, (400, expired_or_revoked()), "expired");
}
