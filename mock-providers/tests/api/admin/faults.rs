//! `/__mock/faults`: a status for the next N calls then normal again, a delay, a dropped
//! connection, the refusals, and that `/__mock/` itself is never faulted.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::{assert_error, get, post};
use crate::helpers::{self, spawn};

async fn discovery_status(base: &str) -> u16 {
    helpers::api()
        .get(format!("{base}/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_status_fault_catches_exactly_the_next_n_calls() {
    let t = spawn().await;
    let url = format!("{}/__mock/faults", t.google);
    let (status, body) = post(
        &url,
        json!({"endpoint": "discovery", "count": 2, "status": 503}),
    )
    .await;
    assert_eq!(status, 201, "armed: {body}");
    let (_, listed) = get(&url).await;
    assert_eq!(listed["faults"][0]["remaining"], 2, "listed: {listed}");
    let response = helpers::api()
        .get(format!("{}/.well-known/openid-configuration", t.google))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503, "first call faulted");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body, json!({"error": "mock fault", "status": 503}));
    assert_eq!(
        discovery_status(&t.google).await,
        503,
        "second call faulted"
    );
    assert_eq!(
        discovery_status(&t.google).await,
        200,
        "third call is normal again"
    );
    let (_, listed) = get(&url).await;
    assert!(
        listed["faults"].as_array().unwrap().is_empty(),
        "spent faults disappear"
    );
    let (_, applied) = get(&format!("{}/__mock/events?kind=fault_applied", t.google)).await;
    assert_eq!(
        applied["events"].as_array().unwrap().len(),
        2,
        "two fault_applied events"
    );
    let (_, injected) = get(&format!("{}/__mock/events?kind=fault_injected", t.google)).await;
    assert_eq!(
        injected["events"].as_array().unwrap().len(),
        1,
        "one fault_injected event"
    );
}

#[tokio::test]
async fn faults_match_routes_with_parameters_and_only_their_provider() {
    let t = spawn().await;
    let (status, _) = post(
        &format!("{}/__mock/faults", t.github),
        json!({"endpoint": "revoke_token", "count": 1, "status": 500}),
    )
    .await;
    assert_eq!(status, 201);
    let response = helpers::api()
        .delete(format!("{}/applications/any-client/token", t.github))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        500,
        "DELETE /applications/{{client_id}}/token faulted"
    );
    assert_eq!(
        discovery_status(&t.google).await,
        200,
        "Google is not affected"
    );
}

#[tokio::test]
async fn a_faulted_revocation_call_is_still_recorded_as_a_refused_revocation() {
    let t = spawn().await;
    for (base, fault) in [
        (
            &t.github,
            json!({"endpoint": "revoke_token", "count": 1, "status": 503}),
        ),
        (
            &t.google,
            json!({"endpoint": "revoke", "count": 1, "drop_connection": true}),
        ),
    ] {
        let (status, _) = post(&format!("{base}/__mock/faults"), fault).await;
        assert_eq!(status, 201);
    }
    let github = helpers::api()
        .delete(format!("{}/applications/logout-lab-github/token", t.github))
        .header("User-Agent", "test")
        .basic_auth("logout-lab-github", Some("logout-lab-github-secret"))
        .body(r#"{"access_token":"gho_faulted"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(github.status(), 503, "the fault answered");
    let google = helpers::api()
        .post(format!("{}/revoke", t.google))
        .form(&[("token", "ya29.faulted")])
        .send()
        .await;
    assert!(google.is_err(), "the connection was dropped");

    let (_, log) = get(&format!("{}/__mock/revocations", t.github)).await;
    let record = &log["revocations"][0];
    assert_eq!(
        record["endpoint"],
        "DELETE /applications/logout-lab-github/token"
    );
    assert_eq!(record["client_id"], "logout-lab-github");
    assert_eq!(record["token"], "gho_faulted");
    assert_eq!(record["outcome"], "rejected");
    assert_eq!(record["status"], 503);
    assert_eq!(
        record["reason"],
        "mock fault: answered 503 instead of the provider"
    );

    let (_, log) = get(&format!("{}/__mock/revocations", t.google)).await;
    let record = &log["revocations"][0];
    assert_eq!(record["endpoint"], "POST /revoke");
    assert_eq!(record["token"], "ya29.faulted");
    assert_eq!(record["outcome"], "rejected");
    assert_eq!(
        record["status"], 0,
        "no HTTP status: the connection was dropped"
    );
    assert_eq!(
        record["reason"],
        "mock fault: connection dropped before any answer"
    );
}

#[tokio::test]
async fn a_delay_fault_slows_the_call_then_runs_the_real_handler() {
    let t = spawn().await;
    let (status, _) = post(
        &format!("{}/__mock/faults", t.google),
        json!({"endpoint": "discovery", "count": 1, "delay_ms": 400}),
    )
    .await;
    assert_eq!(status, 201);
    let start = Instant::now();
    assert_eq!(
        discovery_status(&t.google).await,
        200,
        "a delay alone keeps the real answer"
    );
    assert!(
        start.elapsed() >= Duration::from_millis(400),
        "delayed: {:?}",
        start.elapsed()
    );
}

#[tokio::test]
async fn a_dropped_connection_is_an_error_for_the_client_not_a_response() {
    let t = spawn().await;
    let (status, _) = post(
        &format!("{}/__mock/faults", t.github),
        json!({"endpoint": "user", "count": 1, "drop_connection": true}),
    )
    .await;
    assert_eq!(status, 201);
    let result = helpers::api()
        .get(format!("{}/user", t.github))
        .header("User-Agent", "test")
        .send()
        .await;
    assert!(
        result.is_err(),
        "no HTTP answer at all, got {:?}",
        result.map(|r| r.status())
    );
    let again = helpers::api()
        .get(format!("{}/user", t.github))
        .header("User-Agent", "test")
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 401, "the next call answers normally");
}

#[tokio::test]
async fn bad_faults_are_refused_and_delete_clears_them() {
    let t = spawn().await;
    let url = format!("{}/__mock/faults", t.github);
    let cases: [(&str, Value, u16, &str); 9] = [
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
    ];
    for (what, body, status, needle) in cases {
        assert_error(what, post(&url, body).await, status, needle);
    }
    for _ in 0..2 {
        let (status, _) = post(&url, json!({"endpoint": "user", "count": 5, "status": 502})).await;
        assert_eq!(status, 201);
    }
    let response = helpers::api().delete(&url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["cleared"], 2);
    let status = helpers::api()
        .get(format!("{}/user", t.github))
        .header("User-Agent", "test")
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 401, "cleared faults catch nothing");
}
