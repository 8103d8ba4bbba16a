//! Bad input never gets a 5xx: unknown paths, wrong methods, malformed queries and bodies,
//! invalid UTF-8 and a huge body all get GitHub's answer for the case or a clear 4xx.

use mock_providers::api::Outcome;
use reqwest::Method;
use serde_json::json;

use super::support::{
    CLIENT, SECRET, last_revocation, signed_in, spawn, token, token_body, user_status,
};
use crate::helpers::Fetch;

const INVALID_UTF8: &[u8] = &[b'c', b'o', b'd', b'e', b'=', 0xff, 0xfe, b'&', 0xc3];

#[tokio::test]
async fn unknown_paths_and_wrong_methods_get_a_json_404() {
    let t = spawn().await;
    let gh = &t.github;
    let client = reqwest::Client::new();
    let not_found = json!({"message": "Not Found", "documentation_url": "https://docs.github.com/rest", "status": "404"});
    for (method, path) in [
        (Method::GET, "/nope"),
        (Method::GET, "/repos/a/b"),
        (Method::GET, "/login/oauth/access_token"),
        (Method::PUT, "/user"),
        (Method::DELETE, "/user/emails"),
        (Method::GET, "/session"),
        (Method::GET, "/logout"),
        (Method::DELETE, "/login/oauth/authorize"),
        (Method::GET, "/applications/x"),
        (Method::POST, "/applications/x/y"),
    ] {
        let request = client.request(method.clone(), format!("{gh}{path}"));
        let (status, body) = request.header("User-Agent", "t").fetch_json().await;
        assert_eq!(status, 404, "{method} {path}");
        assert_eq!(body, not_found, "{method} {path}");
    }
}

#[tokio::test]
async fn malformed_and_invalid_utf8_input_gets_a_4xx_or_githubs_error() {
    let t = spawn().await;
    let gh = &t.github;
    let live = token(gh, "ada", "read:user").await;
    malformed_pages(gh).await;
    malformed_token_requests(gh).await;
    malformed_application_calls(gh, &live).await;
    let status = user_status(gh, &live).await;
    assert_eq!(status, 200, "nothing above hurt the token");
}

