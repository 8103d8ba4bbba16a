//! The mock GitHub's pages: home, sign-in (account chooser), consent, and Settings →
//! Applications (the authorized OAuth Apps), in GitHub's look
//! (`style.css`, served as `/__mock/assets/github.css`). Each renders what it is given and
//! reads nothing itself; all work without JavaScript: plain forms with hidden inputs, so a
//! browser and a program can use them.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use common::Provider;
use maud::{Markup, html};

use super::request::AuthRequest;
use super::scopes;
use crate::config::GitHubUser;
use crate::pages;
use crate::store::{AuthorizedApp, ProviderSession};

/// The mock GitHub's stylesheet.
pub const STYLESHEET: &str = include_str!("style.css");

/// Settings → Applications, the authorized OAuth Apps, and where its Revoke buttons post.
pub const SETTINGS: &str = "/settings/applications";
pub const REVOKE: &str = "/settings/applications/revoke";

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

fn page(title: &str, class: &str, main: Markup, status: StatusCode) -> Response {
    let page = pages::frame(Provider::GitHub, title, class, main);
    (status, Html(page.into_string())).into_response()
}

fn avatar(user: &GitHubUser, size: u32) -> Markup {
    html! {
        @if let Some(url) = &user.avatar_url {
            img.avatar src=(url) alt="" width=(size) height=(size);
        }
    }
}

/// `GET /`: who is signed in, with a sign-out button, or a sign-in link.
pub fn home(signed_in: Option<(&ProviderSession, &GitHubUser)>) -> Response {
    let main = match signed_in {
        Some((session, user)) => html! {
            h1.visually-hidden { "Home" }
            section.box.profile aria-label="Your account" {
                (avatar(user, 64))
                div {
                    p.name { (user.name.as_deref().unwrap_or(&user.login)) }
                    p.muted { (user.login) }
                }
            }
            div.box {
                p { "Signed in as " strong { (user.login) } "." }
                p.muted { "Logging out of an app leaves you signed in here: this is GitHub's own session." }
                form method="post" action="/logout" {
                    input type="hidden" name="authenticity_token" value=(session.csrf);
                    button.btn type="submit" { "Sign out" }
                }
            }
            div.box {
                h2 { "Settings" }
                p { a href=(SETTINGS) { "Applications: Authorized OAuth Apps" } }
                p.muted { "The apps you authorized, each with a Revoke button that ends every token it holds for your account." }
            }
        },
        None => html! {
            h1 { "GitHub" }
            div.box {
                p { "Nobody is signed in to this mock GitHub." }
                a.btn.btn-primary href="/login" { "Sign in" }
            }
        },
    };
    page("GitHub", "page", main, StatusCode::OK)
}

/// The sign-in page: a username field, and one button per account in `users` (one click
/// signs in); `app` is the name of the client that sent the person here, `signed_in` the
/// login of the session this browser already has.
pub fn sign_in(
    form: &SignIn<'_>,
    users: &[GitHubUser],
    app: Option<&str>,
    signed_in: Option<&str>,
) -> Response {
    let client_id = form.client_id.unwrap_or("");
    let main = html! {
        h1 { "Sign in to GitHub" }
        @if let Some(app) = app {
            p.lead { "to continue to " strong { (app) } }
        }
        @if let Some(message) = form.message {
            div.flash.error role="alert" { p { (message) } }
        }
        @if let Some(login) = signed_in {
            p.flash { "Currently signed in as " strong { (login) } ". Choosing an account switches to it." }
        }
        div.box {
            form method="post" action="/session" {
                input type="hidden" name="return_to" value=(form.return_to);
                input type="hidden" name="client_id" value=(client_id);
                label for="login_field" { "Username or email address" }
                input #login_field type="text" name="login" value=(form.login.unwrap_or(""))
                    autocomplete="username" autocapitalize="off" spellcheck="false";
                p.muted.small { "This mock has no passwords: the username is enough." }
                button.btn.btn-primary.btn-block type="submit" { "Sign in" }
            }
        }
        div.box {
            h2 { "Or choose an account" }
            ul.accounts {
                @for user in users {
                    li {
                        form method="post" action="/session" {
                            input type="hidden" name="login" value=(user.login);
                            input type="hidden" name="return_to" value=(form.return_to);
                            input type="hidden" name="client_id" value=(client_id);
                            button.account type="submit" {
                                (avatar(user, 32))
                                span { strong { (user.login) } " " span.muted { (user.name.as_deref().unwrap_or("")) } }
                            }
                        }
                    }
                }
            }
        }
    };
    page("Sign in to GitHub", "narrow", main, form.status)
}

