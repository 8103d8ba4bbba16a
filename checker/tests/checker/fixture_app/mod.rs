//! A small course app written for these tests, independent of the `app` crate, with one
//! switchable classic mistake: the "deliberately broken apps" the checker must catch. With
//! `Mistake::None` it does everything right, and so also shows that the checker grades any app
//! that follows the course, not only ours.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;

use providers::identity;

mod providers;

/// The one thing this app gets wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mistake {
    None,
    RevokeGitHubOnLogout,
    RevokeGoogleOnLogout,
    /// Revokes the Google token on logout without waiting for it (a fetch not awaited).
    RevokeGoogleOnLogoutInBackground,
    /// Clears the cookie but keeps the server-side session.
    KeepServerSession,
    /// Deletes the session but does not clear the cookie.
    KeepCookie,
    /// "Clears" the cookie with another Path than it was set with: the browser keeps it.
    ClearCookieWrongPath,
    /// `GET /me` answers a huge body (32 MiB of spaces).
    HugeMe,
    /// `GET /logout` instead of `POST /logout`.
    LogoutOnlyOnGet,
    /// Disconnect unlinks without revoking.
    DisconnectWithoutRevoke,
    GitHubRevokeWithoutBasicAuth,
    GitHubRevokeWithoutUserAgent,
    GoogleRevokeAsJson,
    /// Logout that never answers in time (stuck on something).
    HangingLogout,
}

const GITHUB_ID: &str = "logout-lab-github";
const GITHUB_SECRET: &str = "logout-lab-github-secret";
const GOOGLE_ID: &str = "logout-lab.apps.googleusercontent.com";
const GOOGLE_SECRET: &str = "logout-lab-google-secret";

#[derive(Debug, Clone, Default)]
struct User {
    id: u64,
    email: String,
    name: String,
    github_id: Option<String>,
    google_id: Option<String>,
    github_token: Option<String>,
    google_token: Option<String>,
}

#[derive(Default)]
struct Data {
    users: Vec<User>,
    sessions: HashMap<String, u64>,
    states: Vec<String>,
}

struct Fixture {
    base: String,
    github: String,
    google: String,
    mistake: Mistake,
    http: reqwest::Client,
    data: Mutex<Data>,
    counter: AtomicU64,
}

impl Fixture {
    fn random(&self, prefix: &str) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        format!("{prefix}{n}x{nanos:x}")
    }

    fn session_user(&self, headers: &HeaderMap) -> Option<(String, u64)> {
        let id = session_cookie(headers)?;
        let data = self.data.lock().unwrap();
        data.sessions.get(&id).map(|u| (id, *u))
    }
}

fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix("session=").map(str::to_string))
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(json!({ "error": message }))).into_response()
}

/// Starts the app on a free port, talking to the mocks at `github` and `google`.
pub async fn start(mistake: Mistake, github: &str, google: &str) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let fixture = Arc::new(Fixture {
        base: base.clone(),
        github: github.trim_end_matches('/').into(),
        google: google.trim_end_matches('/').into(),
        mistake,
        http: reqwest::Client::new(),
        data: Mutex::default(),
        counter: AtomicU64::new(1),
    });
    let logout_route = if mistake == Mistake::LogoutOnlyOnGet {
        get(logout)
    } else {
        post(logout)
    };
    let router = Router::new()
        .route("/", get(|| async { "fixture app" }))
        .route("/me", get(me))
        .route("/auth/{provider}", get(authorize))
        .route("/auth/{provider}/callback", get(callback))
        .route("/logout", logout_route)
        .route("/disconnect/{provider}", post(disconnect))
        .with_state(fixture);
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    base
}

async fn authorize(State(app): State<Arc<Fixture>>, Path(provider): Path<String>) -> Response {
    let state = app.random("state");
    app.data.lock().unwrap().states.push(state.clone());
    let redirect_uri = format!("{}/auth/{provider}/callback", app.base);
    let url = if provider == "github" {
        let query = serde_urlencoded::to_string([
            ("client_id", GITHUB_ID),
            ("redirect_uri", &redirect_uri),
            ("scope", "read:user user:email"),
            ("state", &state),
        ]);
        format!("{}/login/oauth/authorize?{}", app.github, query.unwrap())
    } else {
        let query = serde_urlencoded::to_string([
            ("client_id", GOOGLE_ID),
            ("redirect_uri", &redirect_uri),
            ("response_type", "code"),
            ("scope", "openid email profile"),
            ("state", &state),
        ]);
        format!("{}/o/oauth2/v2/auth?{}", app.google, query.unwrap())
    };
    (StatusCode::FOUND, [(header::LOCATION, url)]).into_response()
}