/// Authorize with broken queries, and the three forms with invalid UTF-8.
async fn malformed_pages(gh: &str) {
    let browser = signed_in(gh, "ada").await;
    for query in [
        "%zz=%%",
        "client_id=%ff",
        "client_id",
        "&&&",
        "client_id=logout-lab-github&redirect_uri=%00",
    ] {
        let url = format!("{gh}/login/oauth/authorize?{query}");
        let status = browser.get(url).fetch().await.status();
        assert!(status.is_client_error(), "authorize?{query}: {status}");
    }
    let login_page = reqwest::Client::new().get(format!("{gh}/login?%zz"));
    let status = login_page.fetch_status().await;
    assert_eq!(
        status, 200,
        "a malformed query still shows the sign-in page"
    );
    for path in ["/session", "/logout", "/login/oauth/authorize"] {
        let status = browser
            .post(format!("{gh}{path}"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(INVALID_UTF8.to_vec())
            .fetch_status()
            .await;
        let answered = (300..500).contains(&status);
        assert!(answered, "{path} with invalid UTF-8: {status}");
    }
}

/// The token endpoint answers 200 and GitHub's error to any body it cannot use.
async fn malformed_token_requests(gh: &str) {
    let client = reqwest::Client::new();
    let url = format!("{gh}/login/oauth/access_token");
    for content_type in [
        "application/x-www-form-urlencoded",
        "application/json",
        "text/plain",
    ] {
        for body in [INVALID_UTF8.to_vec(), b"{not json".to_vec(), Vec::new()] {
            let (status, answer) = client
                .post(&url)
                .header("Accept", "application/json")
                .header("Content-Type", content_type)
                .body(body)
                .fetch_json()
                .await;
            assert_eq!(
                status, 200,
                "the token endpoint answers 200 ({content_type})"
            );
            let error = &answer["error"];
            assert_eq!(error, "incorrect_client_credentials", "{content_type}");
        }
    }
    let body = json!({"client_id": CLIENT, "client_secret": SECRET, "code": 12345});
    let wrong_code_type = client.post(&url).header("Accept", "application/json");
    let (_, answer) = wrong_code_type.json(&body).fetch_json().await;
    assert_eq!(answer["error"], "bad_verification_code");
}

/// The two `/applications` calls with bodies that are not JSON objects, and garbage auth.
async fn malformed_application_calls(gh: &str, live: &str) {
    let client = reqwest::Client::new();
    for (method, what) in [(Method::DELETE, "token"), (Method::DELETE, "grant")] {
        let call = || {
            let url = format!("{gh}/applications/{CLIENT}/{what}");
            client
                .request(method.clone(), url)
                .header("User-Agent", "t")
        };
        for body in [
            INVALID_UTF8.to_vec(),
            b"[1,2]".to_vec(),
            b"\"gho_x\"".to_vec(),
        ] {
            let request = call().basic_auth(CLIENT, Some(SECRET)).body(body);
            let status = request.fetch_status().await;
            assert_eq!(
                status, 400,
                "{method} {what}: a body that is not a JSON object"
            );
        }
        let garbage_auth = call()
            .header("Authorization", "Basic !!!")
            .body(token_body(live));
        let status = garbage_auth.fetch_status().await;
        assert_eq!(status, 404, "{method} {what}: malformed Basic auth");
    }
}

#[tokio::test]
async fn a_huge_body_gets_a_4xx_not_a_crash() {
    let t = spawn().await;
    let gh = &t.github;
    let huge = vec![b'a'; 4 * 1024 * 1024];
    let client = reqwest::Client::new();
    for (method, path) in [
        (Method::POST, "/login/oauth/access_token"),
        (Method::POST, "/session"),
        (Method::DELETE, "/applications/logout-lab-github/token"),
    ] {
        let response = client
            .request(method.clone(), format!("{gh}{path}"))
            .header("User-Agent", "t")
            .basic_auth(CLIENT, Some(SECRET))
            .body(huge.clone())
            .send()
            .await;
        if let Ok(response) = response {
            let status = response.status();
            assert!(status.is_client_error(), "{method} {path}: {status}");
        }
    }
    let alive = client.get(format!("{gh}/")).fetch_status().await;
    assert_eq!(alive, 200, "the mock still serves after a huge body");
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_413_in_githubs_shape_for_the_route() {
    let t = spawn().await;
    let gh = &t.github;
    for (path, page) in [
        ("/login/oauth/access_token", false),
        ("/session", true),
        ("/logout", true),
        ("/login/oauth/authorize", true),
    ] {
        let response = reqwest::Client::new()
            .post(format!("{gh}{path}"))
            .header("User-Agent", "t")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(vec![b'a'; 3 * 1024 * 1024])
            .fetch()
            .await;
        assert_eq!(response.status(), 413, "{path}");
        let kind = crate::helpers::content_type(&response);
        let text = response.text().await.unwrap();
        if page {
            assert!(kind.starts_with("text/html"), "{path}: a page, not {kind}");
        } else {
            let body: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            assert_eq!(body["status"], "413", "{path}: GitHub's REST error: {body}");
            assert!(body["message"].is_string(), "{body}");
        }
    }
}

#[tokio::test]
async fn a_revocation_with_a_body_over_the_limit_is_answered_as_github_and_recorded() {
    let t = spawn().await;
    let gh = &t.github;
    for what in ["token", "grant"] {
        let response = reqwest::Client::new()
            .delete(format!("{gh}/applications/{CLIENT}/{what}"))
            .header("User-Agent", "t")
            .basic_auth(CLIENT, Some(SECRET))
            .body(vec![b' '; 3 * 1024 * 1024])
            .fetch()
            .await;
        assert_eq!(response.status(), 413, "{what}");
        let body: serde_json::Value = response.json().await.expect("a GitHub-style JSON body");
        assert_eq!(body["status"], "413", "{what}: {body}");
        let record = last_revocation(&t);
        let endpoint = format!("DELETE /applications/{CLIENT}/{what}");
        assert_eq!(record.endpoint, endpoint);
        assert_eq!(record.outcome, Outcome::Rejected);
        assert_eq!(record.status, 413);
        let reason = record.reason.as_deref();
        let unreadable = reason.is_some_and(|r| r.starts_with("unreadable body"));
        assert!(unreadable, "{what}: {reason:?}");
    }
}

#[tokio::test]
async fn huge_headers_get_431_from_both_mocks_and_they_keep_serving() {
    let t = spawn().await;
    let client = reqwest::Client::new();
    for base in [&t.github, &t.google] {
        let one_huge = client
            .get(format!("{base}/"))
            .header("X-Huge", "a".repeat(1024 * 1024));
        assert_eq!(one_huge.fetch_status().await, 431, "{base}: a 1 MiB header");
        let mut many = client.get(format!("{base}/"));
        for i in 0..200 {
            many = many.header(format!("x-h{i}"), "v");
        }
        assert_eq!(many.fetch_status().await, 431, "{base}: 200 headers");
        let alive = client.get(format!("{base}/")).fetch_status().await;
        assert_eq!(alive, 200, "{base} still serves");
    }
}
