//! What an app calls with a token: userinfo (in both its shapes) and tokeninfo.

use reqwest::header::CONTENT_TYPE;
use serde_json::{Value, json};

use super::support::{
    ADA, ADA_SUB, CLIENT, ada_tokens, authorize, events, exchange, fields, revoke, signed_in,
};
use crate::helpers::{self, Fetch, TestMocks};

const FORM: &str = "application/x-www-form-urlencoded";

/// The older userinfo paths, which answer `id` and `verified_email`.
const LEGACY: [&str; 2] = ["/oauth2/v2/userinfo", "/oauth2/v1/userinfo"];

async fn access_for(t: &TestMocks, scope: &str) -> String {
    let browser = signed_in(&t.google, ADA).await;
    let back = authorize(&browser, &t.google, &[("scope", scope)]).await;
    let (_, body) = exchange(&t.google, &back["code"], &[]).await;
    body["access_token"].as_str().unwrap().to_string()
}

async fn userinfo(t: &TestMocks, path: &str, auth: Option<&str>) -> (u16, Option<String>, Value) {
    let mut request = helpers::api().get(format!("{}{path}", t.google));
    if let Some(auth) = auth {
        request = request.header("authorization", auth);
    }
    let response = request.fetch().await;
    let www = response
        .headers()
        .get("www-authenticate")
        .map(|v| v.to_str().unwrap().to_string());
    let (status, body) = helpers::json_of(response).await;
    (status, www, body)
}

#[tokio::test]
async fn fields_follow_the_scopes_on_both_paths() {
    let t = helpers::spawn().await;
    let email_only = access_for(&t, "openid email").await;
    let profile_only = access_for(&t, "profile").await;
    for path in ["/v1/userinfo", "/oauth2/v3/userinfo"] {
        let (status, _, body) = userinfo(&t, path, Some(&format!("Bearer {email_only}"))).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(
            body,
            json!({"sub": ADA_SUB, "email": ADA, "email_verified": true}),
            "{path}: email scope"
        );
        let (_, _, body) = userinfo(&t, path, Some(&format!("Bearer {profile_only}"))).await;
        assert_eq!(
            body,
            json!({
                "sub": ADA_SUB, "name": "Ada Lovelace", "given_name": "Ada", "family_name": "Lovelace",
                "picture": format!("{}/__mock/avatars/{ADA_SUB}.svg", t.google),
            }),
            "{path}: profile scope"
        );
    }
    assert_eq!(events(&t, "token_used").len(), 4, "token_used events");
}

#[tokio::test]
async fn bad_expired_and_revoked_tokens_get_401_invalid_credentials() {
    let t = helpers::spawn().await;
    let (_, tokens) = ada_tokens(&t).await;
    let [access, refresh] = fields(&tokens, ["access_token", "refresh_token"]);
    let expected = json!({"error": "invalid_request", "error_description": "Invalid Credentials"});
    let bad = [
        None,
        Some("Bearer".to_string()),
        Some("Bearer ya29.nope".to_string()),
        Some(format!("Basic {access}")),
        Some(format!("Bearer {refresh}")),
    ];
    for auth in &bad {
        let (status, www, body) = userinfo(&t, "/v1/userinfo", auth.as_deref()).await;
        assert_eq!(status, 401, "{auth:?}");
        let bearer = www.unwrap_or_default().starts_with("Bearer ");
        assert!(bearer, "{auth:?}: WWW-Authenticate");
        assert_eq!(body, expected, "{auth:?}: body");
    }
    let refused = events(&t, "token_refused").len();
    assert!(refused >= bad.len(), "token_refused events");
    t.mocks.google.store().clock.advance(3600);
    let bearer = format!("Bearer {access}");
    let (status, _, _) = userinfo(&t, "/oauth2/v3/userinfo", Some(&bearer)).await;
    assert_eq!(status, 401, "expired");
}

