//! A provider that is down, slow or broken: 502/504 naming it, never a 500.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::json as j;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{app_against, come_back, github_profile};
use crate::helpers::spawn_app_with;
use crate::helpers::{Provider, json};

#[tokio::test]
async fn a_provider_that_is_down_slow_or_broken_is_a_clear_error() {
    let server = MockServer::start().await;
    let app = app_against(&server, Provider::Google).await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(500).set_body_string("<html>oops</html>"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_body_string("not json"))
        .mount(&server)
        .await;
    let (response, _) = come_back(&app, Provider::Google, "c").await;
    assert_eq!(
        json(response).await,
        (
            StatusCode::GATEWAY_TIMEOUT,
            j!({ "error": "Google did not answer in time to exchange the authorization code" })
        )
    );
    let (response, _) = come_back(&app, Provider::Google, "c").await;
    assert_eq!(
        json(response).await,
        (
            StatusCode::BAD_GATEWAY,
            j!({ "error": "Google failed to exchange the authorization code: HTTP 500" })
        )
    );
    let (response, _) = come_back(&app, Provider::Google, "c").await;
    let (status, body) = json(response).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");

    // Down: nothing listens on the port any more.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let app = spawn_app_with(move |c| c.github = app::GitHubConfig::mock(&closed)).await;
    let (response, _) = come_back(&app, Provider::GitHub, "c").await;
    assert_eq!(
        json(response).await,
        (
            StatusCode::BAD_GATEWAY,
            j!({ "error": "GitHub could not be reached to exchange the authorization code" })
        )
    );
}

#[tokio::test]
async fn the_live_profile_reports_a_provider_that_is_down_or_slow() {
    let server = MockServer::start().await;
    let app = app_against(&server, Provider::GitHub).await;
    Mock::given(method("POST"))
        .and(path("/login/oauth/access_token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(j!({"access_token": "gho_test", "scope": "read:user,user:email"})),
        )
        .mount(&server)
        .await;
    github_profile(&server, "octo@example.com").await;
    let (response, _) = come_back(&app, Provider::GitHub, "c").await;
    assert_eq!(response.status(), StatusCode::FOUND);
    let (status, body) = json(app.get("/me/github").await).await;
    assert_eq!(
        (status, body["profile"]["login"].as_str()),
        (StatusCode::OK, Some("octo"))
    );

    server.reset().await;
    Mock::given(method("GET"))
        .and(path("/user"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/user"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    assert_eq!(
        json(app.get("/me/github").await).await,
        (
            StatusCode::GATEWAY_TIMEOUT,
            j!({ "error": "GitHub did not answer in time to fetch the profile" })
        )
    );
    assert_eq!(
        json(app.get("/me/github").await).await,
        (
            StatusCode::BAD_GATEWAY,
            j!({ "error": "GitHub failed to fetch the profile: HTTP 503" })
        )
    );
    assert_eq!(
        app.me().await.0,
        StatusCode::OK,
        "the session is unaffected"
    );
}
