//! An error a browser meets, as a page in plain words: what happened, what to do, whether the
//! user is still logged in to the app, the status and the JSON an API client gets instead,
//! and a way home. The answer keeps its status and headers (a `Set-Cookie` that ends a
//! session, an `Allow`); API clients keep the JSON.
//!
//! Each app gives only its words, as a [`Plainly`] attached to each error's answer, and adds
//! [`layer`] with how it finds the signed-in user's name and how it frames a page.

use std::future::Future;
use std::pin::Pin;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::StatusCode;
use axum::middleware::{FromFnLayer, Next, from_fn_with_state};
use axum::response::Response;
use maud::{Markup, html};

use crate::page;

/// An error as its JSON says it, and in plain words for a browser's page: what an app
/// attaches to an error's answer (as an extension) for [`layer`] to find.
#[derive(Debug, Clone)]
pub struct Plainly {
    /// The JSON's `{"error": ...}`, as API clients get it.
    pub error: String,
    /// What happened, a sentence or two; `backquoted` parts (a command) are shown as code.
    pub words: String,
    /// The page's title; "What happened" when there is none.
    pub headline: Option<String>,
    /// What to do next, when the words do not say it.
    pub what_to_do: Option<String>,
}

impl Plainly {
    /// The JSON's `error` and what happened, without a headline or what to do.
    pub fn new(error: impl Into<String>, words: impl Into<String>) -> Plainly {
        let (error, words) = (error.into(), words.into());
        Plainly {
            error,
            words,
            headline: None,
            what_to_do: None,
        }
    }
}

/// What the layer keeps: the app's state, how it finds the signed-in user's name, how it
/// frames a page.
#[derive(Clone)]
pub struct Pages<S, U, L> {
    state: S,
    user: U,
    layout: L,
}

/// The middleware: a function pointer with a boxed future, so that [`Layer`] has a type an
/// app's router can be given (an `async fn`'s or a closure's has no name).
type Middleware<P, X> = fn(State<P>, X, Request, Next) -> Answer;
pub(crate) type Answer = Pin<Box<dyn Future<Output = Response> + Send>>;

/// The layer, as [`axum::middleware::from_fn_with_state`] makes it.
pub type Layer<S, X, U, L> =
    FromFnLayer<Middleware<Pages<S, U, L>, X>, Pages<S, U, L>, (State<Pages<S, U, L>>, X, Request)>;

/// Middleware: an answer carrying a [`Plainly`], to a request whose `Accept` asks for
/// `text/html`, gets a page for its body instead of the JSON.
///
/// `user(state, x)` says who is signed in, `Ok(None)` when nobody is, an error when it could
/// not tell; `x` is any extractor (the app's cookies). It runs after the route, so a failed
/// logout has cleared the session cookie already. `layout(title, body)` frames the page as the
/// app's other pages.
pub fn layer<S, X, U, Fut, E, L>(state: S, user: U, layout: L) -> Layer<S, X, U, L>
where
    S: Clone + Send + Sync + 'static,
    X: FromRequestParts<Pages<S, U, L>> + Send + 'static,
    U: Fn(S, X) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<Option<String>, E>> + Send + 'static,
    L: Fn(&str, Markup) -> Markup + Clone + Send + Sync + 'static,
{
    let middleware: Middleware<Pages<S, U, L>, X> = |State(pages), x, request, next| {
        Box::pin(async move {
            let browser = page::wants_html(request.headers());
            let response = next.run(request).await;
            let plainly = response
                .extensions()
                .get::<Plainly>()
                .filter(|_| browser)
                .cloned();
            let Some(plainly) = plainly else {
                return response;
            };
            let user = (pages.user)(pages.state, x).await.ok();
            let title = plainly.headline.as_deref().unwrap_or("What happened");
            let body = body(&plainly, response.status(), user);
            page::instead_of_body(response, (pages.layout)(title, body).into_string())
        })
    };
    from_fn_with_state(
        Pages {
            state,
            user,
            layout,
        },
        middleware,
    )
}

/// The page's body; `user` is `None` when the app could not tell who is signed in.
fn body(plainly: &Plainly, status: StatusCode, user: Option<Option<String>>) -> Markup {
    let json = serde_json::json!({ "error": plainly.error });
    html! {
        section.card.error { p { (with_code(&plainly.words)) } }
        @if let Some(what_to_do) = &plainly.what_to_do {
            p { strong { "What to do: " } (with_code(what_to_do)) }
        }
        p {
            @match user {
                Some(Some(name)) => { "You are still logged in to this app as " strong { (name) } "." }
                Some(None) => { "You are not logged in to this app." }
                None => { "The app could not tell whether you are still logged in (finding your session failed)." }
            }
        }
        p.note { "HTTP " (status.as_u16()) ". An API client gets " code { (json) } }
        p { a.button href="/" { "Back to the home page" } }
    }
}

/// Text whose `backquoted` parts are shown as code.
fn with_code(text: &str) -> Markup {
    html! {
        @for (i, part) in text.split('`').enumerate() {
            @if i % 2 == 1 { code { (part) } } @else { (part) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_says_what_happened_who_is_logged_in_and_the_json() {
        let mut plainly = Plainly::new("Invalid \"state\"", "Run `cargo run` & retry.");
        plainly.what_to_do = Some("Log in again.".into());
        let page = body(&plainly, StatusCode::FORBIDDEN, Some(Some("Ada".into()))).into_string();
        for said in [
            "<p>Run <code>cargo run</code> &amp; retry.</p>",
            "<strong>What to do: </strong>Log in again.",
            "You are still logged in to this app as <strong>Ada</strong>.",
            "HTTP 403. An API client gets <code>{&quot;error&quot;:&quot;Invalid \\&quot;state\\&quot;&quot;}</code>",
            "href=\"/\"",
        ] {
            assert!(page.contains(said), "{said:?} in {page}");
        }
        let page = body(&Plainly::new("e", "w"), StatusCode::NOT_FOUND, Some(None)).into_string();
        assert!(
            page.contains("You are not logged in to this app."),
            "{page}"
        );
        assert!(!page.contains("What to do"), "{page}");
        let page = body(&Plainly::new("e", "w"), StatusCode::NOT_FOUND, None).into_string();
        assert!(
            page.contains("could not tell whether you are still logged in"),
            "{page}"
        );
    }
}
