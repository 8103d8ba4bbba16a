//! The route table, grouped per server: every route of the app, of the mock GitHub and of the
//! mock Google, and the `/__mock/` routes both mocks serve. Each route says which error shape
//! its 4xx answers carry, as this crate's and the mocks' READMEs document them. The mocks'
//! provider routes are their own endpoint tables (`mock_providers::github::ENDPOINTS`, which
//! their routers are built from), each endpoint's shape given here by its name
//! ([`github_shape`], [`google_shape`]). The app's and `/__mock/`'s routes are written here;
//! [`missing_routes`] compares them with those routers' source, so a route added there and
//! not here fails a test.

use std::collections::BTreeSet;

use mock_providers::endpoints::{Endpoint, Methods};

/// What a 4xx of a route must look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// JSON `{"error": "..."}`, or an HTML page when the request's `Accept` contains
    /// `text/html` (the app everywhere; the timeline's forms).
    Negotiated,
    /// JSON `{"error": "..."}` whatever the request accepts (Google's APIs, `/__mock/`).
    JsonError,
    /// The timeline's forms: [`Shape::Negotiated`], except that the guard in front of every
    /// `/__mock/` route refuses a request for another host with its JSON 421, and one that
    /// changes the mock from another site with its JSON 403, whatever it accepts
    /// (mock-providers README, "The inspection API").
    TimelineForm,
    /// GitHub's REST error `{"message": "...", ...}` whatever the request accepts (a route's
    /// own 404, for an unknown client or grant, included); a call without `User-Agent` is
    /// GitHub's plain-text 403 asking for one.
    GitHubRest,
    /// The mock GitHub's 404 for a path or method it does not serve: [`Shape::GitHubRest`],
    /// but a page for a browser (a request whose `Accept` contains `text/html`), as
    /// github.com shows one.
    GitHubNotFound,
    /// An HTML page whatever the request accepts (the providers' own pages, Google's 404 and
    /// 405).
    Page,
    /// GitHub's token endpoint: every OAuth error is a 200; the one 4xx is a body over the
    /// 2 MiB limit, a REST error `{"message"}` (413).
    GitHubToken,
}

