//! Every call of a provider endpoint kept in full on the events it recorded: the request
//! (method, path and query, headers, body) and the answer (status, headers, body), masked as
//! they are recorded ([`crate::mask`]: no client secret, Basic password, whole token, code or
//! cookie value is kept) and bounded ([`crate::api::BODY_KEPT`] and its neighbours).
//!
//! One layer around the provider's routes, outside the faults (a call a fault answers or
//! drops is kept as the client met it). The call runs [`within`] a scope that notes the
//! events it records; a call that records none (a page view, the JWKS) is let through as it
//! is, and `/__mock/` is never kept. The answer is read whole before it is sent (the
//! providers' answers are small), so the exchange is on its events before the caller has
//! its answer: a client that reads `/__mock/events` after its call finds it there. An HTML
//! page's body is not read, only its length.

mod message;
mod tee;

use std::sync::Arc;

use axum::body::{Body, HttpBody};
use axum::extract::{Request, State};
use axum::http::header;
use axum::http::response::Parts;
use axum::middleware::Next;
use axum::response::Response;

use crate::api::ExchangeRecord;
use crate::faults::apply::dropped_connection;
use crate::state::Mock;
use crate::store::within;
use message::{Answer, Head};
use tee::Tee;

/// The middleware: runs the call, then keeps it on the events it recorded.
pub async fn middleware(State(mock): State<Arc<Mock>>, request: Request, next: Next) -> Response {
    if request.uri().path().starts_with("/__mock") {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let head = Head::of(&parts);
    let (body, kept) = Tee::wrap(body);
    let call = next.run(Request::from_parts(parts, body));
    let (response, seqs) = within(call).await;
    if seqs.is_empty() {
        return response;
    }
    let (response, answer) = read(response).await;
    let secrets = client_secrets(&mock);
    let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
    let exchange = ExchangeRecord {
        request: head.record(&kept.take(), &secrets),
        response: answer.map(|a| a.record(&secrets)),
    };
    mock.store.lock().keep_exchange(&seqs, Arc::new(exchange));
    response
}

/// The secrets of the mock's clients, masked wherever they appear in a call.
fn client_secrets(mock: &Mock) -> Vec<String> {
    let inner = mock.store.lock();
    inner
        .clients
        .values()
        .map(|c| c.client_secret.clone())
        .collect()
}

/// Reads the answer's body, and gives back a response that sends the same; a body that
/// fails (a fault that drops the connection) still drops it, and there is no answer.
async fn read(response: Response) -> (Response, Option<Answer>) {
    let (head, body) = response.into_parts();
    if is_page(&head) {
        let len = body.size_hint().exact().unwrap_or(0) as usize;
        let answer = Answer::of(&head, None, len);
        return (Response::from_parts(head, body), Some(answer));
    }
    match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => {
            let answer = Answer::of(&head, Some(bytes.clone()), bytes.len());
            (Response::from_parts(head, Body::from(bytes)), Some(answer))
        }
        Err(_) => (dropped_connection(), None),
    }
}

/// Whether the answer is an HTML page (for a browser), whose body is not kept.
fn is_page(head: &Parts) -> bool {
    head.headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("text/html"))
}
