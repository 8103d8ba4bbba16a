//! Google's sign-in scopes. Apps ask for `openid email profile`; Google answers (in the
//! redirect and at `/token`) with the expanded names, which is what this mock stores.

use serde_json::{Map, Value, json};

use crate::config::GoogleUser;

/// The OpenID Connect scope: an ID token comes with the tokens.
pub const OPENID: &str = "openid";
/// What `email` expands to.
pub const EMAIL: &str = "https://www.googleapis.com/auth/userinfo.email";
/// What `profile` expands to.
pub const PROFILE: &str = "https://www.googleapis.com/auth/userinfo.profile";

/// The canonical order: the one Google's answers use.
const ORDER: [&str; 3] = [OPENID, EMAIL, PROFILE];

/// Why a `scope` parameter is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeError {
    Missing,
    Unknown(String),
}

/// Expands a space-separated `scope` parameter: short names become full URLs, duplicates go,
/// and the order is Google's. Only the sign-in scopes exist on this mock.
pub fn expand(scope: Option<&str>) -> Result<Vec<String>, ScopeError> {
    let mut wanted = [false; 3];
    let mut any = false;
    for name in scope
        .unwrap_or("")
        .split([' ', '+'])
        .filter(|s| !s.is_empty())
    {
        let index = match name {
            "openid" => 0,
            "email" | EMAIL => 1,
            "profile" | PROFILE => 2,
            other => return Err(ScopeError::Unknown(other.to_string())),
        };
        wanted[index] = true;
        any = true;
    }
    if !any {
        return Err(ScopeError::Missing);
    }
    Ok(ORDER
        .iter()
        .zip(wanted)
        .filter(|(_, w)| *w)
        .map(|(s, _)| s.to_string())
        .collect())
}

/// Puts a set of expanded scopes in Google's order (for unions of old and new grants).
pub fn ordered<'a>(scopes: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    let scopes: Vec<&String> = scopes.into_iter().collect();
    ORDER
        .iter()
        .filter(|s| scopes.iter().any(|t| t == s))
        .map(|s| s.to_string())
        .collect()
}

/// The words people read on the consent page.
pub fn describe(scope: &str) -> &'static str {
    match scope {
        OPENID => "Associate you with your personal info on Google",
        EMAIL => "See your primary Google Account email address",
        PROFILE => {
            "See your personal info, including any personal info you've made publicly available"
        }
        _ => "Something this mock does not know",
    }
}

pub fn has(scopes: &[String], scope: &str) -> bool {
    scopes.iter().any(|s| s == scope)
}

/// What `granted` lets an app read of a user, in userinfo and in the ID token alike: the
/// email claims with the email scope, the profile claims with the profile scope.
pub fn claims(user: &GoogleUser, granted: &[String]) -> Map<String, Value> {
    let mut claims = Map::new();
    if has(granted, EMAIL) {
        claims.insert("email".into(), json!(user.email));
        claims.insert("email_verified".into(), json!(user.email_verified));
    }
    if has(granted, PROFILE) {
        claims.insert("name".into(), json!(user.name));
        for (name, value) in [
            ("given_name", &user.given_name),
            ("family_name", &user.family_name),
            ("picture", &user.picture),
        ] {
            if let Some(value) = value {
                claims.insert(name.into(), json!(value));
            }
        }
    }
    claims
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_full_names_expand_to_googles_order() {
        assert_eq!(
            expand(Some("profile email openid")).unwrap(),
            [OPENID, EMAIL, PROFILE]
        );
        assert_eq!(expand(Some(&format!("{EMAIL} email"))).unwrap(), [EMAIL]);
        assert_eq!(expand(Some("  ")), Err(ScopeError::Missing));
        assert_eq!(expand(None), Err(ScopeError::Missing));
        assert_eq!(
            expand(Some("openid drive")),
            Err(ScopeError::Unknown("drive".into()))
        );
    }
}
