//! A provider's `avatar_url` is the provider's to choose (or a user's, on a real provider's
//! profile): the home page shows it only from `https:`, or `http:` on this machine (the mocks).

use crate::helpers::{Provider, spawn_app};

#[tokio::test]
async fn the_home_page_shows_an_avatar_only_from_https_or_a_loopback_http_url() {
    let app = spawn_app().await;
    app.login_ok(Provider::GitHub, "ada").await;
    let shown = |url: &str| format!("<img src=\"{url}\"");
    let mock = format!("{}/__mock/avatars/ada.svg", app.mocks.github.url());
    let page = app.get("/").await.text().await.unwrap();
    assert!(
        page.contains(&shown(&mock)),
        "the mock's http avatar: {page}"
    );

    for (url, allowed) in [
        ("https://avatars.example/u/1", true),
        ("http://localhost:3001/__mock/avatars/ada.svg", true),
        ("http://[::1]:3001/a.svg", true),
        ("http://avatars.example/u/1", false),
        ("javascript:alert(1)", false),
        ("JaVaScRiPt:alert(1)", false),
        ("data:image/svg+xml,<svg onload=alert(1)>", false),
        ("vbscript:msgbox(1)", false),
        ("//evil.example/a.png", false),
        ("/relative.png", false),
    ] {
        let conn = app.database();
        conn.execute("UPDATE users SET avatar_url = ?1", [url])
            .unwrap();
        let page = app.get("/").await.text().await.unwrap();
        let escaped = html_escape::encode_double_quoted_attribute(url);
        assert_eq!(
            page.contains(&shown(&escaped)),
            allowed,
            "{url}: shown {allowed}"
        );
        if !allowed {
            assert!(!page.contains("<img"), "{url}: no image at all: {page}");
        }
    }
}
