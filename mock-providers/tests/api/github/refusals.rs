//! Every refusal of the two revocation calls, with the status GitHub answers and the reason
//! the mock records for it.

use mock_providers::api::Outcome;
use reqwest::{RequestBuilder, Response};
use serde_json::Value;

use super::support::{
    CLIENT, OTHER, OTHER_SECRET, SECRET, callback, exchange, last_revocation, revocations, revoke,
    signed_in, spawn, token, token_body, user_status,
};
use crate::helpers::{Fetch, TestMocks, query};

#[tokio::test]
async fn every_refusal_of_both_revocations_is_recorded_with_its_reason() {
    let t = spawn().await;
    let gh = &t.github;
    let live = token(gh, "ada", "read:user").await;
    let theirs = other_apps_token(gh).await;
    let revoked = token(gh, "ada", "read:user").await;
    assert_eq!(revoke(gh, "token", &revoked).await, 204);
    for what in ["token", "grant"] {
        let url = format!("{gh}/applications/{CLIENT}/{what}");
        let tokens = [live.as_str(), theirs.as_str(), revoked.as_str()];
        for (reason, request, status) in refusals(&url, tokens) {
            let response = request.fetch().await;
            assert_eq!(response.status(), status, "{what}: {reason}");
            assert_recorded(&t, what, reason, response, status, &theirs).await;
        }
        let wrong = reqwest::Client::new()
            .get(&url)
            .header("User-Agent", "t")
            .basic_auth(CLIENT, Some(SECRET));
        assert_eq!(wrong.fetch_status().await, 404, "GET on the {what} path");
        let record = last_revocation(&t);
        let reason = record.reason.as_deref();
        assert_eq!(reason, Some("wrong method: GET (expected DELETE)"));
    }
    // A mistyped path under /applications/ is GitHub's 404, and recorded as a revocation
    // meant and refused; a path elsewhere is only a 404.
    let mistyped = reqwest::Client::new()
        .delete(format!("{gh}/applications/{CLIENT}/tokens"))
        .header("User-Agent", "t")
        .basic_auth(CLIENT, Some(SECRET))
        .json(&serde_json::json!({ "access_token": live }));
    assert_eq!(mistyped.fetch_status().await, 404);
    let record = last_revocation(&t);
    assert_eq!(
        record.endpoint,
        format!("DELETE /applications/{CLIENT}/tokens")
    );
    let reason = record.reason.as_deref().unwrap_or_default();
    assert!(reason.starts_with("no such endpoint"), "{reason}");
    let before = revocations(&t).len();
    let elsewhere = reqwest::Client::new().delete(format!("{gh}/elsewhere"));
    assert_eq!(elsewhere.fetch_status().await, 404);
    assert_eq!(revocations(&t).len(), before, "not a revocation");
    let status = user_status(gh, &live).await;
    assert_eq!(status, 200, "no refused call hurt the live token");
    assert_eq!(user_status(gh, &theirs).await, 200, "nor the other app's");
}

/// A token of the other app, for Grace, through its loopback callback.
async fn other_apps_token(gh: &str) -> String {
    let browser = signed_in(gh, "grace").await;
    let url = format!(
        "{gh}/login/oauth/authorize?client_id={OTHER}&redirect_uri=http://127.0.0.1:9/native"
    );
    let target = callback(&browser, &url).await;
    let code = query(&target)["code"].clone();
    let form = [
        ("client_id", OTHER),
        ("client_secret", OTHER_SECRET),
        ("code", code.as_str()),
    ];
    exchange(gh, &form).await["access_token"].clone()
}

/// Every way to get a revocation refused at `url`, with the reason recorded and the status
/// answered; `[live, theirs, revoked]` are Ada's live token, the other app's and a revoked one.
fn refusals<'a>(
    url: &str,
    [live, theirs, revoked]: [&str; 3],
) -> Vec<(&'a str, RequestBuilder, u16)> {
    let raw = || reqwest::Client::new().delete(url);
    let with_ua = || raw().header("User-Agent", "t");
    let ours = || with_ua().basic_auth(CLIENT, Some(SECRET));
    vec![
        (
            "missing User-Agent header",
            raw()
                .basic_auth(CLIENT, Some(SECRET))
                .body(token_body(live)),
            403,
        ),
        ("no HTTP Basic auth", with_ua().body(token_body(live)), 404),
        (
            "wrong client credentials (HTTP Basic auth)",
            with_ua()
                .basic_auth(CLIENT, Some("wrong"))
                .body(token_body(live)),
            404,
        ),
        (
            "the client_id in the path is not the one of the Basic auth",
            with_ua()
                .basic_auth(OTHER, Some(OTHER_SECRET))
                .body(token_body(theirs)),
            404,
        ),
        (
            "body not JSON",
            ours().body(format!("access_token={live}")),
            400,
        ),
        (
            "missing access_token",
            ours().body("{\"access_token\":\"\"}"),
            422,
        ),
        ("missing access_token", ours(), 422),
        ("unknown token", ours().body(token_body("gho_nope")), 404),
        (
            "token already revoked",
            ours().body(token_body(revoked)),
            404,
        ),
        (
            "token belongs to another client",
            ours().body(token_body(theirs)),
            404,
        ),
    ]
}

/// A refusal answered GitHub-style and recorded with its reason (and, for another client's
/// token, whose token it was).
async fn assert_recorded(
    t: &TestMocks,
    what: &str,
    reason: &str,
    response: Response,
    status: u16,
    theirs: &str,
) {
    if status != 403 {
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            body["status"],
            status.to_string(),
            "{what}: {reason}: GitHub-style body {body}"
        );
        let docs = body["documentation_url"].as_str().unwrap();
        assert!(docs.starts_with("https://docs.github.com/"));
    }
    let record = last_revocation(t);
    let endpoint = format!("DELETE /applications/{CLIENT}/{what}");
    assert_eq!(record.endpoint, endpoint);
    assert_eq!(record.outcome, Outcome::Rejected, "{what}: {reason}");
    assert_eq!(record.status, status, "{what}: {reason}");
    assert_eq!(record.reason.as_deref(), Some(reason), "{what}");
    if reason == "token belongs to another client" {
        let token = record.token.as_deref();
        assert_eq!(token, Some(theirs), "the record names the token");
        assert_eq!(record.user.as_deref(), Some("grace"), "and whose it is");
    }
}
