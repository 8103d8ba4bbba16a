//! The mock GitHub's 404: a page in GitHub's look for a browser (a request that accepts
//! `text/html`), as github.com shows one, and api.github.com's JSON for any other client.

use reqwest::Method;
use reqwest::header::ACCEPT;
use serde_json::json;

use super::support::spawn;
use crate::helpers::{Fetch, assert_mock_page, browser, content_type, json_of};

/// What Chromium sends when it opens a page.
const BROWSER_ACCEPT: &str =
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8";

#[tokio::test]
async fn a_browser_gets_a_404_page_in_githubs_look() {
    let t = spawn().await;
    let gh = &t.github;
    for (method, path) in [
        (Method::GET, "/nope"),
        (Method::GET, "/settings/nope"),
        (Method::DELETE, "/user"),
        (Method::GET, "/applications/x"),
    ] {
        let request = browser().request(method.clone(), format!("{gh}{path}"));
        let response = request.header(ACCEPT, BROWSER_ACCEPT).fetch().await;
        assert_eq!(response.status(), 404, "{method} {path}");
        let kind = content_type(&response);
        assert!(kind.starts_with("text/html"), "{method} {path}: {kind}");
        let page = response.text().await.unwrap();
        assert_mock_page(path, &page, "github");
        assert!(page.contains("<h1>Page not found</h1>"), "{page}");
        assert!(
            page.contains(&format!("{method} {path}")),
            "names the request"
        );
    }
    let crafted = format!("{gh}/%3Cscript%3Ealert(1)%3C/script%3E");
    let request = browser().get(crafted).header(ACCEPT, BROWSER_ACCEPT);
    let page = request.fetch_text().await;
    assert!(!page.contains("<script>"), "the path is escaped: {page}");
}

#[tokio::test]
async fn an_api_client_gets_githubs_json_404() {
    let t = spawn().await;
    let gh = &t.github;
    let not_found = json!({"message": "Not Found", "documentation_url": "https://docs.github.com/rest", "status": "404"});
    let accepts = [None, Some("*/*"), Some("application/vnd.github+json")];
    for accept in accepts {
        let mut request = reqwest::Client::new().get(format!("{gh}/nope"));
        if let Some(accept) = accept {
            request = request.header(ACCEPT, accept);
        }
        let response = request.header("User-Agent", "t").fetch().await;
        let kind = content_type(&response);
        assert!(kind.starts_with("application/json"), "{accept:?}: {kind}");
        assert_eq!(
            json_of(response).await,
            (404, not_found.clone()),
            "{accept:?}"
        );
    }
}
