//! `/__mock/events` and `/__mock/revocations`: rising sequence numbers, `since`, `kind`,
//! waiting for the mock to be quiet (`quiet_ms`), and logs that stay bounded.

use mock_providers::Options;
use mock_providers::store::Limits;
use serde_json::{Value, json};

use crate::google::support::revoke;
use crate::helpers::{assert_error, get_json, post_json, spawn, spawn_with, strings};

/// A refused revocation at the mock Google: an unknown token.
async fn refused_revocation(base: &str, token: &str) {
    let (status, _) = revoke(base, token).await;
    assert_eq!(status, 400, "an unknown token is refused");
}

fn seqs(list: &Value) -> Vec<u64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_u64().unwrap())
        .collect()
}

#[tokio::test]
async fn quiet_ms_answers_once_the_mock_has_logged_nothing_for_that_long() {
    let t = spawn().await;
    let base = t.github.clone();
    let advance = || async {
        let (status, _) = post_json(
            &format!("{}/__mock/clock", t.github),
            json!({"advance_seconds": 1}),
        )
        .await;
        assert_eq!(status, 200);
    };
    advance().await;
    let (_, before) = get_json(&format!("{base}/__mock/events")).await;
    let since = before["next_seq"].as_u64().unwrap() - 1;
    // Asked to wait for 300 ms of quiet; an event 100 ms in starts the quiet time again.
    let started = std::time::Instant::now();
    let waiting = tokio::spawn(async move {
        get_json(&format!("{base}/__mock/events?since={since}&quiet_ms=300")).await
    });
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    advance().await;
    let (status, settled) = waiting.await.unwrap();
    assert_eq!(status, 200, "{settled}");
    assert_eq!(
        seqs(&settled["events"]),
        [since + 1],
        "the event logged meanwhile"
    );
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(400),
        "300 ms of quiet after the event 100 ms in: {:?}",
        started.elapsed()
    );
    for bad in ["quiet_ms=-1", "quiet_ms=soon", "quiet_ms=10001"] {
        let answer = get_json(&format!("{}/__mock/events?{bad}", t.github)).await;
        assert_error(bad, answer, 400, "quiet_ms");
    }
}

#[tokio::test]
async fn events_rise_and_since_and_kind_filter_them() {
    let t = spawn().await;
    let base = &t.github;
    for seconds in [1, 2, 3] {
        let advance = json!({"advance_seconds": seconds});
        let (status, _) = post_json(&format!("{base}/__mock/clock"), advance).await;
        assert_eq!(status, 200);
    }
    refused_revocation(&t.google, "x").await;
    let events =
        |query: String| async move { get_json(&format!("{base}/__mock/events{query}")).await };
    let (status, all) = events(String::new()).await;
    assert_eq!(status, 200);
    assert_eq!(all["provider"], "github");
    let all_seqs = seqs(&all["events"]);
    let count = all_seqs.len();
    assert_eq!(count, 3, "three clock events at GitHub, none of Google's");
    let rising = all_seqs.windows(2).all(|w| w[0] < w[1]);
    assert!(rising, "rising: {all_seqs:?}");
    let next = all["next_seq"].as_u64().unwrap();
    assert_eq!(next, all_seqs[2] + 1, "next_seq");
    assert_eq!(all["events"][0]["kind"], "clock_advanced");
    assert!(all["events"][0]["time"].is_string());

    let (_, newer) = events(format!("?since={}", all_seqs[1])).await;
    let newer = seqs(&newer["events"]);
    assert_eq!(newer, [all_seqs[2]], "only events after `since`");
    let (_, none) = events(format!("?since={}", all_seqs[2])).await;
    assert!(none["events"].as_array().unwrap().is_empty(), "nothing new");

    let (_, kind) = events("?kind=reset".into()).await;
    let no_reset = kind["events"].as_array().unwrap().is_empty();
    assert!(no_reset, "no reset yet");
    let (_, kind) = events(format!("?kind=clock_advanced&since={}", all_seqs[0])).await;
    let combined = seqs(&kind["events"]);
    assert_eq!(combined, &all_seqs[1..], "kind and since combine");

    assert_error("since=abc", events("?since=abc".into()).await, 400, "since");
    assert_error("since=-1", events("?since=-1".into()).await, 400, "since");
    let revocations = get_json(&format!("{base}/__mock/revocations?since=x")).await;
    assert_error("since on revocations", revocations, 400, "since");
}

