//! The four `/applications/{client_id}/...` calls: every status, every refusal reason of the
//! two revocations as the mock records it, and what each call does to tokens and grants.

use mock_providers::api::Outcome;
use reqwest::Method;
use serde_json::Value;

use super::support::{
    CLIENT, SECRET, app_call, authorize_url, get_user, last_revocation, revocations, signed_in,
    spawn, token, token_body,
};

async fn json(response: reqwest::Response) -> Value {
    response.json().await.unwrap()
}

#[tokio::test]
async fn delete_token_revokes_one_token_and_keeps_the_grant() {
    let mocks = spawn().await;
    let gh = &mocks.github;
    let one = token(gh, "ada", "read:user").await;
    let two = token(gh, "ada", "read:user").await;
    let r = app_call(
        gh,
        Method::DELETE,
        "token",
        (CLIENT, SECRET),
        &token_body(&one),
    )
    .await;
    assert_eq!(r.status(), 204);
    assert_eq!(r.text().await.unwrap(), "", "204 has no body");
    assert_eq!(
        get_user(gh, &one).await.status(),
        401,
        "the revoked token is dead"
    );
    assert_eq!(
        get_user(gh, &two).await.status(),
        200,
        "the other token lives"
    );
    let browser = signed_in(gh, "ada").await;
    let again = browser
        .get(authorize_url(gh, &[("scope", "read:user")]))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 302, "the app stays authorized: no consent");
    let again = app_call(
        gh,
        Method::DELETE,
        "token",
        (CLIENT, SECRET),
        &token_body(&one),
    )
    .await;
    assert_eq!(again.status(), 404, "a second revocation: 404");
    assert_eq!(json(again).await["message"], "Not Found");
}

#[tokio::test]
async fn delete_grant_revokes_every_token_and_consent_shows_again() {
    let mocks = spawn().await;
    let gh = &mocks.github;
    let one = token(gh, "ada", "read:user").await;
    let two = token(gh, "ada", "read:user").await;
    let r = app_call(
        gh,
        Method::DELETE,
        "grant",
        (CLIENT, SECRET),
        &token_body(&one),
    )
    .await;
    assert_eq!(r.status(), 204);
    assert_eq!(get_user(gh, &one).await.status(), 401);
    assert_eq!(
        get_user(gh, &two).await.status(),
        401,
        "all the grant's tokens die"
    );
    let record = last_revocation(&mocks);
    assert_eq!(record.outcome, Outcome::Accepted);
    let mut expected = vec![one.clone(), two.clone()];
    expected.sort();
    assert_eq!(record.revoked_tokens, expected);
    let browser = signed_in(gh, "ada").await;
    let again = browser
        .get(authorize_url(gh, &[("scope", "read:user")]))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 200, "consent shows again");
    let events: Vec<&str> = mocks
        .mocks
        .github
        .store()
        .lock()
        .events
        .iter()
        .map(|e| e.kind.as_str())
        .collect();
    assert!(events.contains(&"grant_removed"));
    let gone = app_call(
        gh,
        Method::DELETE,
        "grant",
        (CLIENT, SECRET),
        &token_body(&one),
    )
    .await;
    assert_eq!(gone.status(), 404, "the grant's token is revoked now");
}

#[tokio::test]
async fn check_answers_the_authorization_object_and_reset_replaces_the_token() {
    let mocks = spawn().await;
    let gh = &mocks.github;
    let old = token(gh, "grace", "read:user,user:email").await;
    let checked = app_call(
        gh,
        Method::POST,
        "token",
        (CLIENT, SECRET),
        &token_body(&old),
    )
    .await;
    assert_eq!(checked.status(), 200);
    let auth = json(checked).await;
    assert_eq!(auth["token"], old.as_str());
    assert_eq!(
        auth["scopes"],
        serde_json::json!(["read:user", "user:email"])
    );
    assert_eq!(auth["app"]["client_id"], CLIENT);
    assert_eq!(auth["app"]["name"], "Logout Lab");
    assert_eq!(auth["user"]["login"], "grace");
    assert_eq!(auth["user"]["id"], 1_000_002);
    assert_eq!(auth["token_last_eight"], &old[old.len() - 8..]);
    for field in ["id", "url", "hashed_token", "created_at", "updated_at"] {
        assert!(!auth[field].is_null(), "the authorization has {field}");
    }
    let reset = app_call(
        gh,
        Method::PATCH,
        "token",
        (CLIENT, SECRET),
        &token_body(&old),
    )
    .await;
    assert_eq!(reset.status(), 200);
    let fresh = json(reset).await;
    let new = fresh["token"].as_str().unwrap().to_string();
    assert!(new.starts_with("gho_") && new != old, "a new token: {new}");
    assert_eq!(fresh["id"], auth["id"], "the same authorization");
    assert_eq!(get_user(gh, &old).await.status(), 401, "the old token died");
    assert_eq!(get_user(gh, &new).await.status(), 200, "the new one works");
    for method in [Method::POST, Method::PATCH] {
        let dead = app_call(
            gh,
            method.clone(),
            "token",
            (CLIENT, SECRET),
            &token_body(&old),
        )
        .await;
        assert_eq!(dead.status(), 404, "{method} with the dead token");
        let empty = app_call(gh, method.clone(), "token", (CLIENT, SECRET), "{}").await;
        assert_eq!(empty.status(), 422, "{method} without access_token");
        let garbage = app_call(gh, method.clone(), "token", (CLIENT, SECRET), "not json").await;
        assert_eq!(
            garbage.status(),
            400,
            "{method} with a body that is not JSON"
        );
        assert_eq!(json(garbage).await["message"], "Problems parsing JSON");
        let wrong = app_call(
            gh,
            method.clone(),
            "token",
            (CLIENT, "bad"),
            &token_body(&new),
        )
        .await;
        assert_eq!(wrong.status(), 404, "{method} with wrong credentials");
    }
    let kinds: Vec<&str> = mocks
        .mocks
        .github
        .store()
        .lock()
        .events
        .iter()
        .map(|e| e.kind.as_str())
        .collect();
    assert!(kinds.contains(&"token_checked") && kinds.contains(&"token_reset"));
    assert!(
        revocations(&mocks).is_empty(),
        "checking and resetting are not revocation calls"
    );
}
