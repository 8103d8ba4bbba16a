//! `POST /token`: the answer's shape, every error with its status, PKCE, reuse and expiry.

use common::defaults::{GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET};

use crate::google::GOOGLE_REDIRECT;
use serde_json::Value;

use super::{ADA, CHALLENGE, EXPANDED, VERIFIER, authorize, exchange, post_token, sign_in};
use crate::helpers::{self, TestMocks};

/// A fresh code for Ada (signed in, consent given on first use).
async fn code(t: &TestMocks, browser: &reqwest::Client, extra: &[(&str, &str)]) -> String {
    authorize(browser, &t.google, extra).await["code"].clone()
}

fn assert_error(got: (u16, Value), status: u16, error: &str, what: &str) {
    assert_eq!(got.0, status, "{what}: status ({})", got.1);
    assert_eq!(got.1["error"], error, "{what}: error");
}

#[tokio::test]
async fn answer_shape_and_headers() {
    let t = helpers::spawn().await;
    let browser = helpers::browser();
    sign_in(&browser, &t.google, ADA).await;
    let c = code(&t, &browser, &[]).await;
    let response = helpers::api()
        .post(format!("{}/token", t.google))
        .basic_auth(GOOGLE_CLIENT_ID, Some(GOOGLE_CLIENT_SECRET))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", &c),
            ("redirect_uri", GOOGLE_REDIRECT),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "HTTP Basic client auth");
    let header = |n: &str| response.headers()[n].to_str().unwrap().to_string();
    assert_eq!(header("cache-control"), "no-store");
    assert_eq!(header("pragma"), "no-cache");
    let body: Value = response.json().await.unwrap();
    let access = body["access_token"].as_str().unwrap();
    assert!(
        access.starts_with("ya29.") && access.len() > 150,
        "access token shape"
    );
    assert_eq!(body["expires_in"], 3599);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["scope"], EXPANDED);
    assert!(body["id_token"].is_string(), "id_token with openid");
    assert!(
        body.get("refresh_token").is_none(),
        "no refresh token without offline"
    );

    let c = code(
        &t,
        &browser,
        &[("scope", "email"), ("access_type", "offline")],
    )
    .await;
    let (status, body) = exchange(&t.google, &c, &[]).await;
    assert_eq!(status, 200);
    assert!(body.get("id_token").is_none(), "no id_token without openid");
    assert!(
        body.get("refresh_token").is_none(),
        "no refresh token without consent shown"
    );
    let c = code(
        &t,
        &browser,
        &[("access_type", "offline"), ("prompt", "consent")],
    )
    .await;
    let (_, body) = exchange(&t.google, &c, &[]).await;
    assert!(
        body["refresh_token"].as_str().unwrap().starts_with("1//0"),
        "prompt=consent gives one"
    );
}

#[tokio::test]
async fn request_and_client_errors_with_real_statuses() {
    let t = helpers::spawn().await;
    let g = &t.google;
    let good = |extra: &[(&'static str, &'static str)]| {
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("code", "4/0Anope"),
            ("client_id", GOOGLE_CLIENT_ID),
            ("client_secret", GOOGLE_CLIENT_SECRET),
            ("redirect_uri", GOOGLE_REDIRECT),
        ];
        for (k, v) in extra {
            form.retain(|(n, _)| n != k);
            if !v.is_empty() {
                form.push((k, v));
            }
        }
        form
    };
    let cases: [(super::Params, u16, &str, &str); 9] = [
        (
            &[("grant_type", "")],
            400,
            "invalid_request",
            "missing grant_type",
        ),
        (
            &[("grant_type", "password")],
            400,
            "unsupported_grant_type",
            "password grant",
        ),
        (
            &[("client_id", "")],
            400,
            "invalid_request",
            "missing client_id",
        ),
        (
            &[("client_id", "nope")],
            401,
            "invalid_client",
            "unknown client",
        ),
        (
            &[("client_secret", "wrong")],
            401,
            "invalid_client",
            "wrong secret",
        ),
        (
            &[("client_secret", "")],
            400,
            "invalid_request",
            "missing secret",
        ),
        (&[("code", "")], 400, "invalid_request", "missing code"),
        (
            &[("redirect_uri", "")],
            400,
            "invalid_request",
            "missing redirect_uri",
        ),
        (&[], 400, "invalid_grant", "unknown code"),
    ];
    for (extra, status, error, what) in cases {
        assert_error(post_token(g, &good(extra)).await, status, error, what);
    }
    let (_, body) = post_token(g, &good(&[("client_secret", "wrong")])).await;
    assert_eq!(body["error_description"], "Unauthorized");
    let (_, body) = post_token(g, &good(&[])).await;
    assert_eq!(body["error_description"], "Bad Request");
    let json = helpers::api()
        .post(format!("{g}/token"))
        .json(&serde_json::json!({"grant_type": "authorization_code"}))
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), 400, "JSON body refused");
    assert_eq!(
        json.json::<Value>().await.unwrap()["error"],
        "invalid_request"
    );
}

