//! The lesson's exercise 1, for both providers: log in, `/me`, log out, 401 after, the old
//! cookie replayed gives 401, log in again with a new session id. And logout never touches
//! the provider.

use reqwest::StatusCode;

use crate::helpers::{Provider, TestApp, cookie_value, json, set_cookie, spawn_app};

async fn log_in_me_log_out_log_in_again(via: Provider, username: &str, email: &str) {
    let app = spawn_app().await;
    let (status, body) = app.me().await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "/me before login");
    assert_eq!(body, serde_json::json!({ "error": "Unauthorized" }));

    let first = log_in_with_a_session_cookie(&app, via, username).await;
    let me = me_shows_the_user_and_not_the_token(&app, via, email).await;
    let token = app.stored_token(via).expect("the token is stored");
    logout_ends_the_session_server_side(&app, &first).await;
    // Logging out of the app did not log out of the provider, nor revoke anything.
    assert!(
        app.revocations().is_empty(),
        "logout revoked: {:?}",
        app.revocations()
    );
    let second = log_in_with_a_session_cookie(&app, via, username).await;
    assert_ne!(second, first, "a new session id at every login");
    let (status, again) = app.me().await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["id"], me["id"], "the same user comes back");
    only_the_superseded_github_token_is_revoked(&app, via, token);
}

/// Logs in and checks the session cookie's attributes; returns the session id.
async fn log_in_with_a_session_cookie(app: &TestApp, via: Provider, username: &str) -> String {
    let cookie = app.login_ok(via, username).await;
    assert!(
        cookie.contains("; HttpOnly")
            && cookie.contains("; SameSite=Lax")
            && cookie.contains("; Path=/")
            && cookie.contains("; Max-Age=86400")
            && !cookie.contains("Secure"),
        "session cookie attributes: {cookie}"
    );
    let id = cookie_value(&cookie);
    assert_eq!(id.len(), 43, "256-bit id, base64url");
    id
}

/// `/me` has exactly the course's fields, and never the provider's token.
async fn me_shows_the_user_and_not_the_token(
    app: &TestApp,
    via: Provider,
    email: &str,
) -> serde_json::Value {
    let (status, me) = app.me().await;
    assert_eq!(status, StatusCode::OK, "/me after login: {me}");
    assert_eq!(me["email"], email);
    let keys: Vec<_> = me.as_object().unwrap().keys().cloned().collect();
    for key in ["id", "email", "name", "avatarUrl", "githubId", "googleId"] {
        assert!(keys.contains(&key.to_string()), "/me has {key}: {me}");
    }
    assert_eq!(keys.len(), 6, "/me has only the course's fields: {me}");
    let token = app.stored_token(via).expect("the token is stored");
    assert!(
        !me.to_string().contains(&token),
        "/me never shows the token"
    );
    me
}

/// `POST /logout` clears the cookie, answers the course's JSON, and the old session id
/// replayed is refused: the session is dead server-side, not only in the browser.
async fn logout_ends_the_session_server_side(app: &TestApp, session_id: &str) {
    let logout = app.post("/logout").await;
    let cleared = set_cookie(&logout, "session").expect("logout clears the cookie");
    assert!(
        cleared.starts_with("session=;")
            && cleared.contains("Max-Age=0")
            && cleared.contains("Path=/"),
        "clearing Set-Cookie: {cleared}"
    );
    let (status, body) = json(logout).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, serde_json::json!({ "message": "Logged out" }));
    assert_eq!(
        app.me().await.0,
        StatusCode::UNAUTHORIZED,
        "/me after logout"
    );
    let replay = reqwest::Client::new()
        .get(app.at("/me"))
        .header("cookie", format!("session={session_id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        replay.status(),
        StatusCode::UNAUTHORIZED,
        "old cookie replayed"
    );
}

/// The new login brought a new token. GitHub keeps the first one alive too, so the app
/// revokes that superseded one (tidy-up), never the one it holds now; a superseded Google
/// token is never revoked (that would end the grant, new token included).
fn only_the_superseded_github_token_is_revoked(app: &TestApp, via: Provider, first: String) {
    let held = app.stored_token(via).expect("the new token is stored");
    assert_ne!(held, first, "a new token at every login");
    let revoked: Vec<_> = app
        .revocations()
        .into_iter()
        .map(|(_, _, token, outcome)| (token, outcome))
        .collect();
    let expected = match via {
        Provider::GitHub => vec![(Some(first), "accepted".to_string())],
        Provider::Google => Vec::new(),
    };
    assert_eq!(
        revoked, expected,
        "no revocation in the lesson but the superseded GitHub token's"
    );
}

