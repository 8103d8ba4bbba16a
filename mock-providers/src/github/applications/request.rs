//! Validating a call of the four `/applications/{client_id}/...` calls, in GitHub's order:
//! User-Agent, Basic auth, the client in the path, the JSON body, then the token.

use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;

use crate::api::Client;
use crate::github::answers::{rest_error, user_agent_required};
use crate::http;
use crate::state::Mock;
use crate::store::Token;

/// A refused call: the answer, and the reason the records give.
pub struct Refusal {
    pub response: Response,
    pub reason: String,
}

pub fn refuse(response: Response, reason: &str) -> Box<Refusal> {
    Box::new(Refusal {
        response,
        reason: reason.to_string(),
    })
}

/// The validations every call shares; `docs` is where its errors point. The client and the
/// live token it names, or the refusal.
pub fn validate(
    mock: &Mock,
    docs: &str,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(Client, Token), Box<Refusal>> {
    let client = authenticate(mock, docs, uri, headers)?;
    let presented = access_token(docs, body)?;
    let not_found = || rest_error(StatusCode::NOT_FOUND, "Not Found", docs);
    let now = mock.store.now();
    let inner = mock.store.lock();
    let stored = inner.tokens.get(&presented).cloned();
    let problem = match &stored {
        Some(t) if *t.client_id != *client.client_id => Some("token belongs to another client"),
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

/// A User-Agent, Basic auth of a registered client, and that client in the path.
fn authenticate(
    mock: &Mock,
    docs: &str,
    uri: &Uri,
    headers: &HeaderMap,
) -> Result<Client, Box<Refusal>> {
    let not_found = || rest_error(StatusCode::NOT_FOUND, "Not Found", docs);
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
    Ok(client)
}

/// The body's non-empty `access_token`; an empty body counts as `{}`.
fn access_token(docs: &str, body: &[u8]) -> Result<String, Box<Refusal>> {
    let parsed = if body.iter().all(u8::is_ascii_whitespace) {
        Some(Default::default())
    } else {
        http::parse_json_object(body)
    };
    let Some(params) = parsed else {
        let response = rest_error(StatusCode::BAD_REQUEST, "Problems parsing JSON", docs);
        return Err(refuse(response, "body not JSON"));
    };
    match http::param(&params, "access_token") {
        Some(token) => Ok(token.to_string()),
        None => {
            let message = "Invalid request.\n\n\"access_token\" wasn't supplied.";
            let response = rest_error(StatusCode::UNPROCESSABLE_ENTITY, message, docs);
            Err(refuse(response, "missing access_token"))
        }
    }
}

/// The `{client_id}` segment of `/applications/{client_id}/...`.
pub fn path_client(uri: &Uri) -> Option<String> {
    let rest = uri.path().strip_prefix("/applications/")?;
    let (id, _) = rest.split_once('/')?;
    Some(id.to_string())
}
