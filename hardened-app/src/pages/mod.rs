//! The HTML side: the frame of every page, the pages a browser sees after a form or a failed
//! login, and the negotiation that gives browsers a page where API clients get JSON; the home
//! page is in [`home`].
//!
//! Plain HTML without JavaScript: links to log in, and forms that POST to log out and to
//! disconnect, so the whole lesson can be done by hand in any browser.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use maud::{Markup, html};

pub mod home;

use crate::config::Config;
use crate::error::ErrorMessage;
use crate::providers::Provider;

const STYLE: &str = "
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1f2328;line-height:1.5}
.card{border:1px solid #d0d7de;border-radius:.5rem;padding:1rem 1.25rem;margin:1rem 0}
.error{border-color:#cf222e;background:#ffebe9}
.button,button{font:inherit;padding:.45rem 1rem;border-radius:.4rem;border:1px solid #1f883d;background:#1f883d;color:#fff;cursor:pointer;text-decoration:none;display:inline-block;margin:.2rem 0}
button.secondary{background:#f6f8fa;color:#1f2328;border-color:#d0d7de}
form{display:inline}
img{border-radius:50%;vertical-align:middle}
small{color:#59636e}
.layers{display:grid;grid-template-columns:repeat(auto-fit,minmax(17rem,1fr));gap:1rem;margin:1rem 0}
.layer{border:1px solid #d0d7de;border-radius:.5rem;padding:0 1rem .5rem}
.layer .card{margin:.75rem 0;padding:.5rem .9rem}
h3{margin:.25rem 0}
code{overflow-wrap:anywhere}
.alive{color:#1a7f37}
.dead{color:#cf222e}
.pending{border-left:3px solid #bf8700;padding-left:.6rem}
";

/// Whether the client asked for HTML (a browser navigating), rather than JSON.
pub fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}

/// Middleware: an error answered to a browser becomes a readable page with the same status
/// and headers (Set-Cookie, Allow...). API clients keep the JSON.
pub async fn negotiate(request: Request, next: Next) -> Response {
    let html = wants_html(request.headers());
    let response = next.run(request).await;
    let message = response.extensions().get::<ErrorMessage>().cloned();
    match message {
        Some(error) if html => {
            let status = response.status();
            let (mut parts, _) = response.into_parts();
            let page = error_page(status, &error).into_string();
            parts.headers.remove(header::CONTENT_LENGTH);
            parts.headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            Response::from_parts(parts, Body::from(page))
        }
        _ => response,
    }
}

pub(crate) fn layout(title: &str, body: Markup) -> Markup {
    let head = html! { style { (maud::PreEscaped(STYLE)) } };
    let body = html! {
        p { a href="/" { "Logout lab" } " · the hardened app" }
        h1 { (title) }
        (body)
    };
    common::page::document(&format!("{title} · Logout lab"), head, body)
}

fn error_page(status: StatusCode, error: &ErrorMessage) -> Markup {
    let title = status.canonical_reason().unwrap_or("Error");
    layout(
        title,
        html! {
            div.card.error { p { (error.message) } }
            p { strong { "What to do: " } (error.what_to_do) }
            p { small { "HTTP " (status.as_u16()) } }
            p { a.button href="/" { "Back to the home page" } }
        },
    )
}

/// A page after a successful form (logged out, disconnected), with a way back.
pub fn message_page(title: &str, message: &str, aside: Option<Markup>) -> Response {
    Html(
        layout(
            title,
            html! {
                div.card { p { (message) } }
                @if let Some(aside) = aside { (aside) }
                p { a.button href="/" { "Back to the home page" } }
            },
        )
        .into_string(),
    )
    .into_response()
}

/// The page after `POST /logout`: the app's session is over, the provider's session and the
/// stored token are not, with a link to each provider to see it.
pub fn logged_out(config: &Config) -> Response {
    let aside = html! {
        p {
            "Your sessions at the providers are untouched, and so are the tokens this app keeps: visit "
            a href=(config.provider_home(Provider::GitHub)) { "GitHub" } " or "
            a href=(config.provider_home(Provider::Google)) { "Google" }
            " and you are still signed in there: log in here again and no password is asked."
        }
    };
    message_page("Logged out", "You are logged out of this app.", Some(aside))
}
