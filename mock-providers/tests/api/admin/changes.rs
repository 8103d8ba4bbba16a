//! The `/__mock/` routes that change a mock: clients, ending a provider session, the clock.
//! Each is checked through the provider routes it affects, not only through its answer.

use serde_json::{Value, json};

use super::{assert_error, get, post, post_raw};
use crate::google::{ADA, ADA_SUB, auth_url, exchange, sign_in};
use crate::helpers::{self, location, spawn};

const DEFAULT_ID: &str = "logout-lab.apps.googleusercontent.com";
const DEFAULT_SECRET: &str = "logout-lab-google-secret";

fn client(id: &str, secret: &str, uris: &[&str]) -> Value {
    json!({"client_id": id, "client_secret": secret, "name": "Test app", "redirect_uris": uris})
}

#[tokio::test]
async fn clients_are_registered_merged_and_refused_with_reasons() {
    let t = spawn().await;
    let url = format!("{}/__mock/clients", t.google);
    let (status, body) = post(&url, client("app2", "s2", &["http://127.0.0.1:4000/cb"])).await;
    assert_eq!(status, 201, "new client: {body}");
    assert_eq!(body["created"], true);
    let (status, body) = post(&url, client("app2", "s2", &["http://127.0.0.1:4001/cb"])).await;
    assert_eq!(status, 200, "same id and secret merge: {body}");
    assert_eq!(
        body["client"]["redirect_uris"],
        json!(["http://127.0.0.1:4000/cb", "http://127.0.0.1:4001/cb"])
    );
    assert_error(
        "other secret",
        post(&url, client("app2", "other", &["http://x/cb"])).await,
        409,
        "secret",
    );

    let (status, list) = get(&url).await;
    assert_eq!(status, 200);
    assert_eq!(
        list["clients"].as_array().unwrap().len(),
        2,
        "default + app2"
    );
    let (_, events) = get(&format!(
        "{}/__mock/events?kind=client_registered",
        t.google
    ))
    .await;
    assert_eq!(
        events["events"].as_array().unwrap().len(),
        2,
        "two client_registered events"
    );

    let cases: [(&str, Value, u16, &str); 10] = [
        (
            "empty id",
            client("", "s", &["http://x/cb"]),
            422,
            "client_id",
        ),
        (
            "empty secret",
            client("a", "", &["http://x/cb"]),
            422,
            "client_secret",
        ),
        ("no URI", client("a", "s", &[]), 422, "redirect_uris"),
        ("relative URI", client("a", "s", &["/cb"]), 422, "/cb"),
        ("ftp URI", client("a", "s", &["ftp://x/cb"]), 422, "http"),
        (
            "fragment",
            client("a", "s", &["http://x/cb#f"]),
            422,
            "fragment",
        ),
        (
            "unknown field",
            json!({"client_id": "a", "client_secret": "s", "redirect_uris": [], "x": 1}),
            422,
            "unknown field",
        ),
        (
            "wrong type",
            json!({"client_id": 5, "client_secret": "s", "redirect_uris": []}),
            422,
            "invalid type",
        ),
        (
            "missing field",
            json!({"client_id": "a", "client_secret": "s"}),
            422,
            "redirect_uris",
        ),
        ("not an object", json!(["a"]), 422, "invalid"),
    ];
    for (what, body, status, needle) in cases {
        assert_error(what, post(&url, body).await, status, needle);
    }
    assert_error(
        "malformed JSON",
        post_raw(&url, "application/json", "{\"client_id\":").await,
        400,
        "JSON",
    );
    assert_error(
        "a 3 MB body",
        post_raw(&url, "application/json", vec![b' '; 3_000_000]).await,
        413,
        "body",
    );
    assert_error(
        "invalid UTF-8",
        post_raw(&url, "application/json", vec![0xff, 0xfe]).await,
        400,
        "JSON",
    );
}

