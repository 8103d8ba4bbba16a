//! The HTML pages both mocks share: the layout and the error page. Every page works without
//! JavaScript: plain links and forms, so a browser and a program can both use it.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

use crate::api::Provider;

const STYLE: &str = "
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1f2328;line-height:1.45}
header{display:flex;gap:.75rem;align-items:center;border-bottom:1px solid #d0d7de;padding-bottom:.75rem;margin-bottom:1.25rem}
header .badge{font-size:.75rem;background:#fff8c5;border:1px solid #d4a72c;border-radius:1rem;padding:.1rem .6rem}
.card{border:1px solid #d0d7de;border-radius:.5rem;padding:1rem 1.25rem;margin:1rem 0}
.error{border-color:#cf222e;background:#ffebe9}
button,.button{font:inherit;padding:.45rem 1rem;border-radius:.4rem;border:1px solid #1f883d;background:#1f883d;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#f6f8fa;color:#1f2328;border-color:#d0d7de}
form.inline{display:inline}
input[type=text]{font:inherit;padding:.4rem;border:1px solid #d0d7de;border-radius:.4rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{border-bottom:1px solid #d0d7de;padding:.3rem .4rem;text-align:left;vertical-align:top}
tr.revocation td{background:#fff1e5}
tr.rejected td{background:#ffebe9}
code{font-size:.85em;word-break:break-all}
";

/// A whole page in the mock's frame, which says plainly that this is a mock.
pub fn layout(provider: Provider, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · mock " (provider.name()) }
                style { (maud::PreEscaped(STYLE)) }
            }
            body {
                header {
                    strong { "Mock " (provider.name()) }
                    span.badge { "logout lab: not the real " (provider.name()) }
                    a href="/" { "home" }
                    a href="/__mock/" { "dashboard" }
                }
                h1 { (title) }
                (body)
            }
        }
    }
}

/// An error page, with the status it is served under.
pub fn error_page(provider: Provider, status: StatusCode, title: &str, message: &str) -> Response {
    let body = html! {
        div.card.error {
            p { (message) }
        }
    };
    (status, Html(layout(provider, title, body).into_string())).into_response()
}

/// A `302 Found` to `location`, the redirect both providers use (axum's `Redirect::to` is a
/// 303); a target that cannot be a header value is an error page instead.
pub fn found(provider: Provider, location: &str) -> Response {
    match axum::http::HeaderValue::from_str(location) {
        Ok(value) => (StatusCode::FOUND, [(axum::http::header::LOCATION, value)]).into_response(),
        Err(_) => error_page(
            provider,
            StatusCode::BAD_REQUEST,
            "Bad redirect",
            "The redirect target cannot be sent in a Location header.",
        ),
    }
}
