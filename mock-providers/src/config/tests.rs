//! The seed file, and the default clients taking an app's callbacks.

use super::*;

/// A seed file's GitHub client beside the default one.
const OTHER_CLIENT: &str = r#"
    [[github.clients]]
    client_id = "other"
    client_secret = "s"
    redirect_uris = ["http://127.0.0.1/cb"]
"#;

#[test]
fn a_seed_file_replaces_users_and_adds_clients() {
    let users = "[[github.users]]\nlogin = \"octocat\"\nid = 583231\n";
    let file: SeedFile = toml::from_str(&format!("{users}{OTHER_CLIENT}")).unwrap();
    let github = file.github();
    assert_eq!(github.users.len(), 1);
    assert_eq!(github.users[0].login, "octocat");
    let ids: Vec<_> = github
        .clients
        .iter()
        .map(|c| c.client_id.as_str())
        .collect();
    assert_eq!(ids, [GITHUB_CLIENT_ID, "other"]);
    assert_eq!(file.google(), default_google());
}

#[test]
fn an_app_on_its_own_port_is_a_redirect_uri_of_the_default_clients_only() {
    let file: SeedFile = toml::from_str(OTHER_CLIENT).unwrap();
    let seeds = file.with_app("http://127.0.0.1:4567/");
    let uris = |clients: &[ClientSeed], id: &str| {
        let client = clients.iter().find(|c| c.client_id == id).unwrap();
        client.redirect_uris.clone()
    };
    let github = seeds.github().clients;
    assert_eq!(
        uris(&github, GITHUB_CLIENT_ID),
        [
            redirect_uri(APP_URL, Provider::GitHub),
            "http://127.0.0.1:4567/auth/github/callback".to_string()
        ]
    );
    assert_eq!(uris(&github, "other"), ["http://127.0.0.1/cb"]);
    let google = seeds.google().clients;
    assert_eq!(
        uris(&google, GOOGLE_CLIENT_ID),
        [
            redirect_uri(APP_URL, Provider::Google),
            "http://127.0.0.1:4567/auth/google/callback".to_string()
        ]
    );
    assert_eq!(seeds.github().users, default_github().users);
}

#[test]
fn unknown_fields_are_refused() {
    assert!(toml::from_str::<SeedFile>("[github]\nuser = []").is_err());
}
