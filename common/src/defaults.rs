//! The defaults that let everything run with no configuration: the app on
//! `http://localhost:3000`, the mocks on `127.0.0.1:3001` and `:3002`, each mock with one
//! registered client whose id, secret and redirect URI are the app's defaults.

/// The app's default `BASE_URL`, the course's.
pub const APP_URL: &str = "http://localhost:3000";

/// Where `cargo run -p mock-providers` serves the mocks by default, as addresses to listen
/// on and as the URLs to reach them.
pub const MOCK_GITHUB_ADDR: &str = "127.0.0.1:3001";
pub const MOCK_GOOGLE_ADDR: &str = "127.0.0.1:3002";
pub const MOCK_GITHUB_URL: &str = "http://127.0.0.1:3001";
pub const MOCK_GOOGLE_URL: &str = "http://127.0.0.1:3002";

/// The mock GitHub's default OAuth client.
pub const GITHUB_CLIENT_ID: &str = "logout-lab-github";
pub const GITHUB_CLIENT_SECRET: &str = "logout-lab-github-secret";

/// The mock Google's default OAuth client.
pub const GOOGLE_CLIENT_ID: &str = "logout-lab.apps.googleusercontent.com";
pub const GOOGLE_CLIENT_SECRET: &str = "logout-lab-google-secret";

/// An app's redirect URI for a provider: `BASE_URL/auth/{slug}/callback`, the course's.
pub fn redirect_uri(base_url: &str, provider: crate::Provider) -> String {
    format!(
        "{}/auth/{}/callback",
        base_url.trim_end_matches('/'),
        provider.slug()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mocks_urls_are_their_addresses() {
        assert_eq!(MOCK_GITHUB_URL, format!("http://{MOCK_GITHUB_ADDR}"));
        assert_eq!(MOCK_GOOGLE_URL, format!("http://{MOCK_GOOGLE_ADDR}"));
        assert_eq!(
            redirect_uri("http://localhost:3000/", crate::Provider::Google),
            "http://localhost:3000/auth/google/callback"
        );
    }
}
