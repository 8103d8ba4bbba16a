//! The Google session: sign-in, the home page, sign-out.

use super::support::{ADA, events, sign_in};
use crate::helpers::{self, Fetch, hidden_input, location};

#[tokio::test]
async fn sign_in_sets_sid_and_goes_only_to_local_paths() {
    let t = helpers::spawn().await;
    let browser = helpers::browser();
    let r = sign_in(&browser, &t.google, ADA).await;
    assert_eq!(r.status(), 302);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("SID="), "SID cookie: {cookie}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "SID is {attribute}");
    }
    assert_eq!(location(&r), "/");
    let logins = events(&t, "provider_login").len();
    assert_eq!(logins, 1, "provider_login event");
    let url = format!("{}/ServiceLogin", t.google);
    let post = |form: &[(&str, &str)]| browser.post(&url).form(form).fetch();
    for target in [
        "https://evil.example/",
        "//evil.example/",
        "/\t/evil.example/",
        "/\n/evil.example/",
    ] {
        let r = post(&[("email", ADA), ("continue", target)]).await;
        assert_eq!(location(&r), "/", "no open redirect to {target:?}");
    }
    let unknown = post(&[("email", "mallory@example.com"), ("continue", "/")]).await;
    assert_eq!(unknown.status(), 401, "unknown email");
    let page = unknown.text().await.unwrap();
    assert!(page.contains("Couldn’t find your Google Account"));
    let empty = post(&[("email", "")]).await;
    assert_eq!(empty.status(), 401, "empty email");
}

#[tokio::test]
async fn home_page_and_sign_out_by_post_and_by_get() {
    let t = helpers::spawn().await;
    let g = &t.google;
    let browser = helpers::browser();
    let home = browser.get(g).fetch_text().await;
    assert!(home.contains("Nobody is signed in"), "signed out home");
    sign_in(&browser, g, ADA).await;
    let home = browser.get(g).fetch_text().await;
    let who = home.contains("Ada Lovelace") && home.contains(ADA);
    assert!(who, "who is signed in");
    let token = hidden_input(&home, "authenticity_token").expect("sign-out form");
    let sessions = || t.mocks.google.store().lock().sessions.len();

    let logout = format!("{g}/Logout");
    let forged = browser
        .post(&logout)
        .form(&[("authenticity_token", "forged")]);
    assert_eq!(forged.fetch_status().await, 403, "forged sign-out refused");
    assert_eq!(sessions(), 1, "still signed in");

    let form = [("authenticity_token", token.as_str())];
    let out = browser.post(&logout).form(&form).fetch().await;
    assert_eq!(out.status(), 302);
    let cookie = out.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.starts_with("SID=;") && cookie.contains("Max-Age=0"),
        "SID cleared: {cookie}"
    );
    assert_eq!(sessions(), 0, "session deleted");
    let logouts = events(&t, "provider_logout").len();
    assert_eq!(logouts, 1, "provider_logout event");

    sign_in(&browser, g, ADA).await;
    let out = browser
        .get(format!("{g}/Logout?continue=/ServiceLogin"))
        .fetch()
        .await;
    let followed = location(&out);
    assert_eq!(followed, "/ServiceLogin", "GET /Logout follows continue");
    assert_eq!(sessions(), 0, "GET /Logout signs out");
    assert_eq!(events(&t, "provider_logout").len(), 2);
    let home = browser.get(g).fetch_text().await;
    assert!(home.contains("Nobody is signed in"), "signed out");
}

/// Login CSRF (F7): a page on another site that posts the account chooser's form would sign
/// the victim in as the attacker. Refused with Google's own error page, no cookie, no
/// session; the mock's own form (same origin) passes.
#[tokio::test]
async fn a_cross_site_sign_in_is_refused() {
    let t = helpers::spawn().await;
    let url = format!("{}/ServiceLogin", t.google);
    for header in [
        ("origin", "https://evil.example"),
        ("origin", "http://127.0.0.1:1"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let response = helpers::browser()
            .post(&url)
            .header(header.0, header.1)
            .form(&[("email", ADA), ("continue", "/")])
            .fetch()
            .await;
        assert_eq!(response.status(), 403, "{header:?}");
        assert!(helpers::set_cookies(&response).is_empty(), "{header:?}");
        let page = response.text().await.unwrap();
        assert!(page.contains("Cross-site request refused"), "{page}");
        assert!(page.contains("/__mock/assets/google.css"), "Google's page");
    }
    assert!(events(&t, "provider_login").is_empty(), "nobody signed in");
    let same_origin = helpers::browser()
        .post(&url)
        .header("origin", t.google.as_str())
        .form(&[("email", ADA), ("continue", "/")])
        .fetch()
        .await;
    assert_eq!(same_origin.status(), 302, "the mock's own form");
}
