//! `/__mock/faults`: a status for the next N calls then normal again, a delay, a dropped
//! connection, the refusals, and that `/__mock/` itself is never faulted.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{self, Fetch, assert_error, get_json, post_json, spawn};

async fn discovery(base: &str) -> (u16, Value) {
    let url = format!("{base}/.well-known/openid-configuration");
    helpers::api().get(url).fetch_json().await
}

/// Arms a fault at the mock at `base`; the answer must be 201.
async fn arm(base: &str, fault: Value) {
    let (status, body) = post_json(&format!("{base}/__mock/faults"), fault).await;
    assert_eq!(status, 201, "armed: {body}");
}

/// Arms a fault that answers `status` to the next `count` calls of `endpoint`.
async fn arm_status(base: &str, endpoint: &str, count: u32, status: u16) {
    let fault = json!({"endpoint": endpoint, "count": count, "status": status});
    arm(base, fault).await;
}

/// How many events of `kind` the mock at `base` lists.
async fn count(base: &str, kind: &str) -> usize {
    let (_, doc) = get_json(&format!("{base}/__mock/events?kind={kind}")).await;
    doc["events"].as_array().unwrap().len()
}

#[tokio::test]
async fn a_status_fault_catches_exactly_the_next_n_calls() {
    let t = spawn().await;
    let url = format!("{}/__mock/faults", t.google);
    arm_status(&t.google, "discovery", 2, 503).await;
    let (_, listed) = get_json(&url).await;
    assert_eq!(listed["faults"][0]["remaining"], 2, "listed: {listed}");
    let (status, body) = discovery(&t.google).await;
    assert_eq!(status, 503, "first call faulted");
    assert_eq!(body, json!({"error": "mock fault", "status": 503}));
    assert_eq!(discovery(&t.google).await.0, 503, "second call faulted");
    assert_eq!(
        discovery(&t.google).await.0,
        200,
        "third call is normal again"
    );
    let (_, listed) = get_json(&url).await;
    let spent = listed["faults"].as_array().unwrap().is_empty();
    assert!(spent, "spent faults disappear");
    let applied = count(&t.google, "fault_applied").await;
    assert_eq!(applied, 2, "two fault_applied events");
    let injected = count(&t.google, "fault_injected").await;
    assert_eq!(injected, 1, "one fault_injected event");
}

#[tokio::test]
async fn faults_match_routes_with_parameters_and_only_their_provider() {
    let t = spawn().await;
    arm_status(&t.github, "revoke_token", 1, 500).await;
    let call = helpers::api().delete(format!("{}/applications/any-client/token", t.github));
    let status = call.fetch_status().await;
    assert_eq!(
        status, 500,
        "DELETE /applications/{{client_id}}/token faulted"
    );
    assert_eq!(discovery(&t.google).await.0, 200, "Google is not affected");
}

