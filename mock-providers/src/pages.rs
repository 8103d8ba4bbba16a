//! The HTML frame both mocks' pages share, the error page, and the redirect. Each provider's
//! pages come in its own look (its own stylesheet, served by the mock under
//! `/__mock/assets/`), the dashboard in a neutral one, and every header carries a visible
//! "Mock" badge. Every page works without JavaScript: plain links and forms, so a browser and
//! a program can both use it. Headers hold links only, never a form, so the first form of a
//! page is its own (consent, sign-in).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use common::Provider;
use maud::{Markup, html};

use crate::state::Mock;

/// Where a mock serves its stylesheets.
pub const ASSETS: &str = "/__mock/assets/";

/// The stylesheet of a provider's own pages: `/__mock/assets/github.css` or `google.css`.
pub fn stylesheet(provider: Provider) -> String {
    format!("{ASSETS}{}.css", provider.slug())
}

/// The dashboard's neutral stylesheet.
pub fn dashboard_stylesheet() -> String {
    format!("{ASSETS}dashboard.css")
}

/// The badge every header carries: this is not the real provider.
pub fn badge(provider: Provider) -> Markup {
    html! {
        span.mock-badge title=(format!("A mock {} for the logout lab, not the real one", provider.name())) {
            "Mock"
        }
    }
}

/// The provider's name as its header shows it: GitHub's mark and name, Google's wordmark.
fn brand(provider: Provider) -> Markup {
    match provider {
        Provider::GitHub => html! {
            span.mark aria-hidden="true" {}
            span.brand-name { "GitHub" }
        },
        Provider::Google => html! {
            span.wordmark {
                span.g-blue { "G" } span.g-red { "o" } span.g-yellow { "o" }
                span.g-blue { "g" } span.g-green { "l" } span.g-red { "e" }
            }
        },
    }
}

/// A whole document: head with `sheet`, a skip link, `header`, then `main`.
fn document(sheet: &str, title: &str, header: Markup, main_class: &str, main: Markup) -> Markup {
    let head = html! { link rel="stylesheet" href=(sheet); };
    let body = html! {
        a.skip href="#main" { "Skip to content" }
        (header)
        main #main class=(main_class) { (main) }
    };
    common::page::document(title, head, body)
}

/// A provider page in the provider's look, `main` as given (with its own heading).
pub fn frame(provider: Provider, title: &str, main_class: &str, main: Markup) -> Markup {
    let header = html! {
        header.site {
            a.brand href="/" aria-label=(format!("Mock {} home", provider.name())) { (brand(provider)) }
            (badge(provider))
            nav aria-label="Mock" {
                a href="/__mock/" { "Mock dashboard" } " "
                a href="/__mock/timeline" { "Timeline" }
            }
        }
    };
    let title = format!("{title} · Mock {}", provider.name());
    document(&stylesheet(provider), &title, header, main_class, main)
}

/// A provider page with `title` as its heading, then `body`.
pub fn layout(provider: Provider, title: &str, body: Markup) -> Markup {
    frame(provider, title, "page", html! { h1 { (title) } (body) })
}

/// A dashboard page: the neutral look, the mock named in the header.
pub fn dashboard_frame(provider: Provider, title: &str, main: Markup) -> Markup {
    let header = html! {
        header.site {
            a.brand href="/__mock/" { "Mock " (provider.name()) }
            (badge(provider))
            nav aria-label="Mock" {
                a href="/" { "Provider home" } " "
                a href="/__mock/" { "Dashboard" } " "
                a href="/__mock/timeline" { "Timeline" }
            }
        }
    };
    let title = format!("{title} · Mock {}", provider.name());
    document(&dashboard_stylesheet(), &title, header, "dashboard", main)
}

/// An error page, with the status it is served under.
pub fn error_page(provider: Provider, status: StatusCode, title: &str, message: &str) -> Response {
    error_page_with(provider, status, title, message, html! {})
}

/// An error page with `help` below the provider's own words (see [`crate::fixes`]).
pub fn error_page_with(
    provider: Provider,
    status: StatusCode,
    title: &str,
    message: &str,
    help: Markup,
) -> Response {
    let body = html! {
        div.flash.error role="alert" {
            p { (message) }
        }
        (help)
    };
    (status, Html(layout(provider, title, body).into_string())).into_response()
}

/// The page for a body the mock could not read (over axum's 2 MiB limit, or cut off), with
/// the rejection's status, rather than axum's plain-text answer.
pub fn unreadable_body(provider: Provider, rejection: &BytesRejection) -> Response {
    let message = format!(
        "The request body could not be read: {}",
        rejection.body_text()
    );
    error_page(provider, rejection.status(), "Request not read", &message)
}

/// The body of a form a person submits (sign-in, sign-out, consent): a body the mock cannot
/// read is answered with [`unreadable_body`], the provider's own error page.
pub struct PageBody(pub Bytes);

impl FromRequest<Arc<Mock>> for PageBody {
    type Rejection = Response;

    async fn from_request(request: Request, mock: &Arc<Mock>) -> Result<Self, Response> {
        Bytes::from_request(request, mock)
            .await
            .map(PageBody)
            .map_err(|rejection| unreadable_body(mock.provider(), &rejection))
    }
}

/// A time of the mock's clock (RFC 3339) as a settings page shows it: `2026-12-06 20:14 UTC`.
pub fn when(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time} UTC"),
        _ => rfc3339.to_string(),
    }
}

/// How many of a grant's tokens work, as a settings page says it: `2 live tokens`.
pub fn live_tokens(count: usize) -> String {
    match count {
        0 => "no live token".to_string(),
        1 => "1 live token".to_string(),
        n => format!("{n} live tokens"),
    }
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
