//! The Google Account's third-party connections (`/connections`): the apps with access, and
//! Remove access, which ends the grant, access and refresh tokens alike, as the user's doing
//! (`user_removed_access`), never a call of the app; consent is shown again; a form without
//! the session's token is refused; signed out, the account chooser comes first.

use mock_providers::api::{EndCause, TokenKind, TokensDoc};

use super::support::{
    ADA, ADA_SUB, CLIENT, ada_tokens, authorize_url, events, fields, post_token, revocations,
    signed_in, userinfo_status,
};
use crate::helpers::{
    Fetch, assert_mock_page, browser, document, hidden_input, location, post_form, spawn,
};

const CONNECTIONS: &str = "/connections";

/// The connections page of a browser: its status and HTML.
async fn connections_page(browser: &reqwest::Client, g: &str) -> (u16, String) {
    let response = browser.get(format!("{g}{CONNECTIONS}")).fetch().await;
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// Posts the Remove access form of `client_id` with this authenticity token: the answer.
async fn remove_access(
    browser: &reqwest::Client,
    g: &str,
    client_id: &str,
    csrf: &str,
) -> reqwest::Response {
    let form = [("authenticity_token", csrf), ("client_id", client_id)];
    post_form(browser, format!("{g}{CONNECTIONS}/remove"), &form).await
}

/// The page's authenticity token, for a browser signed in as Ada.
async fn csrf_of(browser: &reqwest::Client, g: &str) -> String {
    let (status, page) = connections_page(browser, g).await;
    assert_eq!(status, 200, "the connections page: {page}");
    hidden_input(&page, "authenticity_token").expect("the page's token")
}

#[tokio::test]
async fn the_connections_page_lists_the_apps_with_access_and_what_they_see() {
    let t = spawn().await;
    let g = &t.google;
    let (ada, _) = ada_tokens(&t).await;
    let home = ada.get(format!("{g}/")).fetch_text().await;
    let linked = format!(r#"<a href="{CONNECTIONS}">"#);
    assert!(
        home.contains(&linked),
        "the home page links the connections"
    );
    let consent = ada.get(authorize_url(g, &[("prompt", "consent")]));
    let consent = consent.fetch_text().await;
    let promise = format!(r#"remove access in <a href="{CONNECTIONS}">your Google Account</a>"#);
    assert!(consent.contains(&promise), "consent's promise links here");

    let (_, page) = connections_page(&ada, g).await;
    assert_mock_page("connections", &page, "google");
    assert!(
        page.contains("<h1>Third-party apps &amp; services</h1>"),
        "{page}"
    );
    assert!(page.contains("<h2>Logout Lab</h2>"), "the app by name");
    let sees = "See your primary Google Account email address";
    assert!(page.contains(sees), "what it sees, in words");
    assert!(
        page.contains("2 live tokens"),
        "the access and refresh tokens"
    );
    let bob = signed_in(g, "bob@example.com").await;
    let (_, theirs) = connections_page(&bob, g).await;
    assert!(theirs.contains("No third-party app has access"), "{theirs}");
}

#[tokio::test]
async fn removing_access_ends_the_grant_access_and_refresh_tokens_as_the_users_doing() {
    let t = spawn().await;
    let g = &t.google;
    let (ada, answer) = ada_tokens(&t).await;
    let [access, refresh] = fields(&answer, ["access_token", "refresh_token"]);
    let csrf = csrf_of(&ada, g).await;
    let done = remove_access(&ada, g, CLIENT, &csrf).await;
    assert_eq!(done.status(), 302, "back to the list");
    let back = location(&done);
    let page = ada.get(format!("{g}{back}")).fetch_text().await;
    assert!(page.contains("Logout Lab no longer has access"), "{page}");
    assert_eq!(
        userinfo_status(g, access).await,
        401,
        "the access token is dead"
    );
    let grant = [("grant_type", "refresh_token"), ("refresh_token", refresh)];
    let secret = [
        ("client_id", CLIENT),
        ("client_secret", super::support::SECRET),
    ];
    let (status, body) = post_token(g, &[&grant[..], &secret[..]].concat()).await;
    assert_eq!((status, &body["error"]), (400, &"invalid_grant".into()));

    let doc: TokensDoc = document(&format!("{g}/__mock/tokens?user={ADA_SUB}")).await;
    let kinds: Vec<TokenKind> = doc.tokens.iter().map(|t| t.kind).collect();
    assert_eq!(kinds.len(), 2, "{kinds:?}");
    assert!(kinds.contains(&TokenKind::Access) && kinds.contains(&TokenKind::Refresh));
    for record in &doc.tokens {
        let ending = record.ended.clone().expect("every token ended");
        assert_eq!(ending.cause, EndCause::UserRemovedAccess);
        assert_eq!(ending.endpoint.as_deref(), Some("POST /connections/remove"));
        let words = format!("{ADA} removed the app's access at Google");
        assert!(ending.why.starts_with(&words), "{}", ending.why);
    }
    assert_eq!(events(&t, "user_removed_access").len(), 1);
    assert!(revocations(&t).is_empty(), "no call of the app");
}

#[tokio::test]
async fn after_removing_access_the_next_sign_in_shows_consent_again() {
    let t = spawn().await;
    let g = &t.google;
    let (ada, _) = ada_tokens(&t).await;
    let again = ada.get(authorize_url(g, &[])).fetch().await;
    assert_eq!(again.status(), 302, "consent given: straight back");
    let csrf = csrf_of(&ada, g).await;
    assert_eq!(remove_access(&ada, g, CLIENT, &csrf).await.status(), 302);
    let page = ada.get(authorize_url(g, &[])).fetch_text().await;
    let asks = page.contains("<h1>Logout Lab wants to access your Google Account</h1>");
    assert!(asks, "the consent page again: {page}");
}

#[tokio::test]
async fn removing_access_without_the_sessions_token_or_a_known_app_is_refused() {
    let t = spawn().await;
    let g = &t.google;
    let (ada, answer) = ada_tokens(&t).await;
    let [access] = fields(&answer, ["access_token"]);
    let csrf = csrf_of(&ada, g).await;
    for forged in ["", "not-the-token"] {
        let refused = remove_access(&ada, g, CLIENT, forged).await;
        assert_eq!(refused.status(), 403, "token {forged:?}");
        let page = refused.text().await.unwrap();
        assert!(page.contains("authenticity_token"), "the page says why");
        assert_mock_page("refused", &page, "google");
    }
    let never = remove_access(&ada, g, "never-authorized", &csrf).await;
    assert_eq!(never.status(), 404, "an app without access");
    assert_eq!(remove_access(&ada, g, "", &csrf).await.status(), 400);
    assert_eq!(
        userinfo_status(g, access).await,
        200,
        "the token still works"
    );
    assert!(
        events(&t, "user_removed_access").is_empty(),
        "nothing recorded"
    );
}

#[tokio::test]
async fn signed_out_the_account_chooser_comes_first_then_the_connections() {
    let t = spawn().await;
    let g = &t.google;
    let anonymous = browser();
    let to_chooser = anonymous.get(format!("{g}{CONNECTIONS}")).fetch().await;
    assert_eq!(to_chooser.status(), 302);
    let chooser = location(&to_chooser);
    assert_eq!(chooser, "/ServiceLogin?continue=%2Fconnections");
    let page = anonymous.get(format!("{g}{chooser}")).fetch_text().await;
    let target = hidden_input(&page, "continue");
    assert_eq!(target.as_deref(), Some(CONNECTIONS), "the form comes back");
    let form = [("email", ADA), ("continue", CONNECTIONS)];
    let signed = post_form(&anonymous, format!("{g}/ServiceLogin"), &form).await;
    assert_eq!(location(&signed), CONNECTIONS, "back to the connections");
    let (status, _) = connections_page(&anonymous, g).await;
    assert_eq!(status, 200, "now the list");
    let post = remove_access(&browser(), g, CLIENT, "x").await;
    assert_eq!(
        location(&post),
        chooser,
        "a signed-out removal signs in first"
    );
}
