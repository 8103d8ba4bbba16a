//! In mock mode the app registers its callbacks with the mocks at start, so that it works on
//! any port: the mock Google refuses an unregistered redirect URI, as Google does.

use hardened_app::Config;
use mock_providers::{MockProviders, Options};
use reqwest::StatusCode;

use crate::helpers::Provider;

/// The status of the mock Google's authorize page for the app at `config`'s callback.
async fn google_authorize(config: &Config) -> StatusCode {
    let mut url = config.google.authorize_url.clone();
    url.query_pairs_mut()
        .append_pair("client_id", &config.google.client_id)
        .append_pair("redirect_uri", &config.redirect_uri(Provider::Google))
        .append_pair("response_type", "code")
        .append_pair("scope", "openid email")
        .append_pair("state", "s");
    reqwest::get(url).await.unwrap().status()
}

#[tokio::test]
async fn the_app_registers_its_callbacks_so_google_accepts_any_port() {
    let mocks = MockProviders::start_on_free_ports(&Options::default())
        .await
        .unwrap();
    let (github, google) = (mocks.github.url(), mocks.google.url());
    let config = Config::new("http://localhost:4999", "unused.db", github, google);
    assert_eq!(google_authorize(&config).await, 400, "unregistered first");
    let lines = hardened_app::mock_clients::register(&config).await;
    assert_eq!(lines.len(), 2, "{lines:?}");
    for (line, provider) in lines.iter().zip(Provider::ALL) {
        let registered = format!("Registered {}", config.redirect_uri(provider));
        assert!(line.starts_with(&registered), "{line}");
    }
    assert_eq!(google_authorize(&config).await, 200, "the sign-in page now");
}

#[tokio::test]
async fn mocks_that_are_not_running_are_named_with_what_to_do() {
    let nowhere = "http://127.0.0.1:1";
    let config = Config::new("http://localhost:4999", "unused.db", nowhere, nowhere);
    let lines = hardened_app::mock_clients::register(&config).await;
    for line in &lines {
        assert!(
            line.contains("is not reachable at http://127.0.0.1:1/"),
            "{line}"
        );
        assert!(line.contains("cargo run -p mock-providers"), "{line}");
    }
}
