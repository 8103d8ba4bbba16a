//! The GitHub session: sign-in before authorize, its cookies, the home page and sign-out.

use super::support::{CLIENT, authorize_url, event_kinds, signed_in, spawn};
use crate::helpers::{browser, location, query};

#[tokio::test]
async fn without_a_session_sign_in_comes_first_and_sets_github_cookies() {
    let mocks = spawn().await;
    let gh = &mocks.github;
    let browser = browser();
    let url = authorize_url(
        gh,
        &[("scope", "read:user"), ("state", "xyz"), ("login", "grace")],
    );
    let response = browser.get(&url).send().await.unwrap();
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
    let page = browser
        .get(format!("{gh}{to}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for login in ["ada", "grace", "linus"] {
        assert!(
            page.contains(&format!("name=\"login\" value=\"{login}\"")),
            "a button for {login}"
        );
    }
    assert!(
        page.contains("Logout Lab"),
        "the sign-in page names the app"
    );

    let unknown = browser
        .post(format!("{gh}/session"))
        .form(&[("login", "nobody"), ("return_to", q["return_to"].as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 401, "an unknown login is refused");
    assert!(
        unknown.text().await.unwrap().contains("Incorrect username"),
        "with a clear message"
    );

    let response = browser
        .post(format!("{gh}/session"))
        .form(&[("login", "Grace"), ("return_to", q["return_to"].as_str())])
        .send()
        .await
        .unwrap();
    let cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    let session = cookies
        .iter()
        .find(|c| c.starts_with("user_session="))
        .expect("user_session is set");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=1209600"] {
        assert!(
            session.contains(attribute),
            "user_session has {attribute}: {session}"
        );
    }
    assert!(
        cookies.iter().any(|c| c.starts_with("logged_in=yes")),
        "logged_in=yes: {cookies:?}"
    );
    assert!(
        cookies.iter().any(|c| c.starts_with("dotcom_user=grace")),
        "dotcom_user: {cookies:?}"
    );
    assert_eq!(location(&response), q["return_to"], "back to authorize");
    assert!(
        event_kinds(&mocks).contains(&"provider_login"),
        "provider_login recorded"
    );

    let external = browser
        .post(format!("{gh}/session"))
        .form(&[("login", "ada"), ("return_to", "https://evil.example/")])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&external), "/", "return_to must be a local path");
    // Browsers drop tabs and newlines from a Location: `/\t/evil` would be `//evil`.
    for target in ["/\t/evil.example/", "/\n/evil.example/"] {
        let sneaky = browser
            .post(format!("{gh}/session"))
            .form(&[("login", "ada"), ("return_to", target)])
            .send()
            .await
            .unwrap();
        assert_eq!(location(&sneaky), "/", "no open redirect to {target:?}");
    }
}

#[tokio::test]
async fn home_shows_who_is_signed_in_and_sign_out_ends_the_session() {
    let mocks = spawn().await;
    let gh = &mocks.github;
    let anonymous = browser()
        .get(format!("{gh}/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        anonymous.contains("href=\"/login\""),
        "not signed in: a Sign in link"
    );
    let browser = signed_in(gh, "ada").await;
    let home = browser
        .get(format!("{gh}/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        home.contains("Signed in as") && home.contains("ada"),
        "home names ada"
    );
    let csrf = crate::helpers::hidden_input(&home, "authenticity_token").expect("a sign-out form");
    let forged = browser
        .post(format!("{gh}/logout"))
        .form(&[("authenticity_token", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        forged.status(),
        422,
        "sign-out needs the session's authenticity_token"
    );
    let response = browser
        .post(format!("{gh}/logout"))
        .form(&[("authenticity_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(location(&response), "/");
    let cleared: Vec<&str> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert!(
        cleared
            .iter()
            .any(|c| c.starts_with("user_session=;") && c.contains("Max-Age=0")),
        "cookie cleared: {cleared:?}"
    );
    assert!(
        mocks.mocks.github.store().lock().sessions.is_empty(),
        "the server-side session is gone"
    );
    assert!(event_kinds(&mocks).contains(&"provider_logout"));
    let after = browser
        .get(format!("{gh}/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(after.contains("Nobody is signed in"), "signed out");
}