async fn callback(
    State(app): State<Arc<Fixture>>,
    Path(provider): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let state = query.get("state").cloned().unwrap_or_default();
    {
        let mut data = app.data.lock().unwrap();
        let Some(i) = data.states.iter().position(|s| *s == state) else {
            return error(StatusCode::FORBIDDEN, "Invalid state");
        };
        data.states.remove(i);
    }
    let Some(code) = query.get("code") else {
        return error(StatusCode::BAD_REQUEST, "Missing authorization code");
    };
    let Some((provider_id, email, verified, name, token)) = identity(&app, &provider, code).await
    else {
        return error(StatusCode::BAD_GATEWAY, "login failed");
    };
    let session = app.random("session");
    let mut data = app.data.lock().unwrap();
    let github = provider == "github";
    let found = data.users.iter().position(|u| {
        let id = if github { &u.github_id } else { &u.google_id };
        id.as_deref() == Some(&provider_id) || (verified && u.email == email)
    });
    let index = found.unwrap_or_else(|| {
        let id = data.users.len() as u64 + 1;
        data.users.push(User {
            id,
            email,
            name,
            ..User::default()
        });
        data.users.len() - 1
    });
    let user = &mut data.users[index];
    if github {
        user.github_id = Some(provider_id);
        user.github_token = Some(token);
    } else {
        user.google_id = Some(provider_id);
        user.google_token = Some(token);
    }
    let user_id = user.id;
    data.sessions.insert(session.clone(), user_id);
    let cookie = format!("session={session}; HttpOnly; SameSite=Lax; Path=/; Max-Age=86400");
    (
        StatusCode::FOUND,
        [
            (header::LOCATION, "/".to_string()),
            (header::SET_COOKIE, cookie),
        ],
    )
        .into_response()
}

async fn me(State(app): State<Arc<Fixture>>, headers: HeaderMap) -> Response {
    if app.mistake == Mistake::HugeMe {
        return vec![b' '; 32 << 20].into_response();
    }
    let Some((_, user_id)) = app.session_user(&headers) else {
        return error(StatusCode::UNAUTHORIZED, "Unauthorized");
    };
    let data = app.data.lock().unwrap();
    let user = data.users.iter().find(|u| u.id == user_id).unwrap();
    axum::Json(json!({
        "id": user.id, "email": user.email, "name": user.name, "avatarUrl": null,
        "githubId": user.github_id, "googleId": user.google_id,
    }))
    .into_response()
}

async fn logout(State(app): State<Arc<Fixture>>, headers: HeaderMap) -> Response {
    if app.mistake == Mistake::HangingLogout {
        tokio::time::sleep(std::time::Duration::from_secs(30)).await;
    }
    if let Some((session, user_id)) = app.session_user(&headers) {
        let tokens = {
            let mut data = app.data.lock().unwrap();
            if app.mistake != Mistake::KeepServerSession {
                data.sessions.remove(&session);
            }
            let user = data.users.iter().find(|u| u.id == user_id).unwrap();
            (user.github_token.clone(), user.google_token.clone())
        };
        match (app.mistake, tokens) {
            (Mistake::RevokeGitHubOnLogout, (Some(token), _)) => app.revoke("github", &token).await,
            (Mistake::RevokeGoogleOnLogout, (_, Some(token))) => app.revoke("google", &token).await,
            (Mistake::RevokeGoogleOnLogoutInBackground, (_, Some(token))) => {
                let app = app.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                    app.revoke("google", &token).await;
                });
            }
            _ => {}
        }
    }
    let body = axum::Json(json!({ "message": "Logged out" }));
    if app.mistake == Mistake::KeepCookie {
        return body.into_response();
    }
    let clear = if app.mistake == Mistake::ClearCookieWrongPath {
        "session=; HttpOnly; SameSite=Lax; Path=/auth; Max-Age=0"
    } else {
        "session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0"
    };
    ([(header::SET_COOKIE, clear)], body).into_response()
}

async fn disconnect(
    State(app): State<Arc<Fixture>>,
    Path(provider): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some((_, user_id)) = app.session_user(&headers) else {
        return error(StatusCode::UNAUTHORIZED, "Unauthorized");
    };
    let token = {
        let mut data = app.data.lock().unwrap();
        let user = data.users.iter_mut().find(|u| u.id == user_id).unwrap();
        let (id, token) = if provider == "github" {
            (&mut user.github_id, &mut user.github_token)
        } else {
            (&mut user.google_id, &mut user.google_token)
        };
        *id = None;
        token.take()
    };
    if let Some(token) = token
        && app.mistake != Mistake::DisconnectWithoutRevoke
    {
        app.revoke(&provider, &token).await;
    }
    axum::Json(json!({ "message": "Disconnected" })).into_response()
}
