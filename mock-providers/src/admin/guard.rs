//! What keeps other web pages away from `/__mock/`, which has no authentication and shows
//! secrets:
//!
//! - [`refuse_foreign_host`]: a request must name this machine (`localhost`, a loopback
//!   address) or the mock's own address in its `Host`. A page at `http://evil.example:3001`
//!   whose name the attacker re-points at 127.0.0.1 (DNS rebinding) is same-origin with
//!   itself, so its requests pass any Origin check, and it could read `GET /__mock/clients`'
//!   secrets, reset the mock or arm faults; its `Host` still names `evil.example`, and that
//!   is refused with 421 Misdirected Request.
//! - [`refuse_cross_site`]: a request that would change the mock (any method but `GET`,
//!   `HEAD`, `OPTIONS`) from another origin is refused; without it any web page open while
//!   the mocks run could register its own redirect URI with a default client, arm a fault or
//!   reset the mock with a simple form POST. The dashboard's and the timeline's own forms are
//!   same-origin and pass, and so do programs (the app, the checker, curl), which send no
//!   `Origin`.

use std::net::IpAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::uri::Authority;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::io::AdminError;
use crate::state::Mock;

pub async fn refuse_foreign_host(
    State(mock): State<Arc<Mock>>,
    request: Request,
    next: Next,
) -> Response {
    // HTTP/2 names the host in the URI, HTTP/1.1 in `Host`; HTTP/1.0 may name none.
    let asked = request
        .uri()
        .authority()
        .map(Authority::as_str)
        .or_else(|| {
            let host = request.headers().get(header::HOST)?;
            host.to_str().ok().or(Some("(not text)"))
        });
    if let Some(asked) = asked
        && !host_is_ours(asked, &mock)
    {
        let asked = quoted(asked);
        let message = format!(
            "Misdirected request: /__mock/ answers only to this machine's own names \
             (localhost, 127.0.0.1, [::1]) or the mock's address ({}), not to Host `{asked}`. \
             A web page may have pointed its own name at this machine (DNS rebinding); \
             use {}/__mock/ instead{}.",
            host_of(&mock.base_url).unwrap_or_default(),
            mock.base_url,
            if mock.hosts.is_empty() {
                ", or start the mock with --allow-host NAME"
            } else {
                ""
            },
        );
        tracing::warn!(host = %asked, "request for another host refused on /__mock/");
        return AdminError::new(StatusCode::MISDIRECTED_REQUEST, message).into_response();
    }
    next.run(request).await
}

/// A `Host` as an answer quotes it: its first 100 characters (a header may be far longer).
fn quoted(asked: &str) -> String {
    match asked.char_indices().nth(100) {
        Some((end, _)) => format!("{}…", &asked[..end]),
        None => asked.to_string(),
    }
}

/// Whether `asked` (a `Host`, with or without its port) names this machine or this mock.
pub fn host_is_ours(asked: &str, mock: &Mock) -> bool {
    let Ok(authority) = asked.parse::<Authority>() else {
        return false;
    };
    let host = authority.host();
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let loopback_ip = bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    let lower = host.to_ascii_lowercase();
    let localhost = lower == "localhost" || lower.ends_with(".localhost");
    let own = std::iter::once(host_of(&mock.base_url).unwrap_or_default())
        .chain(mock.hosts.iter().map(String::as_str))
        .any(|ours| ours.eq_ignore_ascii_case(host));
    loopback_ip || localhost || own
}

/// The host of a base URL: `127.0.0.1` of `http://127.0.0.1:3001`, `[::1]` of `http://[::1]:3001`.
fn host_of(base_url: &str) -> Option<&str> {
    let rest = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next()?;
    match authority.strip_prefix('[') {
        Some(v6) => v6.find(']').map(|end| &authority[..end + 2]),
        None => authority.split(':').next(),
    }
}

/// How `/__mock/` refuses a request from another site: its JSON 403.
type Refuse = fn(&'static str) -> AdminError;

/// The apps' check (`common::cross_site`) in front of `/__mock/`, answering its JSON 403.
pub fn refuse_cross_site(mock: &Mock) -> common::cross_site::Layer<Refuse> {
    let refuse: Refuse = |why| {
        let message = format!("Cross-site request refused: {why}");
        AdminError::new(StatusCode::FORBIDDEN, message)
    };
    common::cross_site::layer(&mock.base_url, refuse)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_of_a_base_url() {
        assert_eq!(host_of("http://127.0.0.1:3001"), Some("127.0.0.1"));
        assert_eq!(host_of("http://[::1]:3001/"), Some("[::1]"));
        assert_eq!(host_of("http://lab.example"), Some("lab.example"));
    }
}
