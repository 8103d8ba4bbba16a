//! The endpoints an app calls with a token: userinfo (both paths) and tokeninfo.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Json, Response};
use serde_json::{Map, Value, json};

use super::answers::json_error;
use super::{id_token, scopes};
use crate::api::{Account, EventKind, TokenKind};
use crate::config::GoogleUser;
use crate::http::{self, QueryMap, call, param};
use crate::state::Mock;
use crate::store::{EventInfo, unix};

/// What userinfo needs to know about a good access token.
struct Holder {
    user: GoogleUser,
    client_id: String,
    scopes: Vec<String>,
}

/// The account and scopes of a live access token, or why there are none.
fn access_holder(mock: &Mock, token: Option<&str>) -> Result<Holder, String> {
    let token = token
        .filter(|t| !t.is_empty())
        .ok_or("missing Authorization: Bearer token")?;
    let now = mock.store.now();
    let inner = mock.store.lock();
    let found = inner
        .live_token(token, now)
        .map_err(|p| p.describe().to_string())?;
    if found.kind != TokenKind::Access {
        return Err("a refresh token is not an access token".into());
    }
    let user = inner
        .account(&found.user)
        .and_then(Account::google)
        .cloned()
        .ok_or("the token's account no longer exists")?;
    Ok(Holder {
        user,
        client_id: found.client_id.to_string(),
        scopes: found.scopes.to_vec(),
    })
}

/// `GET /v1/userinfo` and `GET /oauth2/v3/userinfo`: profile fields with the profile scope,
/// email fields with the email scope, `sub` always. The token comes as `Authorization:
/// Bearer`, or (as Google also accepts) as `?access_token=`.
pub async fn userinfo(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    uri: Uri,
    QueryMap(query): QueryMap,
) -> Response {
    let endpoint = call("GET", uri.path());
    let from_query = query.get("access_token");
    let token = http::auth_token(&headers, &["bearer"]).or(from_query.map(String::as_str));
    let holder = match access_holder(&mock, token) {
        Ok(holder) => holder,
        Err(reason) => {
            let info = EventInfo {
                endpoint,
                ..EventInfo::default()
            };
            let summary = format!("userinfo refused: {reason}");
            mock.store.event(EventKind::TokenRefused, summary, info);
            return invalid_credentials();
        }
    };
    let mut body = Map::new();
    body.insert("sub".into(), json!(holder.user.sub));
    body.extend(scopes::claims(&holder.user, &holder.scopes));
    let info = EventInfo {
        user: Some(holder.user.sub),
        client_id: Some(holder.client_id),
        endpoint,
        ..EventInfo::default()
    };
    mock.store
        .event(EventKind::TokenUsed, "userinfo answered", info);
    Json(Value::Object(body)).into_response()
}

/// Google's 401 for a bad, expired or revoked token.
fn invalid_credentials() -> Response {
    let mut response = json_error(
        StatusCode::UNAUTHORIZED,
        "invalid_request",
        "Invalid Credentials",
    );
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static(
            "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"",
        ),
    );
    response
}

/// `GET|POST /tokeninfo?access_token=..|id_token=..`: what a token is, every value a string.
pub async fn tokeninfo(
    State(mock): State<Arc<Mock>>,
    method: Method,
    QueryMap(mut params): QueryMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(rejection) => {
            let why = rejection.body_text();
            return json_error(rejection.status(), "invalid_request", &why);
        }
    };
    if !body.is_empty() {
        let Some(form) = http::parse_form(&body) else {
            return json_error(StatusCode::BAD_REQUEST, "invalid_request", "Bad Request");
        };
        params.extend(form);
    }
    let answer = match (param(&params, "access_token"), param(&params, "id_token")) {
        (Some(token), _) => access_info(&mock, token),
        (None, Some(token)) => id_info(&mock, token),
        (None, None) => {
            return json_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "either access_token, id_token, or token_handle required",
            );
        }
    };
    let endpoint = call(method.as_str(), "/tokeninfo");
    match answer {
        Some((info, user, client_id)) => {
            let event = EventInfo {
                user: Some(user),
                client_id: Some(client_id),
                endpoint,
                ..EventInfo::default()
            };
            mock.store
                .event(EventKind::TokenChecked, "tokeninfo answered", event);
            Json(info).into_response()
        }
        None => {
            let event = EventInfo {
                endpoint,
                ..EventInfo::default()
            };
            mock.store
                .event(EventKind::TokenChecked, "tokeninfo: invalid token", event);
            json_error(StatusCode::BAD_REQUEST, "invalid_token", "Invalid Value")
        }
    }
}

fn access_info(mock: &Mock, token: &str) -> Option<(Value, String, String)> {
    let now = mock.store.now();
    let inner = mock.store.lock();
    let found = inner.live_token(token, now).ok()?;
    if found.kind != TokenKind::Access {
        return None;
    }
    let user = inner.account(&found.user).and_then(Account::google)?;
    let offline = found
        .code
        .as_ref()
        .and_then(|c| inner.codes.get(c))
        .is_some_and(|c| c.offline);
    let exp = found.expires.map(unix).unwrap_or(0);
    let mut info = Map::new();
    let mut put = |k: &str, v: String| {
        info.insert(k.to_string(), Value::String(v));
    };
    put("azp", found.client_id.to_string());
    put("aud", found.client_id.to_string());
    put("sub", user.sub.clone());
    put("scope", found.scopes.join(" "));
    put("exp", exp.to_string());
    put("expires_in", exp.saturating_sub(unix(now)).to_string());
    if scopes::has(&found.scopes, scopes::EMAIL) {
        put("email", user.email.clone());
        put("email_verified", user.email_verified.to_string());
    }
    put(
        "access_type",
        if offline { "offline" } else { "online" }.into(),
    );
    Some((
        Value::Object(info),
        user.sub.clone(),
        found.client_id.to_string(),
    ))
}

fn id_info(mock: &Mock, token: &str) -> Option<(Value, String, String)> {
    let (header, claims) = id_token::verify(token, mock.store.now())?;
    let as_string = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
    let mut info: Map<String, Value> = claims
        .iter()
        .map(|(k, v)| (k.clone(), json!(as_string(v))))
        .collect();
    for name in ["alg", "kid", "typ"] {
        if let Some(value) = header.get(name) {
            info.insert(name.into(), json!(as_string(value)));
        }
    }
    let field = |k: &str| claims.get(k).map(as_string).unwrap_or_default();
    Some((Value::Object(info), field("sub"), field("aud")))
}
