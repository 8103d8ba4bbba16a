//! What a fault may target: the endpoints of a provider's table ([`crate::endpoints`]), by
//! name, and each in words for the pages and events that show them to people ([`label`]).

use axum::http::Method;
use common::Provider;

use crate::endpoints::{self, Endpoint};
use crate::{github, google};

/// The endpoint table of a provider.
pub fn endpoints(provider: Provider) -> &'static [Endpoint] {
    match provider {
        Provider::GitHub => github::ENDPOINTS,
        Provider::Google => google::ENDPOINTS,
    }
}

/// The names a fault may target at this provider, each once, in table order.
pub fn endpoint_names(provider: Provider) -> Vec<&'static str> {
    endpoints::fault_names(endpoints(provider))
}

/// The endpoint a fault targets a call by, if any (never a `/__mock/` route: no table lists
/// one).
pub fn target_of(provider: Provider, method: &Method, route: &str) -> Option<&'static Endpoint> {
    endpoints::fault_target(endpoints(provider), method, route)
}

/// The name of [`target_of`].
pub fn endpoint_of(provider: Provider, method: &Method, route: &str) -> Option<&'static str> {
    target_of(provider, method, route).map(|e| e.name)
}

/// An endpoint as people read it: what it is for, and its route, e.g. `token revocation
/// (DELETE /applications/{client_id}/token)` for `revoke_token`. An endpoint with several
/// routes is shown with its first.
pub fn label(provider: Provider, name: &str) -> String {
    let route = endpoints(provider)
        .iter()
        .find(|e| e.faults && e.name == name)
        .and_then(|e| Some(format!("{} {}", e.methods.method()?, e.path)));
    match route {
        Some(route) => format!("{} ({route})", purpose(name)),
        None => purpose(name).to_string(),
    }
}

/// What an endpoint is for, by its name in either provider's table (`crate::github::ENDPOINTS`,
/// `crate::google::ENDPOINTS`); a name without words here is shown as it is.
fn purpose(name: &str) -> &str {
    match name {
        "home" => "home page",
        "login_page" => "sign-in page",
        "signin_page" => "account chooser",
        "login" | "signin" => "sign-in",
        "logout" => "sign-out",
        "authorize" => "authorize page",
        "authorize_decision" => "consent answer",
        "access_token" => "code exchange",
        "token" => "code exchange and refresh",
        "user" | "userinfo" => "profile",
        "user_emails" => "email addresses",
        "tokeninfo" => "token information",
        "revoke_token" | "revoke" => "token revocation",
        "revoke_grant" => "grant revocation",
        "certs" => "ID token signing keys",
        "discovery" => "OpenID discovery document",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_listed_once_and_admin_routes_are_never_endpoints() {
        let google = endpoint_names(Provider::Google);
        assert_eq!(
            google.iter().filter(|n| **n == "userinfo").count(),
            1,
            "userinfo has several routes but one name"
        );
        assert!(endpoint_names(Provider::GitHub).contains(&"revoke_token"));
        assert_eq!(
            endpoint_of(Provider::GitHub, &Method::GET, "/__mock/state"),
            None
        );
        assert_eq!(
            endpoint_of(
                Provider::GitHub,
                &Method::DELETE,
                "/applications/{client_id}/token"
            ),
            Some("revoke_token")
        );
    }

    /// A call of these, answered by a fault, is still kept in `/__mock/revocations` (the
    /// README names them).
    #[test]
    fn the_revocations_a_fault_may_answer_are_the_three_revocation_calls() {
        let revocations: Vec<&str> = [Provider::GitHub, Provider::Google]
            .into_iter()
            .flat_map(|p| endpoints(p).iter())
            .filter(|e| e.faults && e.revokes)
            .map(|e| e.name)
            .collect();
        assert_eq!(revocations, ["revoke_token", "revoke_grant", "revoke"]);
    }
}
