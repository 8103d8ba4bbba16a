//! Bad input of every kind never gets a 5xx; unknown paths and wrong methods.

use axum::http::Method;
use mock_providers::Provider;
use mock_providers::faults::endpoint_of;
use mock_providers::google::ENDPOINTS;

fn endpoint(method: &Method, route: &str) -> Option<&'static str> {
    endpoint_of(Provider::Google, method, route)
}
use reqwest::header::CONTENT_TYPE;

use super::{ADA, sign_in};
use crate::helpers;

const FORM: &str = "application/x-www-form-urlencoded";

#[tokio::test]
async fn malformed_requests_never_get_a_5xx() {
    let t = helpers::spawn().await;
    let browser = helpers::browser();
    sign_in(&browser, &t.google, ADA).await;
    let g = &t.google;
    let huge = vec![b'a'; 3 * 1024 * 1024];
    let invalid_utf8 = vec![b't', b'o', b'k', b'e', b'n', b'=', 0xc3, 0x28];
    let cases: Vec<(Method, String, Option<&str>, Vec<u8>)> = vec![
        (
            Method::GET,
            "/o/oauth2/v2/auth?client_id=%ff%fe&redirect_uri=%".into(),
            None,
            vec![],
        ),
        (
            Method::GET,
            "/o/oauth2/v2/auth?%%%&&==".into(),
            None,
            vec![],
        ),
        (
            Method::POST,
            "/o/oauth2/v2/auth".into(),
            Some(FORM),
            invalid_utf8.clone(),
        ),
        (
            Method::POST,
            "/o/oauth2/v2/auth".into(),
            Some("application/json"),
            b"{}".to_vec(),
        ),
        (
            Method::POST,
            "/o/oauth2/v2/auth".into(),
            Some(FORM),
            huge.clone(),
        ),
        (
            Method::POST,
            "/token".into(),
            Some(FORM),
            invalid_utf8.clone(),
        ),
        (Method::POST, "/token".into(), None, vec![]),
        (
            Method::POST,
            "/token".into(),
            Some("text/plain"),
            b"grant_type=x".to_vec(),
        ),
        (Method::POST, "/token".into(), Some(FORM), huge.clone()),
        (
            Method::POST,
            "/token".into(),
            Some(FORM),
            b"grant_type=authorization_code&code=%zz".to_vec(),
        ),
        (Method::POST, "/revoke".into(), Some(FORM), huge.clone()),
        (Method::POST, "/revoke?token=%ff".into(), None, vec![]),
        (
            Method::POST,
            "/tokeninfo".into(),
            Some(FORM),
            invalid_utf8.clone(),
        ),
        (
            Method::GET,
            "/tokeninfo?access_token=%ff%00".into(),
            None,
            vec![],
        ),
        (
            Method::POST,
            "/ServiceLogin".into(),
            Some(FORM),
            invalid_utf8.clone(),
        ),
        (
            Method::GET,
            "/ServiceLogin?continue=%ff".into(),
            None,
            vec![],
        ),
        (Method::POST, "/Logout".into(), Some(FORM), invalid_utf8),
        (Method::POST, "/ServiceLogin".into(), Some(FORM), huge),
        (Method::GET, "/v1/userinfo".into(), None, vec![]),
    ];
    for (method, path, content_type, body) in cases {
        let mut request = browser
            .request(method.clone(), format!("{g}{path}"))
            .body(body);
        if let Some(content_type) = content_type {
            request = request.header(CONTENT_TYPE, content_type);
        }
        let status = request.send().await.unwrap().status();
        assert!(
            !status.is_server_error(),
            "{method} {path} ({content_type:?}): got {status}"
        );
    }
    let bad_auth = helpers::api()
        .get(format!("{g}/v1/userinfo"))
        .header("authorization", vec![0xffu8, 0xfe].as_slice())
        .send()
        .await
        .unwrap();
    assert_eq!(bad_auth.status(), 401, "non-UTF-8 Authorization header");
}

#[tokio::test]
async fn unknown_paths_are_404_html_and_wrong_methods_405() {
    let t = helpers::spawn().await;
    let api = helpers::api();
    let r = api
        .get(format!("{}/nope/nothing", t.google))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404, "unknown path");
    assert!(
        r.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(r.text().await.unwrap().contains("404"), "Google's 404 page");
    for (method, path) in [
        (Method::GET, "/token"),
        (Method::DELETE, "/v1/userinfo"),
        (Method::POST, "/oauth2/v3/certs"),
        (Method::PUT, "/o/oauth2/v2/auth"),
    ] {
        let r = api
            .request(method.clone(), format!("{}{path}", t.google))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 405, "{method} {path}");
    }
}

#[test]
fn endpoint_names_match_the_registered_routes() {
    assert_eq!(ENDPOINTS.len(), 15);
    assert_eq!(endpoint(&Method::POST, "/token"), Some("token"));
    assert_eq!(
        endpoint(&Method::GET, "/oauth2/v3/userinfo"),
        Some("userinfo")
    );
    assert_eq!(
        endpoint(&Method::POST, "/o/oauth2/v2/auth"),
        Some("authorize_decision")
    );
    assert_eq!(endpoint(&Method::GET, "/Logout"), Some("logout"));
    assert_eq!(
        endpoint(&Method::GET, "/revoke"),
        None,
        "GET /revoke is no endpoint"
    );
    assert_eq!(endpoint(&Method::GET, "/nope"), None);
}
