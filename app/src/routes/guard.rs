//! Refusing cross-site state-changing requests (login-CSRF's cousins: a foreign page that
//! logs the user out or disconnects their provider).
//!
//! `SameSite=Lax` already keeps the session cookie off cross-site POSTs in modern browsers;
//! this check is the second layer and also covers same-*site* pages on another port (the
//! mocks on localhost are same-site with the app). Requests without `Origin` and
//! `Sec-Fetch-Site` (curl, API clients) pass: they carry no ambient browser credentials.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::state::AppState;

pub async fn refuse_cross_site(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe && let Some(why) = cross_site(request.headers(), state.config().base()) {
        tracing::warn!(method = %request.method(), path = request.uri().path(), why, "refused");
        return AppError::CrossSite(why).into_response();
    }
    next.run(request).await
}

/// Why the request comes from another site, if it does.
fn cross_site(headers: &HeaderMap, base: &str) -> Option<&'static str> {
    let fetch_site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .map(str::to_ascii_lowercase);
    if let Some(site) = fetch_site
        && site != "same-origin"
        && site != "none"
    {
        return Some("the browser says it was sent from another site (Sec-Fetch-Site)");
    }
    let origin = headers.get(header::ORIGIN)?;
    let Ok(origin) = origin.to_str() else {
        return Some("its Origin is not this app");
    };
    let base_origin = base_origin(base);
    // The app may also be reached under another name than BASE_URL (127.0.0.1 for
    // localhost): the same origin as the Host it was sent to is fine too.
    let host_origin = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(|host| format!("{}://{host}", scheme(base)));
    let same = origin.eq_ignore_ascii_case(&base_origin)
        || host_origin.is_some_and(|h| origin.eq_ignore_ascii_case(&h));
    (!same).then_some("its Origin is not this app")
}

fn scheme(base: &str) -> &str {
    base.split_once("://").map_or("http", |(s, _)| s)
}

/// `scheme://host[:port]` of BASE_URL.
fn base_origin(base: &str) -> String {
    match url::Url::parse(base) {
        Ok(u) => u.origin().ascii_serialization(),
        Err(_) => base.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn same_origin_and_headerless_requests_pass() {
        let base = "http://localhost:3000";
        assert_eq!(cross_site(&headers(&[]), base), None);
        let h = headers(&[
            ("origin", "http://localhost:3000"),
            ("sec-fetch-site", "same-origin"),
        ]);
        assert_eq!(cross_site(&h, base), None);
        let h = headers(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000"),
        ]);
        assert_eq!(cross_site(&h, base), None);
    }

    #[test]
    fn other_sites_and_other_ports_are_refused() {
        let base = "http://localhost:3000";
        assert!(cross_site(&headers(&[("origin", "https://evil.example")]), base).is_some());
        assert!(cross_site(&headers(&[("origin", "http://localhost:3001")]), base).is_some());
        assert!(cross_site(&headers(&[("origin", "null")]), base).is_some());
        assert!(cross_site(&headers(&[("sec-fetch-site", "cross-site")]), base).is_some());
        assert!(cross_site(&headers(&[("sec-fetch-site", "same-site")]), base).is_some());
    }
}
