//! The Google session: sign-in, the home page, sign-out.

use super::{ADA, events, sign_in};
use crate::helpers::{self, hidden_input, location};

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
    assert_eq!(
        events(&t, "provider_login").len(),
        1,
        "provider_login event"
    );
    for target in [
        "https://evil.example/",
        "//evil.example/",
        "/\t/evil.example/",
        "/\n/evil.example/",
    ] {
        let r = browser
            .post(format!("{}/ServiceLogin", t.google))
            .form(&[("email", ADA), ("continue", target)])
            .send()
            .await
            .unwrap();
        assert_eq!(location(&r), "/", "no open redirect to {target:?}");
    }
    let unknown = browser
        .post(format!("{}/ServiceLogin", t.google))
        .form(&[("email", "mallory@example.com"), ("continue", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 401, "unknown email");
    assert!(
        unknown
            .text()
            .await
            .unwrap()
            .contains("Couldn’t find your Google Account")
    );
    let empty = browser
        .post(format!("{}/ServiceLogin", t.google))
        .form(&[("email", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), 401, "empty email");
}

#[tokio::test]
async fn home_page_and_sign_out_by_post_and_by_get() {
    let t = helpers::spawn().await;
    let browser = helpers::browser();
    let home = browser
        .get(&t.google)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(home.contains("Nobody is signed in"), "signed out home");
    sign_in(&browser, &t.google, ADA).await;
    let home = browser
        .get(&t.google)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        home.contains("Ada Lovelace") && home.contains(ADA),
        "who is signed in"
    );
    let token = hidden_input(&home, "authenticity_token").expect("sign-out form");

    let forged = browser
        .post(format!("{}/Logout", t.google))
        .form(&[("authenticity_token", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403, "forged sign-out refused");
    assert_eq!(
        t.mocks.google.store().lock().sessions.len(),
        1,
        "still signed in"
    );

    let out = browser
        .post(format!("{}/Logout", t.google))
        .form(&[("authenticity_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 302);
    let cookie = out.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.starts_with("SID=;") && cookie.contains("Max-Age=0"),
        "SID cleared: {cookie}"
    );
    assert!(
        t.mocks.google.store().lock().sessions.is_empty(),
        "session deleted"
    );
    assert_eq!(
        events(&t, "provider_logout").len(),
        1,
        "provider_logout event"
    );

    sign_in(&browser, &t.google, ADA).await;
    let out = browser
        .get(format!("{}/Logout?continue=/ServiceLogin", t.google))
        .send()
        .await
        .unwrap();
    assert_eq!(
        location(&out),
        "/ServiceLogin",
        "GET /Logout follows continue"
    );
    assert!(
        t.mocks.google.store().lock().sessions.is_empty(),
        "GET /Logout signs out"
    );
    assert_eq!(events(&t, "provider_logout").len(), 2);
    let home = browser
        .get(&t.google)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(home.contains("Nobody is signed in"), "signed out");
}
