//! `/__mock/assets/` and `/__mock/avatars/`: each mock serves its own stylesheet and the
//! dashboard's, and an SVG avatar for each account, which the seeded users' `avatar_url`
//! (GitHub) and `picture` (Google) point at, as absolute URLs on the mock.

use crate::github::support as gh;
use crate::google::support::{ADA_SUB, authorize, exchange, signed_in};
use crate::helpers::{self, Fetch, content_type, get_json, spawn};

#[tokio::test]
async fn each_mock_serves_its_own_stylesheet_and_the_dashboards() {
    let t = spawn().await;
    let cases = [
        (&t.github, "github.css", 200),
        (&t.github, "dashboard.css", 200),
        (&t.github, "google.css", 404),
        (&t.google, "google.css", 200),
        (&t.google, "dashboard.css", 200),
        (&t.google, "github.css", 404),
    ];
    for (base, file, status) in cases {
        let response = helpers::api()
            .get(format!("{base}/__mock/assets/{file}"))
            .fetch()
            .await;
        assert_eq!(response.status(), status, "{file} at {base}");
        if status == 200 {
            let kind = content_type(&response);
            assert!(kind.starts_with("text/css"), "{file}: {kind}");
        }
    }
    let css = |base: &str, file: &str| {
        let url = format!("{base}/__mock/assets/{file}");
        async move { helpers::api().get(url).fetch_text().await }
    };
    let github = css(&t.github, "github.css").await;
    assert!(github.contains("#1f883d"), "GitHub's green primary button");
    assert!(github.contains("#24292f"), "GitHub's dark header");
    let google = css(&t.google, "google.css").await;
    assert!(google.contains("#0b57d0"), "Google's blue primary button");
    assert!(!google.contains("#1f883d"), "no GitHub green on Google");
}

#[tokio::test]
async fn avatars_are_svg_initials_and_unknown_ones_are_404() {
    let t = spawn().await;
    let cases = [
        (&t.github, "ada.svg", "AL"),
        (&t.github, "grace.svg", "GH"),
        (&t.google, &format!("{ADA_SUB}.svg"), "AL"),
    ];
    for (base, file, initials) in cases {
        let response = helpers::api()
            .get(format!("{base}/__mock/avatars/{file}"))
            .fetch()
            .await;
        assert_eq!(response.status(), 200, "{file}");
        assert_eq!(content_type(&response), "image/svg+xml", "{file}");
        let svg = response.text().await.unwrap();
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{svg}"
        );
        assert!(
            svg.contains(&format!(">{initials}</text>")),
            "{file}: {svg}"
        );
    }
    for (base, file) in [
        (&t.github, "nobody.svg"),
        (&t.github, "ada.png"),
        (&t.google, "ada.svg"),
    ] {
        let (status, body) = get_json(&format!("{base}/__mock/avatars/{file}")).await;
        assert_eq!(status, 404, "{file} at {base}");
        assert!(body["error"].is_string(), "a JSON 404: {body}");
    }
}

#[tokio::test]
async fn a_file_name_that_is_not_utf8_is_a_json_404() {
    let t = spawn().await;
    for base in [&t.github, &t.google] {
        for route in ["assets", "avatars"] {
            let url = format!("{base}/__mock/{route}/%FF%FE.css");
            let (status, body) = get_json(&url).await;
            assert_eq!(status, 404, "{url}");
            assert!(body["error"].is_string(), "a JSON 404: {body}");
        }
    }
}

#[tokio::test]
async fn seeded_avatars_point_at_the_mock_in_every_answer() {
    let t = spawn().await;
    let ada = format!("{}/__mock/avatars/ada.svg", t.github);
    let token = gh::token(&t.github, "ada", "read:user").await;
    let user: serde_json::Value = gh::get_user(&t.github, &token).await.json().await.unwrap();
    assert_eq!(user["avatar_url"], ada.as_str(), "/user");
    let (_, state) = get_json(&format!("{}/__mock/state", t.github)).await;
    assert_eq!(state["accounts"][0]["avatar_url"], ada.as_str(), "state");

    let picture = format!("{}/__mock/avatars/{ADA_SUB}.svg", t.google);
    let browser = signed_in(&t.google, "ada@example.com").await;
    let back = authorize(&browser, &t.google, &[]).await;
    let (_, tokens) = exchange(&t.google, &back["code"], &[]).await;
    let access = tokens["access_token"].as_str().unwrap();
    let request = helpers::api().get(format!("{}/v1/userinfo", t.google));
    let (_, info) = request.bearer_auth(access).fetch_json().await;
    assert_eq!(info["picture"], picture.as_str(), "userinfo");
    let (_, state) = get_json(&format!("{}/__mock/state", t.google)).await;
    assert_eq!(state["accounts"][0]["picture"], picture.as_str(), "state");
}
