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

/// How many events of `kind` the mock at `base` lists.
async fn count(base: &str, kind: &str) -> usize {
    let (_, doc) = get_json(&format!("{base}/__mock/events?kind={kind}")).await;
    doc["events"].as_array().unwrap().len()
}

#[tokio::test]
async fn a_status_fault_catches_exactly_the_next_n_calls() {
    let t = spawn().await;
    let url = format!("{}/__mock/faults", t.google);
    arm(
        &t.google,
        json!({"endpoint": "discovery", "count": 2, "status": 503}),
    )
    .await;
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
    arm(
        &t.github,
        json!({"endpoint": "revoke_token", "count": 1, "status": 500}),
    )
    .await;
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
    arm(
        &t.github,
        json!({"endpoint": "revoke_token", "count": 1, "status": 503}),
    )
    .await;
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

/// Faults the mock refuses: (what, body, status, what the error mentions).
fn bad_faults() -> [(&'static str, Value, u16, &'static str); 9] {
    [
        (
            "unknown endpoint",
            json!({"endpoint": "nope", "count": 1, "status": 500}),
            422,
            "access_token",
        ),
        (
            "admin route",
            json!({"endpoint": "/__mock/state", "count": 1, "status": 500}),
            422,
            "valid names",
        ),
        (
            "count 0",
            json!({"endpoint": "user", "count": 0, "status": 500}),
            422,
            "count",
        ),
        (
            "no action",
            json!({"endpoint": "user", "count": 1}),
            422,
            "at least one",
        ),
        (
            "status 200",
            json!({"endpoint": "user", "count": 1, "status": 200}),
            422,
            "status",
        ),
        (
            "huge delay",
            json!({"endpoint": "user", "count": 1, "delay_ms": 60_001}),
            422,
            "delay_ms",
        ),
        (
            "drop and status",
            json!({"endpoint": "user", "count": 1, "status": 500, "drop_connection": true}),
            422,
            "drop_connection",
        ),
        (
            "unknown field",
            json!({"endpoint": "user", "count": 1, "status": 500, "times": 2}),
            422,
            "times",
        ),
        (
            "missing count",
            json!({"endpoint": "user", "status": 500}),
            422,
            "count",
        ),
    ]
}

#[tokio::test]
async fn bad_faults_are_refused_and_delete_clears_them() {
    let t = spawn().await;
    let url = format!("{}/__mock/faults", t.github);
    for (what, body, status, needle) in bad_faults() {
        assert_error(what, post_json(&url, body).await, status, needle);
    }
    for _ in 0..2 {
        arm(
            &t.github,
            json!({"endpoint": "user", "count": 5, "status": 502}),
        )
        .await;
    }
    let (status, body) = helpers::api().delete(&url).fetch_json().await;
    assert_eq!(status, 200);
    assert_eq!(body["cleared"], 2);
    let user = helpers::api().get(format!("{}/user", t.github));
    let status = user.header("User-Agent", "test").fetch_status().await;
    assert_eq!(status, 401, "cleared faults catch nothing");
}
