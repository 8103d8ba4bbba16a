//! Requests that are wrong whatever the flow: cross-site posts, unknown routes and methods,
//! oversized headers and bodies, garbled cookies.

use reqwest::StatusCode;
use serde_json::json as j;

use crate::helpers::{Provider, error, json, spawn_app};

#[tokio::test]
async fn cross_site_posts_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    app.login_ok(Provider::GitHub, "ada").await;
    app.login_ok(Provider::Google, "ada@example.com").await;
    for (header, value) in [
        ("origin", "https://evil.example"),
        ("origin", "null"),
        ("sec-fetch-site", "cross-site"),
    ] {
        for path in ["/logout", "/disconnect/github"] {
            let response = app
                .browser
                .post(app.at(path))
                .header(header, value)
                .send()
                .await
                .unwrap();
            let (status, body) = json(response).await;
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{path} with {header}: {value}"
            );
            assert!(
                error(&body).starts_with("Cross-site request refused"),
                "{body}"
            );
        }
    }
    assert_eq!(app.me().await.0, StatusCode::OK, "still signed in");
    assert!(app.revocations().is_empty(), "nothing revoked");
    let same = app
        .browser
        .post(app.at("/logout"))
        .header("origin", app.url.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(same.status(), StatusCode::OK, "the app's own origin passes");
}

#[tokio::test]
async fn unknown_routes_and_wrong_methods_are_clear_json() {
    let app = spawn_app().await;
    for path in [
        "/nope",
        "/me/",
        "/me/twitter",
        "/auth/twitter",
        "/disconnect/twitter",
    ] {
        assert_eq!(
            json(app.get(path).await).await,
            (StatusCode::NOT_FOUND, j!({ "error": "Not Found" })),
            "{path}"
        );
    }
    for (method, path) in [
        ("POST", "/me"),
        ("DELETE", "/logout"),
        ("GET", "/disconnect/github"),
        ("POST", "/auth/github"),
    ] {
        let response = app
            .browser
            .request(method.parse().unwrap(), app.at(path))
            .send()
            .await
            .unwrap();
        let (status, body) = json(response).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert_eq!(body["error"], "Method Not Allowed");
    }
}

#[tokio::test]
async fn huge_headers_huge_bodies_and_garbage_cookies_are_4xx_not_crashes() {
    let app = spawn_app().await;
    let client = reqwest::Client::new();
    let huge_header = client
        .get(app.at("/me"))
        .header("X-Huge", "a".repeat(1024 * 1024))
        .send()
        .await
        .unwrap();
    assert_eq!(huge_header.status(), 431, "a 1 MiB header");

    let huge_body = client
        .post(app.at("/logout"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(vec![b'a'; 4 * 1024 * 1024])
        .send()
        .await;
    match huge_body {
        Ok(response) => assert!(
            response.status().is_success() || response.status().is_client_error(),
            "a 4 MiB logout body: {}",
            response.status()
        ),
        // The app may answer and close before the client has sent it all; it must not hang.
        Err(error) => assert!(!error.is_timeout(), "the app stalled: {error}"),
    }
    // Either way the app is up and answers the next request.
    assert_eq!(app.get("/me").await.status(), StatusCode::UNAUTHORIZED);

    for cookie in [
        "session=",
        "session=%ff%fe",
        "session=not-a-session-id",
        "session",
        "=;;;",
    ] {
        let response = client
            .get(app.at("/me"))
            .header("Cookie", cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(
            json(response).await,
            (StatusCode::UNAUTHORIZED, j!({ "error": "Unauthorized" })),
            "Cookie: {cookie}"
        );
    }

    let alive = client.get(app.at("/")).send().await.unwrap();
    assert_eq!(alive.status(), 200, "the app still serves");
}

#[tokio::test]
async fn no_answer_may_be_framed_or_cached() {
    let app = spawn_app().await;
    let signed_out = [
        app.get("/").await,
        app.get("/me").await,
        app.get("/nope").await,
    ];
    app.login_ok(Provider::GitHub, "ada").await;
    let signed_in = [
        app.get("/").await,
        app.get("/me").await,
        app.get("/me/github").await,
    ];
    for response in signed_out.iter().chain(&signed_in) {
        let headers = response.headers();
        let what = format!("{} {}", response.url().path(), response.status());
        assert_eq!(headers["x-frame-options"], "DENY", "{what}");
        assert_eq!(
            headers["content-security-policy"], "frame-ancestors 'none'",
            "{what}"
        );
        assert_eq!(headers["cache-control"], "no-store", "{what}");
    }
    let page = app
        .browser
        .get(app.at("/nope"))
        .header("accept", "text/html");
    let page = page.send().await.unwrap();
    assert_eq!(
        page.headers()["x-frame-options"],
        "DENY",
        "the error page too"
    );
}
