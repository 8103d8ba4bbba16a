//! The mock GitHub's pages as a person sees them: each badged as a mock in GitHub's own
//! stylesheet, the consent page describing the scopes in GitHub's words, and the accounts'
//! avatars served by the mock.

use super::support::{CLIENT, authorize_url, signed_in, spawn};
use crate::helpers::{Fetch, assert_mock_page, browser, location};

#[tokio::test]
async fn every_github_page_is_badged_and_in_githubs_look() {
    let t = spawn().await;
    let gh = &t.github;
    let anonymous = browser();
    let home = anonymous.get(format!("{gh}/")).fetch_text().await;
    assert_mock_page("home, signed out", &home, "github");
    let to_login = anonymous.get(authorize_url(gh, &[("scope", "read:user")]));
    let login_url = format!("{gh}{}", location(&to_login.fetch().await));
    let login = anonymous.get(&login_url).fetch_text().await;
    assert_mock_page("sign-in", &login, "github");
    assert!(
        login.contains("<h1>Sign in to GitHub</h1>"),
        "GitHub's heading"
    );
    let labelled = login.contains(r#"<label for="login_field">"#)
        && login.contains(r#"<input id="login_field" type="text" name="login""#);
    assert!(labelled, "the username field has its label");
    let unknown = anonymous.get(format!("{gh}/login/oauth/authorize?client_id=nope"));
    let error = unknown.fetch_text().await;
    assert!(
        error.contains("Authorization failed") || error.contains("client_id"),
        "{error}"
    );
    assert_mock_page("error page", &error, "github");

    let ada = signed_in(gh, "ada").await;
    let home = ada.get(format!("{gh}/")).fetch_text().await;
    assert_mock_page("home, signed in", &home, "github");
    let avatar = format!(r#"src="{gh}/__mock/avatars/ada.svg""#);
    assert!(home.contains(&avatar), "ada's avatar on her home page");
    let consent = ada.get(authorize_url(gh, &[("scope", "read:user")]));
    let consent = consent.fetch_text().await;
    assert_mock_page("consent", &consent, "github");
    let dashboard = ada.get(format!("{gh}/__mock/")).fetch_text().await;
    assert_mock_page("dashboard", &dashboard, "dashboard");
}

#[tokio::test]
async fn consent_describes_each_scope_as_github_does() {
    let t = spawn().await;
    let gh = &t.github;
    let ada = signed_in(gh, "ada").await;
    let scopes = [("scope", "read:user user:email gist")];
    let page = ada.get(authorize_url(gh, &scopes)).fetch_text().await;
    assert!(
        page.contains("<h1>Authorize Logout Lab</h1>"),
        "names the app"
    );
    let described = [
        "Read all user profile data",
        "Access user email addresses (read-only)",
        "Create gists",
    ];
    for words in described {
        let item = format!(r#"<span class="scope-words">{words}</span>"#);
        assert!(page.contains(&item), "consent says {words:?}");
    }
    let first_form = page.find("<form").unwrap();
    let action =
        page[first_form..].starts_with(r#"<form method="post" action="/login/oauth/authorize""#);
    assert!(action, "the consent form is the page's first form");
    assert_eq!(page.matches("<form").count(), 1, "and its only one");
    let nothing = ada.get(authorize_url(gh, &[("client_id", CLIENT)]));
    let nothing = nothing.fetch_text().await;
    assert!(
        nothing.contains("Read-only access to public information"),
        "no scope"
    );
}

#[tokio::test]
async fn the_sign_in_page_shows_each_account_with_its_avatar() {
    let t = spawn().await;
    let gh = &t.github;
    let page = browser().get(format!("{gh}/login")).fetch_text().await;
    for login in ["ada", "grace", "linus"] {
        let avatar = format!(r#"src="{gh}/__mock/avatars/{login}.svg""#);
        assert!(page.contains(&avatar), "{login}'s avatar");
    }
    assert!(
        !page.contains("githubusercontent.com"),
        "no image from another host"
    );
}
