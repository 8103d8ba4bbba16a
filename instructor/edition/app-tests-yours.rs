//! Your own tests: one example to start from. Add yours as you write the exercises, for
//! instance that `POST /logout` answers `{"message":"Logged out"}` and that `/me` then answers
//! 401. Run them with `cargo test -p app`.

use reqwest::StatusCode;

use crate::helpers::{Provider, spawn_app};

#[tokio::test]
async fn logging_in_with_github_signs_the_user_in() {
    let app = spawn_app().await;
    app.login_ok(Provider::GitHub, "grace").await;
    let (status, me) = app.me().await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert!(me["githubId"].is_string(), "{me}");
}
