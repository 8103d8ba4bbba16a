//! Headers on every answer of the app. No other site may frame its pages, so the Log out and
//! Disconnect buttons cannot be clicked through a disguise (`X-Frame-Options: DENY`, and CSP
//! `frame-ancestors 'none'` for browsers that read only that). Nothing is cached
//! (`Cache-Control: no-store`): every page and every JSON answer is one user's, or a step of
//! a login.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, X_FRAME_OPTIONS};
use axum::middleware::Next;
use axum::response::Response;

/// Middleware: adds the headers, keeping a `Cache-Control` a route set itself.
pub async fn protect(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    let frame_ancestors = HeaderValue::from_static("frame-ancestors 'none'");
    headers.insert(CONTENT_SECURITY_POLICY, frame_ancestors);
    headers
        .entry(CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}
