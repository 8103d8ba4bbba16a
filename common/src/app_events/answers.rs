//! Which answers of an app are its logins, logouts and disconnects: the request's method and
//! path name the event, and the answer's status (and, for a login, its `Set-Cookie`) says
//! whether it happened.

use axum::http::{HeaderMap, Method, StatusCode, header};
use serde::Serialize;

use crate::Provider;

/// The apps' session cookie, the course's name: a login's answer sets it.
const SESSION_COOKIE: &str = "session";

/// What the app did, as the mocks name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Kind {
    Login,
    Logout,
    Disconnect,
}

/// The event a request for `method path` is, with its provider, if its answer says it
/// happened ([`happened`]).
pub(super) fn route(method: &Method, path: &str) -> Option<(Kind, Option<Provider>)> {
    let segments: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
    match (method, segments.as_slice()) {
        (&Method::POST, ["logout"]) => Some((Kind::Logout, None)),
        (&Method::GET, ["auth", slug, "callback"]) => Some((Kind::Login, Some(slug.parse().ok()?))),
        (&Method::POST, ["disconnect", slug]) => Some((Kind::Disconnect, Some(slug.parse().ok()?))),
        _ => None,
    }
}

/// Whether the answer says the event happened: a login that set a session, a logout or a
/// disconnect that succeeded (a browser's form is redirected instead).
pub(super) fn happened(kind: Kind, status: StatusCode, headers: &HeaderMap) -> bool {
    match kind {
        Kind::Login => status.is_redirection() && sets_session(headers),
        Kind::Logout | Kind::Disconnect => status.is_success() || status.is_redirection(),
    }
}

/// Whether the answer sets the session cookie to a value (clearing it sets it empty).
fn sets_session(headers: &HeaderMap) -> bool {
    let lines = headers.get_all(header::SET_COOKIE).into_iter();
    lines.filter_map(|line| line.to_str().ok()).any(|line| {
        let pair = line.split(';').next().unwrap_or_default();
        pair.split_once('=').is_some_and(|(name, value)| {
            name.trim() == SESSION_COOKIE && !value.trim().trim_matches('"').is_empty()
        })
    })
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn the_routes_that_report_and_their_providers() {
        let github = Some(Provider::GitHub);
        let google = Some(Provider::Google);
        let reported = [
            (Method::POST, "/logout", (Kind::Logout, None)),
            (Method::GET, "/auth/github/callback", (Kind::Login, github)),
            (Method::GET, "/auth/google/callback", (Kind::Login, google)),
            (
                Method::POST,
                "/disconnect/github",
                (Kind::Disconnect, github),
            ),
            (
                Method::POST,
                "/disconnect/google",
                (Kind::Disconnect, google),
            ),
        ];
        for (method, path, event) in reported {
            assert_eq!(route(&method, path), Some(event), "{method} {path}");
        }
        let not = [
            (Method::GET, "/logout"),
            (Method::POST, "/logout/"),
            (Method::POST, "/app/logout"),
            (Method::GET, "/auth/github"),
            (Method::POST, "/auth/github/callback"),
            (Method::GET, "/auth/gitlab/callback"),
            (Method::GET, "/auth/GitHub/callback"),
            (Method::GET, "/disconnect/github"),
            (Method::POST, "/disconnect/github/more"),
            (Method::POST, "/disconnect/"),
            (Method::GET, "/"),
            (Method::GET, "/me/github"),
            (Method::GET, ""),
        ];
        for (method, path) in not {
            assert_eq!(route(&method, path), None, "{method} {path}");
        }
    }

    /// Headers with a `Set-Cookie` for each of `lines`.
    fn setting(lines: &[&'static str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for line in lines {
            headers.append(header::SET_COOKIE, HeaderValue::from_static(line));
        }
        headers
    }

    #[test]
    fn a_login_is_a_redirect_that_sets_a_session() {
        let found = StatusCode::FOUND;
        let login = |status, lines| happened(Kind::Login, status, &setting(lines));
        assert!(login(
            found,
            &["session=abc; HttpOnly; SameSite=Lax; Path=/; Max-Age=86400"]
        ));
        assert!(login(
            StatusCode::SEE_OTHER,
            &["oauth_state=; Max-Age=0", "session=abc"]
        ));
        assert!(!login(found, &[]), "no session set");
        assert!(
            !login(found, &["session=; Path=/; Max-Age=0"]),
            "a session cleared"
        );
        assert!(
            !login(found, &["session=\"\"; Max-Age=0"]),
            "a session cleared, quoted"
        );
        assert!(
            !login(found, &["sessions=abc", "oauth_state=abc"]),
            "other cookies"
        );
        assert!(!login(StatusCode::OK, &["session=abc"]), "not a redirect");
        assert!(!login(StatusCode::FORBIDDEN, &["session=abc"]), "an error");
    }

    #[test]
    fn a_logout_or_a_disconnect_is_a_success_or_a_browsers_redirect() {
        for kind in [Kind::Logout, Kind::Disconnect] {
            for status in [200, 202, 302, 303] {
                let status = StatusCode::from_u16(status).unwrap();
                assert!(
                    happened(kind, status, &HeaderMap::new()),
                    "{kind:?} {status}"
                );
            }
            for status in [400, 401, 403, 404, 405, 409, 421, 500, 502, 504] {
                let status = StatusCode::from_u16(status).unwrap();
                assert!(
                    !happened(kind, status, &HeaderMap::new()),
                    "{kind:?} {status}"
                );
            }
        }
    }
}
