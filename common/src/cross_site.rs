//! Whether a state-changing request comes from another site: the check of the apps'
//! `POST /logout` and `/disconnect/*` ([`layer`]) and of the mocks' `/__mock/` forms and API.
//!
//! A browser says where a request comes from (`Sec-Fetch-Site`, `Origin`); a request
//! without them (curl, an API client, a server) carries no ambient browser credentials and
//! passes. Only the same origin passes: a page on another port of the same host is
//! same-*site* but another origin, and is refused. `SameSite=Lax` already keeps the session
//! cookie off cross-site POSTs in modern browsers: this is the second layer, and the one that
//! covers same-site pages (the mocks on localhost are same-site with the app).

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::{FromFnLayer, Next, from_fn_with_state};
use axum::response::IntoResponse;

use crate::error_page::Answer;

/// What the layer keeps: the app's base URL, and how the app refuses a request.
#[derive(Clone)]
pub struct Guard<F> {
    base: String,
    refuse: F,
}

/// A function pointer, as [`crate::error_page`]'s middleware is.
type Middleware<F> = fn(State<Guard<F>>, Request, Next) -> Answer;

/// The layer, as [`axum::middleware::from_fn_with_state`] makes it.
pub type Layer<F> = FromFnLayer<Middleware<F>, Guard<F>, (State<Guard<F>>, Request)>;

/// Middleware: a request that can change something (any method but `GET`, `HEAD` and
/// `OPTIONS`) from another site is answered `refuse(why)` before it reaches a route, so that
/// no other page can log a user out or disconnect their provider.
pub fn layer<F, R>(base: &str, refuse: F) -> Layer<F>
where
    F: Fn(&'static str) -> R + Clone + Send + Sync + 'static,
    R: IntoResponse,
{
    let middleware: Middleware<F> = |State(guard), request, next| {
        Box::pin(async move {
            let safe = matches!(
                *request.method(),
                Method::GET | Method::HEAD | Method::OPTIONS
            );
            match cross_site(request.headers(), &guard.base) {
                Some(why) if !safe => {
                    let path = request.uri().path();
                    tracing::warn!(method = %request.method(), path, why, "cross-site request refused");
                    (guard.refuse)(why).into_response()
                }
                _ => next.run(request).await,
            }
        })
    };
    from_fn_with_state(
        Guard {
            base: base.into(),
            refuse,
        },
        middleware,
    )
}

/// Why the request comes from another site, if it does.
pub fn cross_site(headers: &HeaderMap, base: &str) -> Option<&'static str> {
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
        return Some("its Origin is another site");
    };
    let base_origin = base_origin(base);
    // The server may also be reached under another name than its base URL (127.0.0.1 for
    // localhost): the same origin as the Host it was sent to is fine too.
    let host_origin = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(|host| format!("{}://{host}", scheme(base)));
    let same = origin.eq_ignore_ascii_case(&base_origin)
        || host_origin.is_some_and(|h| origin.eq_ignore_ascii_case(&h));
    (!same).then_some("its Origin is another site")
}

fn scheme(base: &str) -> &str {
    base.split_once("://").map_or("http", |(s, _)| s)
}

/// `scheme://host[:port]` of a base URL.
fn base_origin(base: &str) -> String {
    let (scheme, rest) = base.split_once("://").unwrap_or(("http", base));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    format!("{scheme}://{authority}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_origin_of_a_base_url() {
        assert_eq!(
            base_origin("http://localhost:3000/"),
            "http://localhost:3000"
        );
        assert_eq!(
            base_origin("https://lab.example/app?x"),
            "https://lab.example"
        );
    }

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
