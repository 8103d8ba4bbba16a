//! Bad input never gets a 5xx: unknown paths, wrong methods, malformed queries and bodies,
//! invalid UTF-8 and a huge body all get GitHub's answer for the case or a clear 4xx.

use reqwest::Method;
use serde_json::{Value, json};

use mock_providers::api::Outcome;

use super::support::{CLIENT, SECRET, last_revocation, spawn, token};

const INVALID_UTF8: &[u8] = &[b'c', b'o', b'd', b'e', b'=', 0xff, 0xfe, b'&', 0xc3];

#[tokio::test]
async fn unknown_paths_and_wrong_methods_get_a_json_404() {
    let mocks = spawn().await;
    let gh = &mocks.github;
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
        let response = client
            .request(method.clone(), format!("{gh}{path}"))
            .header("User-Agent", "t")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404, "{method} {path}");
        assert_eq!(
            response.json::<Value>().await.unwrap(),
            not_found,
            "{method} {path}"
        );
    }
}

#[tokio::test]
async fn malformed_and_invalid_utf8_input_gets_a_4xx_or_githubs_error() {
    let mocks = spawn().await;
    let gh = &mocks.github;
    let live = token(gh, "ada", "read:user").await;
    let client = reqwest::Client::new();
    let browser = super::support::signed_in(gh, "ada").await;

    for query in [
        "%zz=%%",
        "client_id=%ff",
        "client_id",
        "&&&",
        "client_id=logout-lab-github&redirect_uri=%00",
    ] {
        let response = browser
            .get(format!("{gh}/login/oauth/authorize?{query}"))
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_client_error(),
            "authorize?{query}: {}",
            response.status()
        );
    }
    let login_page = client.get(format!("{gh}/login?%zz")).send().await.unwrap();
    assert_eq!(
        login_page.status(),
        200,
        "a malformed query still shows the sign-in page"
    );

    for (path, content_type) in [
        ("/session", "application/x-www-form-urlencoded"),
        ("/logout", "application/x-www-form-urlencoded"),
        (
            "/login/oauth/authorize",
            "application/x-www-form-urlencoded",
        ),
    ] {
        let response = browser
            .post(format!("{gh}{path}"))
            .header("Content-Type", content_type)
            .body(INVALID_UTF8.to_vec())
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        assert!(
            (300..500).contains(&status),
            "{path} with invalid UTF-8: {status}"
        );
    }

    for content_type in [
        "application/x-www-form-urlencoded",
        "application/json",
        "text/plain",
    ] {
        for body in [INVALID_UTF8.to_vec(), b"{not json".to_vec(), Vec::new()] {
            let response = client
                .post(format!("{gh}/login/oauth/access_token"))
                .header("Accept", "application/json")
                .header("Content-Type", content_type)
                .body(body)
                .send()
                .await
                .unwrap();
            assert_eq!(
                response.status(),
                200,
                "the token endpoint answers 200 ({content_type})"
            );
            let answer: Value = response.json().await.unwrap();
            assert_eq!(
                answer["error"], "incorrect_client_credentials",
                "{content_type}"
            );
        }
    }
    let wrong_code_type = client
        .post(format!("{gh}/login/oauth/access_token"))
        .header("Accept", "application/json")
        .json(&json!({"client_id": CLIENT, "client_secret": SECRET, "code": 12345}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        wrong_code_type.json::<Value>().await.unwrap()["error"],
        "bad_verification_code"
    );

    for (method, what) in [
        (Method::DELETE, "token"),
        (Method::DELETE, "grant"),
        (Method::POST, "token"),
        (Method::PATCH, "token"),
    ] {
        for body in [
            INVALID_UTF8.to_vec(),
            b"[1,2]".to_vec(),
            b"\"gho_x\"".to_vec(),
        ] {
            let response = client
                .request(method.clone(), format!("{gh}/applications/{CLIENT}/{what}"))
                .header("User-Agent", "t")
                .basic_auth(CLIENT, Some(SECRET))
                .body(body)
                .send()
                .await
                .unwrap();
            assert_eq!(
                response.status(),
                400,
                "{method} {what}: a body that is not a JSON object"
            );
        }
        let garbage_auth = client
            .request(method.clone(), format!("{gh}/applications/{CLIENT}/{what}"))
            .header("User-Agent", "t")
            .header("Authorization", "Basic !!!")
            .body(super::support::token_body(&live))
            .send()
            .await
            .unwrap();
        assert_eq!(
            garbage_auth.status(),
            404,
            "{method} {what}: malformed Basic auth"
        );
    }
    assert_eq!(
        super::support::get_user(gh, &live).await.status(),
        200,
        "nothing above hurt the token"
    );
}

#[tokio::test]
async fn a_huge_body_gets_a_4xx_not_a_crash() {
    let mocks = spawn().await;
    let gh = &mocks.github;
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
            assert!(
                response.status().is_client_error(),
                "{method} {path}: {}",
                response.status()
            );
        }
    }
    let alive = client.get(format!("{gh}/")).send().await.unwrap();
    assert_eq!(
        alive.status(),
        200,
        "the mock still serves after a huge body"
    );
}

#[tokio::test]
async fn a_revocation_with_a_body_over_the_limit_is_answered_as_github_and_recorded() {
    let mocks = spawn().await;
    let gh = &mocks.github;
    for what in ["token", "grant"] {
        let response = reqwest::Client::new()
            .delete(format!("{gh}/applications/{CLIENT}/{what}"))
            .header("User-Agent", "t")
            .basic_auth(CLIENT, Some(SECRET))
            .body(vec![b' '; 3 * 1024 * 1024])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 413, "{what}");
        let body: Value = response.json().await.expect("a GitHub-style JSON body");
        assert_eq!(body["status"], "413", "{what}: {body}");
        let record = last_revocation(&mocks);
        assert_eq!(
            record.endpoint,
            format!("DELETE /applications/{CLIENT}/{what}")
        );
        assert_eq!(record.outcome, Outcome::Rejected);
        assert_eq!(record.status, 413);
        assert!(
            record
                .reason
                .as_deref()
                .is_some_and(|r| r.starts_with("unreadable body")),
            "{what}: {:?}",
            record.reason
        );
    }
}

#[tokio::test]
async fn huge_headers_get_431_from_both_mocks_and_they_keep_serving() {
    let mocks = spawn().await;
    let client = reqwest::Client::new();
    for base in [&mocks.github, &mocks.google] {
        let one_huge = client
            .get(format!("{base}/"))
            .header("X-Huge", "a".repeat(1024 * 1024))
            .send()
            .await
            .unwrap();
        assert_eq!(one_huge.status(), 431, "{base}: a 1 MiB header");
        let mut many = client.get(format!("{base}/"));
        for i in 0..200 {
            many = many.header(format!("x-h{i}"), "v");
        }
        let many = many.send().await.unwrap();
        assert_eq!(many.status(), 431, "{base}: 200 headers");
        let alive = client.get(format!("{base}/")).send().await.unwrap();
        assert_eq!(alive.status(), 200, "{base} still serves");
    }
}
