//! The classroom's traps, each walked into as a browser would: the app opened at another host
//! than its base URL, a login with the mocks stopped, an error page, and the page after
//! logging out.

use reqwest::header::{ACCEPT, CONTENT_TYPE, ORIGIN};
use reqwest::{Response, StatusCode, Url};
use serde_json::json;
use tokio::net::TcpSocket;

use crate::helpers::{Provider, TestApp, json, location, set_cookie, spawn_app, spawn_app_with};

/// What a browser's navigation accepts.
const HTML: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/// `GET path` in the browser, asking for a page.
async fn visit(app: &TestApp, path: &str) -> Response {
    app.browser.get(app.at(path)).header(ACCEPT, HTML).send().await.unwrap()
}

/// The status and text of a page, which must be HTML.
async fn read_page(response: Response) -> (StatusCode, String) {
    let status = response.status();
    let kind = response.headers()[CONTENT_TYPE].to_str().unwrap().to_string();
    assert!(kind.starts_with("text/html"), "a page, not {kind}");
    (status, response.text().await.unwrap())
}

/// The app's address at 127.0.0.1 instead of its base URL's `localhost`.
fn elsewhere(app: &TestApp, path: &str) -> String {
    let port = Url::parse(&app.url).unwrap().port().unwrap();
    format!("http://127.0.0.1:{port}{path}")
}

#[tokio::test]
async fn the_app_opened_at_another_host_sends_the_browser_to_its_base_url_first() {
    let app = spawn_app().await;
    let login = app.browser.get(elsewhere(&app, "/auth/github?from=x")).send().await.unwrap();
    assert_eq!(login.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(location(&login), app.at("/auth/github?from=x"), "the same path on the base URL");
    assert_eq!(set_cookie(&login, "oauth_state"), None, "no login started at the wrong host");
    let home = app.browser.get(elsewhere(&app, "/")).header(ACCEPT, HTML).send().await.unwrap();
    assert_eq!((home.status(), location(&home)), (StatusCode::TEMPORARY_REDIRECT, app.at("/")));

    // A form posted there cannot be redirected: the answer names the address to use.
    let form = app.browser.post(elsewhere(&app, "/logout")).header(ACCEPT, HTML);
    let (status, page) = read_page(form.send().await.unwrap()).await;
    assert_eq!(status, StatusCode::MISDIRECTED_REQUEST);
    assert!(page.contains(&format!("This app is at <code>{}</code>", app.url)), "{page}");
    let api = app.browser.post(elsewhere(&app, "/logout")).send().await.unwrap();
    let (status, body) = json(api).await;
    assert_eq!(status, StatusCode::MISDIRECTED_REQUEST);
    let error = body["error"].as_str().unwrap();
    assert!(error.contains(&format!("this app is at {} (its BASE_URL)", app.url)), "{error}");

    // At the base URL the login goes through.
    app.login_ok(Provider::GitHub, "ada").await;
    assert_eq!(app.me().await.0, StatusCode::OK);
}

#[tokio::test]
async fn log_in_with_the_mocks_stopped_shows_the_apps_page_with_the_command() {
    // Bound, not listening: the port stays taken, and every connection to it is refused.
    let stopped = TcpSocket::new_v4().unwrap();
    stopped.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let github = format!("http://127.0.0.1:{}", stopped.local_addr().unwrap().port());
    let authorize = format!("{github}/login/oauth/authorize");
    let app = spawn_app_with(|config| config.github.authorize_url = authorize).await;

    let response = visit(&app, "/auth/github").await;
    assert_eq!(set_cookie(&response, "oauth_state"), None, "no login started");
    let (status, page) = read_page(response).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    for said in [
        &format!("GitHub cannot be reached at {github} (connection refused"),
        "start the mock providers with <code>cargo run -p mock-providers</code>",
        "You are not logged in to this app.",
        "href=\"/\"",
    ] {
        assert!(page.contains(said), "{said:?} in {page}");
    }
    let (status, body) = json(app.get("/auth/github").await).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    let error = body["error"].as_str().unwrap();
    assert!(error.contains("`cargo run -p mock-providers`"), "{error}");

    // Signed in with Google, linking GitHub meets the same page, and the session stays.
    app.login_ok(Provider::Google, "ada@example.com").await;
    let (_, page) = read_page(visit(&app, "/auth/github").await).await;
    assert!(page.contains("You are still logged in to this app as <strong>Ada Lovelace"), "{page}");
}

#[tokio::test]
async fn error_pages_say_what_happened_and_whether_you_are_still_logged_in() {
    let app = spawn_app().await;
    let (status, page) =
        read_page(visit(&app, "/auth/github/callback?state=forged&code=x").await).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    for said in [
        "This login could not be finished",
        "You are not logged in to this app.",
        "HTTP 403. An API client gets <code>{&quot;error&quot;:&quot;Invalid state&quot;}</code>",
        "href=\"/\"",
    ] {
        assert!(page.contains(said), "{said:?} in {page}");
    }

    app.login_ok(Provider::GitHub, "ada").await;
    let start = app.get("/auth/google").await;
    let state = Url::parse(&location(&start)).unwrap();
    let state = state.query_pairs().find(|(k, _)| k == "state").unwrap().1.into_owned();
    let cancelled = format!("/auth/google/callback?state={state}&error=access_denied");
    let (status, page) = read_page(visit(&app, &cancelled).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("You cancelled the login at Google."), "{page}");
    assert!(page.contains("You are still logged in to this app as <strong>Ada Lovelace"), "{page}");
    let (status, page) = read_page(visit(&app, "/logout").await).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(page.contains("for a button on the home page") && page.contains("still logged in"));

    // API clients keep the course's strings.
    let unauthorized = (StatusCode::UNAUTHORIZED, json!({ "error": "Unauthorized" }));
    let other_browser = crate::helpers::browser().get(app.at("/me")).send().await.unwrap();
    assert_eq!(json(other_browser).await, unauthorized);
}

#[tokio::test]
async fn the_page_after_logging_out_claims_no_provider_session() {
    let app = spawn_app().await;
    app.login_ok(Provider::GitHub, "ada").await;
    let form = app.browser.post(app.at("/logout")).header(ORIGIN, &app.url).header(ACCEPT, HTML);
    let logout = form.send().await.unwrap();
    assert_eq!((logout.status(), location(&logout)), (StatusCode::SEE_OTHER, "/".into()));
    let (status, page) = read_page(visit(&app, "/").await).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("you are not logged in to this app"), "{page}");
    // Ada never signed in at Google, and the page does not say she is; GitHub's own page
    // says whether she still is there.
    assert!(!page.contains("signed in at"), "{page}");
    assert!(page.contains(&format!("href=\"{}/\"", app.mock_url(Provider::GitHub))), "{page}");
}
