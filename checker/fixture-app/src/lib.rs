//! A small course app written for the tests, independent of the `app` crate: the
//! "deliberately broken apps" the checker must catch, and two that it must pass. The
//! checker's tests, and the instructor's (the load mode, the settle bench), start it.
//!
//! Two profiles, then at most one [`Mistake`] on top:
//! - [`Profile::CourseFaithful`]: exactly the course's app. Pending states in one global map
//!   (any browser may bring one back; each is deleted at its use), the stored token
//!   overwritten at a re-login, no `Origin` check. It passes the course's exercises, and gets
//!   advice for `no-orphaned-tokens`, `state-bound` and `foreign-origin`.
//! - [`Profile::Hardened`]: the course's app plus what the checks beyond the course ask. The
//!   state is bound to the browser by a short-lived cookie and deleted at its first use; at a
//!   GitHub re-login the superseded GitHub token is revoked (never a Google one, since that
//!   ends Google's whole grant); a POST with a foreign `Origin` gets 403; a disconnect whose
//!   revocation fails unlinks and retries it in the background. It passes all thirteen checks.
//!
//! Files: this one (the switches, the data, the server), [`login`] (authorize and callback),
//! [`routes`] (`/me`, logout, disconnect), [`providers`] (the server-to-server calls), [`lab`]
//! (the mocks and the app, on free ports).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;

mod lab;
mod login;
mod providers;
mod routes;

pub use lab::Lab;

/// Which app the mistake (if any) is made on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// The course's app, exactly.
    CourseFaithful,
    /// The course's app with the advice beyond the course followed.
    Hardened,
}

/// The one thing the app gets wrong (or, for [`Mistake::RemoveGrantInsteadOfTidyUp`], does
/// differently).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mistake {
    None,
    // The course's mistakes.
    RevokeGitHubOnLogout,
    RevokeGoogleOnLogout,
    /// Revokes the Google token on logout without waiting for it (a fetch not awaited), from
    /// a user's second logout on (a late retry, say): in `no-revoke-on-logout` the only
    /// revocation then comes after the check's last step, where only the settle time sees it.
    RevokeGoogleOnLogoutInBackground,
    /// Clears the cookie but keeps the server-side session.
    KeepServerSession,
    /// Deletes the session but does not clear the cookie.
    KeepCookie,
    /// "Clears" the cookie with another Path than it was set with: the browser keeps it.
    ClearCookieWrongPath,
    /// `GET /me` answers a huge body (32 MiB of spaces).
    HugeMe,
    /// Sends the browser to GitHub with a client id the mock does not know.
    UnknownClientId,
    /// Logs in with Google as [`OWN_GOOGLE_CLIENT`], a client of its own, whose redirect URIs
    /// the test registers at the mock without the app's.
    UnregisteredRedirectUri,
    /// `GET /me` names the links `github_id` and `google_id`, not the course's `githubId`
    /// and `googleId`.
    SnakeCaseMe,
    /// `GET /me` answers the first user the app stored, not the session's (a query that lost
    /// its `WHERE`): once two people have logged in, one of them sees the other.
    MeOfTheFirstUser,
    /// `GET /logout` instead of `POST /logout`.
    LogoutOnlyOnGet,
    /// Disconnect unlinks without revoking.
    DisconnectWithoutRevoke,
    GitHubRevokeWithoutBasicAuth,
    GitHubRevokeWithoutUserAgent,
    GoogleRevokeAsJson,
    /// Logout that never answers in time (stuck on something).
    HangingLogout,
    /// At a Google re-login, revokes the Google token it replaces: Google then ends the whole
    /// grant, the token it just issued with it.
    RevokeGoogleAtRelogin,
    // Beyond the course: each undoes one thing of the hardened profile.
    /// No tidy-up: superseded GitHub tokens stay alive.
    KeepSupersededTokens,
    /// No tidy-up, but a GitHub disconnect removes the whole grant, which ends every token:
    /// the other fix, not a mistake.
    RemoveGrantInsteadOfTidyUp,
    /// The state is not bound to the browser: any browser may bring it back.
    StateNotBound,
    /// The state is kept after its use: a replayed callback is accepted.
    StateNotDeleted,
    /// The callback keeps the session id the browser brings (session fixation).
    AdoptPlantedSession,
    CookieWithoutHttpOnly,
    CookieWithoutSameSite,
    /// Logout on GET as well as POST.
    LogoutOnGetToo,
    /// `/me` answers the GitHub access token too.
    TokenInMe,
    /// The authorize redirect carries the client secret.
    SecretInAuthorizeUrl,
    /// POSTs from any origin are served.
    NoOriginCheck,
    /// A revocation that met an outage is forgotten: the token lives on.
    ForgetFailedRevocation,
    /// A disconnect that meets an outage answers 502 and keeps the link.
    ErrorOnOutage,
    /// A revocation retried after an outage is sent once more after it was confirmed.
    RevokeTwice,
}

