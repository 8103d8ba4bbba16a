//! Every refusal of the two revocation calls, with the status GitHub answers and the reason
//! the mock records for it.

use mock_providers::api::Outcome;
use reqwest::Method;
use serde_json::Value;

use super::support::{
    CLIENT, OTHER, OTHER_SECRET, SECRET, app_call, get_user, last_revocation, signed_in, spawn,
    token, token_body,
};

#[tokio::test]
async fn every_refusal_of_both_revocations_is_recorded_with_its_reason() {
    let mocks = spawn().await;
    let gh = &mocks.github;
    let live = token(gh, "ada", "read:user").await;
    let theirs = {
        // A token of the other app, through its loopback callback.
        let browser = signed_in(gh, "grace").await;
        let url = format!(
            "{gh}/login/oauth/authorize?client_id={OTHER}&redirect_uri=http://127.0.0.1:9/native"
        );
        let target = super::support::callback(&browser, gh, &url).await;
        let code = crate::helpers::query(&target)["code"].clone();
        let answer = super::support::exchange(
            gh,
            &[
                ("client_id", OTHER),
                ("client_secret", OTHER_SECRET),
                ("code", &code),
            ],
        )
        .await;
        answer["access_token"].clone()
    };
    let revoked = token(gh, "ada", "read:user").await;
    let r = app_call(
        gh,
        Method::DELETE,
        "token",
        (CLIENT, SECRET),
        &token_body(&revoked),
    )
    .await;
    assert_eq!(r.status(), 204);

    for what in ["token", "grant"] {
        let url = format!("{gh}/applications/{CLIENT}/{what}");
        let raw = reqwest::Client::new();
        let cases: Vec<(&str, reqwest::RequestBuilder, u16)> = vec![
            (
                "missing User-Agent header",
                raw.delete(&url)
                    .basic_auth(CLIENT, Some(SECRET))
                    .body(token_body(&live)),
                403,
            ),
            (
                "no HTTP Basic auth",
                raw.delete(&url)
                    .header("User-Agent", "t")
                    .body(token_body(&live)),
                404,
            ),
            (
                "wrong client credentials (HTTP Basic auth)",
                raw.delete(&url)
                    .header("User-Agent", "t")
                    .basic_auth(CLIENT, Some("wrong"))
                    .body(token_body(&live)),
                404,
            ),
            (
                "the client_id in the path is not the one of the Basic auth",
                raw.delete(&url)
                    .header("User-Agent", "t")
                    .basic_auth(OTHER, Some(OTHER_SECRET))
                    .body(token_body(&theirs)),
                404,
            ),
            (
                "body not JSON",
                raw.delete(&url)
                    .header("User-Agent", "t")
                    .basic_auth(CLIENT, Some(SECRET))
                    .body(format!("access_token={live}")),
                400,
            ),
            (
                "missing access_token",
                raw.delete(&url)
                    .header("User-Agent", "t")
                    .basic_auth(CLIENT, Some(SECRET))
                    .body("{\"access_token\":\"\"}"),
                422,
            ),
            (
                "missing access_token",
                raw.delete(&url)
                    .header("User-Agent", "t")
                    .basic_auth(CLIENT, Some(SECRET)),
                422,
            ),
            (
                "unknown token",
                raw.delete(&url)
                    .header("User-Agent", "t")
                    .basic_auth(CLIENT, Some(SECRET))
                    .body(token_body("gho_nope")),
                404,
            ),
            (
                "token already revoked",
                raw.delete(&url)
                    .header("User-Agent", "t")
                    .basic_auth(CLIENT, Some(SECRET))
                    .body(token_body(&revoked)),
                404,
            ),
            (
                "token belongs to another client",
                raw.delete(&url)
                    .header("User-Agent", "t")
                    .basic_auth(CLIENT, Some(SECRET))
                    .body(token_body(&theirs)),
                404,
            ),
        ];
        for (reason, request, status) in cases {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), status, "{what}: {reason}");
            if status != 403 {
                let body: Value = response.json().await.unwrap();
                assert_eq!(
                    body["status"],
                    status.to_string(),
                    "{what}: {reason}: GitHub-style body {body}"
                );
                assert!(
                    body["documentation_url"]
                        .as_str()
                        .unwrap()
                        .starts_with("https://docs.github.com/")
                );
            }
            let record = last_revocation(&mocks);
            assert_eq!(
                record.endpoint,
                format!("DELETE /applications/{CLIENT}/{what}")
            );
            assert_eq!(record.outcome, Outcome::Rejected, "{what}: {reason}");
            assert_eq!(record.status, status, "{what}: {reason}");
            assert_eq!(record.reason.as_deref(), Some(reason), "{what}");
            if reason == "token belongs to another client" {
                assert_eq!(
                    record.token.as_deref(),
                    Some(theirs.as_str()),
                    "the record names the token"
                );
                assert_eq!(record.user.as_deref(), Some("grace"), "and whose it is");
            }
        }
        let wrong = reqwest::Client::new()
            .get(&url)
            .header("User-Agent", "t")
            .basic_auth(CLIENT, Some(SECRET))
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 404, "GET on the {what} path");
        let record = last_revocation(&mocks);
        assert_eq!(
            record.reason.as_deref(),
            Some("wrong method: GET (expected DELETE)")
        );
    }
    assert_eq!(
        get_user(gh, &live).await.status(),
        200,
        "no refused call hurt the live token"
    );
    assert_eq!(
        get_user(gh, &theirs).await.status(),
        200,
        "nor the other app's"
    );
}
