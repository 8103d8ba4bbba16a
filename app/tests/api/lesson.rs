//! The lesson: log in, `/me`, log out, 401, log in again. Logging out ends the app's session
//! only: no provider is called, no token revoked.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{Provider, browser, cookie_value, json, location, set_cookie, spawn_app};

/// What `POST /logout` sets: the session cookie's name and path, empty, expired now.
const CLEARED: &str = "session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0";

#[tokio::test]
async fn log_in_me_log_out_401_log_in_again_and_nothing_is_revoked() {
    let app = spawn_app().await;
    let first = app.login(Provider::GitHub, "ada").await;
    assert_eq!(first.pages.len(), 2, "sign-in and consent at the mock: {:?}", first.pages);
    assert_eq!(
        (first.response.status(), location(&first.response)),
        (StatusCode::FOUND, "/".into())
    );
    let cookie = set_cookie(&first.response, "session").expect("the session cookie");
    let session = cookie_value(&cookie);
    assert_eq!(cookie, format!("session={session}; HttpOnly; SameSite=Lax; Path=/; Max-Age=86400"));

    let (status, me) = app.me().await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["githubId"], json!("1000001"), "a string");
    assert_eq!(me["email"], "ada@example.com");

    let logout = app.post("/logout").await;
    assert_eq!(set_cookie(&logout, "session").as_deref(), Some(CLEARED));
    assert_eq!(json(logout).await, (StatusCode::OK, json!({ "message": "Logged out" })));
    assert_eq!(app.me().await, (StatusCode::UNAUTHORIZED, json!({ "error": "Unauthorized" })));
    // The session is gone from the server, not only from the browser's jar.
    let replay = browser().get(app.at("/me")).header("cookie", format!("session={session}"));
    assert_eq!(replay.send().await.unwrap().status(), StatusCode::UNAUTHORIZED, "old cookie");
    assert_eq!(app.all_revocations().await, [], "logout revokes nothing");

    // Still signed in at the mock, with consent remembered: straight back to the app.
    let second = app.login(Provider::GitHub, "ada").await;
    assert_eq!(second.pages, Vec::<String>::new(), "no sign-in or consent page the second time");
    let again = cookie_value(&set_cookie(&second.response, "session").expect("a new session"));
    assert_ne!(again, session, "a new session id at every login");
    let (status, me_again) = app.me().await;
    assert_eq!((status, &me_again["id"]), (StatusCode::OK, &me["id"]), "the same user");

    // The course's app leaves the first token alone: both tokens live, nothing was revoked.
    let tokens = app.tokens(Provider::GitHub, "ada").await;
    assert_eq!(tokens.len(), 2, "{tokens:?}");
    assert!(tokens.iter().all(|t| t.is_active()), "both alive at GitHub: {tokens:?}");
    assert_eq!(app.all_revocations().await, [], "logging in again revokes nothing");
}

#[tokio::test]
async fn logout_without_a_session_still_clears_the_cookie() {
    let app = spawn_app().await;
    let logout = app.post("/logout").await;
    assert_eq!(set_cookie(&logout, "session").as_deref(), Some(CLEARED));
    assert_eq!(json(logout).await, (StatusCode::OK, json!({ "message": "Logged out" })));
}

#[tokio::test]
async fn a_browser_is_sent_home_after_logout() {
    let app = spawn_app().await;
    app.login_ok(Provider::Google, "bob@example.com").await;
    let request = app.browser.post(app.at("/logout")).header("origin", &app.url);
    let logout = request.header("accept", "text/html").send().await.unwrap();
    assert_eq!((logout.status(), location(&logout)), (StatusCode::SEE_OTHER, "/".into()));
    assert_eq!(set_cookie(&logout, "session").as_deref(), Some(CLEARED));
    assert_eq!(app.me().await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(app.all_revocations().await, []);
}

#[tokio::test]
async fn a_logout_whose_database_write_fails_still_clears_the_cookie() {
    let app = spawn_app().await;
    let session = app.login_ok(Provider::GitHub, "grace").await;
    // The app's next delete of a session fails, as on a full or read-only disk. (Its
    // connection is already open: the file's permissions would no longer stop it.)
    let database = rusqlite::Connection::open(&app.config.database_path).unwrap();
    let fail = "CREATE TRIGGER no_delete BEFORE DELETE ON sessions
                BEGIN SELECT RAISE(ABORT, 'the disk is read-only'); END;";
    database.execute_batch(fail).unwrap();

    let logout = app.post("/logout").await;
    assert_eq!(set_cookie(&logout, "session").as_deref(), Some(CLEARED));
    let expected = json!({ "error": "Internal Server Error" });
    assert_eq!(json(logout).await, (StatusCode::INTERNAL_SERVER_ERROR, expected));
    assert_eq!(app.me().await.0, StatusCode::UNAUTHORIZED, "the browser forgot the session");
    // What the write failed to do: the session still works for whoever has its id.
    let replay = browser().get(app.at("/me")).header("cookie", format!("session={session}"));
    assert_eq!(replay.send().await.unwrap().status(), StatusCode::OK, "alive server-side");
}
