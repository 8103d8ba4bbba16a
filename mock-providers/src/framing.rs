//! No page of a mock may be framed by another site (clickjacking): a transparent frame of
//! the consent page over a decoy turns a click into "Authorize", one of the dashboard into
//! "Reset" or "Remove grant", and a framed form posts with the mock's own origin, so the
//! cross-site checks pass it. One layer over every route, both mocks' pages and `/__mock/`'s:
//! an HTML answer gets `X-Frame-Options: DENY` (older browsers) and a
//! `Content-Security-Policy` of `frame-ancestors 'none'` (the standard).

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The policy every HTML answer carries.
pub const FRAME_ANCESTORS: &str = "frame-ancestors 'none'";

/// Middleware: adds both headers to an HTML answer.
pub async fn deny_framing(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html {
        let headers = response.headers_mut();
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(FRAME_ANCESTORS),
        );
    }
    response
}