#[tokio::test]
async fn github_log_in_me_log_out_log_in_again() {
    log_in_me_log_out_log_in_again(Provider::GitHub, "grace", "grace@example.com").await;
}

#[tokio::test]
async fn google_log_in_me_log_out_log_in_again() {
    log_in_me_log_out_log_in_again(Provider::Google, "bob@example.com", "bob@example.com").await;
}

#[tokio::test]
async fn me_shows_the_course_fields() {
    let app = spawn_app().await;
    app.login_ok(Provider::GitHub, "ada").await;
    let (_, me) = app.me().await;
    assert_eq!(me["name"], "Ada Lovelace");
    assert_eq!(me["githubId"], "1000001");
    assert_eq!(me["googleId"], serde_json::Value::Null);
    // The mock serves its users' avatars itself: nothing off the machine is reachable.
    let avatar = format!("{}/__mock/avatars/ada.svg", app.mocks.github.url());
    assert_eq!(me["avatarUrl"], avatar.as_str());
}

#[tokio::test]
async fn logout_without_a_session_still_answers_200_and_clears() {
    let app = spawn_app().await;
    let response = app.post("/logout").await;
    assert!(set_cookie(&response, "session").is_some());
    let (status, body) = json(response).await;
    assert_eq!(
        (status, body["message"].as_str()),
        (StatusCode::OK, Some("Logged out"))
    );
}

