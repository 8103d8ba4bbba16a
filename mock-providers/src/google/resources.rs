//! The endpoints an app calls with a token: userinfo (in both its shapes) and tokeninfo.

use std::collections::HashMap;
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

/// The two shapes of userinfo: OpenID Connect's, and the older one Google's own libraries
/// and many tutorials still read, which names `sub` `id` and `email_verified`
/// `verified_email`.
#[derive(Debug, Clone, Copy)]
enum Shape {
    OpenId,
    Legacy,
}

/// `GET /v1/userinfo` and `GET /oauth2/v3/userinfo`: `{"sub", ...}`.
pub async fn userinfo(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    uri: Uri,
    QueryMap(query): QueryMap,
) -> Response {
    answer_userinfo(&mock, &headers, &uri, &query, Shape::OpenId)
}

/// `GET /oauth2/v2/userinfo` and `GET /oauth2/v1/userinfo`: `{"id", ...}`.
pub async fn userinfo_legacy(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    uri: Uri,
    QueryMap(query): QueryMap,
) -> Response {
    answer_userinfo(&mock, &headers, &uri, &query, Shape::Legacy)
}

/// Profile fields with the profile scope, email fields with the email scope, the account's
/// key always. The token comes as `Authorization: Bearer`, or (as Google also accepts) as
/// `?access_token=`. Records `token_used`, or `token_refused`.
fn answer_userinfo(
    mock: &Mock,
    headers: &HeaderMap,
    uri: &Uri,
    query: &HashMap<String, String>,
    shape: Shape,
) -> Response {
    let endpoint = call("GET", uri.path());
    let from_query = query.get("access_token");
    let token = http::auth_token(headers, &["bearer"]).or(from_query.map(String::as_str));
    let holder = match access_holder(mock, token) {
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
    let body = userinfo_body(&holder, shape);
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

/// What userinfo says of a token's account, in one of its shapes.
fn userinfo_body(holder: &Holder, shape: Shape) -> Map<String, Value> {
    let mut body = Map::new();
    body.insert("sub".into(), json!(holder.user.sub));
    body.extend(scopes::claims(&holder.user, &holder.scopes));
    if let Shape::Legacy = shape {
        for (name, legacy) in [("sub", "id"), ("email_verified", "verified_email")] {
            if let Some(value) = body.remove(name) {
                body.insert(legacy.into(), value);
            }
        }
    }
    body
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

/// `GET|POST /tokeninfo` (and `/oauth2/v3/tokeninfo`): what a token is, every value a
/// string. The token comes as `access_token` or `id_token`, in the query or a form body, or
/// as an access token in `Authorization: Bearer` with neither (what google-auth-library's
/// `getTokenInfo()` sends).
pub async fn tokeninfo(
    State(mock): State<Arc<Mock>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    QueryMap(query): QueryMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let params = match tokeninfo_params(query, body) {
        Ok(params) => params,
        Err(response) => return *response,
    };
    let bearer = http::auth_token(&headers, &["bearer"]).filter(|t| !t.is_empty());
    let answer = match (
        param(&params, "access_token"),
        param(&params, "id_token"),
        bearer,
    ) {
        (Some(token), _, _) | (None, None, Some(token)) => access_info(&mock, token),
        (None, Some(token), _) => id_info(&mock, token),
        (None, None, None) => {
            return json_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "either access_token, id_token, or token_handle required",
            );
        }
    };
    checked(&mock, call(method.as_str(), uri.path()), answer)
}

/// The query's parameters and a form body's.
fn tokeninfo_params(
    mut params: HashMap<String, String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<HashMap<String, String>, Box<Response>> {
    let body = body.map_err(|rejection| {
        let why = rejection.body_text();
        json_error(rejection.status(), "invalid_request", &why)
    })?;
    if !body.is_empty() {
        let Some(form) = http::parse_form(&body) else {
            let bad = json_error(StatusCode::BAD_REQUEST, "invalid_request", "Bad Request");
            return Err(Box::new(bad));
        };
        params.extend(form);
    }
    Ok(params)
}

/// Records `token_checked` and answers: the token's info, or Google's `Invalid Value`.
fn checked(
    mock: &Mock,
    endpoint: Option<String>,
    answer: Option<(Value, String, String)>,
) -> Response {
    let Some((info, user, client_id)) = answer else {
        let event = EventInfo {
            endpoint,
            ..EventInfo::default()
        };
        mock.store
            .event(EventKind::TokenChecked, "tokeninfo: invalid token", event);
        return json_error(StatusCode::BAD_REQUEST, "invalid_token", "Invalid Value");
    };
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