#[tokio::test]
async fn revocations_are_recorded_with_their_reason_and_filtered_by_since() {
    let t = spawn().await;
    let base = &t.google;
    refused_revocation(base, "first").await;
    refused_revocation(base, "second").await;
    let (status, log) = get_json(&format!("{base}/__mock/revocations")).await;
    assert_eq!(status, 200);
    assert_eq!(log["provider"], "google");
    let list = log["revocations"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["token"], "first");
    assert_eq!(list[0]["outcome"], "rejected");
    assert_eq!(list[0]["status"], 400);
    assert!(list[0]["reason"].is_string(), "a reason: {}", list[0]);
    let first = list[0]["seq"].as_u64().unwrap();
    let (_, later) = get_json(&format!("{base}/__mock/revocations?since={first}")).await;
    let later = later["revocations"].as_array().unwrap();
    assert_eq!(later.len(), 1, "since filters revocations");
    assert_eq!(later[0]["token"], "second");
}

#[tokio::test]
async fn logs_are_bounded_and_keep_the_newest() {
    let options = Options {
        limits: Limits {
            events: 3,
            revocations: 2,
            ..Limits::default()
        },
        ..Options::default()
    };
    let t = spawn_with(options).await;
    for i in 0..5 {
        refused_revocation(&t.google, &format!("token-{i}")).await;
    }
    let (_, events) = get_json(&format!("{}/__mock/events", t.google)).await;
    let seqs = seqs(&events["events"]);
    assert_eq!(seqs.len(), 3, "events capped at 3: {seqs:?}");
    assert_eq!(seqs, [3, 4, 5], "the newest stay");
    let (_, log) = get_json(&format!("{}/__mock/revocations", t.google)).await;
    let tokens = strings(&log["revocations"], "token");
    assert_eq!(tokens, ["token-3", "token-4"], "revocations capped at 2");
}

/// Each event keeps its call in full (up to some 40 KiB with 32 long headers), so a count of
/// events alone does not bound the log: it is bounded in bytes too, and so is a revocation
/// that presents a token of a megabyte.
#[tokio::test]
async fn logs_are_bounded_in_bytes_too() {
    let max = 64 * 1024;
    let options = Options {
        limits: Limits {
            event_bytes: max,
            ..Limits::default()
        },
        ..Options::default()
    };
    let t = spawn_with(options).await;
    let padding = "x".repeat(500);
    for _ in 0..60 {
        let mut call = crate::helpers::api()
            .get(format!("{}/user", t.github))
            .header("user-agent", "logout-lab-tests")
            .bearer_auth("gho_unknown");
        for i in 0..30 {
            call = call.header(format!("x-padding-{i}"), &padding);
        }
        call.send().await.unwrap();
    }
    {
        let inner = t.mocks.github.store().lock();
        assert!(
            inner.events.bytes() <= max,
            "{} bytes",
            inner.events.bytes()
        );
        let kept = inner.events.len();
        assert!((2..60).contains(&kept), "the newest {kept} of 60 kept");
    }
    let doc = crate::helpers::api()
        .get(format!("{}/__mock/events", t.github))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(
        doc.len() < 2 * max,
        "GET /__mock/events: {} bytes",
        doc.len()
    );
    let huge = "y".repeat(1024 * 1024);
    for _ in 0..3 {
        refused_revocation(&t.google, &huge).await;
    }
    let inner = t.mocks.google.store().lock();
    let kept = inner
        .revocations
        .iter()
        .map(|r| r.token.as_deref().map_or(0, str::len));
    assert!(
        kept.max().unwrap() <= 1024 + '…'.len_utf8(),
        "a token is kept cut"
    );
    assert!(inner.revocations.bytes() <= max / 4);
}
