use axum::http::{Method, StatusCode, header};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};
use tokio::net::TcpListener;

use super::*;

#[test]
fn only_a_github_on_this_machine_is_the_mock() {
    let mock = |url| mock_url(url);
    assert_eq!(
        mock("http://127.0.0.1:3001").unwrap(),
        "http://127.0.0.1:3001/__mock/app-events"
    );
    let authorize = "http://localhost:4001/login/oauth/authorize";
    assert_eq!(
        mock(authorize).unwrap(),
        "http://localhost:4001/__mock/app-events"
    );
    assert_eq!(
        mock("http://[::1]:3001/").unwrap(),
        "http://[::1]:3001/__mock/app-events"
    );
    assert_eq!(
        mock("http://localhost").unwrap(),
        "http://localhost/__mock/app-events"
    );
    for elsewhere in [
        "https://api.github.com",
        "https://github.com/login/oauth/authorize",
        "http://10.0.0.5:3001",
        "http://localhost.example:3001",
        "/relative",
        "not a url",
        "",
    ] {
        assert_eq!(mock(elsewhere), None, "{elsewhere}");
    }
}

#[test]
fn a_report_carries_the_details_attached_with_the_token_shortened() {
    let details = Details::new(Some("ada@example.com".into()))
        .token(Some("gho_0123456789abcdef"))
        .detail(Some("revocation queued".into()));
    let report = Report {
        kind: Kind::Disconnect,
        provider: Some(Provider::GitHub),
        details,
    };
    let expected = json!({
        "kind": "disconnect",
        "provider": "github",
        "user": "ada@example.com",
        "token": "gho_012345…",
        "detail": "revocation queued",
    });
    assert_eq!(serde_json::to_value(&report).unwrap(), expected);
    let bare = Report {
        kind: Kind::Logout,
        provider: None,
        details: Details::default(),
    };
    assert_eq!(
        serde_json::to_value(&bare).unwrap(),
        json!({ "kind": "logout" })
    );
}

/// Serves `router` on a free port of 127.0.0.1.
async fn serve(router: Router) -> crate::Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    crate::Server::spawn(listener, router, "test server").unwrap()
}

/// A mock's `/__mock/app-events` that hands each report it receives to the test.
async fn timeline() -> (crate::Server, mpsc::UnboundedReceiver<Value>) {
    let (reports, received) = mpsc::unbounded_channel();
    let receive = move |Json(report): Json<Value>| async move {
        reports.send(report).unwrap();
        StatusCode::CREATED
    };
    (
        serve(Router::new().route(PATH, post(receive))).await,
        received,
    )
}

/// An app's routes, some answered as if they failed, behind the layer reporting to `to`.
fn app(to: Option<String>) -> Router {
    let ada = || Details::new(Some("ada".into())).token(Some("gho_0123456789abcdef"));
    let login = move || async move {
        let cookie = [(header::SET_COOKIE, "session=abc; Path=/")];
        (StatusCode::FOUND, ada(), cookie)
    };
    Router::new()
        .route("/auth/github/callback", get(login))
        .route(
            "/auth/google/callback",
            get(|| async { StatusCode::FORBIDDEN }),
        )
        .route("/logout", post(|| async { StatusCode::OK }))
        .route(
            "/disconnect/github",
            post(|| async { StatusCode::BAD_GATEWAY }),
        )
        .route(
            "/disconnect/google",
            post(|| async { StatusCode::SEE_OTHER }),
        )
        .layer(layer(to))
}

#[tokio::test]
async fn the_layer_reports_what_the_answers_say_in_order_with_the_details() {
    let (timeline, mut received) = timeline().await;
    let app = serve(app(mock_url(timeline.url()))).await;
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
    let client = client.build().unwrap();
    let steps = [
        ("GET", "/auth/google/callback", 403),
        ("GET", "/auth/github/callback", 302),
        ("POST", "/disconnect/github", 502),
        ("POST", "/logout", 200),
        ("POST", "/disconnect/google", 303),
    ];
    for (method, path, status) in steps {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let answer = client
            .request(method, format!("{}{path}", app.url()))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status().as_u16(), status, "{path}");
    }
    // Posted in the order of the answers: the failures, answered first, would come first.
    let mut reports = Vec::new();
    while reports.len() < 3 {
        let next = tokio::time::timeout(Duration::from_secs(10), received.recv()).await;
        reports.push(next.expect("a report within 10 s").unwrap());
    }
    let login =
        json!({"kind": "login", "provider": "github", "user": "ada", "token": "gho_012345…"});
    let logout = json!({ "kind": "logout" });
    let disconnect = json!({ "kind": "disconnect", "provider": "google" });
    assert_eq!(reports, [login, logout, disconnect]);
}
