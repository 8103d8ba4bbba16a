//! The signed-in routes: `/me`, logout (where most of the course's mistakes live) and
//! disconnect.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::{Fixture, Mistake, error};

pub(super) async fn me(State(app): State<Arc<Fixture>>, headers: HeaderMap) -> Response {
    if app.mistake == Mistake::HugeMe {
        return vec![b' '; 32 << 20].into_response();
    }
    let Some((_, user_id)) = app.session_user(&headers) else {
        return error(StatusCode::UNAUTHORIZED, "Unauthorized");
    };
    let data = app.data.lock().unwrap();
    let user = match app.mistake {
        Mistake::MeOfTheFirstUser => &data.users[0],
        _ => data.users.iter().find(|u| u.id == user_id).unwrap(),
    };
    let mut body = json!({
        "id": user.id, "email": user.email, "name": user.name, "avatarUrl": null,
        "githubId": user.github_id, "googleId": user.google_id,
    });
    if app.mistake == Mistake::SnakeCaseMe {
        let fields = body.as_object_mut().unwrap();
        for (course, snake) in [("githubId", "github_id"), ("googleId", "google_id")] {
            let value = fields.remove(course).unwrap();
            fields.insert(snake.into(), value);
        }
    }
    if app.mistake == Mistake::TokenInMe {
        body["githubToken"] = json!(user.github_token);
    }
    axum::Json(body).into_response()
}

pub(super) async fn logout(State(app): State<Arc<Fixture>>, headers: HeaderMap) -> Response {
    if app.mistake == Mistake::HangingLogout {
        tokio::time::sleep(std::time::Duration::from_secs(30)).await;
    }
    if let Some((session, user_id)) = app.session_user(&headers) {
        let tokens = {
            let mut data = app.data.lock().unwrap();
            if app.mistake != Mistake::KeepServerSession {
                data.sessions.remove(&session);
            }
            let logouts = data.logouts.entry(user_id).or_default();
            *logouts += 1;
            let again = *logouts > 1;
            let user = data.users.iter().find(|u| u.id == user_id).unwrap();
            (user.github_token.clone(), user.google_token.clone(), again)
        };
        revoke_on_logout(&app, tokens).await;
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

/// The mistakes of revoking at logout; `tokens` are the user's (GitHub, Google), and whether
/// the user logged out before.
async fn revoke_on_logout(app: &Arc<Fixture>, tokens: (Option<String>, Option<String>, bool)) {
    match (app.mistake, tokens) {
        (Mistake::RevokeGitHubOnLogout, (Some(token), _, _)) => {
            app.revoke("github", &token).await;
        }
        (Mistake::RevokeGoogleOnLogout, (_, Some(token), _)) => {
            app.revoke("google", &token).await;
        }
        (Mistake::RevokeGoogleOnLogoutInBackground, (_, Some(token), true)) => {
            let app = app.clone();
            tokio::spawn(async move {
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                app.revoke("google", &token).await;
            });
        }
        _ => {}
    }
}

pub(super) async fn disconnect(
    State(app): State<Arc<Fixture>>,
    Path(provider): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some((_, user_id)) = app.session_user(&headers) else {
        return error(StatusCode::UNAUTHORIZED, "Unauthorized");
    };
    let (old_id, token) = {
        let mut data = app.data.lock().unwrap();
        let user = data.users.iter_mut().find(|u| u.id == user_id).unwrap();
        let (id, token) = if provider == "github" {
            (&mut user.github_id, &mut user.github_token)
        } else {
            (&mut user.google_id, &mut user.google_token)
        };
        (id.take(), token.take())
    };
    match token {
        _ if app.mistake == Mistake::DisconnectWithoutRevoke => {}
        Some(token) if provider == "github" && app.behaviour.remove_grant => {
            app.remove_github_grant(&token).await
        }
        Some(token) if !app.revoke(&provider, &token).await => {
            return outage(&app, user_id, &provider, (old_id, token));
        }
        Some(_) => {}
        None => {}
    }
    axum::Json(json!({ "message": "Disconnected" })).into_response()
}

/// A disconnect whose revocation failed: retried in the background (answered 202), given up
/// (answered 200, the token forgotten), or, as the mistake, answered 502 with the link back.
fn outage(
    app: &Arc<Fixture>,
    user_id: u64,
    provider: &str,
    (old_id, token): (Option<String>, String),
) -> Response {
    if app.mistake == Mistake::ErrorOnOutage {
        let mut data = app.data.lock().unwrap();
        let user = data.users.iter_mut().find(|u| u.id == user_id).unwrap();
        if provider == "github" {
            (user.github_id, user.github_token) = (old_id, Some(token));
        } else {
            (user.google_id, user.google_token) = (old_id, Some(token));
        }
        return error(
            StatusCode::BAD_GATEWAY,
            "the provider failed to revoke the token",
        );
    }
    if !app.behaviour.retry_revocations {
        return axum::Json(json!({ "message": "Disconnected" })).into_response();
    }
    let (app, provider) = (app.clone(), provider.to_string());
    tokio::spawn(async move {
        while !app.revoke(&provider, &token).await {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        if app.mistake == Mistake::RevokeTwice {
            app.revoke(&provider, &token).await;
        }
    });
    let body = axum::Json(json!({ "message": "Disconnected; the revocation is pending" }));
    (StatusCode::ACCEPTED, body).into_response()
}
