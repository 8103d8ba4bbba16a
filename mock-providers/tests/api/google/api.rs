//! Userinfo (both paths) and tokeninfo.

use serde_json::{Value, json};

use super::{ADA, ADA_SUB, authorize, exchange, sign_in};
use crate::helpers::{self, TestMocks};

async fn access_for(t: &TestMocks, scope: &str) -> String {
    let browser = helpers::browser();
    sign_in(&browser, &t.google, ADA).await;
    let back = authorize(&browser, &t.google, &[("scope", scope)]).await;
    let (_, body) = exchange(&t.google, &back["code"], &[]).await;
    body["access_token"].as_str().unwrap().to_string()
}

async fn userinfo(t: &TestMocks, path: &str, auth: Option<&str>) -> (u16, Option<String>, Value) {
    let mut request = helpers::api().get(format!("{}{path}", t.google));
    if let Some(auth) = auth {
        request = request.header("authorization", auth);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let www = response
        .headers()
        .get("www-authenticate")
        .map(|v| v.to_str().unwrap().to_string());
    (status, www, response.json().await.unwrap_or(Value::Null))
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
                "picture": format!("https://lh3.googleusercontent.com/a/{ADA_SUB}=s96-c"),
            }),
            "{path}: profile scope"
        );
    }
    assert_eq!(
        super::events(&t, "token_used").len(),
        4,
        "token_used events"
    );
}

#[tokio::test]
async fn bad_expired_and_revoked_tokens_get_401_invalid_credentials() {
    let t = helpers::spawn().await;
    let (_, tokens) = super::ada_tokens(&t).await;
    let access = tokens["access_token"].as_str().unwrap().to_string();
    let refresh = tokens["refresh_token"].as_str().unwrap().to_string();
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
        assert!(
            www.unwrap_or_default().starts_with("Bearer "),
            "{auth:?}: WWW-Authenticate"
        );
        assert_eq!(body, expected, "{auth:?}: body");
    }
    assert!(
        super::events(&t, "token_refused").len() >= bad.len(),
        "token_refused events"
    );
    t.mocks.google.store().clock.advance(3600);
    let (status, _, _) =
        userinfo(&t, "/oauth2/v3/userinfo", Some(&format!("Bearer {access}"))).await;
    assert_eq!(status, 401, "expired");
}

#[tokio::test]
async fn tokeninfo_for_access_and_id_tokens_with_string_values() {
    let t = helpers::spawn().await;
    let (_, tokens) = super::ada_tokens(&t).await;
    let access = tokens["access_token"].as_str().unwrap();
    let id = tokens["id_token"].as_str().unwrap();
    let g = &t.google;
    let api = helpers::api();
    let unix_now = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
    };
    let before = unix_now();
    let by_get: Value = api
        .get(format!("{g}/tokeninfo"))
        .query(&[("access_token", access)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
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
    assert_eq!(by_get["aud"], common::defaults::GOOGLE_CLIENT_ID);
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
    let by_post = api
        .post(format!("{g}/tokeninfo"))
        .form(&[("id_token", id)])
        .send()
        .await
        .unwrap();
    assert_eq!(by_post.status(), 200, "POST with id_token");
    let by_post: Value = by_post.json().await.unwrap();
    assert_eq!(by_post["sub"], ADA_SUB);
    assert_eq!(by_post["email_verified"], "true", "string-typed");
    assert_eq!(by_post["alg"], "RS256");
    assert_eq!(by_post["iss"], g.as_str());

    let invalid = json!({"error": "invalid_token", "error_description": "Invalid Value"});
    let forged = format!("{}x", &id[..id.len() - 1]);
    for (name, value) in [
        ("access_token", "ya29.nope"),
        ("id_token", "a.b.c"),
        ("id_token", forged.as_str()),
    ] {
        let r = api
            .get(format!("{g}/tokeninfo"))
            .query(&[(name, value)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{name}={value}");
        assert_eq!(r.json::<Value>().await.unwrap(), invalid, "{name}: body");
    }
    let missing = api.get(format!("{g}/tokeninfo")).send().await.unwrap();
    assert_eq!(missing.status(), 400, "no token at all");
    t.mocks.google.store().clock.advance(3600);
    let expired = api
        .get(format!("{g}/tokeninfo"))
        .query(&[("id_token", id)])
        .send()
        .await
        .unwrap();
    assert_eq!(expired.status(), 400, "expired id_token");
}

#[tokio::test]
async fn discovery_and_certs_point_at_the_mock() {
    let t = helpers::spawn().await;
    let g = &t.google;
    let doc: Value = helpers::api()
        .get(format!("{g}/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["issuer"], g.as_str());
    assert_eq!(doc["jwks_uri"], format!("{g}/oauth2/v3/certs"));
    assert_eq!(doc["token_endpoint"], format!("{g}/token"));
    assert_eq!(
        doc["authorization_endpoint"],
        format!("{g}/o/oauth2/v2/auth")
    );
    assert_eq!(doc["revocation_endpoint"], format!("{g}/revoke"));
    let certs: Value = helpers::api()
        .get(format!("{g}/oauth2/v3/certs"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let key = &certs["keys"][0];
    assert_eq!(
        (&key["kty"], &key["alg"], &key["use"]),
        (&json!("RSA"), &json!("RS256"), &json!("sig"))
    );
    assert_eq!(key["e"], "AQAB");
    assert!(key["n"].as_str().unwrap().len() > 300, "a 2048-bit modulus");
}
