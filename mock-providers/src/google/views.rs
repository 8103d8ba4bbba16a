//! The mock Google's pages: home, sign-in (account chooser) and consent. Each renders what it
//! is given and reads nothing itself; all work without JavaScript: plain forms with hidden
//! inputs, so a browser and a program can use them.

use std::collections::HashMap;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{Markup, html};

use super::request::{AuthRequest, PARAMS, PATH};
use super::scopes;
use crate::api::Provider;
use crate::config::GoogleUser;
use crate::pages;
use crate::store::ProviderSession;

/// What the sign-in page shows and carries.
#[derive(Debug)]
pub struct SignIn<'a> {
    /// Where to go once signed in (`continue`, checked again on `POST /ServiceLogin`).
    pub target: &'a str,
    /// The account to put first and prefill (`login_hint`, or what was typed).
    pub hint: Option<&'a str>,
    /// Why the page is shown again.
    pub message: Option<&'a str>,
    /// The status it is served under: 200, or why it is shown again.
    pub status: StatusCode,
}

fn page(title: &str, body: Markup, status: StatusCode) -> Response {
    let page = pages::layout(Provider::Google, title, body);
    (status, Html(page.into_string())).into_response()
}

/// `GET /`: who is signed in, with a sign-out button, or a sign-in link.
pub fn home(signed_in: Option<(&ProviderSession, &GoogleUser)>) -> Response {
    let body = match signed_in {
        Some((session, user)) => html! {
            div.card {
                p { "Signed in as " strong { (user.name) } " (" (user.email) ")." }
                form method="post" action="/Logout" {
                    input type="hidden" name="authenticity_token" value=(session.csrf);
                    button type="submit" { "Sign out" }
                }
            }
        },
        None => html! {
            div.card {
                p { "Nobody is signed in to this mock Google." }
                a.button href="/ServiceLogin" { "Sign in" }
            }
        },
    };
    page("Google Account", body, StatusCode::OK)
}

/// The sign-in page: one button per account in `users` and an email field; `signed_in` is
/// the email of the session this browser already has.
pub fn sign_in(form: &SignIn<'_>, users: &[GoogleUser], signed_in: Option<&str>) -> Response {
    let body = html! {
        @if let Some(message) = form.message {
            div.card.error { p { (message) } }
        }
        @if let Some(email) = signed_in {
            p { "Currently signed in as " strong { (email) } ". Choosing an account switches to it." }
        }
        div.card {
            h2 { "Choose an account" }
            @for user in users {
                form.inline method="post" action="/ServiceLogin" {
                    input type="hidden" name="email" value=(user.email);
                    input type="hidden" name="continue" value=(form.target);
                    button type="submit" { (user.name) " · " (user.email) }
                }
                " "
            }
        }
        div.card {
            h2 { "Or type an email" }
            form method="post" action="/ServiceLogin" {
                input type="hidden" name="continue" value=(form.target);
                label { "Email " input type="text" name="email" value=(form.hint.unwrap_or("")); }
                " "
                button type="submit" { "Next" }
            }
        }
    };
    page("Sign in with Google", body, form.status)
}

/// The consent page: the app (`app`, its name), what it asks for, Allow / Cancel. The form
/// repeats the request's parameters as given (`params`) for the POST to validate again.
pub fn consent(
    app: &str,
    req: &AuthRequest,
    params: &HashMap<String, String>,
    session: &ProviderSession,
    user: &GoogleUser,
) -> Response {
    let body = html! {
        div.card {
            p { strong { (app) } " wants to access your Google Account " strong { (user.email) } "." }
            p { "This will allow " (app) " to:" }
            ul {
                @for scope in &req.scopes {
                    li { (scopes::describe(scope)) " " code { (scope) } }
                }
            }
            @if req.offline {
                p { "It asks for offline access (a refresh token)." }
            }
            form method="post" action=(PATH) {
                @for name in PARAMS {
                    @if let Some(value) = params.get(name) {
                        input type="hidden" name=(name) value=(value);
                    }
                }
                input type="hidden" name="authenticity_token" value=(session.csrf);
                button type="submit" name="authorize" value="1" { "Allow" }
                " "
                button.secondary type="submit" name="authorize" value="0" { "Cancel" }
            }
        }
    };
    page(&format!("Sign in to {app}"), body, StatusCode::OK)
}
