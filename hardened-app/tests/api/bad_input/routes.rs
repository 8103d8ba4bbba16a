//! The route table, grouped per server: every route of the app, of the mock GitHub and of the
//! mock Google, and the `/__mock/` routes both mocks serve. Each route says which error shape
//! its 4xx answers carry, as this crate's and the mocks' READMEs document them. Every route
//! comes from the table its router is built from, read through the library: the app's
//! `hardened_app::routes::ROUTES`, the mocks' endpoint tables (`mock_providers::github::ENDPOINTS`
//! and `google::ENDPOINTS`, and `admin::ENDPOINTS` for `/__mock/`), each endpoint's shape
//! given here by its name ([`github_shape`], [`google_shape`], [`admin_shape`]). A router
//! serves its table and no other route, so none can be missing here.

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
    pub path: String,
    /// The shape for any other method, when the route itself answers it (a route registered
    /// with `any`, or with its own method fallback); `None`: the server's wrong-method answer.
    pub other_methods: Option<Shape>,
    /// Whether a body it accepts arms a fault (later calls answer 5xx on purpose): such a
    /// route only ever gets bodies it must refuse (see `strategies::poisoned_body`).
    pub arms_faults: bool,
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

/// The app's routes (`hardened_app::routes::ROUTES`): each 4xx negotiated, a page for a
/// browser.
fn app() -> Vec<Route> {
    let mut routes: Vec<Route> = Vec::new();
    for route in hardened_app::routes::ROUTES {
        for path in route.paths() {
            entry(&mut routes, &path)
                .methods
                .push((route.method.as_str(), Negotiated));
        }
    }
    routes
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

/// The shape of a 4xx of the `/__mock/` endpoint `name` (`mock_providers::admin::ENDPOINTS`):
/// JSON whatever the request accepts, but for the timeline's forms.
fn admin_shape(name: &str) -> Shape {
    match name {
        "timeline_end_session"
        | "timeline_remove_grant"
        | "timeline_arm_fault"
        | "timeline_reset" => TimelineForm,
        _ => JsonError,
    }
}

/// Whether a body the `/__mock/` endpoint `name` accepts arms a fault.
fn arms_faults(name: &str) -> bool {
    matches!(name, "arm_fault" | "timeline_arm_fault")
}

/// The route of `path` in `routes`, added (with no method yet) if it is not there.
fn entry<'a>(routes: &'a mut Vec<Route>, path: &str) -> &'a mut Route {
    let index = match routes.iter().position(|r| r.path == path) {
        Some(index) => index,
        None => {
            routes.push(Route {
                methods: Vec::new(),
                path: path.to_string(),
                other_methods: None,
                arms_faults: false,
            });
            routes.len() - 1
        }
    };
    &mut routes[index]
}

/// A mock's endpoint table as routes, one per path in table order, each endpoint's shape
/// given by `shape`.
fn endpoint_routes(table: &'static [Endpoint], shape: fn(&str) -> Shape) -> Vec<Route> {
    let mut routes: Vec<Route> = Vec::new();
    for endpoint in table {
        let route = entry(&mut routes, endpoint.path);
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

/// `/__mock/`, served by both mocks: every route answers a method it does not take itself,
/// in JSON (the inspection API's own wrong-method answer).
fn admin_routes() -> Vec<Route> {
    let mut routes = endpoint_routes(mock_providers::admin::ENDPOINTS, admin_shape);
    for route in &mut routes {
        route.other_methods = route.other_methods.or(Some(JsonError));
    }
    for endpoint in mock_providers::admin::ENDPOINTS {
        if arms_faults(endpoint.name) {
            entry(&mut routes, endpoint.path).arms_faults = true;
        }
    }
    routes
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
            endpoint_routes(mock_providers::github::ENDPOINTS, github_shape),
            GitHubNotFound,
            GitHubNotFound,
        ),
        // Google: an HTML 404 page, and an HTML 405 page.
        mock(
            "mock Google",
            endpoint_routes(mock_providers::google::ENDPOINTS, google_shape),
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
        exact.or_else(|| self.routes.iter().find(|r| matches(&r.path, path)))
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
