//! `POST /token`: the answer's shape, every error with its status, PKCE, reuse and expiry.

use serde_json::Value;

use super::support::{
    ADA, CALLBACK, CLIENT, EXPANDED, Params, SECRET, ada_tokens, authorize, events, exchange,
    fields, post_token, signed_in, userinfo_status,
};
use crate::helpers::{self, CHALLENGE, Fetch, TestMocks, VERIFIER};

/// A fresh code for Ada (signed in, consent given on first use).
async fn code(t: &TestMocks, browser: &reqwest::Client, extra: Params<'_>) -> String {
    authorize(browser, &t.google, extra).await["code"].clone()
}

fn assert_error(got: (u16, Value), status: u16, error: &str, what: &str) {
    assert_eq!(got.0, status, "{what}: status ({})", got.1);
    assert_eq!(got.1["error"], error, "{what}: error");
}

#[tokio::test]
async fn answer_shape_and_headers() {
    let t = helpers::spawn().await;
    let browser = signed_in(&t.google, ADA).await;
    let c = code(&t, &browser, &[]).await;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", &c),
        ("redirect_uri", CALLBACK),
    ];
    let response = helpers::api()
        .post(format!("{}/token", t.google))
        .basic_auth(CLIENT, Some(SECRET))
        .form(&form)
        .fetch()
        .await;
    assert_eq!(response.status(), 200, "HTTP Basic client auth");
    let header = |n: &str| response.headers()[n].to_str().unwrap().to_string();
    assert_eq!(header("cache-control"), "no-store");
    assert_eq!(header("pragma"), "no-cache");
    let body: Value = response.json().await.unwrap();
    let access = body["access_token"].as_str().unwrap();
    let shape = access.starts_with("ya29.") && access.len() > 150;
    assert!(shape, "access token shape");
    assert_eq!(body["expires_in"], 3599);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["scope"], EXPANDED);
    assert!(body["id_token"].is_string(), "id_token with openid");
    let none = body.get("refresh_token").is_none();
    assert!(none, "no refresh token without offline");

    let email_offline = [("scope", "email"), ("access_type", "offline")];
    let c = code(&t, &browser, &email_offline).await;
    let (status, body) = exchange(&t.google, &c, &[]).await;
    assert_eq!(status, 200);
    assert!(body.get("id_token").is_none(), "no id_token without openid");
    let none = body.get("refresh_token").is_none();
    assert!(none, "no refresh token without consent shown");
    let consented = [("access_type", "offline"), ("prompt", "consent")];
    let c = code(&t, &browser, &consented).await;
    let (_, body) = exchange(&t.google, &c, &[]).await;
    let refresh = body["refresh_token"].as_str().unwrap();
    assert!(refresh.starts_with("1//0"), "prompt=consent gives one");
}

/// A code grant for an unknown code, with `extra` replacing (or, empty, removing) fields.
fn code_grant(extra: Params<'_>) -> Vec<(&str, &str)> {
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", "4/0Anope"),
        ("client_id", CLIENT),
        ("client_secret", SECRET),
        ("redirect_uri", CALLBACK),
    ];
    for (k, v) in extra {
        form.retain(|(n, _)| n != k);
        if !v.is_empty() {
            form.push((k, v));
        }
    }
    form
}

/// Token requests refused before any code is looked at: (the field replaced, its value (empty:
/// the field removed), status, error).
const CLIENT_ERRORS: [(&str, &str, u16, &str); 8] = [
    ("grant_type", "", 400, "invalid_request"),
    ("grant_type", "password", 400, "unsupported_grant_type"),
    ("client_id", "", 400, "invalid_request"),
    ("client_id", "nope", 401, "invalid_client"),
    ("client_secret", "wrong", 401, "invalid_client"),
    ("client_secret", "", 400, "invalid_request"),
    ("code", "", 400, "invalid_request"),
    ("redirect_uri", "", 400, "invalid_request"),
];

#[tokio::test]
async fn request_and_client_errors_with_real_statuses() {
    let t = helpers::spawn().await;
    let g = &t.google;
    for (field, value, status, error) in CLIENT_ERRORS {
        let got = post_token(g, &code_grant(&[(field, value)])).await;
        assert_error(got, status, error, &format!("{field}={value:?}"));
    }
    let unknown = post_token(g, &code_grant(&[])).await;
    assert_error(unknown, 400, "invalid_grant", "unknown code");
    let (_, body) = post_token(g, &code_grant(&[("client_secret", "wrong")])).await;
    assert_eq!(body["error_description"], "Unauthorized");
    let (_, body) = post_token(g, &code_grant(&[])).await;
    assert_eq!(body["error_description"], "Bad Request");
    let json_body = serde_json::json!({"grant_type": "authorization_code"});
    let json = helpers::api().post(format!("{g}/token")).json(&json_body);
    let (status, body) = json.fetch_json().await;
    assert_eq!(status, 400, "JSON body refused");
    assert_eq!(body["error"], "invalid_request");
}

