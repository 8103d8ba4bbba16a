//! The mock GitHub's pages: home, sign-in (account chooser) and consent. Each renders what it
//! is given and reads nothing itself; all work without JavaScript: plain forms with hidden
//! inputs, so a browser and a program can use them.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{Markup, html};

use super::request::AuthRequest;
use crate::api::Provider;
use crate::config::GitHubUser;
use crate::pages;
use crate::store::ProviderSession;

/// What the sign-in page shows and carries.
#[derive(Debug)]
pub struct SignIn<'a> {
    /// Where to go once signed in (checked again on `POST /session`).
    pub return_to: &'a str,
    /// The app that sent the person here, named on the page.
    pub client_id: Option<&'a str>,
    /// The account to put first and prefill (`login=` of authorize, or what was typed).
    pub login: Option<&'a str>,
    /// Why the page is shown again.
    pub message: Option<&'a str>,
    /// The status it is served under: 200, or why it is shown again.
    pub status: StatusCode,
}

fn page(title: &str, body: Markup, status: StatusCode) -> Response {
    let page = pages::layout(Provider::GitHub, title, body);
    (status, Html(page.into_string())).into_response()
}

/// `GET /`: who is signed in, with a sign-out button, or a sign-in link.
pub fn home(signed_in: Option<(&ProviderSession, &GitHubUser)>) -> Response {
    let body = match signed_in {
        Some((session, user)) => html! {
            div.card {
                p { "Signed in as " strong { (user.login) } " (" (user.name.as_deref().unwrap_or("")) ")." }
                form method="post" action="/logout" {
                    input type="hidden" name="authenticity_token" value=(session.csrf);
                    button type="submit" { "Sign out" }
                }
            }
        },
        None => html! {
            div.card {
                p { "Nobody is signed in to this mock GitHub." }
                a.button href="/login" { "Sign in" }
            }
        },
    };
    page("GitHub", body, StatusCode::OK)
}

/// The sign-in page: one button per account in `users` (one click signs in) and a username
/// field; `app` is the name of the client that sent the person here, `signed_in` the login
/// of the session this browser already has.
pub fn sign_in(
    form: &SignIn<'_>,
    users: &[GitHubUser],
    app: Option<&str>,
    signed_in: Option<&str>,
) -> Response {
    let client_id = form.client_id.unwrap_or("");
    let body = html! {
        @if let Some(message) = form.message {
            div.card.error { p { (message) } }
        }
        @if let Some(app) = app {
            p { "to continue to " strong { (app) } }
        }
        @if let Some(login) = signed_in {
            p { "Currently signed in as " strong { (login) } ". Choosing an account switches to it." }
        }
        div.card {
            h2 { "Choose an account" }
            @for user in users {
                form.inline method="post" action="/session" {
                    input type="hidden" name="login" value=(user.login);
                    input type="hidden" name="return_to" value=(form.return_to);
                    input type="hidden" name="client_id" value=(client_id);
                    button type="submit" { (user.login) " · " (user.name.as_deref().unwrap_or("")) }
                }
                " "
            }
        }
        div.card {
            h2 { "Or type a username" }
            form method="post" action="/session" {
                input type="hidden" name="return_to" value=(form.return_to);
                input type="hidden" name="client_id" value=(client_id);
                label { "Username " input type="text" name="login" value=(form.login.unwrap_or("")); }
                " "
                button type="submit" { "Sign in" }
            }
        }
    };
    page("Sign in to GitHub", body, form.status)
}

/// The consent page: the app, the scopes it asks for, who is signed in, Authorize / Cancel.
pub fn consent(request: &AuthRequest, session: &ProviderSession, user: &GitHubUser) -> Response {
    let app = request
        .client
        .name
        .clone()
        .unwrap_or_else(|| request.client.client_id.clone());
    let switch = serde_urlencoded::to_string([
        ("client_id", request.client.client_id.as_str()),
        ("return_to", request.return_to().as_str()),
    ])
    .unwrap_or_default();
    let body = html! {
        div.card {
            p { strong { (app) } " wants to access your " strong { (user.login) } " account." }
            @if request.scopes.is_empty() {
                p { "No scopes requested: read-only access to public information." }
            } @else {
                p { "Requested scopes:" }
                ul { @for scope in &request.scopes { li { code { (scope) } } } }
            }
            p { "Signed in as " strong { (user.login) } ". " a href=(format!("/login?{switch}")) { "Not you?" } }
            form method="post" action="/login/oauth/authorize" {
                @for (name, value) in &request.params {
                    input type="hidden" name=(name) value=(value);
                }
                input type="hidden" name="authenticity_token" value=(session.csrf);
                button type="submit" name="authorize" value="1" { "Authorize " (app) }
                " "
                button.secondary type="submit" name="authorize" value="0" { "Cancel" }
            }
            p { "Authorizing will redirect to " code { (request.target) } }
        }
    };
    page(&format!("Authorize {app}"), body, StatusCode::OK)
}