/// One route as its router registers it.
#[derive(Debug, Clone)]
pub struct Route {
    /// The methods it is registered for, each with the shape of its 4xx.
    pub methods: Vec<(&'static str, Shape)>,
    /// As registered: `{name}` one segment, `{*name}` the rest.
    pub path: &'static str,
    /// The shape for any other method, when the route itself answers it (a route registered
    /// with `any`, or with its own method fallback); `None`: the server's wrong-method answer.
    pub other_methods: Option<Shape>,
    /// Whether a body it accepts arms a fault (later calls answer 5xx on purpose): such a
    /// route only ever gets bodies it must refuse (see `strategies::poisoned_body`).
    pub arms_faults: bool,
}

fn route(methods: &[&'static str], path: &'static str, shape: Shape) -> Route {
    Route {
        methods: methods.iter().map(|m| (*m, shape)).collect(),
        path,
        other_methods: None,
        arms_faults: false,
    }
}

/// The same route, answering every other method itself with `shape`.
fn any(mut route: Route, shape: Shape) -> Route {
    route.other_methods = Some(shape);
    route
}

/// One server's table.
#[derive(Debug)]
pub struct Server {
    pub name: &'static str,
    pub routes: Vec<Route>,
    /// An unknown path's 4xx.
    pub unknown_path: Shape,
    /// A known path with a method it does not take.
    pub wrong_method: Shape,
    /// A request that must answer 2xx, asked after the fuzzing: the server still serves.
    pub alive: (&'static str, u16),
}

use Shape::*;

/// `hardened-app/src/routes/mod.rs`.
pub fn app() -> Vec<Route> {
    vec![
        route(&["GET"], "/", Negotiated),
        route(&["GET"], "/me", Negotiated),
        route(&["POST"], "/logout", Negotiated),
        route(&["GET"], "/auth/github", Negotiated),
        route(&["GET"], "/auth/google", Negotiated),
        route(&["GET"], "/auth/github/callback", Negotiated),
        route(&["GET"], "/auth/google/callback", Negotiated),
        route(&["GET"], "/me/github", Negotiated),
        route(&["GET"], "/me/google", Negotiated),
        route(&["POST"], "/disconnect/github", Negotiated),
        route(&["POST"], "/disconnect/google", Negotiated),
    ]
}

/// The shape of a 4xx of the mock GitHub's endpoint `name` (`mock_providers::github::ENDPOINTS`).
fn github_shape(name: &str) -> Shape {
    match name {
        "home" | "login_page" | "login" | "logout" | "authorize" | "authorize_decision"
        | "settings" | "settings_revoke" => Page,
        "access_token" => GitHubToken,
        "user" | "user_emails" | "revoke_token" | "revoke_grant" => GitHubRest,
        // Any method but DELETE on `/applications/...`: GitHub's 404, recorded as refused.
        "revoke_token_wrong_method" | "revoke_grant_wrong_method" => GitHubNotFound,
        other => panic!(
            "the mock GitHub's endpoint {other} has no shape in {}",
            file!()
        ),
    }
}

/// The shape of a 4xx of the mock Google's endpoint `name` (`mock_providers::google::ENDPOINTS`).
fn google_shape(name: &str) -> Shape {
    match name {
        "home" | "signin_page" | "signin" | "logout" | "authorize" | "authorize_decision"
        | "connections" | "connections_remove" => Page,
        "token" | "userinfo" | "tokeninfo" | "revoke" | "certs" | "discovery" => JsonError,
        // `/revoke` by any method but POST: Google's HTML 404, recorded as a refused revocation.
        "revoke_wrong_method" => Page,
        other => panic!(
            "the mock Google's endpoint {other} has no shape in {}",
            file!()
        ),
    }
}

/// A mock's endpoint table as routes, one per path in table order, each endpoint's shape
/// given by `shape`.
fn provider_routes(table: &'static [Endpoint], shape: fn(&str) -> Shape) -> Vec<Route> {
    let mut routes: Vec<Route> = Vec::new();
    for endpoint in table {
        let index = match routes.iter().position(|r| r.path == endpoint.path) {
            Some(index) => index,
            None => {
                routes.push(route(&[], endpoint.path, Page));
                routes.len() - 1
            }
        };
        let route = &mut routes[index];
        match &endpoint.methods {
            Methods::Only(method) => {
                let method: &'static str = method.as_str();
                route.methods.push((method, shape(endpoint.name)));
            }
            Methods::Others => route.other_methods = Some(shape(endpoint.name)),
        }
    }
    routes
}

fn admin(methods: &[&'static str], path: &'static str) -> Route {
    any(route(methods, path, JsonError), JsonError)
}

fn arming(mut route: Route) -> Route {
    route.arms_faults = true;
    route
}

/// `mock-providers/src/admin/mod.rs`: `/__mock/`, served by both mocks.
pub fn admin_routes() -> Vec<Route> {
    vec![
        admin(&["GET"], "/__mock"),
        admin(&["GET"], "/__mock/"),
        admin(&["GET"], "/__mock/tables"),
        admin(&["GET"], "/__mock/assets/{file}"),
        admin(&["GET"], "/__mock/avatars/{file}"),
        admin(&["GET"], "/__mock/events"),
        admin(&["GET"], "/__mock/events/stream"),
        admin(&["GET"], "/__mock/revocations"),
        admin(&["GET"], "/__mock/state"),
        admin(&["GET"], "/__mock/tokens"),
        admin(&["POST"], "/__mock/reset"),
        admin(&["GET", "POST"], "/__mock/clients"),
        arming(admin(&["GET", "POST", "DELETE"], "/__mock/faults")),
        admin(&["GET"], "/__mock/sessions"),
        admin(&["POST"], "/__mock/sessions/end"),
        admin(&["POST"], "/__mock/grants/remove"),
        admin(&["GET", "POST"], "/__mock/clock"),
        admin(&["GET", "POST"], "/__mock/app-events"),
        admin(&["GET"], "/__mock/timeline"),
        admin(&["GET"], "/__mock/timeline/fragment"),
        admin(&["GET"], "/__mock/timeline/stream"),
        any(
            route(&["POST"], "/__mock/timeline/sessions/end", TimelineForm),
            JsonError,
        ),
        any(
            route(&["POST"], "/__mock/timeline/grants/remove", TimelineForm),
            JsonError,
        ),
        arming(any(
            route(&["POST"], "/__mock/timeline/faults", TimelineForm),
            JsonError,
        )),
        any(
            route(&["POST"], "/__mock/timeline/reset", TimelineForm),
            JsonError,
        ),
        // Unknown paths under the prefix: a JSON 404, whatever the method.
        any(route(&[], "/__mock/{*rest}", JsonError), JsonError),
    ]
}

/// The three servers fuzzed, each with its whole table.
pub fn servers() -> [Server; 3] {
    let mock = |name, own: Vec<Route>, unknown_path, wrong_method| Server {
        name,
        routes: own.into_iter().chain(admin_routes()).collect(),
        unknown_path,
        wrong_method,
        alive: ("/__mock/state", 200),
    };
    [
        Server {
            name: "app",
            routes: app(),
            unknown_path: Negotiated,
            wrong_method: Negotiated,
            alive: ("/", 200),
        },
        // GitHub: one 404 for unknown paths and wrong methods alike (JSON, or a browser's
        // page).
        mock(
            "mock GitHub",
            provider_routes(mock_providers::github::ENDPOINTS, github_shape),
            GitHubNotFound,
            GitHubNotFound,
        ),
        // Google: an HTML 404 page, and an HTML 405 page.
        mock(
            "mock Google",
            provider_routes(mock_providers::google::ENDPOINTS, google_shape),
            Page,
            Page,
        ),
    ]
}

impl Server {
    /// The route a raw (still percent-encoded) path matches, as axum's router matches it:
    /// static segments exactly, `{name}` one non-empty segment, `{*name}` the rest; a static
    /// route wins over a pattern.
    pub fn route_of(&self, path: &str) -> Option<&Route> {
        let exact = self.routes.iter().find(|r| r.path == path);
        exact.or_else(|| self.routes.iter().find(|r| matches(r.path, path)))
    }

    /// The shape a 4xx of `method path` must have.
    pub fn shape(&self, method: &str, path: &str) -> Shape {
        let Some(route) = self.route_of(path) else {
            return self.unknown_path;
        };
        let shape_for = |wanted: &str| {
            let found = route.methods.iter().find(|(m, _)| *m == wanted);
            found.map(|(_, shape)| *shape)
        };
        shape_for(method)
            // axum answers HEAD with the GET route.
            .or_else(|| (method == "HEAD").then(|| shape_for("GET")).flatten())
            .or(route.other_methods)
            .unwrap_or(self.wrong_method)
    }
}

fn matches(pattern: &str, path: &str) -> bool {
    let mut pattern = pattern.split('/');
    let mut path = path.split('/');
    loop {
        match (pattern.next(), path.next()) {
            (None, None) => return true,
            // A catch-all takes whatever is left, `/`s included, if anything is.
            (Some(p), Some(rest)) if p.starts_with("{*") => {
                return !rest.is_empty() || path.next().is_some();
            }
            (Some(p), Some(s)) if p.starts_with('{') => {
                if s.is_empty() {
                    return false;
                }
            }
            (Some(p), Some(s)) if p == s => {}
            _ => return false,
        }
    }
}

/// What the app's and `/__mock/`'s routers register and the table lacks, or lists and they
/// do not: read from the routers' source (every `.route("...")`, the app's `{name}` being
/// each provider's slug). Empty when they agree. (The mocks' provider routes need no such
/// check: their routers serve their `ENDPOINTS` tables and nothing else.)
pub fn missing_routes() -> Vec<String> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let source = |file: &str| {
        std::fs::read_to_string(format!("{root}/{file}"))
            .unwrap_or_else(|e| panic!("cannot read {file}: {e}"))
    };
    let mut problems = Vec::new();
    let mut compare = |what: &str, registered: BTreeSet<String>, table: &[Route]| {
        let listed: BTreeSet<String> = table.iter().map(|r| r.path.to_string()).collect();
        for path in registered.difference(&listed) {
            problems.push(format!("{what} registers {path}, missing from the table"));
        }
        for path in listed.difference(&registered) {
            problems.push(format!(
                "the table lists {path}, which {what} does not register"
            ));
        }
    };
    let app_paths: BTreeSet<String> = registered(&source("hardened-app/src/routes/mod.rs"))
        .into_iter()
        .flat_map(|p| ["github", "google"].map(|slug| p.replace("{name}", slug)))
        .collect();
    compare("hardened-app/src/routes/mod.rs", app_paths, &app());
    let admin = registered(&source("mock-providers/src/admin/mod.rs"));
    compare("mock-providers/src/admin/mod.rs", admin, &admin_routes());
    problems
}

/// The paths of every `.route(...)` in a router's source, `format!` ones included.
fn registered(source: &str) -> BTreeSet<String> {
    source
        .split(".route(")
        .skip(1)
        .filter_map(|rest| {
            let rest = rest.trim_start().trim_start_matches("&format!(");
            let literal = rest.strip_prefix('"')?;
            Some(literal[..literal.find('"')?].to_string())
        })
        .collect()
}
