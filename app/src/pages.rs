//! The home page, with the lesson's two layers side by side: this app's session, and per
//! provider whether it is linked and which token the app holds. The Log out and Disconnect
//! buttons bring a browser back here; API clients get JSON from the same routes. An error a
//! browser meets is a page in plain words ([`error_page`]).

use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{Html, Response};
use common::Provider;
use common::page::short_token;
use maud::{Markup, html};
use serde_json::json;
use tower_cookies::Cookies;

use crate::App;
use crate::db::User;
use crate::error::{AppError, Plainly};
use crate::session;

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:1rem auto;padding:0 1rem}code{background:#f3f3f3}
section{border:1px solid #ccc;border-radius:8px;padding:0 1rem 1rem;margin:1rem 0}form{display:inline}.note{color:#555}
button,a.button{display:inline-block;font:inherit;margin:.2rem .5rem .2rem 0;padding:.2rem .8rem;border:1px solid #888;border-radius:6px;background:#f6f6f6;color:inherit;text-decoration:none;cursor:pointer}";

/// Whether the request comes from a browser (it accepts HTML), which gets pages, not JSON.
pub fn is_browser(headers: &HeaderMap) -> bool {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    accept.is_some_and(|a| a.contains("text/html"))
}

/// `GET /`: the app's session, then the providers.
pub async fn home(State(app): State<App>, cookies: Cookies) -> Result<Html<String>, AppError> {
    let Some(user) = session::signed_in(&app, &cookies).await? else {
        return Ok(page("Logout lab", signed_out(&app)));
    };
    let mut providers = Vec::new();
    for provider in Provider::ALL {
        let token = app.db.token(user.id, provider).await?;
        let only = user.github_id.is_none() || user.google_id.is_none();
        providers.push(provider_layer(&app, provider, token, only));
    }
    let name = name(&user);
    Ok(page(
        "Logout lab",
        html! {
            section {
                h2 { "This app's session" }
                p { "Signed in as " strong { (name) } @if let Some(email) = &user.email { " (" (email) ")" } "." }
                form method="post" action="/logout" { button { "Log out" } }
                span.note { "ends this session only" }
            }
            section {
                h2 { "At the providers" }
                @for layer in providers { (layer) }
            }
        },
    ))
}

/// Middleware: an error a browser meets becomes a page saying, in plain words, what happened
/// and whether the user is still logged in here (with the same status and headers); API
/// clients keep the JSON, which the page shows too.
pub async fn error_page(
    State(app): State<App>,
    cookies: Cookies,
    request: Request,
    next: Next,
) -> Response {
    let browser = is_browser(request.headers());
    let response = next.run(request).await;
    let Some(Plainly { error, words }) = response.extensions().get().filter(|_| browser).cloned()
    else {
        return response;
    };
    let user = session::signed_in(&app, &cookies).await.ok().flatten();
    let what = html! {
        section {
            h2 { "What happened" }
            // `a command` in a message is shown as code.
            p { @for (i, part) in words.split('`').enumerate() { @if i % 2 == 1 { code { (part) } } @else { (part) } } }
            p { @if let Some(user) = &user { "You are still logged in to this app as " strong { (name(user)) } "." } @else { "You are not logged in to this app." } }
            p.note { "HTTP " (response.status().as_u16()) ". An API client gets " code { (json!({ "error": error })) } }
            p { a.button href="/" { "Back to the home page" } }
        }
    };
    common::page::instead_of_body(response, page("Logout lab", what).0)
}

/// The signed-out home page: log in, and a reminder that the providers have sessions of their own.
fn signed_out(app: &App) -> Markup {
    html! {
        section {
            h2 { "This app's session" }
            p { "None: you are not logged in to this app." }
            p {
                a.button href="/auth/github" { "Log in with GitHub" }
                a.button href="/auth/google" { "Log in with Google" }
            }
        }
        section {
            h2 { "At the providers" }
            p { "GitHub and Google keep sessions of their own. Logging out of this app leaves them alone: "
                a href=(provider_home(app, Provider::GitHub)) { "GitHub" } " and "
                a href=(provider_home(app, Provider::Google)) { "Google" } " say whether you are still signed in there." }
        }
    }
}

/// One provider: linked or not, the token the app holds, and what can be done with it (not
/// disconnected when it is the `only` one linked: the user could not log in again).
fn provider_layer(app: &App, provider: Provider, token: Option<String>, only: bool) -> Markup {
    let slug = provider.slug();
    html! {
        h3 { (provider) }
        @if let Some(token) = token {
            p { "Linked. The app holds the token " code { (short_token(&token)) } ", which it uses for your "
                a href={ "/me/" (slug) } { "live " (provider) " profile" } "." }
            @if only {
                p.note { "It is your only way to log in here: link the other provider before you disconnect it." }
            } @else {
                form method="post" action={ "/disconnect/" (slug) } { button { "Disconnect " (provider) } }
                span.note { "revokes this token at " (provider) }
            }
        } @else {
            p { "Not linked. " a href={ "/auth/" (slug) } { "Link " (provider) } }
        }
        p.note { "Your session at " a href=(provider_home(app, provider)) { (provider) } " is " (provider) "'s own." }
    }
}

fn page(title: &str, body: Markup) -> Html<String> {
    let head = html! { style { (maud::PreEscaped(STYLE)) } };
    Html(common::page::document(title, head, html! { h1 { (title) } (body) }).into_string())
}

/// Where a person sees whether they are signed in at the provider: its home page.
fn provider_home(app: &App, provider: Provider) -> String {
    let authorize = reqwest::Url::parse(&app.config.at_provider(provider).authorize_url);
    authorize.map(|url| format!("{}/", url.origin().ascii_serialization())).unwrap_or_default()
}

/// What the pages call the user: their name, else their email.
fn name(user: &User) -> &str {
    user.name.as_deref().or(user.email.as_deref()).unwrap_or("you")
}
