//! The HTML side: the frame of every page, the pages a browser sees after a form, and the
//! name an error's page ([`common::error_page`]) gives the user; the home page is in [`home`].
//!
//! Plain HTML without JavaScript: links to log in, and forms that POST to log out and to
//! disconnect, so the whole lesson can be done by hand in any browser.

use axum::response::{Html, IntoResponse, Response};
use maud::{Markup, html};
use tower_cookies::Cookies;

pub mod home;

use crate::config::Config;
use crate::error::AppError;
use crate::session::SignedIn;
use crate::state::AppState;
use common::Provider;

const STYLE: &str = "
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1f2328;line-height:1.5}
.card{border:1px solid #d0d7de;border-radius:.5rem;padding:1rem 1.25rem;margin:1rem 0}
.error{border-color:#cf222e;background:#ffebe9}
.button,button{font:inherit;padding:.45rem 1rem;border-radius:.4rem;border:1px solid #1f883d;background:#1f883d;color:#fff;cursor:pointer;text-decoration:none;display:inline-block;margin:.2rem 0}
button.secondary{background:#f6f8fa;color:#1f2328;border-color:#d0d7de}
form{display:inline}
img{border-radius:50%;vertical-align:middle}
small,.note{color:#59636e}
.layers{display:grid;grid-template-columns:repeat(auto-fit,minmax(17rem,1fr));gap:1rem;margin:1rem 0}
.layer{border:1px solid #d0d7de;border-radius:.5rem;padding:0 1rem .5rem}
.layer .card{margin:.75rem 0;padding:.5rem .9rem}
h3{margin:.25rem 0}
code{overflow-wrap:anywhere}
.alive{color:#1a7f37}
.dead{color:#cf222e}
.pending{border-left:3px solid #bf8700;padding-left:.6rem}
";

/// The name an error's page says the user is still logged in as, if any.
pub async fn signed_in_as(state: AppState, cookies: Cookies) -> Result<Option<String>, AppError> {
    let user = SignedIn::find(&state, &cookies).await?.map(|s| s.user);
    Ok(user.map(|user| user.name.or(user.email).unwrap_or(user.id)))
}

/// A page of this app: its style, the way home, `title` as its heading, then `body`.
pub(crate) fn layout(title: &str, body: Markup) -> Markup {
    let head = html! { style { (maud::PreEscaped(STYLE)) } };
    let body = html! {
        p { a href="/" { "Logout lab" } " · the hardened app" }
        h1 { (title) }
        (body)
    };
    common::page::document(&format!("{title} · Logout lab"), head, body)
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

/// The page after `POST /logout`: the app's session is over. The providers this session
/// logged in with (`used`) are named, each with a link to its home page: the user is still
/// signed in there, and the tokens this app stores still work. No other provider is said to
/// have a session: the user may never have signed in there.
pub fn logged_out(config: &Config, logged_in: bool, used: &[Provider]) -> Response {
    if !logged_in {
        let aside = html! {
            p { "Logging out never signs you out at GitHub or Google, nor ends a token this app stores." }
        };
        let message = "You were not logged in to this app, so nothing changed.";
        return message_page("Logged out", message, Some(aside));
    }
    let aside = html! {
        @if used.is_empty() {
            p { "Logging out left your sessions at the providers alone, and the tokens this app stores." }
        } @else {
            p {
                "You logged in here with "
                @for (i, provider) in used.iter().enumerate() {
                    @if i > 0 { " and " }
                    a href=(config.provider_home(*provider)) { (provider) }
                }
                ". Logging out did not sign you out there, and the tokens this app stores still work: visit "
                (if used.len() == 1 { "it" } else { "them" })
                " and you are still signed in, so logging in here again asks for no password."
            }
        }
    };
    message_page("Logged out", "You are logged out of this app.", Some(aside))
}
