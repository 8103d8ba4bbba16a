//! Settings → Applications (`/settings/applications`): the apps a user authorized, and
//! Revoke, which ends every token of the grant as the user's doing (`user_removed_access`),
//! never a call of the app; consent is asked again; a form without the session's token is
//! refused; signed out, the sign-in page comes first.

use mock_providers::api::{EndCause, TokensDoc};

use super::support::{
    CLIENT, OTHER, OTHER_CALLBACK, authorize_url, events, revocations, signed_in, spawn, token,
    user_status,
};
use crate::helpers::{
    self, Fetch, assert_mock_page, browser, document, hidden_input, location, post_form,
};

const SETTINGS: &str = "/settings/applications";

/// The settings page of a signed-in browser: its status and HTML.
async fn settings_page(browser: &reqwest::Client, gh: &str) -> (u16, String) {
    let response = browser.get(format!("{gh}{SETTINGS}")).fetch().await;
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// Posts the Revoke form of `client_id` with this authenticity token: the answer.
async fn revoke_app(
    browser: &reqwest::Client,
    gh: &str,
    client_id: &str,
    csrf: &str,
) -> reqwest::Response {
    let form = [("authenticity_token", csrf), ("client_id", client_id)];
    post_form(browser, format!("{gh}{SETTINGS}/revoke"), &form).await
}

/// A browser signed in as Ada on her settings page: the browser and the page's token.
async fn on_settings(gh: &str) -> (reqwest::Client, String) {
    let ada = signed_in(gh, "ada").await;
    let (status, page) = settings_page(&ada, gh).await;
    assert_eq!(status, 200, "the settings page: {page}");
    let csrf = hidden_input(&page, "authenticity_token").expect("the page's token");
    (ada, csrf)
}

/// The authorize URL of another client than the default, for `read:user`.
fn authorize_other(gh: &str, client_id: &str, redirect_uri: &str) -> String {
    let params = [
        ("client_id", client_id),
        ("redirect_uri", redirect_uri),
        ("scope", "read:user"),
    ];
    let query = serde_urlencoded::to_string(params).unwrap();
    format!("{gh}/login/oauth/authorize?{query}")
}

/// The status of authorize for `read:user` in a browser signed in as Ada: 302 straight back
/// to the app while it is authorized, 200 for the consent page.
async fn authorize_status(gh: &str) -> u16 {
    let browser = signed_in(gh, "ada").await;
    let url = authorize_url(gh, &[("scope", "read:user")]);
    browser.get(url).fetch_status().await
}

#[tokio::test]
async fn the_settings_page_lists_each_app_the_user_authorized_with_its_scopes() {
    let t = spawn().await;
    let gh = &t.github;
    token(gh, "ada", "read:user user:email").await;
    token(gh, "ada", "read:user user:email").await;
    let ada = signed_in(gh, "ada").await;
    let other = authorize_other(gh, OTHER, OTHER_CALLBACK);
    let consent = ada.get(other).fetch_text().await;
    super::support::consent(&ada, gh, &consent, true).await;

    let home = ada.get(format!("{gh}/")).fetch_text().await;
    let linked = format!(r#"<a href="{SETTINGS}">"#);
    assert!(home.contains(&linked), "the home page links the settings");
    let (_, page) = settings_page(&ada, gh).await;
    assert_mock_page("settings", &page, "github");
    assert!(page.contains("<h1>Authorized OAuth Apps</h1>"), "{page}");
    for name in ["Logout Lab", "Other App"] {
        assert!(page.contains(&format!(r#"aria-label="{name}""#)), "{name}");
    }
    let words = ["Read all user profile data", "Access user email addresses"];
    assert!(
        words.iter().all(|w| page.contains(w)),
        "the scopes in words"
    );
    assert!(page.contains("2 live tokens"), "Logout Lab's two tokens");
    let forms = page
        .matches(r#"action="/settings/applications/revoke""#)
        .count();
    assert_eq!(forms, 2, "one Revoke per app");
    let grace = signed_in(gh, "grace").await;
    let (_, theirs) = settings_page(&grace, gh).await;
    assert!(theirs.contains("You have no applications authorized"));
    assert!(!theirs.contains("Logout Lab"), "only the user's own apps");
}

#[tokio::test]
async fn revoking_ends_every_token_of_the_grant_as_the_users_doing() {
    let t = spawn().await;
    let gh = &t.github;
    let tokens = [
        token(gh, "ada", "read:user").await,
        token(gh, "ada", "read:user").await,
    ];
    let (ada, csrf) = on_settings(gh).await;
    let done = revoke_app(&ada, gh, CLIENT, &csrf).await;
    assert_eq!(done.status(), 302, "back to the list");
    let back = location(&done);
    assert_eq!(back, format!("{SETTINGS}?revoked={CLIENT}"));
    let page = ada.get(format!("{gh}{back}")).fetch_text().await;
    assert!(
        page.contains("You revoked <strong>Logout Lab</strong>"),
        "{page}"
    );
    assert!(page.contains("You have no applications authorized"));
    for token in &tokens {
        assert_eq!(user_status(gh, token).await, 401, "{token} is dead");
    }
    let doc: TokensDoc = document(&format!("{gh}/__mock/tokens?user=ada")).await;
    for record in &doc.tokens {
        let ending = record.ended.clone().expect("every token ended");
        assert_eq!(ending.cause, EndCause::UserRemovedAccess);
        let endpoint = ending.endpoint.as_deref();
        assert_eq!(endpoint, Some("POST /settings/applications/revoke"));
        let words = "ada removed the app's access at GitHub";
        assert!(ending.why.starts_with(words), "{}", ending.why);
    }
    let removed = events(&t, "user_removed_access");
    assert_eq!(removed.len(), 1, "one event: {removed:?}");
    let mut ended = tokens.to_vec();
    ended.sort();
    assert_eq!(removed[0].ended, ended, "it names both tokens");
    assert!(revocations(&t).is_empty(), "no call of the app");
    assert!(t.mocks.github.store().lock().grants.is_empty());
}

#[tokio::test]
async fn after_a_revoke_the_next_authorize_asks_for_consent_again() {
    let t = spawn().await;
    let gh = &t.github;
    token(gh, "ada", "read:user").await;
    assert_eq!(authorize_status(gh).await, 302, "authorized: straight back");
    let (ada, csrf) = on_settings(gh).await;
    assert_eq!(revoke_app(&ada, gh, CLIENT, &csrf).await.status(), 302);
    assert_eq!(authorize_status(gh).await, 200, "the consent page again");
}

#[tokio::test]
async fn a_revoke_without_the_sessions_token_or_a_known_app_is_refused() {
    let t = spawn().await;
    let gh = &t.github;
    let held = token(gh, "ada", "read:user").await;
    let (ada, csrf) = on_settings(gh).await;
    for forged in ["", "not-the-token"] {
        let refused = revoke_app(&ada, gh, CLIENT, forged).await;
        assert_eq!(refused.status(), 422, "token {forged:?}");
        let page = refused.text().await.unwrap();
        assert!(page.contains("authenticity_token"), "the page says why");
        assert_mock_page("refused", &page, "github");
    }
    let nobody = revoke_app(&ada, gh, "never-authorized", &csrf).await;
    assert_eq!(nobody.status(), 404, "an app Ada never authorized");
    let empty = revoke_app(&ada, gh, "", &csrf).await;
    assert_eq!(empty.status(), 400, "no client_id");
    let garbage = ada
        .post(format!("{gh}{SETTINGS}/revoke"))
        .body(vec![0xff, 0xfe]);
    assert_eq!(
        garbage.fetch_status().await,
        400,
        "a body that is not UTF-8"
    );
    assert_eq!(user_status(gh, &held).await, 200, "the token still works");
    assert_eq!(t.mocks.github.store().lock().grants.len(), 1, "grant kept");
    assert!(
        events(&t, "user_removed_access").is_empty(),
        "nothing recorded"
    );
}

#[tokio::test]
async fn signed_out_the_sign_in_page_comes_first_then_the_settings() {
    let t = spawn().await;
    let gh = &t.github;
    let anonymous = browser();
    let to_login = anonymous.get(format!("{gh}{SETTINGS}")).fetch().await;
    assert_eq!(to_login.status(), 302);
    let login = location(&to_login);
    assert_eq!(login, "/login?return_to=%2Fsettings%2Fapplications");
    let page = anonymous.get(format!("{gh}{login}")).fetch_text().await;
    let return_to = hidden_input(&page, "return_to");
    assert_eq!(return_to.as_deref(), Some(SETTINGS), "the form comes back");
    let form = [("login", "ada"), ("return_to", SETTINGS)];
    let signed = post_form(&anonymous, format!("{gh}/session"), &form).await;
    assert_eq!(location(&signed), SETTINGS, "back to the settings");
    let (status, _) = settings_page(&anonymous, gh).await;
    assert_eq!(status, 200, "now the list");
    let post = revoke_app(&browser(), gh, CLIENT, "x").await;
    assert_eq!(location(&post), login, "a signed-out revoke signs in first");
}

#[tokio::test]
async fn what_the_page_shows_of_a_request_is_escaped() {
    let t = spawn().await;
    let gh = &t.github;
    let client = serde_json::json!({
        "client_id": "odd-app", "client_secret": "s", "name": "<script>alert(1)</script>",
        "redirect_uris": ["http://127.0.0.1:9/cb"],
    });
    let (status, _) = helpers::post_json(&format!("{gh}/__mock/clients"), client).await;
    assert_eq!(status, 201);
    let ada = signed_in(gh, "ada").await;
    let odd = authorize_other(gh, "odd-app", "http://127.0.0.1:9/cb");
    let consent = ada.get(odd).fetch_text().await;
    super::support::consent(&ada, gh, &consent, true).await;
    let (_, page) = settings_page(&ada, gh).await;
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    assert!(!page.contains("<script>"), "no markup from a registration");
    let spoof = format!("{gh}{SETTINGS}?revoked=%3Cb%3EYour+account+is+locked%3C%2Fb%3E");
    let page = ada.get(spoof).fetch_text().await;
    assert!(
        !page.contains("Your account is locked"),
        "only a real app's name"
    );
}