#[tokio::test]
async fn a_faulted_revocation_call_is_still_recorded_as_a_refused_revocation() {
    let t = spawn().await;
    arm_status(&t.github, "revoke_token", 1, 503).await;
    arm(
        &t.google,
        json!({"endpoint": "revoke", "count": 1, "drop_connection": true}),
    )
    .await;
    let github = helpers::api()
        .delete(format!("{}/applications/logout-lab-github/token", t.github))
        .header("User-Agent", "test")
        .basic_auth("logout-lab-github", Some("logout-lab-github-secret"))
        .body(r#"{"access_token":"gho_faulted"}"#);
    assert_eq!(github.fetch_status().await, 503, "the fault answered");
    let google = helpers::api()
        .post(format!("{}/revoke", t.google))
        .form(&[("token", "ya29.faulted")])
        .send()
        .await;
    assert!(google.is_err(), "the connection was dropped");

    let (_, log) = get_json(&format!("{}/__mock/revocations", t.github)).await;
    let record = &log["revocations"][0];
    let endpoint = &record["endpoint"];
    assert_eq!(endpoint, "DELETE /applications/logout-lab-github/token");
    assert_eq!(record["client_id"], "logout-lab-github");
    assert_eq!(record["token"], "gho_faulted");
    assert_eq!(record["outcome"], "rejected");
    assert_eq!(record["status"], 503);
    let reason = &record["reason"];
    assert_eq!(reason, "mock fault: answered 503 instead of the provider");

    let (_, log) = get_json(&format!("{}/__mock/revocations", t.google)).await;
    let record = &log["revocations"][0];
    assert_eq!(record["endpoint"], "POST /revoke");
    assert_eq!(record["token"], "ya29.faulted");
    assert_eq!(record["outcome"], "rejected");
    let status = &record["status"];
    assert_eq!(status, 0, "no HTTP status: the connection was dropped");
    let reason = &record["reason"];
    assert_eq!(reason, "mock fault: connection dropped before any answer");
}

#[tokio::test]
async fn a_delay_fault_slows_the_call_then_runs_the_real_handler() {
    let t = spawn().await;
    arm(
        &t.google,
        json!({"endpoint": "discovery", "count": 1, "delay_ms": 400}),
    )
    .await;
    let start = Instant::now();
    let status = discovery(&t.google).await.0;
    assert_eq!(status, 200, "a delay alone keeps the real answer");
    let elapsed = start.elapsed();
    assert!(
        elapsed >= Duration::from_millis(400),
        "delayed: {elapsed:?}"
    );
}

#[tokio::test]
async fn a_dropped_connection_is_an_error_for_the_client_not_a_response() {
    let t = spawn().await;
    arm(
        &t.github,
        json!({"endpoint": "user", "count": 1, "drop_connection": true}),
    )
    .await;
    let user = || {
        helpers::api()
            .get(format!("{}/user", t.github))
            .header("User-Agent", "test")
    };
    let result = user().send().await;
    assert!(
        result.is_err(),
        "no HTTP answer at all, got {:?}",
        result.map(|r| r.status())
    );
    let again = user().fetch_status().await;
    assert_eq!(again, 401, "the next call answers normally");
}

#[tokio::test]
async fn bad_faults_are_refused_and_delete_clears_them() {
    let t = spawn().await;
    let url = format!("{}/__mock/faults", t.github);
    // A fault the mock refuses, and what its 422 error mentions.
    let refused = async |what: &str, fault: Value, needle: &str| {
        assert_error(what, post_json(&url, fault).await, 422, needle);
    };
    let fault = json!({"endpoint": "nope", "count": 1, "status": 500});
    refused("unknown endpoint", fault, "access_token").await;
    let fault = json!({"endpoint": "/__mock/state", "count": 1, "status": 500});
    refused("admin route", fault, "valid names").await;
    let fault = json!({"endpoint": "user", "count": 0, "status": 500});
    refused("count 0", fault, "count").await;
    let fault = json!({"endpoint": "user", "count": 1});
    refused("no action", fault, "at least one").await;
    let fault = json!({"endpoint": "user", "count": 1, "status": 200});
    refused("status 200", fault, "status").await;
    let fault = json!({"endpoint": "user", "count": 1, "delay_ms": 60_001});
    refused("huge delay", fault, "delay_ms").await;
    let fault = json!({"endpoint": "user", "count": 1, "status": 500, "drop_connection": true});
    refused("drop and status", fault, "drop_connection").await;
    let fault = json!({"endpoint": "user", "count": 1, "status": 500, "times": 2});
    refused("unknown field", fault, "times").await;
    let fault = json!({"endpoint": "user", "status": 500});
    refused("missing count", fault, "count").await;
    for _ in 0..2 {
        arm_status(&t.github, "user", 5, 502).await;
    }
    let (status, body) = helpers::api().delete(&url).fetch_json().await;
    assert_eq!(status, 200);
    assert_eq!(body["cleared"], 2);
    let user = helpers::api().get(format!("{}/user", t.github));
    let status = user.header("User-Agent", "test").fetch_status().await;
    assert_eq!(status, 401, "cleared faults catch nothing");
}
