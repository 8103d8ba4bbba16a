//! The `/__mock/` routes that change a mock: clients, ending a provider session, the clock.
//! Each is checked through the provider routes it affects, not only through its answer.

use serde_json::{Value, json};

use crate::google::support::{
    ADA, ADA_SUB, CLIENT, SECRET, authorize, authorize_url, exchange, signed_in,
};
use crate::helpers::{
    Fetch, assert_error, get_json, hidden_input, location, post_json, post_raw, spawn,
};

fn client(id: &str, secret: &str, uris: &[&str]) -> Value {
    json!({"client_id": id, "client_secret": secret, "name": "Test app", "redirect_uris": uris})
}

#[tokio::test]
async fn clients_are_registered_merged_and_refused_with_reasons() {
    let t = spawn().await;
    let url = format!("{}/__mock/clients", t.google);
    let first = client("app2", "s2", &["http://127.0.0.1:4000/cb"]);
    let (status, body) = post_json(&url, first).await;
    assert_eq!(status, 201, "new client: {body}");
    assert_eq!(body["created"], true);
    let second = client("app2", "s2", &["http://127.0.0.1:4001/cb"]);
    let (status, body) = post_json(&url, second).await;
    assert_eq!(status, 200, "same id and secret merge: {body}");
    assert_eq!(
        body["client"]["redirect_uris"],
        json!(["http://127.0.0.1:4000/cb", "http://127.0.0.1:4001/cb"])
    );
    let other = client("app2", "other", &["http://x/cb"]);
    assert_error("other secret", post_json(&url, other).await, 409, "secret");

    let (status, list) = get_json(&url).await;
    assert_eq!(status, 200);
    let count = list["clients"].as_array().unwrap().len();
    assert_eq!(count, 2, "default + app2");
    let events = format!("{}/__mock/events?kind=client_registered", t.google);
    let (_, events) = get_json(&events).await;
    let registered = events["events"].as_array().unwrap().len();
    assert_eq!(registered, 2, "two client_registered events");
    for (what, body, status, needle) in bad_clients() {
        assert_error(what, post_json(&url, body).await, status, needle);
    }
    let malformed = post_raw(&url, "application/json", "{\"client_id\":").await;
    assert_error("malformed JSON", malformed, 400, "JSON");
    let huge = post_raw(&url, "application/json", vec![b' '; 3_000_000]).await;
    assert_error("a 3 MB body", huge, 413, "body");
    let utf8 = post_raw(&url, "application/json", vec![0xff, 0xfe]).await;
    assert_error("invalid UTF-8", utf8, 400, "JSON");
}

/// Clients the mock refuses: (what, body, status, what the error mentions).
fn bad_clients() -> [(&'static str, Value, u16, &'static str); 10] {
    [
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
    ]
}

#[tokio::test]
async fn a_registered_redirect_uri_is_then_accepted_by_authorize() {
    let t = spawn().await;
    let browser = signed_in(&t.google, ADA).await;
    let new_uri = "http://127.0.0.1:45678/auth/google/callback";
    let url = authorize_url(&t.google, &[("redirect_uri", new_uri)]);
    let before = browser.get(&url).fetch_status().await;
    assert_eq!(before, 400, "an unregistered redirect URI is refused");
    let clients = format!("{}/__mock/clients", t.google);
    let (status, _) = post_json(&clients, client(CLIENT, SECRET, &[new_uri])).await;
    assert_eq!(
        status, 200,
        "the default client takes one more redirect URI"
    );
    let after = browser.get(&url).fetch().await;
    assert_eq!(after.status(), 200, "now the consent page shows");
    let page = after.text().await.unwrap();
    assert_eq!(
        hidden_input(&page, "redirect_uri").as_deref(),
        Some(new_uri)
    );
}

#[tokio::test]
async fn ending_a_users_provider_session_brings_back_the_sign_in_page() {
    let t = spawn().await;
    let g = &t.google;
    let browser = signed_in(g, ADA).await;
    let (_, listed) = get_json(&format!("{g}/__mock/sessions")).await;
    assert_eq!(listed["sessions"][0]["username"], ADA, "listed: {listed}");
    let signed = browser.get(authorize_url(g, &[])).fetch_status().await;
    assert_eq!(signed, 200, "signed in: the consent page, no sign-in");

    let url = format!("{g}/__mock/sessions/end");
    let (status, body) = post_json(&url, json!({"user": "ADA@example.com"})).await;
    assert_eq!(status, 200, "end: {body}");
    assert_eq!(body, json!({"user": ADA_SUB, "ended": 1}));
    let after = browser.get(authorize_url(g, &[])).fetch().await;
    assert_eq!(after.status(), 302);
    let to = location(&after);
    assert!(to.starts_with("/ServiceLogin"), "sign-in again: {to}");
    let kind = format!("{g}/__mock/events?kind=provider_session_ended");
    let (_, events) = get_json(&kind).await;
    assert_eq!(events["events"][0]["user"], ADA_SUB);

    let nobody = post_json(&url, json!({"user": "nobody"})).await;
    assert_error("unknown user", nobody, 404, "nobody");
    assert_error(
        "missing user",
        post_json(&url, json!({})).await,
        422,
        "user",
    );
    let at_github = format!("{}/__mock/sessions/end", t.github);
    let bob = post_json(&at_github, json!({"user": "bob@example.com"})).await;
    assert_error("GitHub users are GitHub's", bob, 404, "bob");
    let (status, body) = post_json(&at_github, json!({"user": "ada"})).await;
    let ended = (status, &body["ended"]);
    assert_eq!(ended, (200, &json!(0)), "no session to end is fine");
}

#[tokio::test]
async fn the_clock_moves_forward_and_codes_expire_with_it() {
    let t = spawn().await;
    let browser = signed_in(&t.google, ADA).await;
    let back = authorize(&browser, &t.google, &[]).await;
    let url = format!("{}/__mock/clock", t.google);
    let (status, body) = post_json(&url, json!({"advance_seconds": 601})).await;
    assert_eq!(status, 200, "advance: {body}");
    assert_eq!(body["offset_seconds"], 601);
    let (_, clock) = get_json(&url).await;
    assert_eq!(clock["offset_seconds"], 601, "GET /__mock/clock");
    let (status, answer) = exchange(&t.google, &back["code"], &[]).await;
    let refused = (status, answer["error"].as_str());
    assert_eq!(refused, (400, Some("invalid_grant")), "the code expired");
    let kind = format!("{}/__mock/events?kind=clock_advanced", t.google);
    let (_, events) = get_json(&kind).await;
    let advanced = events["events"].as_array().unwrap().len();
    assert_eq!(advanced, 1, "clock_advanced recorded");

    for (what, body, needle) in [
        (
            "negative",
            json!({"advance_seconds": -5}),
            "advance_seconds",
        ),
        ("string", json!({"advance_seconds": "5"}), "advance_seconds"),
        ("missing", json!({}), "advance_seconds"),
        (
            "a century",
            json!({"advance_seconds": 4_000_000_000u64}),
            "100 years",
        ),
    ] {
        assert_error(what, post_json(&url, body).await, 422, needle);
    }
    let (_, clock) = get_json(&url).await;
    assert_eq!(clock["offset_seconds"], 601, "refused moves change nothing");
}
