//! `POST /__mock/clients`: registering an OAuth client, or adding redirect URIs to one, so
//! that an app on another port (or the checker's app on port 0) can sign in at the mock.
//! What a registration may carry is bounded (clients in all, redirect URIs per client, the
//! length of each field): clients are kept across a reset, so without bounds a loop of
//! requests would grow the mock's memory until a restart.

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
    let (created, stored, added) = register(&mut mock.store.lock(), client)?;
    let summary = summary(created, &stored, &added);
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

/// The event's words: the client, the URIs this request added (the first one, and how many
/// more) and how many it has in all; never the whole list, which would make the event log
/// grow with the square of the requests.
fn summary(created: bool, client: &Client, added: &[String]) -> String {
    let verb = if created { "registered" } else { "updated" };
    let added = match added {
        [] => "none added".to_string(),
        [one] => format!("added {one}"),
        [first, rest @ ..] => format!("added {first} and {} more", rest.len()),
    };
    let all = client.redirect_uris.len();
    // The count first: a long URI may be cut at the end of the line.
    format!(
        "client {} {verb}: {all} redirect URIs in all, {added}",
        client.client_id
    )
}

/// A new client is added; an existing one with the same secret takes the new redirect URIs
/// (and a name, if it had none); another secret is a 409; past a bound ([`MAX_CLIENTS`],
/// [`MAX_REDIRECT_URIS`]) a 422 that names it. Whether it was created, the client as
/// stored, and the redirect URIs this request added.
fn register(inner: &mut Inner, client: Client) -> Result<(bool, Client, Vec<String>), AdminError> {
    let Some(existing) = inner.clients.get_mut(&client.client_id) else {
        if inner.clients.len() >= MAX_CLIENTS {
            return Err(AdminError::unprocessable(format!(
                "a mock keeps at most {MAX_CLIENTS} clients, and has {}: add your redirect \
                 URIs to a registered client (same client_id and secret), or restart the mock",
                inner.clients.len()
            )));
        }
        let mut client = client;
        let mut unique: Vec<String> = Vec::new();
        for uri in client.redirect_uris.drain(..) {
            if !unique.contains(&uri) {
                unique.push(uri);
            }
        }
        client.redirect_uris = unique;
        inner
            .clients
            .insert(client.client_id.clone(), client.clone());
        let added = client.redirect_uris.clone();
        return Ok((true, client, added));
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
    let mut added: Vec<String> = Vec::new();
    for uri in &client.redirect_uris {
        if !existing.redirect_uris.contains(uri) && !added.contains(uri) {
            added.push(uri.clone());
        }
    }
    let all = existing.redirect_uris.len() + added.len();
    if all > MAX_REDIRECT_URIS {
        return Err(AdminError::unprocessable(format!(
            "a client has at most {MAX_REDIRECT_URIS} redirect URIs: `{}` has {} and this \
             request adds {} (nothing was added; a GitHub loopback callback takes any port, \
             so one URI serves every port)",
            existing.client_id,
            existing.redirect_uris.len(),
            added.len()
        )));
    }
    existing.redirect_uris.extend(added.iter().cloned());
    if client.name.is_some() && existing.name.is_none() {
        existing.name = client.name;
    }
    Ok((false, existing.clone(), added))
}

/// The most clients a mock keeps (the seeds' count too): registration is configuration,
/// kept across a reset, so it must not grow without end.
pub const MAX_CLIENTS: usize = 100;
/// The most redirect URIs a client has.
pub const MAX_REDIRECT_URIS: usize = 100;
/// The longest redirect URI, in bytes.
pub const MAX_URI_BYTES: usize = 2048;
/// The longest `client_id`, `client_secret` and `name`, in bytes.
pub const MAX_FIELD_BYTES: usize = 256;

fn validate_client(client: &Client) -> Result<(), AdminError> {
    let fields = [
        ("client_id", Some(&client.client_id)),
        ("client_secret", Some(&client.client_secret)),
        ("name", client.name.as_ref()),
    ];
    for (field, value) in fields {
        if let Some(value) = value
            && value.len() > MAX_FIELD_BYTES
        {
            return Err(AdminError::unprocessable(format!(
                "`{field}` may be at most {MAX_FIELD_BYTES} bytes (it has {})",
                value.len()
            )));
        }
    }
    if client.redirect_uris.len() > MAX_REDIRECT_URIS {
        return Err(AdminError::unprocessable(format!(
            "a client has at most {MAX_REDIRECT_URIS} redirect URIs (this request lists {})",
            client.redirect_uris.len()
        )));
    }
    if let Some(long) = client
        .redirect_uris
        .iter()
        .find(|u| u.len() > MAX_URI_BYTES)
    {
        let start: String = long.chars().take(60).collect();
        return Err(AdminError::unprocessable(format!(
            "a redirect URI may be at most {MAX_URI_BYTES} bytes (`{start}…` has {})",
            long.len()
        )));
    }
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
