//! The GitHub session: sign-in before authorize, its cookies, the home page and sign-out.

use super::support::{CLIENT, authorize_url, has_event, signed_in, spawn};
use crate::helpers::{Fetch, TestMocks, browser, hidden_input, location, query, set_cookies};

/// `POST /session` as `login`, to come back to `return_to`.
async fn post_session(
    browser: &reqwest::Client,
    gh: &str,
    login: &str,
    return_to: &str,
) -> reqwest::Response {
    let form = [("login", login), ("return_to", return_to)];
    browser
        .post(format!("{gh}/session"))
        .form(&form)
        .fetch()
        .await
}

#[tokio::test]
async fn without_a_session_sign_in_comes_first_and_sets_github_cookies() {
    let t = spawn().await;
    let gh = &t.github;
    let browser = browser();
    let params = [("scope", "read:user"), ("state", "xyz"), ("login", "grace")];
    let url = authorize_url(gh, &params);
    let response = browser.get(&url).fetch().await;
    assert_eq!(response.status(), 302);
    let to = location(&response);
    assert!(to.starts_with("/login?"), "to the sign-in page: {to}");
    let q = query(&format!("{gh}{to}"));
    assert_eq!(q["client_id"], CLIENT);
    assert_eq!(q["login"], "grace", "the suggested login is passed on");
    assert_eq!(
        q["return_to"],
        url.strip_prefix(gh.as_str()).unwrap(),
        "return_to is the authorize path and query"
    );
    let page = browser.get(format!("{gh}{to}")).fetch_text().await;
    for login in ["ada", "grace", "linus"] {
        let button = format!("name=\"login\" value=\"{login}\"");
        assert!(page.contains(&button), "a button for {login}");
    }
    let named = page.contains("Logout Lab");
    assert!(named, "the sign-in page names the app");
    sign_in_sets_the_cookies(&t, &browser, &q["return_to"]).await;
    only_local_paths_are_return_targets(gh, &browser).await;
}

/// An unknown login is refused; a known one (any case) gets GitHub's three cookies.
async fn sign_in_sets_the_cookies(t: &TestMocks, browser: &reqwest::Client, return_to: &str) {
    let gh = &t.github;
    let unknown = post_session(browser, gh, "nobody", return_to).await;
    assert_eq!(unknown.status(), 401, "an unknown login is refused");
    let message = unknown.text().await.unwrap();
    assert!(
        message.contains("Incorrect username"),
        "with a clear message"
    );

    let response = post_session(browser, gh, "Grace", return_to).await;
    let cookies = set_cookies(&response);
    let session = cookies
        .iter()
        .find(|c| c.starts_with("user_session="))
        .expect("user_session is set");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=1209600"] {
        let has = session.contains(attribute);
        assert!(has, "user_session has {attribute}: {session}");
    }
    let logged_in = cookies.iter().any(|c| c.starts_with("logged_in=yes"));
    assert!(logged_in, "logged_in=yes: {cookies:?}");
    let dotcom_user = cookies.iter().any(|c| c.starts_with("dotcom_user=grace"));
    assert!(dotcom_user, "dotcom_user: {cookies:?}");
    assert_eq!(location(&response), return_to, "back to authorize");
    assert!(has_event(t, "provider_login"), "provider_login recorded");
}

async fn only_local_paths_are_return_targets(gh: &str, browser: &reqwest::Client) {
    let external = post_session(browser, gh, "ada", "https://evil.example/").await;
    assert_eq!(location(&external), "/", "return_to must be a local path");
    // Browsers drop tabs and newlines from a Location: `/\t/evil` would be `//evil`.
    for target in ["/\t/evil.example/", "/\n/evil.example/"] {
        let sneaky = post_session(browser, gh, "ada", target).await;
        assert_eq!(location(&sneaky), "/", "no open redirect to {target:?}");
    }
}

#[tokio::test]
async fn home_shows_who_is_signed_in_and_sign_out_ends_the_session() {
    let t = spawn().await;
    let gh = &t.github;
    let home = format!("{gh}/");
    let anonymous = browser().get(&home).fetch_text().await;
    let link = anonymous.contains("href=\"/login\"");
    assert!(link, "not signed in: a Sign in link");
    let browser = signed_in(gh, "ada").await;
    let page = browser.get(&home).fetch_text().await;
    let names_ada = page.contains("Signed in as") && page.contains("ada");
    assert!(names_ada, "home names ada");
    let csrf = hidden_input(&page, "authenticity_token").expect("a sign-out form");
    let logout = format!("{gh}/logout");
    let forged = browser.post(&logout).form(&[("authenticity_token", "x")]);
    let status = forged.fetch_status().await;
    assert_eq!(
        status, 422,
        "sign-out needs the session's authenticity_token"
    );
    let form = [("authenticity_token", csrf.as_str())];
    let response = browser.post(&logout).form(&form).fetch().await;
    assert_eq!(response.status(), 302);
    assert_eq!(location(&response), "/");
    let cleared = set_cookies(&response);
    assert!(
        cleared
            .iter()
            .any(|c| c.starts_with("user_session=;") && c.contains("Max-Age=0")),
        "cookie cleared: {cleared:?}"
    );
    let gone = t.mocks.github.store().lock().sessions.is_empty();
    assert!(gone, "the server-side session is gone");
    assert!(has_event(&t, "provider_logout"));
    let after = browser.get(&home).fetch_text().await;
    assert!(after.contains("Nobody is signed in"), "signed out");
}

/// Login CSRF (F7): a page on another site (or another port of this host) that posts the
/// sign-in form would sign the victim in as the attacker. Refused with GitHub's own error
/// page, no cookie and no session; the mock's own form (same origin) and a program pass.
#[tokio::test]
async fn a_cross_site_sign_in_is_refused() {
    let t = spawn().await;
    let gh = &t.github;
    let other_port = "http://127.0.0.1:1";
    for header in [
        ("origin", "https://evil.example"),
        ("origin", other_port),
        ("origin", "null"),
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
    ] {
        let response = browser()
            .post(format!("{gh}/session"))
            .header(header.0, header.1)
            .form(&[("login", "linus"), ("return_to", "/")])
            .fetch()
            .await;
        assert_eq!(response.status(), 403, "{header:?}");
        assert!(set_cookies(&response).is_empty(), "{header:?}: no cookie");
        let page = response.text().await.unwrap();
        assert!(page.contains("Cross-site request refused"), "{page}");
        assert!(page.contains("/__mock/assets/github.css"), "GitHub's page");
    }
    assert!(!has_event(&t, "provider_login"), "nobody signed in");
    assert!(t.mocks.github.store().lock().sessions.is_empty());
    let same_origin = browser()
        .post(format!("{gh}/session"))
        .header("origin", gh.as_str())
        .header("sec-fetch-site", "same-origin")
        .form(&[("login", "ada"), ("return_to", "/")])
        .fetch()
        .await;
    assert_eq!(same_origin.status(), 302, "the mock's own form");
    // The other forms a person posts carry the session's authenticity_token; the same
    // layer refuses them from another site first, with the same page.
    for path in [
        "/logout",
        "/login/oauth/authorize",
        "/settings/applications/revoke",
    ] {
        let response = browser()
            .post(format!("{gh}{path}"))
            .header("origin", "https://evil.example")
            .form(&[("client_id", CLIENT)])
            .fetch()
            .await;
        assert_eq!(response.status(), 403, "{path}");
        let page = response.text().await.unwrap();
        assert!(
            page.contains("Cross-site request refused"),
            "{path}: {page}"
        );
    }
}
