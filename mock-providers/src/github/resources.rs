//! The REST API an app calls after sign-in: `GET /user` and `GET /user/emails`.
//!
//! The rules apps trip over are GitHub's: a `User-Agent` is required (403 without one), no
//! token is "Requires authentication" and a bad or revoked one "Bad credentials" (both 401),
//! and `/user/emails` needs the `user:email` or `user` scope (404 without, not 403).

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Json, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use super::answers::{REST_DOCS, rest_error, user_agent_required};
use crate::api::{Account, EventKind};
use crate::avatars;
use crate::config::GitHubUser;
use crate::http::{self, call};
use crate::state::Mock;
use crate::store::{EventInfo, Token};

const USER_DOCS: &str = "https://docs.github.com/rest/users/users#get-the-authenticated-user";
const EMAILS_DOCS: &str =
    "https://docs.github.com/rest/users/emails#list-email-addresses-for-the-authenticated-user";

/// `GET /user`: the signed-in user's profile.
pub async fn user(State(mock): State<Arc<Mock>>, headers: HeaderMap) -> Response {
    let (token, user) = match authenticate(&mock, &headers, "/user", USER_DOCS) {
        Ok(found) => found,
        Err(response) => return *response,
    };
    with_scopes(Json(profile(&mock, &user)).into_response(), &token, "")
}

/// `GET /user/emails`: every address of the user, if the token has `user:email` or `user`.
pub async fn user_emails(State(mock): State<Arc<Mock>>, headers: HeaderMap) -> Response {
    let (token, user) = match authenticate(&mock, &headers, "/user/emails", EMAILS_DOCS) {
        Ok(found) => found,
        Err(response) => return *response,
    };
    let accepted = "user, user:email";
    if !token
        .scopes
        .iter()
        .any(|s| s == "user" || s == "user:email")
    {
        let response = rest_error(StatusCode::NOT_FOUND, "Not Found", EMAILS_DOCS);
        return with_scopes(response, &token, accepted);
    }
    let emails: Vec<Value> = user
        .emails
        .iter()
        .map(|e| {
            json!({
                "email": e.email,
                "primary": e.primary,
                "verified": e.verified,
                "visibility": e.visibility,
            })
        })
        .collect();
    with_scopes(Json(emails).into_response(), &token, accepted)
}

/// The live token of the request and its user, or GitHub's refusal. Records `token_used` or
/// `token_refused`.
fn authenticate(
    mock: &Mock,
    headers: &HeaderMap,
    path: &str,
    docs: &str,
) -> Result<(Token, GitHubUser), Box<Response>> {
    if !http::has_user_agent(headers) {
        refused(mock, None, path, "missing User-Agent header");
        return Err(Box::new(user_agent_required()));
    }
    if !headers.contains_key(header::AUTHORIZATION) {
        refused(mock, None, path, "no Authorization header");
        let response = rest_error(StatusCode::UNAUTHORIZED, "Requires authentication", docs);
        return Err(Box::new(response));
    }
    let presented = http::auth_token(headers, &["bearer", "token"]).unwrap_or("");
    let now = mock.store.now();
    let found = {
        let inner = mock.store.lock();
        inner
            .live_token(presented, now)
            .map_err(|p| p.describe())
            .and_then(|token| {
                let user = inner
                    .account(&token.user)
                    .and_then(Account::github)
                    .cloned();
                user.map(|u| (token.clone(), u))
                    .ok_or("the token's user no longer exists")
            })
    };
    match found {
        Ok((token, user)) => {
            mock.store.event(
                EventKind::TokenUsed,
                format!("GET {path} as {}", user.login),
                EventInfo {
                    user: Some(user.login.clone()),
                    client_id: Some(token.client_id.to_string()),
                    endpoint: call("GET", path),
                    ..EventInfo::default()
                },
            );
            Ok((token, user))
        }
        Err(why) => {
            refused(mock, Some(presented), path, why);
            let response = rest_error(StatusCode::UNAUTHORIZED, "Bad credentials", REST_DOCS);
            Err(Box::new(response))
        }
    }
}

fn refused(mock: &Mock, token: Option<&str>, path: &str, why: &str) {
    let (user, client_id) = token
        .and_then(|t| {
            mock.store
                .lock()
                .tokens
                .get(t)
                .map(|t| (t.user.to_string(), t.client_id.to_string()))
        })
        .unzip();
    mock.store.event(
        EventKind::TokenRefused,
        format!("GET {path} refused: {why}"),
        EventInfo {
            user,
            client_id,
            endpoint: call("GET", path),
            ..EventInfo::default()
        },
    );
}

/// `X-OAuth-Scopes` (what the token has) and `X-Accepted-OAuth-Scopes` (what the call needs).
fn with_scopes(mut response: Response, token: &Token, accepted: &str) -> Response {
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&token.scopes.join(", ")) {
        headers.insert("x-oauth-scopes", value);
    }
    if let Ok(value) = HeaderValue::from_str(accepted) {
        headers.insert("x-accepted-oauth-scopes", value);
    }
    headers.insert(
        "x-github-media-type",
        HeaderValue::from_static("github.v3; format=json"),
    );
    response
}

/// The `/user` object: the fields GitHub sends for a user, URLs pointing at this mock.
pub fn profile(mock: &Mock, user: &GitHubUser) -> Value {
    let mut object = summary(mock, user);
    let extra = json!({
        "name": user.name,
        "company": null,
        "blog": "",
        "location": null,
        "email": user.email,
        "hireable": null,
        "bio": null,
        "twitter_username": null,
        "public_repos": 0,
        "public_gists": 0,
        "followers": 0,
        "following": 0,
        "created_at": "2020-01-01T00:00:00Z",
        "updated_at": "2020-01-01T00:00:00Z",
    });
    if let (Some(object), Value::Object(extra)) = (object.as_object_mut(), extra) {
        object.extend(extra);
    }
    object
}

/// The short user object GitHub nests in other answers (e.g. an authorization's `user`).
pub fn summary(mock: &Mock, user: &GitHubUser) -> Value {
    let login = &user.login;
    let api = |path: &str| mock.url(&format!("/users/{login}{path}"));
    let avatar = user
        .avatar_url
        .clone()
        .unwrap_or_else(|| mock.url(&avatars::path(login)));
    json!({
        "login": login,
        "id": user.id,
        "node_id": STANDARD.encode(format!("04:User{}", user.id)),
        "avatar_url": avatar,
        "gravatar_id": "",
        "url": api(""),
        "html_url": mock.url(&format!("/{login}")),
        "followers_url": api("/followers"),
        "following_url": api("/following{/other_user}"),
        "gists_url": api("/gists{/gist_id}"),
        "starred_url": api("/starred{/owner}{/repo}"),
        "subscriptions_url": api("/subscriptions"),
        "organizations_url": api("/orgs"),
        "repos_url": api("/repos"),
        "events_url": api("/events{/privacy}"),
        "received_events_url": api("/received_events"),
        "type": "User",
        "user_view_type": "public",
        "site_admin": false,
    })
}
