//! The mock Google's pages as a person sees them: each badged as a mock in Google's own
//! stylesheet (never GitHub's), the account chooser, and consent with the scopes in words.

use super::support::{ADA, ADA_SUB, authorize_url, signed_in};
use crate::helpers::{self, Fetch, assert_mock_page, location, spawn};

#[tokio::test]
async fn every_google_page_is_badged_and_in_googles_look() {
    let t = spawn().await;
    let g = &t.google;
    let anonymous = helpers::browser();
    let home = anonymous.get(format!("{g}/")).fetch_text().await;
    assert_mock_page("home, signed out", &home, "google");
    let to_chooser = anonymous.get(authorize_url(g, &[])).fetch().await;
    let chooser_url = format!("{g}{}", location(&to_chooser));
    let chooser = anonymous.get(&chooser_url).fetch_text().await;
    assert_mock_page("account chooser", &chooser, "google");
    assert!(
        chooser.contains("<h1>Choose an account</h1>"),
        "Google's heading"
    );
    let app = chooser.contains("to continue to <strong>Logout Lab</strong>");
    assert!(app, "the chooser names the app it continues to");
    let labelled = chooser.contains(r#"<label for="identifier">"#)
        && chooser.contains(r#"<input id="identifier" type="email" name="email""#);
    assert!(labelled, "the email field has its label");
    let picture = format!(r#"src="{g}/__mock/avatars/{ADA_SUB}.svg""#);
    assert!(chooser.contains(&picture), "Ada's picture in the chooser");
    let error = anonymous.get(authorize_url(g, &[("client_id", "nope")]));
    assert_mock_page("error page", &error.fetch_text().await, "google");

    let ada = signed_in(g, ADA).await;
    let home = ada.get(format!("{g}/")).fetch_text().await;
    assert_mock_page("home, signed in", &home, "google");
    assert!(home.contains(&picture), "Ada's picture on her home page");
    let dashboard = ada.get(format!("{g}/__mock/")).fetch_text().await;
    assert_mock_page("dashboard", &dashboard, "dashboard");
}

#[tokio::test]
async fn consent_says_who_asks_for_what_in_words() {
    let t = spawn().await;
    let g = &t.google;
    let ada = signed_in(g, ADA).await;
    let page = ada.get(authorize_url(g, &[])).fetch_text().await;
    assert_mock_page("consent", &page, "google");
    let asks = page.contains("<h1>Logout Lab wants to access your Google Account</h1>");
    assert!(asks, "the app asks");
    let described = [
        "Associate you with your personal info on Google",
        "See your primary Google Account email address",
        "See your personal info, including any personal info you've made publicly available",
    ];
    for words in described {
        let item = format!(
            r#"<span class="scope-words">{}</span>"#,
            words.replace('\'', "&#39;")
        );
        let plain = format!(r#"<span class="scope-words">{words}</span>"#);
        assert!(
            page.contains(&item) || page.contains(&plain),
            "consent says {words:?}"
        );
    }
    let allow = page.find(r#"value="1">Allow</button>"#).expect("Allow");
    let cancel = page.find(r#"value="0">Cancel</button>"#).expect("Cancel");
    assert!(cancel < allow, "Cancel, then Allow, as Google orders them");
    assert_eq!(page.matches("<form").count(), 1, "one form: the consent");
}
