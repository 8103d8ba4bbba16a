//! GitHub's authorization object, the answer of checking or resetting a token.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::api::{Account, Client};
use crate::github::api;
use crate::state::Mock;
use crate::store::Token;

/// GitHub's authorization object for a token. Its `id` is stable per user and app, as the
/// authorization outlives token resets.
pub fn authorization(mock: &Mock, client: &Client, token: &Token) -> Response {
    let user = mock
        .store
        .lock()
        .account(&token.user)
        .and_then(Account::github)
        .cloned();
    let id = u64::from(u32::from_be_bytes(
        Sha256::digest(format!("{}\0{}", token.user, client.client_id))[..4]
            .try_into()
            .unwrap_or_default(),
    ));
    let created = humantime::format_rfc3339_seconds(token.issued).to_string();
    let last_eight = &token.token[token.token.len().saturating_sub(8)..];
    let app_url = client
        .redirect_uris
        .first()
        .and_then(|u| url::Url::parse(u).ok())
        .map(|u| u.origin().ascii_serialization());
    let body = json!({
        "id": id,
        "url": mock.url(&format!("/authorizations/{id}")),
        "scopes": &*token.scopes,
        "token": &*token.token,
        "token_last_eight": last_eight,
        "hashed_token": format!("{:x}", Sha256::digest(token.token.as_bytes())),
        "app": {
            "client_id": client.client_id,
            "name": client.name.clone().unwrap_or_else(|| client.client_id.clone()),
            "url": app_url,
        },
        "note": null,
        "note_url": null,
        "updated_at": humantime::format_rfc3339_seconds(mock.store.now()).to_string(),
        "created_at": created,
        "fingerprint": null,
        "expires_at": null,
        "user": user.map(|u| api::summary(mock, &u)),
        "installation": null,
    });
    (StatusCode::OK, Json(body)).into_response()
}
