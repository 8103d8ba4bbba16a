//! In mock mode, the app registers its own callbacks with the mock providers at start
//! (`POST /__mock/clients` on each), so that it works on any port: the mock Google, like the
//! real one, accepts only registered redirect URIs, and its default client lists
//! `http://localhost:3000/...` alone.

use serde_json::json;

use crate::config::Config;
use crate::providers::Providers;
use common::Provider;

/// Registers `BASE_URL/auth/{provider}/callback` with each mock's client (the configured
/// client id and secret). Returns, per provider, what happened, for the start-up banner;
/// a mock that is not running is no error (the app still starts), only a line saying how.
pub async fn register(config: &Config) -> Vec<String> {
    // The app's own outbound client: its timeouts, user agent and redirect policy.
    let http = match Providers::new(config.clone()) {
        Ok(providers) => providers.http,
        Err(error) => return vec![format!("Cannot register with the mocks: {error:#}")],
    };
    let mut lines = Vec::new();
    for provider in Provider::ALL {
        let (client_id, client_secret) = match provider {
            Provider::GitHub => (&config.github.client_id, &config.github.client_secret),
            Provider::Google => (&config.google.client_id, &config.google.client_secret),
        };
        let redirect_uri = config.redirect_uri(provider);
        let url = format!("{}__mock/clients", config.provider_home(provider));
        let body = json!({
            "client_id": client_id,
            "client_secret": client_secret,
            "redirect_uris": [redirect_uri],
        });
        let answer = http.post(&url).json(&body).send().await;
        lines.push(match answer {
            Ok(a) if a.status().is_success() => {
                format!("Registered {redirect_uri} with the mock {provider}.")
            }
            Ok(a) => format!(
                "The mock {provider} refused {redirect_uri} ({}): log in with {provider} may fail with redirect_uri_mismatch.",
                a.status()
            ),
            Err(_) => format!(
                "The mock {provider} is not reachable at {url}: start it (cargo run -p mock-providers), then restart the app so that it registers {redirect_uri}."
            ),
        });
    }
    lines
}
