//! The shape of a row of the app's route table ([`super::ROUTES`]): a method, a path, and
//! what answers it, for the whole app or once per provider. The mocks' endpoint tables
//! (`mock_providers::endpoints`) have the same shape.

use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodFilter, MethodRouter};

use crate::state::AppState;
use common::Provider;

/// What a path stands for in a route served once per provider: the provider's slug.
const PROVIDER: &str = "{provider}";

/// One route of the app.
#[derive(Debug)]
pub struct Route {
    pub method: Method,
    /// As served; in a route served once per provider, `{provider}` stands for its slug
    /// (`/auth/{provider}` is `/auth/github` and `/auth/google`, two routes, not a parameter).
    pub path: &'static str,
    answer: Answer,
}

/// What answers a route: a route given its method.
#[derive(Debug)]
enum Answer {
    App(fn(On) -> MethodRouter<AppState>),
    /// For the provider whose path it is.
    PerProvider(fn(On, Provider) -> MethodRouter<AppState>),
}

/// A route's method, given to its handler ([`On::to`]).
#[derive(Debug)]
pub struct On(Method);

impl On {
    /// A route sending this method to `handler` (a `GET` also takes `HEAD`, as axum routes it).
    pub fn to<H, T>(self, handler: H) -> MethodRouter<AppState>
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let method = self.0;
        let filter = MethodFilter::try_from(method.clone())
            .unwrap_or_else(|_| panic!("{method} is not a method axum routes"));
        axum::routing::on(filter, handler)
    }
}

impl Route {
    /// `method path`, answered by what `route` gives its method to, e.g.
    /// `|m| m.to(me::me)`.
    pub const fn new(
        method: Method,
        path: &'static str,
        route: fn(On) -> MethodRouter<AppState>,
    ) -> Route {
        assert!(
            !names(path, PROVIDER),
            "a route of the whole app has no {{provider}} in its path"
        );
        Route {
            method,
            path,
            answer: Answer::App(route),
        }
    }

    /// `method path` once per provider, `{provider}` in `path` its slug, answered by what
    /// `route` gives its method and that provider to, e.g.
    /// `|m, p| m.to(move |s, u| me::live_profile(p, s, u))`.
    pub const fn per_provider(
        method: Method,
        path: &'static str,
        route: fn(On, Provider) -> MethodRouter<AppState>,
    ) -> Route {
        assert!(
            names(path, PROVIDER),
            "a route per provider has {{provider}} in its path"
        );
        Route {
            method,
            path,
            answer: Answer::PerProvider(route),
        }
    }

    /// The paths it is served at: one, or one per provider.
    pub fn paths(&self) -> Vec<String> {
        match self.answer {
            Answer::App(_) => vec![self.path.to_string()],
            Answer::PerProvider(_) => Provider::ALL
                .iter()
                .map(|provider| self.path.replace(PROVIDER, provider.slug()))
                .collect(),
        }
    }

    /// `router` with this route added (axum merges the routes of one path).
    pub fn add_to(&self, router: Router<AppState>) -> Router<AppState> {
        let on = || On(self.method.clone());
        match self.answer {
            Answer::App(route) => router.route(self.path, route(on())),
            Answer::PerProvider(route) => Provider::ALL.into_iter().fold(router, |router, p| {
                let path = self.path.replace(PROVIDER, p.slug());
                router.route(&path, route(on(), p))
            }),
        }
    }
}

/// Whether `path` contains `part` (a `const fn`: a table row that breaks the rule above does
/// not compile).
const fn names(path: &str, part: &str) -> bool {
    let (path, part) = (path.as_bytes(), part.as_bytes());
    let mut start = 0;
    while start + part.len() <= path.len() {
        let mut i = 0;
        while i < part.len() && path[start + i] == part[i] {
            i += 1;
        }
        if i == part.len() {
            return true;
        }
        start += 1;
    }
    false
}
