//! `/__mock/events` and `/__mock/revocations`: rising sequence numbers, `since`, `kind`, and
//! logs that stay bounded.

use mock_providers::Options;
use mock_providers::store::Limits;
use serde_json::{Value, json};

use super::{assert_error, get, post};
use crate::helpers::{self, spawn, spawn_with};

/// A refused revocation at the mock Google: an unknown token.
async fn refused_revocation(base: &str, token: &str) {
    let status = helpers::api()
        .post(format!("{base}/revoke"))
        .form(&[("token", token)])
        .send()
        .await
        .unwrap()
        .status();
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
async fn events_rise_and_since_and_kind_filter_them() {
    let t = spawn().await;
    let base = &t.github;
    for seconds in [1, 2, 3] {
        let (status, _) = post(
            &format!("{base}/__mock/clock"),
            json!({"advance_seconds": seconds}),
        )
        .await;
        assert_eq!(status, 200);
    }
    refused_revocation(&t.google, "x").await;
    let (status, all) = get(&format!("{base}/__mock/events")).await;
    assert_eq!(status, 200);
    assert_eq!(all["provider"], "github");
    let all_seqs = seqs(&all["events"]);
    assert_eq!(
        all_seqs.len(),
        3,
        "three clock events at GitHub, none of Google's"
    );
    assert!(
        all_seqs.windows(2).all(|w| w[0] < w[1]),
        "rising: {all_seqs:?}"
    );
    assert_eq!(
        all["next_seq"].as_u64().unwrap(),
        all_seqs[2] + 1,
        "next_seq"
    );
    assert_eq!(all["events"][0]["kind"], "clock_advanced");
    assert!(all["events"][0]["time"].is_string());

    let (_, newer) = get(&format!("{base}/__mock/events?since={}", all_seqs[1])).await;
    assert_eq!(
        seqs(&newer["events"]),
        [all_seqs[2]],
        "only events after `since`"
    );
    let (_, none) = get(&format!("{base}/__mock/events?since={}", all_seqs[2])).await;
    assert!(none["events"].as_array().unwrap().is_empty(), "nothing new");

    let (_, kind) = get(&format!("{base}/__mock/events?kind=reset")).await;
    assert!(
        kind["events"].as_array().unwrap().is_empty(),
        "no reset yet"
    );
    let (_, kind) = get(&format!(
        "{base}/__mock/events?kind=clock_advanced&since={}",
        all_seqs[0]
    ))
    .await;
    assert_eq!(
        seqs(&kind["events"]),
        &all_seqs[1..],
        "kind and since combine"
    );

    assert_error(
        "since=abc",
        get(&format!("{base}/__mock/events?since=abc")).await,
        400,
        "since",
    );
    assert_error(
        "since=-1",
        get(&format!("{base}/__mock/events?since=-1")).await,
        400,
        "since",
    );
    assert_error(
        "since on revocations",
        get(&format!("{base}/__mock/revocations?since=x")).await,
        400,
        "since",
    );
}

#[tokio::test]
async fn revocations_are_recorded_with_their_reason_and_filtered_by_since() {
    let t = spawn().await;
    let base = &t.google;
    refused_revocation(base, "first").await;
    refused_revocation(base, "second").await;
    let (status, log) = get(&format!("{base}/__mock/revocations")).await;
    assert_eq!(status, 200);
    assert_eq!(log["provider"], "google");
    let list = log["revocations"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["token"], "first");
    assert_eq!(list[0]["outcome"], "rejected");
    assert_eq!(list[0]["status"], 400);
    assert!(list[0]["reason"].is_string(), "a reason: {}", list[0]);
    let first = list[0]["seq"].as_u64().unwrap();
    let (_, later) = get(&format!("{base}/__mock/revocations?since={first}")).await;
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
    let (_, events) = get(&format!("{}/__mock/events", t.google)).await;
    let seqs = seqs(&events["events"]);
    assert_eq!(seqs.len(), 3, "events capped at 3: {seqs:?}");
    assert_eq!(seqs, [3, 4, 5], "the newest stay");
    let (_, log) = get(&format!("{}/__mock/revocations", t.google)).await;
    let tokens: Vec<&str> = log["revocations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["token"].as_str().unwrap())
        .collect();
    assert_eq!(tokens, ["token-3", "token-4"], "revocations capped at 2");
}
