//! The route table, written once, grouped per server: every route of the app, of the mock
//! GitHub and of the mock Google, and the `/__mock/` routes both mocks serve. Each route says
//! which error shape its 4xx answers carry, as this crate's and the mocks' READMEs document
//! them. [`missing_routes`] compares the table with the routers' own source and the mocks'
//! `ENDPOINTS` tables, so a route added there and not here fails a test.

use std::collections::BTreeSet;

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
#[derive(Debug, Clone, Copy)]
pub struct Route {
    /// The methods it is registered for.
    pub methods: &'static [&'static str],
    /// As registered: `{name}` one segment, `{*name}` the rest.
    pub path: &'static str,
    /// The shape of a 4xx for those methods.
    pub shape: Shape,
    /// The shape for any other method, when the route itself answers it (a route registered
    /// with `any`, or with its own method fallback); `None`: the server's wrong-method answer.
    pub other_methods: Option<Shape>,
    /// Whether a body it accepts arms a fault (later calls answer 5xx on purpose): such a
    /// route only ever gets bodies it must refuse (see `strategies::poisoned_body`).
    pub arms_faults: bool,
}

const fn route(methods: &'static [&'static str], path: &'static str, shape: Shape) -> Route {
    Route {
        methods,
        path,
        shape,
        other_methods: None,
        arms_faults: false,
    }
}

/// The same route, answering every other method itself with `shape`.
const fn any(mut route: Route, shape: Shape) -> Route {
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
pub const APP: &[Route] = &[
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
];

/// `mock-providers/src/github/mod.rs`.
pub const GITHUB: &[Route] = &[
    route(&["GET"], "/", Page),
    route(&["GET"], "/login", Page),
    route(&["POST"], "/session", Page),
    route(&["POST"], "/logout", Page),
    route(&["GET", "POST"], "/login/oauth/authorize", Page),
    route(&["POST"], "/login/oauth/access_token", GitHubToken),
    route(&["GET"], "/user", GitHubRest),
    route(&["GET"], "/user/emails", GitHubRest),
    any(
        route(&["DELETE"], "/applications/{client_id}/token", GitHubRest),
        GitHubNotFound,
    ),
    any(
        route(&["DELETE"], "/applications/{client_id}/grant", GitHubRest),
        GitHubNotFound,
    ),
];

/// `mock-providers/src/google/mod.rs`.
pub const GOOGLE: &[Route] = &[
    route(&["GET"], "/", Page),
    route(&["GET", "POST"], "/ServiceLogin", Page),
    route(&["GET", "POST"], "/Logout", Page),
    route(&["GET", "POST"], "/o/oauth2/v2/auth", Page),
    route(&["POST"], "/token", JsonError),
    route(&["GET"], "/v1/userinfo", JsonError),
    route(&["GET"], "/oauth2/v3/userinfo", JsonError),
    route(&["GET"], "/oauth2/v2/userinfo", JsonError),
    route(&["GET"], "/oauth2/v1/userinfo", JsonError),
    route(&["GET", "POST"], "/tokeninfo", JsonError),
    route(&["GET", "POST"], "/oauth2/v3/tokeninfo", JsonError),
    // `GET /revoke` (any other method) is Google's HTML 404, recorded as a refused revocation.
    any(route(&["POST"], "/revoke", JsonError), Page),
    route(&["GET"], "/oauth2/v3/certs", JsonError),
    route(&["GET"], "/oauth2/v1/certs", JsonError),
    route(&["GET"], "/.well-known/openid-configuration", JsonError),
];

const fn admin(methods: &'static [&'static str], path: &'static str) -> Route {
    any(route(methods, path, JsonError), JsonError)
}

const fn arming(mut route: Route) -> Route {
    route.arms_faults = true;
    route
}

/// `mock-providers/src/admin/mod.rs`: `/__mock/`, served by both mocks.
pub const ADMIN: &[Route] = &[
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
];

/// The three servers fuzzed, each with its whole table.
pub fn servers() -> [Server; 3] {
    let mock = |name, own: &[Route], unknown_path, wrong_method| Server {
        name,
        routes: own.iter().chain(ADMIN).copied().collect(),
        unknown_path,
        wrong_method,
        alive: ("/__mock/state", 200),
    };
    [
        Server {
            name: "app",
            routes: APP.to_vec(),
            unknown_path: Negotiated,
            wrong_method: Negotiated,
            alive: ("/", 200),
        },
        // GitHub: one 404 for unknown paths and wrong methods alike (JSON, or a browser's
        // page).
        mock("mock GitHub", GITHUB, GitHubNotFound, GitHubNotFound),
        // Google: an HTML 404 page, and an HTML 405 page.
        mock("mock Google", GOOGLE, Page, Page),
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
        match self.route_of(path) {
            None => self.unknown_path,
            Some(route) if route.methods.contains(&method) => route.shape,
            // axum answers HEAD with the GET route.
            Some(route) if method == "HEAD" && route.methods.contains(&"GET") => route.shape,
            Some(route) => route.other_methods.unwrap_or(self.wrong_method),
        }
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

/// What the routers register and the table lacks, or lists and the routers do not: read
/// from the routers' source (every `.route("...")`, the app's `{name}` being each provider's
/// slug) and from the mocks' `ENDPOINTS` tables (method and route). Empty when they agree.
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
    let app: BTreeSet<String> = registered(&source("hardened-app/src/routes/mod.rs"))
        .into_iter()
        .flat_map(|p| ["github", "google"].map(|slug| p.replace("{name}", slug)))
        .collect();
    compare("hardened-app/src/routes/mod.rs", app, APP);
    let github = registered(&source("mock-providers/src/github/mod.rs"));
    compare("mock-providers/src/github/mod.rs", github, GITHUB);
    let google = registered(&source("mock-providers/src/google/mod.rs"));
    compare("mock-providers/src/google/mod.rs", google, GOOGLE);
    let admin = registered(&source("mock-providers/src/admin/mod.rs"));
    compare("mock-providers/src/admin/mod.rs", admin, ADMIN);
    for (table, endpoints) in [
        (GITHUB, mock_providers::github::ENDPOINTS),
        (GOOGLE, mock_providers::google::ENDPOINTS),
    ] {
        for (name, method, path) in endpoints {
            let listed = table
                .iter()
                .any(|r| r.path == *path && r.methods.contains(method));
            if !listed {
                problems.push(format!(
                    "endpoint {name} ({method} {path}) is not in the table"
                ));
            }
        }
    }
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