#[tokio::test]
async fn a_registered_redirect_uri_is_then_accepted_by_authorize() {
    let t = spawn().await;
    let browser = helpers::browser();
    sign_in(&browser, &t.google, ADA).await;
    let new_uri = "http://127.0.0.1:45678/auth/google/callback";
    let extra = [("redirect_uri", new_uri)];
    let before = browser
        .get(auth_url(&t.google, &extra))
        .send()
        .await
        .unwrap();
    assert_eq!(
        before.status(),
        400,
        "an unregistered redirect URI is refused"
    );
    let (status, _) = post(
        &format!("{}/__mock/clients", t.google),
        client(DEFAULT_ID, DEFAULT_SECRET, &[new_uri]),
    )
    .await;
    assert_eq!(
        status, 200,
        "the default client takes one more redirect URI"
    );
    let after = browser
        .get(auth_url(&t.google, &extra))
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 200, "now the consent page shows");
    let page = after.text().await.unwrap();
    assert_eq!(
        helpers::hidden_input(&page, "redirect_uri").as_deref(),
        Some(new_uri)
    );
}

#[tokio::test]
async fn ending_a_users_provider_session_brings_back_the_sign_in_page() {
    let t = spawn().await;
    let browser = helpers::browser();
    sign_in(&browser, &t.google, ADA).await;
    let (_, listed) = get(&format!("{}/__mock/sessions", t.google)).await;
    assert_eq!(listed["sessions"][0]["username"], ADA, "listed: {listed}");
    let signed_in = browser.get(auth_url(&t.google, &[])).send().await.unwrap();
    assert_eq!(
        signed_in.status(),
        200,
        "signed in: the consent page, no sign-in"
    );

    let url = format!("{}/__mock/sessions/end", t.google);
    let (status, body) = post(&url, json!({"user": "ADA@example.com"})).await;
    assert_eq!(status, 200, "end: {body}");
    assert_eq!(body, json!({"user": ADA_SUB, "ended": 1}));
    let after = browser.get(auth_url(&t.google, &[])).send().await.unwrap();
    assert_eq!(after.status(), 302);
    assert!(
        location(&after).starts_with("/ServiceLogin"),
        "sign-in again: {}",
        location(&after)
    );
    let (_, events) = get(&format!(
        "{}/__mock/events?kind=provider_session_ended",
        t.google
    ))
    .await;
    assert_eq!(events["events"][0]["user"], ADA_SUB);

    assert_error(
        "unknown user",
        post(&url, json!({"user": "nobody"})).await,
        404,
        "nobody",
    );
    assert_error("missing user", post(&url, json!({})).await, 422, "user");
    assert_error(
        "GitHub users are GitHub's",
        post(
            &format!("{}/__mock/sessions/end", t.github),
            json!({"user": "bob@example.com"}),
        )
        .await,
        404,
        "bob",
    );
    let (status, body) = post(
        &format!("{}/__mock/sessions/end", t.github),
        json!({"user": "ada"}),
    )
    .await;
    assert_eq!(
        (status, &body["ended"]),
        (200, &json!(0)),
        "no session to end is fine"
    );
}

#[tokio::test]
async fn the_clock_moves_forward_and_codes_expire_with_it() {
    let t = spawn().await;
    let browser = helpers::browser();
    sign_in(&browser, &t.google, ADA).await;
    let back = crate::google::authorize(&browser, &t.google, &[]).await;
    let url = format!("{}/__mock/clock", t.google);
    let (status, body) = post(&url, json!({"advance_seconds": 601})).await;
    assert_eq!(status, 200, "advance: {body}");
    assert_eq!(body["offset_seconds"], 601);
    let (_, clock) = get(&url).await;
    assert_eq!(clock["offset_seconds"], 601, "GET /__mock/clock");
    let (status, answer) = exchange(&t.google, &back["code"], &[]).await;
    assert_eq!(
        (status, answer["error"].as_str()),
        (400, Some("invalid_grant")),
        "the code expired"
    );
    let (_, events) = get(&format!("{}/__mock/events?kind=clock_advanced", t.google)).await;
    assert_eq!(
        events["events"].as_array().unwrap().len(),
        1,
        "clock_advanced recorded"
    );

    assert_error(
        "negative",
        post(&url, json!({"advance_seconds": -5})).await,
        422,
        "advance_seconds",
    );
    assert_error(
        "string",
        post(&url, json!({"advance_seconds": "5"})).await,
        422,
        "advance_seconds",
    );
    assert_error(
        "missing",
        post(&url, json!({})).await,
        422,
        "advance_seconds",
    );
    assert_error(
        "a century",
        post(&url, json!({"advance_seconds": 4_000_000_000u64})).await,
        422,
        "100 years",
    );
    let (_, clock) = get(&url).await;
    assert_eq!(clock["offset_seconds"], 601, "refused moves change nothing");
}
