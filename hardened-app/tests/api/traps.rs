//! The classroom's traps, each walked into as a browser would: the app opened at another host
//! than its base URL, a login with the mocks stopped, an error page, and the page after
//! logging out, which names only the providers the session logged in with.

use reqwest::header::{ACCEPT, CONTENT_TYPE};
use reqwest::{Response, StatusCode};
use testkit::assert_says;
use tokio::net::TcpSocket;

use crate::helpers::{
    Provider, TestApp, error, json, location, query, set_cookie, spawn_app, spawn_app_with,
};

/// What a browser's navigation accepts.
const HTML: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/// `GET path` in the browser, asking for a page.
async fn visit(app: &TestApp, path: &str) -> Response {
    let request = app.browser.get(app.at(path)).header(ACCEPT, HTML);
    request.send().await.unwrap()
}

/// The status and text of a page, which must be HTML.
async fn read_page(response: Response) -> (StatusCode, String) {
    let status = response.status();
    let kind = response.headers()[CONTENT_TYPE]
        .to_str()
        .unwrap()
        .to_string();
    assert!(kind.starts_with("text/html"), "a page, not {kind}");
    (status, response.text().await.unwrap())
}

/// The app's address at 127.0.0.1 instead of its base URL's `localhost`.
fn elsewhere(app: &TestApp, path: &str) -> String {
    let port = url::Url::parse(&app.url).unwrap().port().unwrap();
    format!("http://127.0.0.1:{port}{path}")
}

#[tokio::test]
async fn another_host_is_sent_to_the_base_url_before_any_login_starts() {
    let app = spawn_app().await;
    let login = app.browser.get(elsewhere(&app, "/auth/github?from=x"));
    let login = login.header(ACCEPT, HTML).send().await.unwrap();
    assert_eq!(login.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(location(&login), app.at("/auth/github?from=x"));
    assert_eq!(
        login.headers()["x-frame-options"],
        "DENY",
        "the app's headers too"
    );
    assert_eq!(set_cookie(&login, "oauth_state"), None, "no login started");

    // A form posted there cannot be redirected: the answer names the address to use.
    let form = app
        .browser
        .post(elsewhere(&app, "/logout"))
        .header(ACCEPT, HTML);
    let (status, page) = read_page(form.send().await.unwrap()).await;
    assert_eq!(status, StatusCode::MISDIRECTED_REQUEST);
    assert_says(
        &page,
        &[
            &format!("This app is at <code>{}</code>", app.url),
            &format!("href=\"{}/\"", app.url),
        ],
    );
    let api = app.browser.post(elsewhere(&app, "/logout")).send().await;
    let (status, body) = json(api.unwrap()).await;
    assert_eq!(status, StatusCode::MISDIRECTED_REQUEST);
    assert!(
        error(&body).contains(&format!("this app is at {}", app.url)),
        "{body}"
    );

    app.login_ok(Provider::GitHub, "ada").await;
    assert_eq!(app.me().await.0, StatusCode::OK);
}

#[tokio::test]
async fn log_in_with_the_mocks_stopped_shows_the_apps_page_with_the_command() {
    // Bound, not listening: the port stays taken, and every connection to it is refused.
    let stopped = TcpSocket::new_v4().unwrap();
    stopped.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let github = format!("http://127.0.0.1:{}", stopped.local_addr().unwrap().port());
    let mock = github.clone();
    let app = spawn_app_with(move |c| c.github = hardened_app::GitHubConfig::mock(&mock)).await;

    let response = visit(&app, "/auth/github").await;
    assert_eq!(
        set_cookie(&response, "oauth_state"),
        None,
        "no login started"
    );
    let (status, page) = read_page(response).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert_says(
        &page,
        &[
            "<h1>GitHub cannot be reached</h1>",
            &format!("GitHub cannot be reached at {github} (connection refused"),
            "<code>cargo run -p mock-providers</code>",
            "You are not logged in to this app.",
            "href=\"/\"",
        ],
    );
    let (status, body) = json(app.get("/auth/github").await).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert!(
        error(&body).contains("`cargo run -p mock-providers`"),
        "{body}"
    );

    // Logged in with Google, linking GitHub meets the same page, and the session stays.
    app.login_ok(Provider::Google, "ada@example.com").await;
    let (_, page) = read_page(visit(&app, "/auth/github").await).await;
    assert_says(
        &page,
        &["You are still logged in to this app as <strong>Ada Lovelace"],
    );
}

#[tokio::test]
async fn error_pages_say_what_happened_and_whether_you_are_still_logged_in() {
    let app = spawn_app().await;
    let forged = visit(&app, "/auth/github/callback?state=forged&code=x").await;
    let (status, page) = read_page(forged).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_says(
        &page,
        &[
            "<h1>This login could not be finished</h1>",
            "started in another browser",
            "<strong>What to do: </strong>Start the login again from the home page.",
            "You are not logged in to this app.",
            "HTTP 403. An API client gets <code>{&quot;error&quot;:&quot;Invalid state&quot;}</code>",
            "href=\"/\"",
        ],
    );
    assert!(!page.contains("<h1>Forbidden"), "{page}");

    app.login_ok(Provider::GitHub, "ada").await;
    let state = query(&location(&app.get("/auth/google").await))["state"].clone();
    let cancelled = format!("/auth/google/callback?state={state}&error=access_denied");
    let (status, page) = read_page(visit(&app, &cancelled).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_says(
        &page,
        &[
            "<h1>You cancelled the login at Google</h1>",
            "You are still logged in to this app as <strong>Ada Lovelace</strong>.",
        ],
    );
    let (status, page) = read_page(visit(&app, "/logout").await).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_says(
        &page,
        &["<h1>This address is for a button</h1>", "still logged in"],
    );
}

/// Logs out with the browser's form; the page it gets.
async fn log_out(app: &TestApp) -> String {
    let (status, page) = read_page(app.post_form("/logout").await).await;
    assert_eq!(status, StatusCode::OK);
    page
}

#[tokio::test]
async fn the_page_after_logging_out_names_only_the_providers_this_session_used() {
    let app = spawn_app().await;
    let github = format!("href=\"{}/\"", app.mocks.github.url());
    let google = format!("href=\"{}/\"", app.mocks.google.url());

    app.login_ok(Provider::GitHub, "ada").await;
    let page = log_out(&app).await;
    assert_says(
        &page,
        &[
            "You are logged out of this app.",
            "You logged in here with ",
        ],
    );
    assert!(
        page.contains(&github) && !page.contains(&google),
        "GitHub alone: {page}"
    );
    assert!(
        !page.contains("Google"),
        "never signed in at Google: {page}"
    );

    // Both, in one session: GitHub, then Google linked.
    app.login_ok(Provider::GitHub, "ada").await;
    app.login_ok(Provider::Google, "ada@example.com").await;
    let page = log_out(&app).await;
    assert!(
        page.contains(&github) && page.contains(&google),
        "both: {page}"
    );

    // Both linked, but this session logged in with Google alone.
    app.login_ok(Provider::Google, "ada@example.com").await;
    let page = log_out(&app).await;
    assert!(
        page.contains(&google) && !page.contains(&github),
        "Google alone: {page}"
    );

    let page = log_out(&app).await;
    assert_says(
        &page,
        &["You were not logged in to this app, so nothing changed."],
    );
    assert!(!page.contains(&github) && !page.contains(&google), "{page}");
}
