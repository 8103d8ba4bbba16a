//! A provider that is down, slow or broken: 502/504 naming it, never a 500.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::json as j;
use wiremock::{MockServer, ResponseTemplate};

use super::{answer_in_turn, app_against, come_back, signed_in_with_github};
use crate::helpers::{Provider, json, spawn_app_with};

#[tokio::test]
async fn a_provider_that_is_down_slow_or_broken_is_a_clear_error() {
    let server = MockServer::start().await;
    let app = app_against(&server, Provider::Google).await;
    let answers = vec![
        ResponseTemplate::new(200).set_delay(Duration::from_secs(3)),
        ResponseTemplate::new(500).set_body_string("<html>oops</html>"),
        ResponseTemplate::new(200).set_body_string("not json"),
    ];
    answer_in_turn(&server, "POST", "/token", answers).await;
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

    // Down after the sign-in (which must answer for a login to start): nothing listens
    // where the code is exchanged any more.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let app = spawn_app_with(move |c| {
        c.github.token_url = format!("{closed}/login/oauth/access_token")
            .parse()
            .unwrap();
    })
    .await;
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
    let app = signed_in_with_github(&server, "octo@example.com").await;
    let (status, body) = json(app.get("/me/github").await).await;
    assert_eq!(
        (status, body["profile"]["login"].as_str()),
        (StatusCode::OK, Some("octo"))
    );

    server.reset().await;
    let answers = vec![
        ResponseTemplate::new(200).set_delay(Duration::from_secs(3)),
        ResponseTemplate::new(503),
    ];
    answer_in_turn(&server, "GET", "/user", answers).await;
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