#[tokio::test]
async fn codes_are_bound_single_use_and_expire() {
    let t = helpers::spawn().await;
    let g = &t.google;
    let browser = signed_in(g, ADA).await;
    let c = code(&t, &browser, &[]).await;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", c.as_str()),
        ("client_id", CLIENT),
        ("client_secret", SECRET),
        ("redirect_uri", "http://localhost:3000/other"),
    ];
    let other_uri = post_token(g, &form).await;
    assert_error(
        other_uri,
        400,
        "redirect_uri_mismatch",
        "other redirect_uri",
    );
    let (status, first) = exchange(g, &c, &[]).await;
    assert_eq!(status, 200, "the code still works after a refused attempt");
    let access = first["access_token"].as_str().unwrap();
    assert_eq!(userinfo_status(g, access).await, 200);
    let reused = exchange(g, &c, &[]).await;
    assert_error(reused, 400, "invalid_grant", "reused code");
    let status = userinfo_status(g, access).await;
    assert_eq!(status, 401, "a reused code revokes what it produced");
    let refused = events(&t, "code_refused");
    assert!(!refused.is_empty(), "code_refused event");

    let c = code(&t, &browser, &[]).await;
    t.mocks.google.store().clock.advance(601);
    let expired = exchange(g, &c, &[]).await;
    assert_error(expired, 400, "invalid_grant", "expired code");
}

/// RFC 9700 §2.1.1: a `code_verifier` for a code issued without a `code_challenge` is a
/// downgrade: `invalid_grant`, and the code still serves a request without a verifier.
#[tokio::test]
async fn a_verifier_for_a_code_issued_without_pkce_is_refused() {
    let t = helpers::spawn().await;
    let g = &t.google;
    let browser = signed_in(g, ADA).await;
    let c = code(&t, &browser, &[]).await;
    let (status, body) = exchange(g, &c, &[("code_verifier", VERIFIER)]).await;
    assert_error(
        (status, body.clone()),
        400,
        "invalid_grant",
        "PKCE downgrade",
    );
    let description = body["error_description"].as_str().unwrap_or_default();
    assert!(description.contains("code_challenge"), "{body}");
    let (status, body) = exchange(g, &c, &[]).await;
    assert_eq!(
        status, 200,
        "without a verifier, the code is exchanged: {body}"
    );
}

#[tokio::test]
async fn pkce_s256_and_plain() {
    let t = helpers::spawn().await;
    let g = &t.google;
    let browser = signed_in(g, ADA).await;
    let s256 = [
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
    ];
    let c = code(&t, &browser, &s256).await;
    let (status, body) = exchange(g, &c, &[]).await;
    let without = (status, body.clone());
    assert_error(without, 400, "invalid_grant", "S256 without verifier");
    assert_eq!(body["error_description"], "Missing code verifier.");
    let wrong = VERIFIER.replace('d', "e");
    let wrong = exchange(g, &c, &[("code_verifier", wrong.as_str())]).await;
    assert_error(wrong, 400, "invalid_grant", "S256 wrong verifier");
    let (status, _) = exchange(g, &c, &[("code_verifier", VERIFIER)]).await;
    assert_eq!(status, 200, "S256 right verifier");

    // Without a method the challenge is plain: the verifier itself.
    let c = code(&t, &browser, &[("code_challenge", VERIFIER)]).await;
    let as_s256 = exchange(g, &c, &[("code_verifier", CHALLENGE)]).await;
    assert_error(as_s256, 400, "invalid_grant", "plain: wrong verifier");
    let (status, _) = exchange(g, &c, &[("code_verifier", VERIFIER)]).await;
    assert_eq!(status, 200, "plain (method omitted) right verifier");
    let explicit = [
        ("code_challenge", VERIFIER),
        ("code_challenge_method", "plain"),
    ];
    let c = code(&t, &browser, &explicit).await;
    let (status, _) = exchange(g, &c, &[("code_verifier", VERIFIER)]).await;
    assert_eq!(status, 200, "plain (explicit) right verifier");
}

/// A refresh token grant of `token` by the default client with `secret`.
fn refresh_grant<'a>(token: &'a str, secret: &'a str) -> [(&'static str, &'a str); 4] {
    [
        ("grant_type", "refresh_token"),
        ("refresh_token", token),
        ("client_id", CLIENT),
        ("client_secret", secret),
    ]
}

#[tokio::test]
async fn refresh_grant_errors_and_expiry_of_access_tokens() {
    let t = helpers::spawn().await;
    let g = &t.google;
    let (_, tokens) = ada_tokens(&t).await;
    let [refresh, access] = fields(&tokens, ["refresh_token", "access_token"]);
    let cases = [
        ("missing refresh_token", "", SECRET, 400, "invalid_request"),
        ("unknown token", "1//0nope", SECRET, 400, "invalid_grant"),
        ("an access token", access, SECRET, 400, "invalid_grant"),
        ("wrong secret", refresh, "wrong", 401, "invalid_client"),
    ];
    for (what, token, secret, status, error) in cases {
        let form = refresh_grant(token, secret);
        assert_error(post_token(g, &form).await, status, error, what);
    }

    t.mocks.google.store().clock.advance(3599);
    assert_eq!(
        userinfo_status(g, access).await,
        401,
        "access token expired"
    );
    let (status, body) = post_token(g, &refresh_grant(refresh, SECRET)).await;
    assert_eq!(status, 200, "refresh tokens do not expire");
    assert_eq!(body["scope"], EXPANDED, "same scopes");
    let id_token = body["id_token"].is_string();
    assert!(id_token, "id_token on refresh with openid");
    assert!(body.get("refresh_token").is_none(), "no new refresh token");
    let fresh = body["access_token"].as_str().unwrap();
    let status = userinfo_status(g, fresh).await;
    assert_eq!(status, 200, "refreshed token works");
    let refreshed = events(&t, "token_refreshed").len();
    assert_eq!(refreshed, 1, "token_refreshed event");
}