#[tokio::test]
async fn the_older_userinfo_says_id_and_verified_email() {
    let t = helpers::spawn().await;
    let full = access_for(&t, "openid email profile").await;
    let email_only = access_for(&t, "openid email").await;
    for path in LEGACY {
        let (status, _, body) = userinfo(&t, path, Some(&format!("Bearer {full}"))).await;
        assert_eq!(status, 200, "{path}");
        let expected = json!({
            "id": ADA_SUB, "email": ADA, "verified_email": true, "name": "Ada Lovelace",
            "given_name": "Ada", "family_name": "Lovelace",
            "picture": format!("{}/__mock/avatars/{ADA_SUB}.svg", t.google),
        });
        assert_eq!(body, expected, "{path}");
        let (_, _, body) = userinfo(&t, path, Some(&format!("Bearer {email_only}"))).await;
        let expected = json!({"id": ADA_SUB, "email": ADA, "verified_email": true});
        assert_eq!(body, expected, "{path}: email scope");
    }
    let used = events(&t, "token_used");
    let calls: Vec<_> = used.iter().map(|e| e.endpoint.as_deref()).collect();
    let (v2, v1) = (
        Some("GET /oauth2/v2/userinfo"),
        Some("GET /oauth2/v1/userinfo"),
    );
    assert_eq!(calls, [v2, v2, v1, v1], "token_used events");
    let ada = (Some(ADA_SUB), Some(CLIENT));
    let all_ada = used
        .iter()
        .all(|e| (e.user.as_deref(), e.client_id.as_deref()) == ada);
    assert!(all_ada, "each names the user and client: {used:?}");
}

