//! A browser's cookie jar, small enough to read: cookies are kept per host (not per port, as
//! browsers do, so the app and the mocks on one host see each other's cookies, which is why
//! their names differ), with their path, and forgotten when a `Set-Cookie` expires them.
//! Written by hand rather than reqwest's store because the checks look inside it: which
//! session id the app set, whether logout really cleared it, and replaying an old one.

use cookie::Cookie;
use cookie::time::OffsetDateTime;
use url::Url;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCookie {
    pub host: String,
    pub path: String,
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, Default)]
pub struct Jar {
    cookies: Vec<StoredCookie>,
}

/// What a `Set-Cookie` did to the jar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Set { name: String, value: String },
    Cleared { name: String },
    Ignored { header: String },
}

fn host(url: &Url) -> String {
    url.host_str().unwrap_or_default().to_ascii_lowercase()
}

/// RFC 6265's default path: the request path up to its last `/`.
fn default_path(url: &Url) -> String {
    let path = url.path();
    match path.rfind('/') {
        Some(0) | None => "/".into(),
        Some(i) => path[..i].into(),
    }
}

fn path_matches(cookie_path: &str, request_path: &str) -> bool {
    request_path == cookie_path
        || (request_path.starts_with(cookie_path)
            && (cookie_path.ends_with('/') || request_path[cookie_path.len()..].starts_with('/')))
}

/// Whether a `Set-Cookie` expires its cookie (`Max-Age=0`, or an `Expires` in the past).
fn expires(parsed: &Cookie) -> bool {
    parsed.max_age().is_some_and(|age| age.whole_seconds() <= 0)
        || (parsed.max_age().is_none()
            && parsed
                .expires_datetime()
                .is_some_and(|at| at <= OffsetDateTime::now_utc()))
}

/// What a `Set-Cookie` header asks, whatever the jar holds: the cookie's name, and whether it
/// clears it (`true`) or sets it. `None` when it cannot be read.
pub fn set_cookie(header: &str) -> Option<(String, bool)> {
    let parsed = Cookie::parse(header.to_string()).ok()?;
    Some((parsed.name().to_string(), expires(&parsed)))
}

impl Jar {
    /// Applies one `Set-Cookie` header received from `url`.
    pub fn store(&mut self, url: &Url, header: &str) -> Change {
        let Ok(parsed) = Cookie::parse(header.to_string()) else {
            return Change::Ignored {
                header: header.into(),
            };
        };
        let host = host(url);
        let path = parsed
            .path()
            .filter(|p| p.starts_with('/'))
            .map(str::to_string)
            .unwrap_or_else(|| default_path(url));
        let name = parsed.name().to_string();
        let expired = expires(&parsed);
        let before = self.cookies.len();
        self.cookies
            .retain(|c| !(c.host == host && c.path == path && c.name == name));
        if expired {
            // Expiring a cookie the browser does not hold (another path...) clears nothing.
            if self.cookies.len() == before {
                return Change::Ignored {
                    header: header.into(),
                };
            }
            return Change::Cleared { name };
        }
        let value = parsed.value().to_string();
        self.cookies.push(StoredCookie {
            host,
            path,
            name: name.clone(),
            value: value.clone(),
        });
        Change::Set { name, value }
    }

    /// The `Cookie` header a browser sends to `url`, if any cookie applies.
    pub fn header_for(&self, url: &Url) -> Option<String> {
        let host = host(url);
        let mut matching: Vec<&StoredCookie> = self
            .cookies
            .iter()
            .filter(|c| c.host == host && path_matches(&c.path, url.path()))
            .collect();
        // Longer paths first, as RFC 6265 asks.
        matching.sort_by_key(|c| std::cmp::Reverse(c.path.len()));
        let pairs: Vec<String> = matching
            .iter()
            .map(|c| format!("{}={}", c.name, c.value))
            .collect();
        (!pairs.is_empty()).then(|| pairs.join("; "))
    }

    /// The value of cookie `name` a browser would send to `url`.
    pub fn get(&self, url: &Url, name: &str) -> Option<String> {
        let host = host(url);
        self.cookies
            .iter()
            .find(|c| c.host == host && c.name == name && path_matches(&c.path, url.path()))
            .map(|c| c.value.clone())
    }

    /// Forgets every cookie: a new private window.
    pub fn clear(&mut self) {
        self.cookies.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn cookies_are_shared_across_ports_of_one_host_and_filtered_by_path() {
        let mut jar = Jar::default();
        let app = url("http://127.0.0.1:3000/auth/github/callback");
        jar.store(
            &app,
            "session=abc; HttpOnly; SameSite=Lax; Path=/; Max-Age=86400",
        );
        jar.store(&app, "oauth_state=s; Path=/auth; HttpOnly");
        assert_eq!(
            jar.header_for(&url("http://127.0.0.1:3001/")),
            Some("session=abc".into())
        );
        assert_eq!(
            jar.header_for(&url("http://127.0.0.1:3000/auth/google")),
            Some("oauth_state=s; session=abc".into())
        );
        assert_eq!(jar.header_for(&url("http://localhost:3000/")), None);
        assert_eq!(
            jar.get(&url("http://127.0.0.1:3000/me"), "session"),
            Some("abc".into())
        );
    }

    #[test]
    fn max_age_zero_or_a_past_expiry_clears_the_cookie() {
        let mut jar = Jar::default();
        let app = url("http://localhost:3000/logout");
        jar.store(&app, "session=abc; Path=/");
        assert_eq!(
            jar.store(&app, "session=; Path=/; Max-Age=0"),
            Change::Cleared {
                name: "session".into()
            }
        );
        assert_eq!(jar.header_for(&app), None);
        jar.store(&app, "session=abc; Path=/");
        jar.store(
            &app,
            "session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
        );
        assert_eq!(jar.header_for(&app), None);
    }

    #[test]
    fn a_set_cookie_says_whether_it_sets_or_clears() {
        let set = set_cookie("session=abc; Path=/; HttpOnly");
        assert_eq!(set, Some(("session".into(), false)));
        let cleared = set_cookie("session=; Path=/; Max-Age=0");
        assert_eq!(cleared, Some(("session".into(), true)));
        assert_eq!(set_cookie("no equals sign"), None);
    }

    #[test]
    fn clearing_with_another_path_leaves_the_cookie() {
        let mut jar = Jar::default();
        let app = url("http://localhost:3000/");
        jar.store(&app, "session=abc; Path=/");
        let change = jar.store(
            &url("http://localhost:3000/auth/logout"),
            "session=; Max-Age=0",
        );
        assert!(matches!(change, Change::Ignored { .. }), "{change:?}");
        assert_eq!(jar.get(&app, "session"), Some("abc".into()));
    }
}
