//! A web page on another site (or another port of this host) cannot change a mock with a
//! simple POST; the mock's own forms and programs without `Origin` can.

use crate::github::support::{CLIENT, SECRET};
use crate::helpers::{self, Fetch, spawn};

const EVIL_CALLBACK: &str = "https://evil.example/cb";

/// Whether the mock GitHub's default client lists the attacker's callback.
fn evil_registered(mock: &mock_providers::MockServer) -> bool {
    let inner = mock.store().lock();
    let client = inner.clients.get(CLIENT).expect("the default client");
    client.redirect_uris.iter().any(|uri| uri == EVIL_CALLBACK)
}

/// `POST /__mock/clients` as a simple cross-site request could send it (`text/plain`).
async fn register_evil(base: &str, header: Option<(&str, &str)>) -> (u16, String) {
    let body = serde_json::json!({
        "client_id": CLIENT, "client_secret": SECRET, "redirect_uris": [EVIL_CALLBACK],
    });
    let mut request = helpers::api().post(format!("{base}/__mock/clients"));
    if let Some((name, value)) = header {
        request = request.header(name, value);
    }
    let request = request
        .header("content-type", "text/plain")
        .body(body.to_string());
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn cross_site_posts_are_refused_and_change_nothing() {
    let t = spawn().await;
    let other_port = "http://127.0.0.1:1";
    for header in [
        ("origin", "https://evil.example"),
        ("origin", other_port),
        ("origin", "null"),
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
    ] {
        let (status, body) = register_evil(&t.github, Some(header)).await;
        assert_eq!(status, 403, "{header:?}: {body}");
        assert!(
            body.contains("Cross-site request refused"),
            "{header:?}: {body}"
        );
    }
    assert!(!evil_registered(&t.mocks.github), "nothing registered");
    let reset = helpers::api().post(format!("{}/__mock/reset", t.google));
    let refused = reset
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403, "nor reset");
}

#[tokio::test]
async fn the_mocks_own_forms_and_programs_pass() {
    let t = spawn().await;
    let same_origin = Some(("origin", t.github.as_str()));
    assert_eq!(
        register_evil(&t.github, same_origin).await.0,
        200,
        "the dashboard's origin"
    );
    let t = spawn().await;
    assert_eq!(
        register_evil(&t.github, None).await.0,
        200,
        "a program, no Origin"
    );
    assert!(evil_registered(&t.mocks.github), "registered");
}

/// The port of a mock's base URL.
fn port(base: &str) -> u16 {
    url::Url::parse(base).unwrap().port().unwrap()
}

/// DNS rebinding (F8): a page at `http://evil.example:PORT` whose name the attacker points at
/// 127.0.0.1 is same-origin with itself, so the Origin check alone lets it read secrets,
/// reset the mock or arm faults. `/__mock/` answers only a `Host` that names this machine's
/// loopback or the mock's own address: anything else is a 421 JSON error, and nothing changes.
#[tokio::test]
async fn a_rebound_host_name_is_refused_on_the_inspection_api() {
    let t = spawn().await;
    let evil = format!("evil.example:{}", port(&t.github));
    let (status, body) = helpers::api()
        .get(format!("{}/__mock/clients", t.github))
        .header("host", &evil)
        .fetch_json()
        .await;
    assert_eq!(status, 421, "reading the secrets: {body}");
    let error = body["error"].as_str().unwrap_or_default();
    assert!(error.contains("evil.example"), "names the host: {error}");
    assert!(error.contains("127.0.0.1"), "and what to use: {error}");
    let origin = format!("http://{evil}");
    let reset = helpers::api()
        .post(format!("{}/__mock/reset", t.github))
        .header("host", &evil)
        .header("origin", &origin)
        .fetch_json()
        .await;
    assert_eq!(reset.0, 421, "resetting: {}", reset.1);
    assert!(helpers::events_of(&t.mocks.github, "reset").is_empty());
    let (status, _) = helpers::api()
        .post(format!("{}/__mock/faults", t.google))
        .header("host", format!("rebind.example:{}", port(&t.google)))
        .json(&serde_json::json!({"endpoint": "token", "count": 1, "status": 503}))
        .fetch_json()
        .await;
    assert_eq!(status, 421, "arming a fault");
    assert!(t.mocks.google.store().lock().faults.is_empty());
    // A Host of 60,000 characters is quoted by its start: the answer stays short.
    let long = format!("{}.example", "a".repeat(60_000));
    let (status, body) = helpers::api()
        .get(format!("{}/__mock/state", t.github))
        .header("host", &long)
        .fetch_json()
        .await;
    assert_eq!(status, 421);
    let error = body["error"].as_str().unwrap_or_default();
    assert!(error.contains(&format!("{}…", "a".repeat(100))), "{error}");
    assert!(error.len() < 1_000, "{} bytes", error.len());
    // Every loopback name passes, with or without the port.
    let p = port(&t.github);
    for host in [
        format!("127.0.0.1:{p}"),
        format!("localhost:{p}"),
        format!("LOCALHOST:{p}"),
        format!("[::1]:{p}"),
        "127.0.0.1".to_string(),
        format!("127.0.0.2:{p}"),
    ] {
        let status = helpers::api()
            .get(format!("{}/__mock/state", t.github))
            .header("host", &host)
            .fetch_status()
            .await;
        assert_eq!(status, 200, "Host: {host}");
    }
}
