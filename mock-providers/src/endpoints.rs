//! A mock's endpoint table, the one list of its routes: each provider module has an
//! `ENDPOINTS` table of [`Endpoint`]s, and so has `/__mock/` (`admin::ENDPOINTS`, which both
//! mocks serve); each router is [`router`] folding its table, so a route cannot be served
//! without being listed. The faults (`POST /__mock/faults`) target a provider's endpoints by
//! [`Endpoint::name`], the crate README lists them, and the hardened app's bad-input tests
//! read the same tables through the library.

use std::sync::Arc;

use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodFilter, MethodRouter};

use crate::forms;
use crate::state::Mock;

/// One route of a mock, for one method (or for every method its path's other entries do
/// not take).
#[derive(Debug)]
pub struct Endpoint {
    /// Its name: the one a fault targets, and people read (e.g. `revoke_token`). Several
    /// entries may share one (Google's four userinfo paths are one `userinfo`).
    pub name: &'static str,
    pub methods: Methods,
    /// As registered: `{name}` is one path segment.
    pub path: &'static str,
    /// A form a person posts: refused when another site posts it ([`forms`]).
    pub form: bool,
    /// Whether a fault may target it. Not the pages where a person removes an app (they are
    /// not what an app calls), nor an entry that only records a wrong method, nor `/__mock/`.
    pub faults: bool,
    /// A revocation: every call of it is kept in `/__mock/revocations`, a call that a fault
    /// answers instead of the handler included.
    pub revokes: bool,
    /// The route: `methods` given to a handler ([`Methods::to`]).
    route: fn(Methods) -> MethodRouter<Arc<Mock>>,
}

/// Which methods an [`Endpoint`] answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Methods {
    /// This one (a `GET` also takes `HEAD`, as axum routes it).
    Only(Method),
    /// Every method its path's other entries do not take: the route answers a wrong method
    /// itself (as axum's `any`, with no `Allow` header), instead of the provider's 404 or 405.
    Others,
}

impl Methods {
    /// A route sending these methods to `handler`.
    pub fn to<H, T>(self, handler: H) -> MethodRouter<Arc<Mock>>
    where
        H: Handler<T, Arc<Mock>>,
        T: 'static,
    {
        match self {
            Methods::Only(method) => {
                let filter = MethodFilter::try_from(method.clone())
                    .unwrap_or_else(|_| panic!("{method} is not a method axum routes"));
                axum::routing::on(filter, handler)
            }
            Methods::Others => axum::routing::any(handler),
        }
    }

    /// The one method, if it is one.
    pub fn method(&self) -> Option<&Method> {
        match self {
            Methods::Only(method) => Some(method),
            Methods::Others => None,
        }
    }
}

impl Endpoint {
    /// `method path`, handled by what `route` gives its methods to, e.g.
    /// `|m| m.to(resources::user)`; a fault may target it.
    pub const fn new(
        name: &'static str,
        method: Method,
        path: &'static str,
        route: fn(Methods) -> MethodRouter<Arc<Mock>>,
    ) -> Self {
        Endpoint {
            name,
            methods: Methods::Only(method),
            path,
            form: false,
            faults: true,
            revokes: false,
            route,
        }
    }

    /// Every other method on `path`, answered by the route itself; no fault targets it.
    pub const fn others(
        name: &'static str,
        path: &'static str,
        route: fn(Methods) -> MethodRouter<Arc<Mock>>,
    ) -> Self {
        Endpoint {
            name,
            methods: Methods::Others,
            path,
            form: false,
            faults: false,
            revokes: false,
            route,
        }
    }

    /// The same entry, a form a person posts.
    pub const fn form(mut self) -> Self {
        self.form = true;
        self
    }

    /// The same entry, a revocation.
    pub const fn revokes(mut self) -> Self {
        self.revokes = true;
        self
    }

    /// The same entry, which no fault may target.
    pub const fn unfaulted(mut self) -> Self {
        self.faults = false;
        self
    }
}

/// The routes of `table`: one per path, with the methods of every entry of that path.
pub fn router(table: &'static [Endpoint], mock: &Arc<Mock>) -> Router<Arc<Mock>> {
    table.iter().fold(Router::new(), |router, endpoint| {
        let route = (endpoint.route)(endpoint.methods.clone());
        let route = match endpoint.form {
            true => forms::guarded(mock, route),
            false => route,
        };
        // axum merges the routes of one path (and refuses a method given twice).
        router.route(endpoint.path, route)
    })
}

/// The names a fault may target in `table`, each once, in table order.
pub fn fault_names(table: &[Endpoint]) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    for endpoint in table.iter().filter(|e| e.faults) {
        if !names.contains(&endpoint.name) {
            names.push(endpoint.name);
        }
    }
    names
}

/// The endpoint a fault targets a call by, from its method and its route as registered;
/// `None` when no fault may target it.
pub fn fault_target(
    table: &'static [Endpoint],
    method: &Method,
    route: &str,
) -> Option<&'static Endpoint> {
    table
        .iter()
        .find(|e| e.faults && e.path == route && e.methods.method() == Some(method))
}