/// What the app does, from its profile and its mistake.
#[derive(Debug, Clone, Copy)]
struct Behaviour {
    /// The state is bound to the browser by the `oauth_state` cookie.
    bind_state: bool,
    /// The state is deleted when the callback reads it.
    delete_state: bool,
    /// At a GitHub re-login, the superseded GitHub token is revoked.
    tidy_up: bool,
    /// A GitHub disconnect removes the grant instead of revoking the one token.
    remove_grant: bool,
    /// POSTs with a foreign `Origin` (or `Sec-Fetch-Site: cross-site`) get 403.
    check_origin: bool,
    /// A disconnect whose revocation fails unlinks, answers 202 and retries the revocation in
    /// the background until the provider confirms it.
    retry_revocations: bool,
}

impl Behaviour {
    fn new(profile: Profile, mistake: Mistake) -> Behaviour {
        let hardened = profile == Profile::Hardened;
        let unless = |m: Mistake| hardened && mistake != m;
        Behaviour {
            bind_state: unless(Mistake::StateNotBound),
            delete_state: mistake != Mistake::StateNotDeleted,
            tidy_up: unless(Mistake::KeepSupersededTokens)
                && mistake != Mistake::RemoveGrantInsteadOfTidyUp,
            remove_grant: mistake == Mistake::RemoveGrantInsteadOfTidyUp,
            check_origin: unless(Mistake::NoOriginCheck),
            retry_revocations: unless(Mistake::ForgetFailedRevocation)
                && mistake != Mistake::ErrorOnOutage,
        }
    }
}

const GITHUB_ID: &str = "logout-lab-github";
const GITHUB_SECRET: &str = "logout-lab-github-secret";
const GOOGLE_ID: &str = "logout-lab.apps.googleusercontent.com";
const GOOGLE_SECRET: &str = "logout-lab-google-secret";
/// The Google client of [`Mistake::UnregisteredRedirectUri`].
pub const OWN_GOOGLE_CLIENT: &str = "my-google-client.apps.googleusercontent.com";

#[derive(Debug, Clone, Default)]
struct User {
    id: u64,
    email: String,
    name: String,
    github_id: Option<String>,
    google_id: Option<String>,
    github_token: Option<String>,
    google_token: Option<String>,
}

#[derive(Default)]
struct Data {
    users: Vec<User>,
    sessions: HashMap<String, u64>,
    /// Pending states, with the value of the browser's `oauth_state` cookie they are bound to
    /// (unused when the app does not bind them).
    states: HashMap<String, String>,
    /// How many times each user logged out.
    logouts: HashMap<u64, u32>,
}

struct Fixture {
    base: String,
    github: String,
    google: String,
    mistake: Mistake,
    behaviour: Behaviour,
    http: reqwest::Client,
    data: Mutex<Data>,
    counter: AtomicU64,
}

impl Fixture {
    fn google_client_id(&self) -> &'static str {
        match self.mistake {
            Mistake::UnregisteredRedirectUri => OWN_GOOGLE_CLIENT,
            _ => GOOGLE_ID,
        }
    }

    fn random(&self, prefix: &str) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        format!("{prefix}{n}x{nanos:x}")
    }

    fn session_user(&self, headers: &HeaderMap) -> Option<(String, u64)> {
        let id = cookie(headers, "session")?;
        let data = self.data.lock().unwrap();
        data.sessions.get(&id).map(|u| (id, *u))
    }
}

/// The value of the request's cookie `name`.
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    let prefix = format!("{name}=");
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(&prefix).map(str::to_string))
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(json!({ "error": message }))).into_response()
}

/// Starts the app on a free port, talking to the mocks at `github` and `google`.
pub async fn start(profile: Profile, mistake: Mistake, github: &str, google: &str) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let fixture = Arc::new(Fixture {
        base: base.clone(),
        github: github.trim_end_matches('/').into(),
        google: google.trim_end_matches('/').into(),
        mistake,
        behaviour: Behaviour::new(profile, mistake),
        http: reqwest::Client::new(),
        data: Mutex::default(),
        counter: AtomicU64::new(1),
    });
    let logout_route = match mistake {
        Mistake::LogoutOnlyOnGet => get(routes::logout),
        Mistake::LogoutOnGetToo => get(routes::logout).post(routes::logout),
        _ => post(routes::logout),
    };
    let router = Router::new()
        .route("/", get(|| async { "fixture app" }))
        .route("/me", get(routes::me))
        .route("/auth/{provider}", get(login::authorize))
        .route("/auth/{provider}/callback", get(login::callback))
        .route("/logout", logout_route)
        .route("/disconnect/{provider}", post(routes::disconnect))
        .layer(middleware::from_fn_with_state(fixture.clone(), same_origin))
        .with_state(fixture);
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    base
}

/// The hardened app's guard: a POST whose `Origin` is another site's, or that the browser
/// marks cross-site, is refused before it touches the session.
async fn same_origin(State(app): State<Arc<Fixture>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let foreign_origin = headers
        .get(header::ORIGIN)
        .is_some_and(|origin| origin.as_bytes() != app.base.as_bytes());
    let cross_site = headers
        .get("sec-fetch-site")
        .is_some_and(|site| site == "cross-site");
    if app.behaviour.check_origin
        && request.method() == Method::POST
        && (foreign_origin || cross_site)
    {
        return error(StatusCode::FORBIDDEN, "Forbidden");
    }
    next.run(request).await
}
