//! Bad input of every kind never gets a 5xx; unknown paths and wrong methods.

use axum::http::Method;
use common::Provider;
use mock_providers::faults::targets::endpoint_of;
use mock_providers::google::ENDPOINTS;
use reqwest::header::CONTENT_TYPE;

use super::support::{ADA, signed_in};
use crate::helpers::{self, Fetch, content_type};

const FORM: &str = "application/x-www-form-urlencoded";

fn endpoint(method: &Method, route: &str) -> Option<&'static str> {
    endpoint_of(Provider::Google, method, route)
}

/// Requests no well-behaved client sends: (method, path, content type, body).
fn malformed() -> Vec<(Method, &'static str, Option<&'static str>, Vec<u8>)> {
    let huge = vec![b'a'; 3 * 1024 * 1024];
    let utf8 = vec![b't', b'o', b'k', b'e', b'n', b'=', 0xc3, 0x28];
    let (get, post, form) = (Method::GET, Method::POST, Some(FORM));
    vec![
        (
            get.clone(),
            "/o/oauth2/v2/auth?client_id=%ff%fe&redirect_uri=%",
            None,
            vec![],
        ),
        (get.clone(), "/o/oauth2/v2/auth?%%%&&==", None, vec![]),
        (post.clone(), "/o/oauth2/v2/auth", form, utf8.clone()),
        (
            post.clone(),
            "/o/oauth2/v2/auth",
            Some("application/json"),
            b"{}".to_vec(),
        ),
        (post.clone(), "/o/oauth2/v2/auth", form, huge.clone()),
        (post.clone(), "/token", form, utf8.clone()),
        (post.clone(), "/token", None, vec![]),
        (
            post.clone(),
            "/token",
            Some("text/plain"),
            b"grant_type=x".to_vec(),
        ),
        (post.clone(), "/token", form, huge.clone()),
        (
            post.clone(),
            "/token",
            form,
            b"grant_type=authorization_code&code=%zz".to_vec(),
        ),
        (post.clone(), "/revoke", form, huge.clone()),
        (post.clone(), "/revoke?token=%ff", None, vec![]),
        (post.clone(), "/tokeninfo", form, utf8.clone()),
        (get.clone(), "/tokeninfo?access_token=%ff%00", None, vec![]),
        (post.clone(), "/ServiceLogin", form, utf8.clone()),
        (get.clone(), "/ServiceLogin?continue=%ff", None, vec![]),
        (post.clone(), "/Logout", form, utf8),
        (post, "/ServiceLogin", form, huge),
        (get.clone(), "/v1/userinfo", None, vec![]),
        (get, "/oauth2/v2/userinfo?access_token=%ff", None, vec![]),
    ]
}

#[tokio::test]
async fn malformed_requests_never_get_a_5xx() {
    let t = helpers::spawn().await;
    let g = &t.google;
    let browser = signed_in(g, ADA).await;
    for (method, path, content_type, body) in malformed() {
        let mut request = browser
            .request(method.clone(), format!("{g}{path}"))
            .body(body);
        if let Some(content_type) = content_type {
            request = request.header(CONTENT_TYPE, content_type);
        }
        let status = request.fetch().await.status();
        assert!(
            !status.is_server_error(),
            "{method} {path} ({content_type:?}): got {status}"
        );
    }
    let bad_auth = helpers::api()
        .get(format!("{g}/v1/userinfo"))
        .header("authorization", vec![0xffu8, 0xfe].as_slice());
    let status = bad_auth.fetch_status().await;
    assert_eq!(status, 401, "non-UTF-8 Authorization header");
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_413_json_error_or_page_as_the_route_answers() {
    let t = helpers::spawn().await;
    let g = &t.google;
    for (path, page) in [
        ("/token", false),
        ("/tokeninfo", false),
        ("/oauth2/v3/tokeninfo", false),
        ("/ServiceLogin", true),
        ("/Logout", true),
        ("/o/oauth2/v2/auth", true),
    ] {
        let response = helpers::api()
            .post(format!("{g}{path}"))
            .header(CONTENT_TYPE, FORM)
            .body(vec![b'a'; 3 * 1024 * 1024])
            .fetch()
            .await;
        assert_eq!(response.status(), 413, "{path}");
        let kind = content_type(&response);
        let text = response.text().await.unwrap();
        if page {
            assert!(kind.starts_with("text/html"), "{path}: a page, not {kind}");
        } else {
            let body: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            assert_eq!(body["error"], "invalid_request", "{path}: {body}");
        }
    }
}

#[tokio::test]
async fn unknown_paths_are_404_html_and_wrong_methods_405() {
    let t = helpers::spawn().await;
    let api = helpers::api();
    let r = api.get(format!("{}/nope/nothing", t.google)).fetch().await;
    assert_eq!(r.status(), 404, "unknown path");
    assert!(content_type(&r).starts_with("text/html"));
    assert!(r.text().await.unwrap().contains("404"), "Google's 404 page");
    for (method, path) in [
        (Method::GET, "/token"),
        (Method::DELETE, "/v1/userinfo"),
        (Method::POST, "/oauth2/v3/certs"),
        (Method::POST, "/oauth2/v1/certs"),
        (Method::POST, "/oauth2/v2/userinfo"),
        (Method::PUT, "/o/oauth2/v2/auth"),
    ] {
        let request = api.request(method.clone(), format!("{}{path}", t.google));
        assert_eq!(request.fetch_status().await, 405, "{method} {path}");
    }
}

/// A fault finds its endpoint from the call's method and route as registered.
#[test]
fn faults_find_endpoints_by_method_and_route() {
    assert_eq!(endpoint(&Method::POST, "/token"), Some("token"));
    for path in [
        "/oauth2/v3/userinfo",
        "/oauth2/v2/userinfo",
        "/oauth2/v1/userinfo",
    ] {
        assert_eq!(endpoint(&Method::GET, path), Some("userinfo"), "{path}");
    }
    let tokeninfo = endpoint(&Method::POST, "/oauth2/v3/tokeninfo");
    assert_eq!(tokeninfo, Some("tokeninfo"));
    let certs = endpoint(&Method::GET, "/oauth2/v1/certs");
    assert_eq!(certs, Some("certs"));
    let decision = endpoint(&Method::POST, "/o/oauth2/v2/auth");
    assert_eq!(decision, Some("authorize_decision"));
    assert_eq!(endpoint(&Method::GET, "/Logout"), Some("logout"));
    let get_revoke = endpoint(&Method::GET, "/revoke");
    assert_eq!(get_revoke, None, "GET /revoke is no fault's target");
    let settings = ENDPOINTS.iter().find(|e| e.path == "/connections");
    assert!(
        settings.is_some_and(|e| !e.faults),
        "the connections page is listed, unfaulted"
    );
    assert_eq!(endpoint(&Method::GET, "/nope"), None);
}