#[tokio::test]
async fn the_older_userinfo_refuses_bad_revoked_and_expired_tokens_as_v3_does() {
    let t = helpers::spawn().await;
    let (_, tokens) = ada_tokens(&t).await;
    let [revoked, refresh] = fields(&tokens, ["access_token", "refresh_token"]);
    assert_eq!(revoke(&t.google, revoked).await.0, 200, "revoked");
    let expired = access_for(&t, "openid email").await;
    t.mocks.google.store().clock.advance(3600);
    let expected = json!({"error": "invalid_request", "error_description": "Invalid Credentials"});
    let bad = [
        None,
        Some("Bearer".to_string()),
        Some("Bearer ya29.nope".to_string()),
        Some(format!("Bearer {refresh}")),
        Some(format!("Bearer {revoked}")),
        Some(format!("Bearer {expired}")),
    ];
    for path in LEGACY {
        for auth in &bad {
            let (status, www, body) = userinfo(&t, path, auth.as_deref()).await;
            assert_eq!(status, 401, "{path} {auth:?}");
            let bearer = www.unwrap_or_default().starts_with("Bearer ");
            assert!(bearer, "{path} {auth:?}: WWW-Authenticate");
            assert_eq!(body, expected, "{path} {auth:?}: body");
        }
    }
    let refused = events(&t, "token_refused");
    let on = |path: &str| {
        let call = format!("GET {path}");
        let calls = refused
            .iter()
            .filter(|e| e.endpoint.as_deref() == Some(&call));
        calls.count()
    };
    assert_eq!(LEGACY.map(on), [bad.len(); 2], "token_refused events");
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[tokio::test]
async fn tokeninfo_for_access_and_id_tokens_with_string_values() {
    let t = helpers::spawn().await;
    let (_, tokens) = ada_tokens(&t).await;
    let [access, id] = fields(&tokens, ["access_token", "id_token"]);
    let g = &t.google;
    let tokeninfo = || helpers::api().get(format!("{g}/tokeninfo"));
    let before = unix_now();
    let by_get = tokeninfo().query(&[("access_token", access)]);
    let (_, by_get) = by_get.fetch_json().await;
    for field in [
        "azp",
        "aud",
        "sub",
        "scope",
        "exp",
        "expires_in",
        "email",
        "email_verified",
        "access_type",
    ] {
        assert!(by_get[field].is_string(), "{field} is a string: {by_get}");
    }
    assert_eq!(by_get["aud"], CLIENT);
    assert_eq!(by_get["email_verified"], "true");
    assert_eq!(by_get["access_type"], "offline");
    let after = unix_now();
    let number = |field: &str| by_get[field].as_str().unwrap().parse::<u64>().unwrap();
    let (exp, expires_in) = (number("exp"), number("expires_in"));
    assert!(
        (before..=after).contains(&(exp - expires_in)),
        "expires_in counts down to exp from the time of the call: {by_get}"
    );
    assert!(
        (3500..=3599).contains(&expires_in),
        "a token issued moments ago lives 3599 s: {by_get}"
    );
    let by_post = helpers::api().post(format!("{g}/tokeninfo"));
    let (status, by_post) = by_post.form(&[("id_token", id)]).fetch_json().await;
    assert_eq!(status, 200, "POST with id_token");
    assert_eq!(by_post["sub"], ADA_SUB);
    assert_eq!(by_post["email_verified"], "true", "string-typed");
    assert_eq!(by_post["alg"], "RS256");
    assert_eq!(by_post["iss"], g.as_str());
    invalid_tokens_are_invalid_values(&t, id).await;
}

/// Unknown, forged, missing and expired tokens: 400 `Invalid Value`, or 400 for none.
async fn invalid_tokens_are_invalid_values(t: &TestMocks, id: &str) {
    let g = &t.google;
    let tokeninfo = || helpers::api().get(format!("{g}/tokeninfo"));
    let invalid = json!({"error": "invalid_token", "error_description": "Invalid Value"});
    let forged = format!("{}x", &id[..id.len() - 1]);
    for (name, value) in [
        ("access_token", "ya29.nope"),
        ("id_token", "a.b.c"),
        ("id_token", forged.as_str()),
    ] {
        let (status, body) = tokeninfo().query(&[(name, value)]).fetch_json().await;
        assert_eq!(status, 400, "{name}={value}");
        assert_eq!(body, invalid, "{name}: body");
    }
    assert_eq!(tokeninfo().fetch_status().await, 400, "no token at all");
    t.mocks.google.store().clock.advance(3600);
    let expired = tokeninfo().query(&[("id_token", id)]).fetch_status().await;
    assert_eq!(expired, 400, "expired id_token");
}

#[tokio::test]
async fn tokeninfo_takes_an_access_token_as_bearer_on_both_paths() {
    let t = helpers::spawn().await;
    let (_, tokens) = ada_tokens(&t).await;
    let [access, id] = fields(&tokens, ["access_token", "id_token"]);
    let g = &t.google;
    let by_query = helpers::api().get(format!("{g}/tokeninfo"));
    let (_, by_query) = by_query
        .query(&[("access_token", access)])
        .fetch_json()
        .await;
    for path in ["/tokeninfo", "/oauth2/v3/tokeninfo"] {
        // As google-auth-library's getTokenInfo() sends it: a form content type, no body.
        let post = helpers::api().post(format!("{g}{path}"));
        let post = post.header(CONTENT_TYPE, FORM).bearer_auth(access);
        let get = helpers::api().get(format!("{g}{path}")).bearer_auth(access);
        for (method, request) in [("POST", post), ("GET", get)] {
            let (status, body) = request.fetch_json().await;
            assert_eq!(status, 200, "{method} {path}: {body}");
            for field in [
                "azp",
                "aud",
                "sub",
                "scope",
                "exp",
                "email",
                "email_verified",
            ] {
                assert_eq!(body[field], by_query[field], "{method} {path}: {field}");
            }
            assert_eq!(body["access_type"], "offline", "{method} {path}");
        }
    }
    let checked = events(&t, "token_checked");
    let last = checked.last().unwrap();
    assert_eq!(last.endpoint.as_deref(), Some("GET /oauth2/v3/tokeninfo"));
    assert_eq!(last.user.as_deref(), Some(ADA_SUB));
    let both = helpers::api().get(format!("{g}/oauth2/v3/tokeninfo"));
    let both = both.query(&[("id_token", id)]).bearer_auth("ya29.nope");
    let (status, body) = both.fetch_json().await;
    assert_eq!(status, 200, "a parameter wins over the header: {body}");
    assert_eq!(body["alg"], "RS256", "the ID token's info");
}

#[tokio::test]
async fn tokeninfo_with_a_bad_or_revoked_bearer_token_is_an_invalid_value() {
    let t = helpers::spawn().await;
    let (_, tokens) = ada_tokens(&t).await;
    let [access, refresh] = fields(&tokens, ["access_token", "refresh_token"]);
    let g = &t.google;
    let post = |auth: &str| {
        let request = helpers::api().post(format!("{g}/oauth2/v3/tokeninfo"));
        let request = request
            .header(CONTENT_TYPE, FORM)
            .header("authorization", auth);
        request.fetch_json()
    };
    let invalid = json!({"error": "invalid_token", "error_description": "Invalid Value"});
    for auth in ["Bearer ya29.nope".to_string(), format!("Bearer {refresh}")] {
        assert_eq!(post(&auth).await, (400, invalid.clone()), "{auth}");
    }
    for auth in ["Bearer", "Bearer  ", &format!("Basic {access}")] {
        let (status, body) = post(auth).await;
        let error = (status, body["error"].as_str());
        assert_eq!(error, (400, Some("invalid_request")), "no token: {auth:?}");
    }
    assert_eq!(revoke(g, access).await.0, 200, "revoked");
    let revoked = post(&format!("Bearer {access}")).await;
    assert_eq!(revoked, (400, invalid), "revoked");
}
