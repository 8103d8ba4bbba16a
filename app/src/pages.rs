//! The home page, with the lesson's two layers side by side: this app's session, and per
//! provider whether it is linked and which token the app holds. The Log out and Disconnect
//! buttons bring a browser back here; API clients get JSON from the same routes.

use axum::extract::State;
use common::Provider;
use common::page::short_token;
use maud::{Markup, html};
use tower_cookies::Cookies;

use crate::App;
use crate::db::User;
use crate::error::AppError;
use crate::session;

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:1rem auto;padding:0 1rem}code{background:#f3f3f3}
section{border:1px solid #ccc;border-radius:8px;padding:0 1rem 1rem;margin:1rem 0}form{display:inline}.note{color:#555}
button,a.button{display:inline-block;font:inherit;margin:.2rem .5rem .2rem 0;padding:.2rem .8rem;border:1px solid #888;border-radius:6px;background:#f6f6f6;color:inherit;text-decoration:none;cursor:pointer}";

/// `GET /`: the app's session, then the providers.
pub async fn home(State(app): State<App>, cookies: Cookies) -> Result<Markup, AppError> {
    let Some(user) = session::signed_in(&app, &cookies).await? else {
        return Ok(page("Logout lab", signed_out(&app)));
    };
    let mut providers = Vec::new();
    for provider in Provider::ALL {
        let token = app.db.token(user.id, provider).await?;
        let only = user.github_id.is_none() || user.google_id.is_none();
        providers.push(provider_layer(&app, provider, token, only));
    }
    Ok(page(
        "Logout lab",
        html! {
            section {
                h2 { "This app's session" }
                p { "Signed in as " strong { (name(&user)) } @if let Some(email) = &user.email { " (" (email) ")" } "." }
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

/// The name an error's page ([`common::error_page`]) says the user is still logged in as.
pub async fn signed_in_as(app: App, cookies: Cookies) -> Result<Option<String>, AppError> {
    Ok(session::signed_in(&app, &cookies).await?.map(|user| name(&user).to_string()))
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

/// A page of this app: its style, `title` as its heading, then `body`.
pub fn page(title: &str, body: Markup) -> Markup {
    let head = html! { style { (maud::PreEscaped(STYLE)) } };
    common::page::document(title, head, html! { h1 { (title) } (body) })
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
