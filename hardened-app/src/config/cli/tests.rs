use super::*;

fn cli(args: &[&str]) -> Cli {
    let mut all = vec!["hardened-app"];
    all.extend_from_slice(args);
    Cli::try_parse_from(all).unwrap()
}

#[test]
fn real_mode_requires_the_client_credentials_by_name() {
    let error = cli(&["--providers", "real", "--github-client-id", "x"])
        .into_config()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "Missing required environment variable: GITHUB_CLIENT_SECRET"
    );
}

#[test]
fn real_mode_defaults_to_the_real_urls_and_each_can_be_overridden() {
    let config = cli(&[
        "--providers=real",
        "--github-client-id=a",
        "--github-client-secret=b",
        "--google-client-id=c",
        "--google-client-secret=d",
        "--google-revoke-url=http://127.0.0.1:9/revoke",
    ])
    .into_config()
    .unwrap();
    assert_eq!(config.github.api_url.as_str(), "https://api.github.com/");
    assert_eq!(
        config.google.token_url.as_str(),
        "https://oauth2.googleapis.com/token"
    );
    assert_eq!(
        config.google.revoke_url.as_str(),
        "http://127.0.0.1:9/revoke"
    );
}

#[test]
fn listen_address_follows_base_url() {
    let c = cli(&["--base-url=http://localhost:4000/"]);
    let config = c.clone().into_config().unwrap();
    assert_eq!(
        config.redirect_uri(common::Provider::GitHub),
        "http://localhost:4000/auth/github/callback"
    );
    assert_eq!(c.listen_addr(&config).to_string(), "127.0.0.1:4000");
    let c = cli(&["--base-url=https://lab.example.org"]);
    let config = c.clone().into_config().unwrap();
    assert!(config.secure_cookies());
    assert_eq!(c.listen_addr(&config).to_string(), "0.0.0.0:443");
}

#[test]
fn the_timeline_defaults_to_the_mock_github_and_can_be_moved_or_turned_off() {
    let config = cli(&["--github-authorize-url=http://127.0.0.1:4001/login/oauth/authorize"])
        .into_config()
        .unwrap();
    assert_eq!(
        config.timeline.unwrap().as_str(),
        "http://127.0.0.1:4001/__mock/app-events"
    );
    let config = cli(&["--timeline=http://127.0.0.1:9/__mock/app-events"])
        .into_config()
        .unwrap();
    assert_eq!(
        config.timeline.unwrap().as_str(),
        "http://127.0.0.1:9/__mock/app-events"
    );
    assert!(
        cli(&["--timeline=off"])
            .into_config()
            .unwrap()
            .timeline
            .is_none()
    );
    let real = [
        "--providers=real",
        "--github-client-id=a",
        "--github-client-secret=b",
        "--google-client-id=c",
        "--google-client-secret=d",
    ];
    assert!(cli(&real).into_config().unwrap().timeline.is_none());
    let error = cli(&["--timeline=nowhere"]).into_config().unwrap_err();
    assert!(error.to_string().contains("LOGOUT_LAB_TIMELINE"), "{error}");
}