#[tokio::test]
async fn a_logout_whose_database_write_fails_still_clears_the_cookie_and_ends_the_session() {
    let app = spawn_app().await;
    let id = cookie_value(&app.login_ok(Provider::GitHub, "ada").await);
    // The database refuses every write to `sessions` under the running app, as a full disk
    // would.
    for (i, write) in ["INSERT", "UPDATE", "DELETE"].iter().enumerate() {
        app.sql(&format!(
            "CREATE TRIGGER no_session_writes_{i} BEFORE {write} ON sessions
             BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;"
        ));
    }
    for accept in ["application/json", "text/html"] {
        let response = app
            .browser
            .post(app.at("/logout"))
            .header("accept", accept)
            .header("cookie", format!("session={id}"))
            .send()
            .await
            .unwrap();
        let status = response.status();
        let cleared = set_cookie(&response, "session")
            .unwrap_or_else(|| panic!("{accept}: the answer still clears the cookie"));
        assert!(
            cleared.starts_with("session=;")
                && cleared.contains("Max-Age=0")
                && cleared.contains("Path=/"),
            "{accept}: clearing Set-Cookie: {cleared}"
        );
        let body = response.text().await.unwrap();
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{accept}: {body}");
        for says in ["Logged out of this browser", "could not delete the session"] {
            assert!(body.contains(says), "{accept}: {says:?} in {body}");
        }
    }
    assert_eq!(
        app.me().await.0,
        StatusCode::UNAUTHORIZED,
        "the browser forgot its session"
    );
    let left: i64 = app
        .database()
        .query_row("SELECT COUNT(*) FROM sessions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 1, "the server-side session could not be deleted");
    let replayed = app
        .browser
        .get(app.at("/me"))
        .header("cookie", format!("session={id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        replayed.status(),
        StatusCode::UNAUTHORIZED,
        "a copy of the cookie no longer works"
    );

    // Once the database takes writes again, the next logout deletes the row left behind.
    app.sql("DROP TRIGGER no_session_writes_0; DROP TRIGGER no_session_writes_1; DROP TRIGGER no_session_writes_2;");
    app.login_ok(Provider::GitHub, "ada").await;
    assert_eq!(app.post("/logout").await.status(), StatusCode::OK);
    let left: i64 = app
        .database()
        .query_row("SELECT COUNT(*) FROM sessions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0, "both sessions deleted");
}

#[tokio::test]
async fn get_logout_does_not_log_out() {
    let app = spawn_app().await;
    app.login_ok(Provider::GitHub, "ada").await;
    let (status, body) = json(app.get("/logout").await).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(body["error"], "Method Not Allowed");
    assert_eq!(
        app.me().await.0,
        StatusCode::OK,
        "still signed in after GET /logout"
    );
}

#[tokio::test]
async fn an_expired_session_is_refused_and_purged() {
    let app = spawn_app().await;
    app.login_ok(Provider::Google, "bob@example.com").await;
    app.sql("UPDATE sessions SET expires_at = strftime('%s','now') - 1");
    assert_eq!(
        app.me().await.0,
        StatusCode::UNAUTHORIZED,
        "expired after 24 h"
    );
    let conn = rusqlite::Connection::open(&app.config.database_path).unwrap();
    let left: i64 = conn
        .query_row("SELECT COUNT(*) FROM sessions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0, "the expired row is deleted");
}

#[tokio::test]
async fn sessions_are_stored_hashed() {
    let app = spawn_app().await;
    let id = cookie_value(&app.login_ok(Provider::GitHub, "ada").await);
    let conn = rusqlite::Connection::open(&app.config.database_path).unwrap();
    let stored: String = conn
        .query_row("SELECT id_hash FROM sessions", [], |r| r.get(0))
        .unwrap();
    assert_ne!(stored, id);
    assert_eq!(stored, hardened_app::random::sha256_hex(&id));
}

#[tokio::test]
async fn the_home_page_shows_log_in_or_the_user_with_forms() {
    let app = spawn_app().await;
    let page = app.get("/").await.text().await.unwrap();
    assert!(page.contains("href=\"/auth/github\"") && page.contains("href=\"/auth/google\""));
    assert!(!page.contains("<script"), "no JavaScript");
    assert!(page.contains("<strong>No session.</strong>"), "{page}");
    assert!(
        page.contains(&format!("href=\"{}/\"", app.mocks.github.url())),
        "{page}"
    );
    app.login_ok(Provider::GitHub, "ada").await;
    let page = app.get("/").await.text().await.unwrap();
    assert!(page.contains("Ada Lovelace"), "{page}");
    assert!(
        page.contains("<form method=\"post\" action=\"/logout\">"),
        "{page}"
    );
    assert!(
        page.contains("href=\"/auth/google\">Link Google</a>"),
        "{page}"
    );
    for slug in ["github", "google"] {
        let form = format!("action=\"/disconnect/{slug}\"");
        assert!(
            !page.contains(&form),
            "GitHub alone, Google unlinked: {page}"
        );
    }
    // Google links through the same verified email: both can be disconnected now.
    app.login_ok(Provider::Google, "ada@example.com").await;
    let page = app.get("/").await.text().await.unwrap();
    assert!(!page.contains("Link "), "{page}");
    assert!(page.contains("action=\"/disconnect/github\""), "{page}");
    assert!(page.contains("action=\"/disconnect/google\""), "{page}");
}

#[tokio::test]
async fn the_home_page_shows_both_layers_and_whether_the_provider_still_takes_the_token() {
    let app = spawn_app().await;
    app.login_ok(Provider::GitHub, "ada").await;
    let page = app.get("/").await.text().await.unwrap();
    let token = app.stored_token(Provider::GitHub).unwrap();
    let short: String = token.chars().take(10).collect();
    assert!(!page.contains(&token), "never the whole token: {page}");
    for fragment in [
        "<h2 id=\"app-layer\">",
        "Session started just now, ends in ",
        "<h2 id=\"provider-layer\">At the providers</h2>",
        &format!("Token stored here: <code>{short}…</code>"),
        "At GitHub: <strong class=\"alive\">alive</strong>",
        "Not linked: no token stored here.",
    ] {
        assert!(page.contains(fragment), "{fragment:?} in {page}");
    }
    app.remove_grant_at_provider(Provider::GitHub, "ada").await;
    let page = app.get("/").await.text().await.unwrap();
    assert!(
        page.contains("<strong class=\"dead\">dead</strong>"),
        "{page}"
    );
}

#[tokio::test]
async fn after_a_mock_reset_the_home_page_says_why_the_token_it_holds_reads_dead() {
    let app = spawn_app().await;
    app.login_ok(Provider::GitHub, "ada").await;
    let reset = reqwest::Client::new()
        .post(format!("{}/__mock/reset", app.mock(Provider::GitHub).url()))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), StatusCode::OK);
    let page = app.get("/").await.text().await.unwrap();
    assert!(
        page.contains(
            "<strong class=\"dead\">dead</strong>, the provider no longer accepts it \
                       (revoked, expired, its access removed, or unknown to it, as every token \
                       is after a mock reset)."
        ),
        "{page}"
    );
}

#[tokio::test]
async fn the_server_handle_shuts_down() {
    let mut app = spawn_app().await;
    let port = app.server.as_ref().unwrap().addr().port();
    assert!(app.url.ends_with(&format!(":{port}")));
    assert_eq!(app.get("/").await.status(), StatusCode::OK);
    app.stop().await;
    let after = reqwest::get(format!("http://127.0.0.1:{port}/")).await;
    assert!(after.is_err(), "nothing listens after shutdown");
}
