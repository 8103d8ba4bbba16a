//! The HTML side: the home page, the pages a browser sees after a form or a failed login,
//! and the negotiation that gives browsers a page where API clients get JSON.
//!
//! Plain HTML without JavaScript: links to log in, and forms that POST to log out and to
//! disconnect, so the whole lesson can be done by hand in any browser.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

use crate::config::Config;
use crate::db::accounts::{Linked, User};
use crate::error::ErrorMessage;
use crate::providers::Provider;

const STYLE: &str = "
body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1f2328;line-height:1.5}
.card{border:1px solid #d0d7de;border-radius:.5rem;padding:1rem 1.25rem;margin:1rem 0}
.error{border-color:#cf222e;background:#ffebe9}
.button,button{font:inherit;padding:.45rem 1rem;border-radius:.4rem;border:1px solid #1f883d;background:#1f883d;color:#fff;cursor:pointer;text-decoration:none;display:inline-block;margin:.2rem 0}
button.secondary{background:#f6f8fa;color:#1f2328;border-color:#d0d7de}
form{display:inline}
img{border-radius:50%;vertical-align:middle}
small{color:#59636e}
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
        Some(ErrorMessage(message)) if html => {
            let status = response.status();
            let (mut parts, _) = response.into_parts();
            let page = error_page(status, &message).into_string();
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

fn layout(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Logout lab" }
                style { (maud::PreEscaped(STYLE)) }
            }
            body {
                p { a href="/" { "Logout lab" } " · the course's app" }
                h1 { (title) }
                (body)
            }
        }
    }
}

fn error_page(status: StatusCode, message: &str) -> Markup {
    let title = status.canonical_reason().unwrap_or("Error");
    layout(
        title,
        html! {
            div.card.error { p { (message) } }
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

/// The home page when nobody is signed in.
pub fn signed_out() -> Markup {
    layout(
        "Log in",
        html! {
            p { "Sign in with a provider. With the default configuration these are the local mock providers." }
            p {
                a.button href="/auth/github" { "Log in with GitHub" } " "
                a.button href="/auth/google" { "Log in with Google" }
            }
            p { small { "API: " code { "GET /me" } ", " code { "POST /logout" } "." } }
        },
    )
}

/// A linked provider's card: its live profile, and Disconnect unless it is the only provider
/// (the app refuses that with 409: it is how the user logs in).
fn linked_provider(provider: Provider, only: bool) -> Markup {
    html! {
        p {
            strong { (provider) } " is linked. "
            a href={ "/me/" (provider.slug()) } { "Live " (provider) " profile" }
        }
        @if only {
            p { small { (provider) " is the only provider of this account, so it cannot be disconnected: link the other one first." } }
        } @else {
            form method="post" action={ "/disconnect/" (provider.slug()) } {
                button.secondary type="submit" { "Disconnect " (provider) }
            }
            p { small { "Disconnecting revokes the stored " (provider) " token and unlinks it; you stay logged in here." } }
        }
    }
}

/// The home page of a signed-in user: who they are, linked providers, Log out, Disconnect.
pub fn signed_in(user: &User, linked: &[Linked]) -> Markup {
    let name = user.name.as_deref().unwrap_or("(no name)");
    layout(
        "Signed in",
        html! {
            div.card {
                p {
                    @if let Some(avatar) = &user.avatar_url {
                        img src=(avatar) alt="" width="48" height="48"; " "
                    }
                    strong { (name) }
                    @if let Some(email) = &user.email { " · " (email) }
                }
                p { small { "User id " code { (user.id) } } }
            }
            h2 { "Linked providers" }
            @for provider in Provider::ALL {
                div.card {
                    @if linked.iter().any(|l| l.provider == provider) {
                        (linked_provider(provider, linked.len() == 1))
                    } @else {
                        p { strong { (provider) } " is not linked." }
                        p { a.button href={ "/auth/" (provider.slug()) } { "Link " (provider) } }
                        p { small { "Linking logs you in with " (provider) "; it joins this account when " (provider) " verifies the same email." } }
                    }
                }
            }
            form method="post" action="/logout" {
                button type="submit" { "Log out" }
            }
            p { small { "Logging out ends this app's session only: it revokes no provider token." } }
        },
    )
}
