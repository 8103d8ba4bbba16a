//! The two revocation calls of `/applications/{client_id}/...`: which one a request is, and a
//! call as the records describe it.

use axum::http::Method;

const DOCS: &str = "https://docs.github.com/rest/apps/oauth-applications";

/// Which of the two calls this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    RevokeToken,
    RevokeGrant,
}

impl Kind {
    /// The call a method and path make, `None` for another method on one of the two paths
    /// (both take DELETE only).
    pub fn of(method: &Method, path: &str) -> Option<Kind> {
        let target = path.rsplit('/').next().unwrap_or("");
        match (method.as_str(), target) {
            ("DELETE", "token") => Some(Kind::RevokeToken),
            ("DELETE", "grant") => Some(Kind::RevokeGrant),
            _ => None,
        }
    }

    /// GitHub's documentation of this call, where its errors point.
    pub fn docs(self) -> String {
        let anchor = match self {
            Kind::RevokeToken => "delete-an-app-token",
            Kind::RevokeGrant => "delete-an-app-authorization",
        };
        format!("{DOCS}#{anchor}")
    }
}

/// One call to the `/applications/{client_id}/...` API, as the records describe it.
#[derive(Debug)]
pub struct Call<'a> {
    pub kind: Kind,
    /// `METHOD /path` as called.
    pub endpoint: &'a str,
    /// The client the call names: its Basic auth, else the path's `{client_id}`.
    pub caller: Option<String>,
    /// The `access_token` of its body, if it has a non-empty one.
    pub token: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_method_and_the_last_segment_name_the_call() {
        let of = |method: Method, path: &str| Kind::of(&method, path);
        assert_eq!(
            of(Method::DELETE, "/applications/a/token"),
            Some(Kind::RevokeToken)
        );
        assert_eq!(
            of(Method::DELETE, "/applications/token/grant"),
            Some(Kind::RevokeGrant)
        );
        assert_eq!(of(Method::POST, "/applications/a/token"), None);
        assert_eq!(of(Method::PATCH, "/applications/a/token"), None);
        assert_eq!(of(Method::POST, "/applications/a/grant"), None);
        assert_eq!(of(Method::GET, "/applications/a/token"), None);
    }
}
