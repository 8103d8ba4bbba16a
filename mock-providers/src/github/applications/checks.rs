//! The checks the four `/applications/{client_id}/...` calls share, in GitHub's order:
//! User-Agent, Basic auth, the client in the path, the JSON body, then the token.

use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;

use super::Kind;
use crate::api::Client;
use crate::github::{rest_error, user_agent_required};
use crate::http;
use crate::state::Mock;
use crate::store::Token;

/// A refused call: the answer, and the reason the records give.
pub(super) struct Refusal {
    pub response: Response,
    pub reason: String,
}

fn refuse(response: Response, reason: &str) -> Box<Refusal> {
    Box::new(Refusal {
        response,
        reason: reason.to_string(),
    })
}

/// The checks every call shares, in GitHub's order: User-Agent, Basic auth, body, token.
pub(super) fn check(
    mock: &Mock,
    kind: Kind,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(Client, Token), Box<Refusal>> {
    let docs = kind.docs();
    let not_found = || rest_error(StatusCode::NOT_FOUND, "Not Found", &docs);
    if !http::has_user_agent(headers) {
        return Err(refuse(user_agent_required(), "missing User-Agent header"));
    }
    let Some((id, secret)) = http::basic_auth(headers) else {
        return Err(refuse(not_found(), "no HTTP Basic auth"));
    };
    let client = mock.store.lock().clients.get(&id).cloned();
    let Some(client) = client.filter(|c| c.client_secret == secret) else {
        return Err(refuse(
            not_found(),
            "wrong client credentials (HTTP Basic auth)",
        ));
    };
    if path_client(uri).as_deref() != Some(id.as_str()) {
        return Err(refuse(
            not_found(),
            "the client_id in the path is not the one of the Basic auth",
        ));
    }
    let parsed = if body.iter().all(u8::is_ascii_whitespace) {
        Some(Default::default())
    } else {
        http::parse_json_object(body)
    };
    let Some(params) = parsed else {
        let response = rest_error(StatusCode::BAD_REQUEST, "Problems parsing JSON", &docs);
        return Err(refuse(response, "body not JSON"));
    };
    let Some(presented) = params
        .get("access_token")
        .filter(|t| !t.is_empty())
        .cloned()
    else {
        let message = "Invalid request.\n\n\"access_token\" wasn't supplied.";
        let response = rest_error(StatusCode::UNPROCESSABLE_ENTITY, message, &docs);
        return Err(refuse(response, "missing access_token"));
    };
    let now = mock.store.now();
    let inner = mock.store.lock();
    let stored = inner.tokens.get(&presented).cloned();
    let problem = match &stored {
        Some(t) if t.client_id != client.client_id => Some("token belongs to another client"),
        Some(_) => inner
            .live_token(&presented, now)
            .err()
            .map(|p| p.describe()),
        None => Some("unknown token"),
    };
    match (problem, stored) {
        (None, Some(token)) => Ok((client, token)),
        (problem, _) => Err(refuse(not_found(), problem.unwrap_or("unknown token"))),
    }
}

/// The `{client_id}` segment of `/applications/{client_id}/...`.
pub(super) fn path_client(uri: &Uri) -> Option<String> {
    let rest = uri.path().strip_prefix("/applications/")?;
    let (id, _) = rest.split_once('/')?;
    Some(id.to_string())
}
