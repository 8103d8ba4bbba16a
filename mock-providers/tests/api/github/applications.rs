//! The four `/applications/{client_id}/...` calls accepted, and what each does to tokens and
//! grants (their refusals are `refusals`).

use mock_providers::api::Outcome;
use reqwest::Method;

use super::support::{
    CLIENT, SECRET, app_call, authorize_url, has_event, last_revocation, revocations, revoke,
    signed_in, spawn, token, token_body, user_status,
};
use crate::helpers::{Fetch, json_of};

/// Two live tokens of the default client for Ada, of one grant.
async fn two_tokens(gh: &str) -> (String, String) {
    let one = token(gh, "ada", "read:user").await;
    let two = token(gh, "ada", "read:user").await;
    (one, two)
}

/// The status of authorize for `read:user` in a browser signed in as Ada: 302 straight
/// back to the app while it is authorized, 200 for the consent page.
async fn authorize_status(gh: &str) -> u16 {
    let browser = signed_in(gh, "ada").await;
    let url = authorize_url(gh, &[("scope", "read:user")]);
    browser.get(url).fetch_status().await
}

#[tokio::test]
async fn delete_token_revokes_one_token_and_keeps_the_grant() {
    let t = spawn().await;
    let gh = &t.github;
    let (one, two) = two_tokens(gh).await;
    let body = token_body(&one);
    let r = app_call(gh, Method::DELETE, "token", (CLIENT, SECRET), &body).await;
    assert_eq!(r.status(), 204);
    assert_eq!(r.text().await.unwrap(), "", "204 has no body");
    assert_eq!(
        user_status(gh, &one).await,
        401,
        "the revoked token is dead"
    );
    assert_eq!(user_status(gh, &two).await, 200, "the other token lives");
    let status = authorize_status(gh).await;
    assert_eq!(status, 302, "the app stays authorized: no consent");
    let again = app_call(gh, Method::DELETE, "token", (CLIENT, SECRET), &body).await;
    assert_eq!(again.status(), 404, "a second revocation: 404");
    assert_eq!(json_of(again).await.1["message"], "Not Found");
}

#[tokio::test]
async fn delete_grant_revokes_every_token_and_consent_shows_again() {
    let t = spawn().await;
    let gh = &t.github;
    let (one, two) = two_tokens(gh).await;
    assert_eq!(revoke(gh, "grant", &one).await, 204);
    assert_eq!(user_status(gh, &one).await, 401);
    assert_eq!(
        user_status(gh, &two).await,
        401,
        "all the grant's tokens die"
    );
    let record = last_revocation(&t);
    assert_eq!(record.outcome, Outcome::Accepted);
    let mut expected = vec![one.clone(), two.clone()];
    expected.sort();
    assert_eq!(record.revoked_tokens, expected);
    let status = authorize_status(gh).await;
    assert_eq!(status, 200, "consent shows again");
    assert!(has_event(&t, "grant_removed"));
    let gone = revoke(gh, "grant", &one).await;
    assert_eq!(gone, 404, "the grant's token is revoked now");
}

/// `{method} /applications/{CLIENT}/token` with this body, as the default client.
async fn call(gh: &str, method: Method, body: &str) -> reqwest::Response {
    app_call(gh, method, "token", (CLIENT, SECRET), body).await
}

#[tokio::test]
async fn checking_and_resetting_a_token_are_not_served_and_are_recorded_as_refused() {
    let t = spawn().await;
    let gh = &t.github;
    let live = token(gh, "grace", "read:user,user:email").await;
    for method in [Method::POST, Method::PATCH] {
        let answer = call(gh, method.clone(), &token_body(&live)).await;
        assert_eq!(answer.status(), 404, "{method}");
        let record = revocations(&t).pop().expect("recorded");
        assert_eq!(record.outcome, Outcome::Rejected, "{method}");
        let reason = format!("wrong method: {method} (expected DELETE)");
        assert_eq!(record.reason.as_deref(), Some(reason.as_str()));
    }
    assert_eq!(user_status(gh, &live).await, 200, "the token still works");
}
