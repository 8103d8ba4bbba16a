//! The mock Google's pages: home, sign-in (account chooser), consent, and the account's
//! third-party connections, in Google's look
//! (`style.css`, served as `/__mock/assets/google.css`). Each renders what it is given and
//! reads nothing itself; all work without JavaScript: plain forms with hidden inputs, so a
//! browser and a program can use them.

use std::collections::HashMap;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use common::Provider;
use maud::{Markup, html};

use super::request::{AuthRequest, PARAMS, PATH};
use super::scopes;
use crate::config::GoogleUser;
use crate::pages;
use crate::store::{AuthorizedApp, ProviderSession};

/// The mock Google's stylesheet.
pub const STYLESHEET: &str = include_str!("style.css");

/// The account's third-party connections, and where their Remove access buttons post.
pub const CONNECTIONS: &str = "/connections";
pub const REMOVE: &str = "/connections/remove";

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

fn page(title: &str, main: Markup, status: StatusCode) -> Response {
    let page = pages::frame(Provider::Google, title, "card", main);
    (status, Html(page.into_string())).into_response()
}

fn avatar(user: &GoogleUser, size: u32) -> Markup {
    html! {
        @if let Some(url) = &user.picture {
            img.avatar src=(url) alt="" width=(size) height=(size);
        }
    }
}

/// `GET /`: who is signed in, with a sign-out button, or a sign-in link.
pub fn home(signed_in: Option<(&ProviderSession, &GoogleUser)>) -> Response {
    let main = match signed_in {
        Some((session, user)) => html! {
            div.center { (avatar(user, 88)) }
            h1 { "Welcome, " (user.name) }
            p.sub { "Signed in as " strong { (user.name) } " (" (user.email) ")." }
            p.note { "Logging out of an app leaves you signed in here: this is Google's own session." }
            h2 { a href=(CONNECTIONS) { "Third-party apps & services" } }
            p.note { "The apps with access to your Google Account, each with Remove access, which ends every token it holds." }
            form.actions method="post" action="/Logout" {
                input type="hidden" name="authenticity_token" value=(session.csrf);
                button.btn-text type="submit" { "Sign out" }
            }
        },
        None => html! {
            h1 { "Google Account" }
            p.sub { "Nobody is signed in to this mock Google." }
            div.actions { a.btn-primary href="/ServiceLogin" { "Sign in" } }
        },
    };
    page("Google Account", main, StatusCode::OK)
}

/// The account chooser: one button per account in `users` and an email field; `app` is the
/// name of the client the sign-in continues to, `signed_in` the email of the session this
/// browser already has.
pub fn sign_in(
    form: &SignIn<'_>,
    users: &[GoogleUser],
    app: Option<&str>,
    signed_in: Option<&str>,
) -> Response {
    let main = html! {
        h1 { "Choose an account" }
        p.sub {
            @if let Some(app) = app { "to continue to " strong { (app) } } @else { "to continue to Google" }
        }
        @if let Some(message) = form.message {
            div.flash.error role="alert" { p { (message) } }
        }
        @if let Some(email) = signed_in {
            p.note { "Currently signed in as " strong { (email) } ". Choosing an account switches to it." }
        }
        ul.accounts {
            @for user in users {
                li {
                    form method="post" action="/ServiceLogin" {
                        input type="hidden" name="email" value=(user.email);
                        input type="hidden" name="continue" value=(form.target);
                        button.account type="submit" {
                            (avatar(user, 28))
                            span { span.name { (user.name) } " " span.email { (user.email) } }
                        }
                    }
                }
            }
        }
        form.another method="post" action="/ServiceLogin" {
            input type="hidden" name="continue" value=(form.target);
            label for="identifier" { "Use another account: email" }
            input #identifier type="email" name="email" value=(form.hint.unwrap_or(""))
                autocomplete="username" spellcheck="false";
            div.actions { button.btn-primary type="submit" { "Next" } }
        }
    };
    page("Sign in - Google Accounts", main, form.status)
}

/// The consent page: the app (`app`, its name), what it asks for, Cancel / Allow. The form
/// repeats the request's parameters as given (`params`) for the POST to validate again.
pub fn consent(
    app: &str,
    req: &AuthRequest,
    params: &HashMap<String, String>,
    session: &ProviderSession,
    user: &GoogleUser,
) -> Response {
    let main = html! {
        h1 { (app) " wants to access your Google Account" }
        p.chip { (avatar(user, 20)) " " (user.email) }
        p { "This will allow " strong { (app) } " to:" }
        ul.scopes {
            @for scope in &req.scopes {
                li { span.scope-words { (scopes::describe(scope)) } " " code { (scope) } }
            }
            @if req.offline {
                li { span.scope-words { "Keep access while you are away (a refresh token)" } }
            }
        }
        h2 { "Make sure you trust " (app) }
        p.note {
            "You may be sharing sensitive info with this site or app. You can always see or remove access in "
            a href=(CONNECTIONS) { "your Google Account" } "."
        }
        form method="post" action=(PATH) {
            @for name in PARAMS {
                @if let Some(value) = params.get(name) {
                    input type="hidden" name=(name) value=(value);
                }
            }
            input type="hidden" name="authenticity_token" value=(session.csrf);
            div.actions {
                button.btn-text type="submit" name="authorize" value="0" { "Cancel" }
                button.btn-primary type="submit" name="authorize" value="1" { "Allow" }
            }
        }
    };
    page(&format!("Sign in to {app}"), main, StatusCode::OK)
}

/// The account's third-party connections: each app with access to `user`'s account, what
/// it may see, since when, its live tokens, and Remove access behind Google's confirmation;
/// `removed` names the app just removed.
pub fn connections(
    session: &ProviderSession,
    user: &GoogleUser,
    apps: &[AuthorizedApp],
    removed: Option<&str>,
) -> Response {
    let main = html! {
        h1 { "Third-party apps & services" }
        p.chip { (avatar(user, 20)) " " (user.email) }
        @if let Some(name) = removed {
            div.flash role="status" {
                p { (name) " no longer has access to your Google Account: its tokens no longer work, and it will ask for your consent again." }
            }
        }
        @if apps.is_empty() {
            p.note { "No third-party app has access to your Google Account." }
        }
        ul.connections {
            @for app in apps { li { (connection(app, session)) } }
        }
        p.note { "Removing access ends every token the app holds for your account, and the app is not told. Logging out of an app removes nothing." }
    };
    page("Third-party apps & services", main, StatusCode::OK)
}

/// One app with access, with its Remove access button inside Google's confirmation.
fn connection(app: &AuthorizedApp, session: &ProviderSession) -> Markup {
    html! {
        h2 { (app.name) }
        p.note { "Access given " (pages::when(&app.granted_at)) " · " (pages::live_tokens(app.live_tokens)) }
        p { "Has access to:" }
        ul.scopes {
            @for scope in scopes::ordered(&app.scopes) {
                li { span.scope-words { (scopes::describe(&scope)) } " " code { (scope) } }
            }
        }
        details.confirm {
            summary.btn-text { "Remove access" }
            p { "Remove " strong { (app.name) } "’s access to your Google Account? It will no longer be able to use what you gave it access to." }
            form method="post" action=(REMOVE) {
                input type="hidden" name="authenticity_token" value=(session.csrf);
                input type="hidden" name="client_id" value=(app.client_id);
                div.actions { button.btn-primary type="submit" { "Confirm" } }
            }
        }
    }
}
