//! What a client registration may carry is bounded (F4): redirect URIs per client, the length
//! of each, the length of the id, secret and name, and clients in all, each refused with a
//! 422 that names the bound; and a `client_registered` event says what was added, never
//! the whole list, so that the event log does not grow with the square of the requests.

use serde_json::{Value, json};

use crate::helpers::{api, assert_error, get_json, post_json, spawn};

fn client(id: &str, secret: &str, uris: &[String]) -> Value {
    json!({"client_id": id, "client_secret": secret, "redirect_uris": uris})
}

/// The size in bytes of the JSON document at `url`.
async fn doc_size(url: &str) -> usize {
    api()
        .get(url)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .len()
}

/// 20 registrations of 2,000 redirect URIs each took the mock from 11 to 580 MiB.
#[tokio::test]
async fn registrations_of_thousands_of_redirect_uris_are_refused_naming_the_bound() {
    let t = spawn().await;
    let url = format!("{}/__mock/clients", t.google);
    let uris: Vec<String> = (0..2000)
        .map(|i| format!("http://127.0.0.1:4000/auth/google/callback/{i}"))
        .collect();
    for _ in 0..20 {
        let got = post_json(&url, client("flood", "s", &uris)).await;
        assert_error("2,000 redirect URIs", got, 422, "at most 100 redirect URIs");
    }
    let (_, clients) = get_json(&url).await;
    assert_eq!(
        clients["clients"].as_array().unwrap().len(),
        1,
        "none added"
    );
    let events = format!("{}/__mock/events", t.google);
    assert!(
        doc_size(&events).await < 16 * 1024,
        "the event log stays small"
    );
}

/// 2,000 requests of one 1 KiB redirect URI each took the mock to 3.2 GB: each event held
/// the client's whole list. Now the list stops at its bound, and each event holds one URI.
#[tokio::test]
async fn redirect_uris_added_one_at_a_time_stop_at_the_bound_and_events_stay_short() {
    let t = spawn().await;
    let url = format!("{}/__mock/clients", t.github);
    let (id, secret) = (
        common::defaults::GITHUB_CLIENT_ID,
        common::defaults::GITHUB_CLIENT_SECRET,
    );
    let padding = "p".repeat(1000);
    let mut refused = 0;
    for i in 0..300 {
        let uri = format!("http://127.0.0.1:4000/cb/{i}/{padding}");
        let (status, body) = post_json(&url, client(id, secret, &[uri])).await;
        match status {
            200 => assert_eq!(refused, 0, "nothing is added once refused: {body}"),
            422 => {
                let error = body["error"].as_str().unwrap();
                assert!(error.contains("at most 100 redirect URIs"), "{error}");
                refused += 1;
            }
            _ => panic!("{i}: {status} {body}"),
        }
    }
    assert_eq!(refused, 300 - 99, "the seeded URI and 99 more");
    let events = format!("{}/__mock/events?kind=client_registered", t.github);
    let (_, doc) = get_json(&events).await;
    let events = doc["events"].as_array().unwrap();
    assert_eq!(events.len(), 99);
    for event in events {
        let summary = event["summary"].as_str().unwrap();
        assert!(summary.len() < 1200, "one URI, not the list: {summary}");
        assert!(summary.contains("in all"), "and the count: {summary}");
    }
    let whole = format!("{}/__mock/events", t.github);
    assert!(
        doc_size(&whole).await < 512 * 1024,
        "the log grows linearly"
    );
}

#[tokio::test]
async fn long_fields_and_too_many_clients_are_refused_naming_the_bound() {
    let t = spawn().await;
    let url = format!("{}/__mock/clients", t.google);
    let ok = || vec!["http://127.0.0.1:4000/cb".to_string()];
    let long_uri = vec![format!("http://127.0.0.1:4000/{}", "x".repeat(3000))];
    let got = post_json(&url, client("long", "s", &long_uri)).await;
    assert_error("a 3,000-byte URI", got, 422, "at most 2048 bytes");
    let long_id = "i".repeat(300);
    let got = post_json(&url, client(&long_id, "s", &ok())).await;
    assert_error(
        "a 300-byte client_id",
        got,
        422,
        "`client_id` may be at most 256 bytes",
    );
    let long_secret = "s".repeat(300);
    let got = post_json(&url, client("a", &long_secret, &ok())).await;
    assert_error(
        "a 300-byte secret",
        got,
        422,
        "`client_secret` may be at most 256 bytes",
    );
    let named = json!({"client_id": "n", "client_secret": "s", "name": "n".repeat(300),
        "redirect_uris": ok()});
    assert_error(
        "a 300-byte name",
        post_json(&url, named).await,
        422,
        "`name`",
    );
    for i in 1..100 {
        let (status, body) = post_json(&url, client(&format!("app{i}"), "s", &ok())).await;
        assert_eq!(status, 201, "client {i}: {body}");
    }
    let got = post_json(&url, client("one-too-many", "s", &ok())).await;
    assert_error("the 101st client", got, 422, "at most 100 clients");
    let again = post_json(&url, client("app1", "s", &ok())).await;
    assert_eq!(
        again.0, 200,
        "an existing client still takes its URIs: {}",
        again.1
    );
}
