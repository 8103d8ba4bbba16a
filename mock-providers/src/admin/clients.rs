//! `POST /__mock/clients`: registering an OAuth client, or adding redirect URIs to one, so
//! that an app on another port (or the checker's app on port 0) can sign in at the mock.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::json;

use super::io::{AdminError, Body, Shape, done};
use crate::api::{Client, EventKind};
use crate::state::Mock;
use crate::store::{EventInfo, Inner};

/// A good body, quoted in every complaint.
const CLIENT_SHAPE: &str = r#"{"client_id": "my-app", "client_secret": "s3cret", "name": "My app" (optional), "redirect_uris": ["http://127.0.0.1:4000/callback"]}"#;

impl Shape for Client {
    const SHAPE: &'static str = CLIENT_SHAPE;
}

/// `POST /__mock/clients`: register a client, or add redirect URIs to one (same secret).
pub async fn register_client(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    Body(client): Body<Client>,
) -> Result<Response, AdminError> {
    validate_client(&client)?;
    let (created, stored) = register(&mut mock.store.lock(), client)?;
    let verb = if created { "registered" } else { "updated" };
    let summary = format!(
        "client {} {verb}: redirect URIs {}",
        stored.client_id,
        stored.redirect_uris.join(" ")
    );
    let info = EventInfo {
        client_id: Some(stored.client_id.clone()),
        endpoint: Some("POST /__mock/clients".into()),
        ..EventInfo::default()
    };
    mock.store.event(EventKind::ClientRegistered, summary, info);
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let answer = json!({ "created": created, "client": stored });
    Ok(done(&headers, status, answer))
}

/// A new client is added; an existing one with the same secret takes the new redirect URIs
/// (and a name, if it had none); another secret is a 409. Whether it was created, and the
/// client as stored.
fn register(inner: &mut Inner, client: Client) -> Result<(bool, Client), AdminError> {
    let Some(existing) = inner.clients.get_mut(&client.client_id) else {
        inner
            .clients
            .insert(client.client_id.clone(), client.clone());
        return Ok((true, client));
    };
    if existing.client_secret != client.client_secret {
        return Err(AdminError::new(
            StatusCode::CONFLICT,
            format!(
                "client `{}` is already registered with another secret",
                client.client_id
            ),
        ));
    }
    for uri in &client.redirect_uris {
        if !existing.redirect_uris.contains(uri) {
            existing.redirect_uris.push(uri.clone());
        }
    }
    if client.name.is_some() && existing.name.is_none() {
        existing.name = client.name;
    }
    Ok((false, existing.clone()))
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
