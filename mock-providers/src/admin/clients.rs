//! `POST /__mock/clients`: registering an OAuth client, or adding redirect URIs to one, so
//! that an app on another port (or the checker's app on port 0) can sign in at the mock.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::{AdminError, body, done};
use crate::api::{Client, EventKind};
use crate::state::Mock;
use crate::store::EventInfo;

/// A good body, quoted in every complaint.
const CLIENT_SHAPE: &str = r#"{"client_id": "my-app", "client_secret": "s3cret", "name": "My app" (optional), "redirect_uris": ["http://127.0.0.1:4000/callback"]}"#;

/// `POST /__mock/clients`: register a client, or add redirect URIs to one (same secret).
pub async fn register_client(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
) -> Response {
    let client: Client = match body(&headers, &bytes, CLIENT_SHAPE) {
        Ok(client) => client,
        Err(error) => return error.into_response(),
    };
    if let Err(error) = validate_client(&client) {
        return error.into_response();
    }
    let (status, stored, summary) = {
        let mut inner = mock.store.lock();
        match inner.clients.get_mut(&client.client_id) {
            Some(existing) if existing.client_secret != client.client_secret => {
                return AdminError::new(
                    StatusCode::CONFLICT,
                    format!(
                        "client `{}` is already registered with another secret",
                        client.client_id
                    ),
                )
                .into_response();
            }
            Some(existing) => {
                for uri in &client.redirect_uris {
                    if !existing.redirect_uris.contains(uri) {
                        existing.redirect_uris.push(uri.clone());
                    }
                }
                if client.name.is_some() && existing.name.is_none() {
                    existing.name = client.name.clone();
                }
                let summary = format!(
                    "client {} updated: redirect URIs {}",
                    existing.client_id,
                    existing.redirect_uris.join(" ")
                );
                (StatusCode::OK, existing.clone(), summary)
            }
            None => {
                inner
                    .clients
                    .insert(client.client_id.clone(), client.clone());
                let summary = format!(
                    "client {} registered: redirect URIs {}",
                    client.client_id,
                    client.redirect_uris.join(" ")
                );
                (StatusCode::CREATED, client, summary)
            }
        }
    };
    let info = EventInfo {
        client_id: Some(stored.client_id.clone()),
        endpoint: Some("POST /__mock/clients".into()),
        ..EventInfo::default()
    };
    mock.store.event(EventKind::ClientRegistered, summary, info);
    let created = status == StatusCode::CREATED;
    done(
        &headers,
        status,
        json!({ "created": created, "client": stored }),
    )
}

fn validate_client(client: &Client) -> Result<(), AdminError> {
    if client.client_id.trim().is_empty() {
        return Err(AdminError::unprocessable("`client_id` must not be empty"));
    }
    if client.client_secret.is_empty() {
        return Err(AdminError::unprocessable(
            "`client_secret` must not be empty",
        ));
    }
    if client.redirect_uris.is_empty() {
        return Err(AdminError::unprocessable(
            "`redirect_uris` must list at least one redirect URI",
        ));
    }
    for uri in &client.redirect_uris {
        let parsed = url::Url::parse(uri).map_err(|e| {
            AdminError::unprocessable(format!("redirect URI `{uri}` is not an absolute URL: {e}"))
        })?;
        if !matches!(parsed.scheme(), "http" | "https") || !parsed.has_host() {
            return Err(AdminError::unprocessable(format!(
                "redirect URI `{uri}` must be an http or https URL with a host"
            )));
        }
        if parsed.fragment().is_some() {
            return Err(AdminError::unprocessable(format!(
                "redirect URI `{uri}` must not have a fragment (RFC 6749 §3.1.2)"
            )));
        }
    }
    Ok(())
}