/// The scopes an app asks for, in GitHub's words.
fn scope_list(requested: &[String]) -> Markup {
    html! {
        ul.scopes {
            @if requested.is_empty() {
                li { span.scope-words { (scopes::NO_SCOPE) } }
            }
            @for scope in requested {
                li {
                    span.scope-words {
                        (scopes::describe(scope).unwrap_or("A scope this mock does not describe"))
                    }
                    " " code { (scope) }
                }
            }
        }
    }
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
    let main = html! {
        div.pair aria-hidden="true" {
            span.app-logo { (app.chars().next().unwrap_or('?')) }
            span.dots { "···" }
            (avatar(user, 48))
        }
        h1 { "Authorize " (app) }
        div.box {
            p { strong { (app) } " wants to access your " strong { (user.login) } " account" }
            (scope_list(&request.scopes))
            form method="post" action="/login/oauth/authorize" {
                @for (name, value) in &request.params {
                    input type="hidden" name=(name) value=(value);
                }
                input type="hidden" name="authenticity_token" value=(session.csrf);
                div.actions {
                    button.btn type="submit" name="authorize" value="0" { "Cancel" }
                    button.btn.btn-primary type="submit" name="authorize" value="1" { "Authorize " (app) }
                }
            }
            p.muted.small { "Authorizing will redirect to " code { (request.target) } }
        }
        p.muted.small {
            "Signed in as " strong { (user.login) } ". "
            a href=(format!("/login?{switch}")) { "Not you?" }
            " · " (app) " is not owned or operated by GitHub."
        }
    };
    page(&format!("Authorize {app}"), "narrow", main, StatusCode::OK)
}

/// Settings → Applications → Authorized OAuth Apps: each app `user` authorized, with its
/// scopes, when, its live tokens, and Revoke behind GitHub's confirmation; `revoked` names
/// the app just revoked.
pub fn applications(
    session: &ProviderSession,
    user: &GitHubUser,
    apps: &[AuthorizedApp],
    revoked: Option<&str>,
) -> Response {
    let main = html! {
        h1 { "Authorized OAuth Apps" }
        p.muted { "Settings → Applications, for " strong { (user.login) } }
        @if let Some(name) = revoked {
            div.flash role="status" {
                p { "You revoked " strong { (name) } "’s access: its tokens no longer work, and it must ask for your authorization again." }
            }
        }
        @if apps.is_empty() {
            div.box { p { "You have no applications authorized to access your account." } }
        }
        @for app in apps { (authorized_app(app, session)) }
        p.muted.small { "Revoking an app ends every token it holds for your account, and the app is not told. Logging out of an app revokes nothing." }
    };
    page("Authorized OAuth Apps", "page", main, StatusCode::OK)
}

/// One authorized app, with its Revoke button inside GitHub's "Are you sure?".
fn authorized_app(app: &AuthorizedApp, session: &ProviderSession) -> Markup {
    html! {
        section.box.authorized aria-label=(app.name) {
            div.app-head {
                span.app-logo aria-hidden="true" { (app.name.chars().next().unwrap_or('?')) }
                div {
                    p.app-name { (app.name) }
                    p.muted.small {
                        code { (app.client_id) } " · authorized " (pages::when(&app.granted_at)) " · " (pages::live_tokens(app.live_tokens))
                    }
                }
            }
            (scope_list(&app.scopes))
            details.confirm {
                summary.btn.btn-danger { "Revoke" }
                p { "Are you sure you want to revoke authorization? " strong { (app.name) } " will no longer be able to access your GitHub account. You cannot undo this action." }
                form method="post" action=(REVOKE) {
                    input type="hidden" name="authenticity_token" value=(session.csrf);
                    input type="hidden" name="client_id" value=(app.client_id);
                    button.btn.btn-danger type="submit" { "I understand, revoke access" }
                }
            }
        }
    }
}