#[tokio::test]
async fn codes_are_bound_single_use_and_expire() {
    let t = helpers::spawn().await;
    let browser = helpers::browser();
    sign_in(&browser, &t.google, ADA).await;
    let c = code(&t, &browser, &[]).await;
    let other_uri = [("redirect_uri", "http://localhost:3000/other")];
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", c.as_str()),
        ("client_id", GOOGLE_CLIENT_ID),
        ("client_secret", GOOGLE_CLIENT_SECRET),
    ];
    form.extend_from_slice(&other_uri);
    assert_error(
        post_token(&t.google, &form).await,
        400,
        "redirect_uri_mismatch",
        "other redirect_uri",
    );
    let (status, first) = exchange(&t.google, &c, &[]).await;
    assert_eq!(status, 200, "the code still works after a refused attempt");
    let access = first["access_token"].as_str().unwrap();
    assert_eq!(super::userinfo_status(&t.google, access).await, 200);
    assert_error(
        exchange(&t.google, &c, &[]).await,
        400,
        "invalid_grant",
        "reused code",
    );
    assert_eq!(
        super::userinfo_status(&t.google, access).await,
        401,
        "a reused code revokes what it produced"
    );
    assert!(
        !super::events(&t, "code_refused").is_empty(),
        "code_refused event"
    );

    let c = code(&t, &browser, &[]).await;
    t.mocks.google.store().clock.advance(601);
    assert_error(
        exchange(&t.google, &c, &[]).await,
        400,
        "invalid_grant",
        "expired code",
    );
}

#[tokio::test]
async fn pkce_s256_and_plain() {
    let t = helpers::spawn().await;
    let browser = helpers::browser();
    sign_in(&browser, &t.google, ADA).await;
    let s256 = [
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
    ];
    let c = code(&t, &browser, &s256).await;
    let (status, body) = exchange(&t.google, &c, &[]).await;
    assert_error(
        (status, body.clone()),
        400,
        "invalid_grant",
        "S256 without verifier",
    );
    assert_eq!(body["error_description"], "Missing code verifier.");
    let wrong = VERIFIER.replace('d', "e");
    let wrong = [("code_verifier", wrong.as_str())];
    assert_error(
        exchange(&t.google, &c, &wrong).await,
        400,
        "invalid_grant",
        "S256 wrong verifier",
    );
    let (status, _) = exchange(&t.google, &c, &[("code_verifier", VERIFIER)]).await;
    assert_eq!(status, 200, "S256 right verifier");

    // Without a method the challenge is plain: the verifier itself.
    let c = code(&t, &browser, &[("code_challenge", VERIFIER)]).await;
    let as_s256 = [("code_verifier", CHALLENGE)];
    assert_error(
        exchange(&t.google, &c, &as_s256).await,
        400,
        "invalid_grant",
        "plain: wrong verifier",
    );
    let (status, _) = exchange(&t.google, &c, &[("code_verifier", VERIFIER)]).await;
    assert_eq!(status, 200, "plain (method omitted) right verifier");
    let explicit = [
        ("code_challenge", VERIFIER),
        ("code_challenge_method", "plain"),
    ];
    let c = code(&t, &browser, &explicit).await;
    let (status, _) = exchange(&t.google, &c, &[("code_verifier", VERIFIER)]).await;
    assert_eq!(status, 200, "plain (explicit) right verifier");
}

#[tokio::test]
async fn refresh_grant_errors_and_expiry_of_access_tokens() {
    let t = helpers::spawn().await;
    let (_, tokens) = super::ada_tokens(&t).await;
    let refresh = tokens["refresh_token"].as_str().unwrap();
    let access = tokens["access_token"].as_str().unwrap();
    let grant = |token: &'static str, secret: &'static str| {
        vec![
            ("grant_type", "refresh_token"),
            ("refresh_token", token),
            ("client_id", GOOGLE_CLIENT_ID),
            ("client_secret", secret),
        ]
    };
    assert_error(
        post_token(&t.google, &grant("", GOOGLE_CLIENT_SECRET)).await,
        400,
        "invalid_request",
        "missing refresh_token",
    );
    assert_error(
        post_token(&t.google, &grant("1//0nope", GOOGLE_CLIENT_SECRET)).await,
        400,
        "invalid_grant",
        "unknown refresh token",
    );
    let mut as_access = grant("", GOOGLE_CLIENT_SECRET);
    as_access[1].1 = access;
    assert_error(
        post_token(&t.google, &as_access).await,
        400,
        "invalid_grant",
        "an access token is no refresh token",
    );
    let mut wrong_secret = grant("", "wrong");
    wrong_secret[1].1 = refresh;
    assert_error(
        post_token(&t.google, &wrong_secret).await,
        401,
        "invalid_client",
        "refresh with wrong secret",
    );

    t.mocks.google.store().clock.advance(3599);
    assert_eq!(
        super::userinfo_status(&t.google, access).await,
        401,
        "access token expired"
    );
    let mut ok = grant("", GOOGLE_CLIENT_SECRET);
    ok[1].1 = refresh;
    let (status, body) = post_token(&t.google, &ok).await;
    assert_eq!(status, 200, "refresh tokens do not expire");
    assert_eq!(body["scope"], EXPANDED, "same scopes");
    assert!(
        body["id_token"].is_string(),
        "id_token on refresh with openid"
    );
    assert!(body.get("refresh_token").is_none(), "no new refresh token");
    let fresh = body["access_token"].as_str().unwrap();
    assert_eq!(
        super::userinfo_status(&t.google, fresh).await,
        200,
        "refreshed token works"
    );
    assert_eq!(
        super::events(&t, "token_refreshed").len(),
        1,
        "token_refreshed event"
    );
}
