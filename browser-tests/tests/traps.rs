//! A classroom trap in a real browser: the course's app ([`Lab::course`], whose base URL is
//! `http://localhost:PORT`) opened at `http://127.0.0.1:PORT` instead. The browser must end
//! up on the base URL before any login starts, and the login through the mock GitHub's
//! sign-in and consent pages must then succeed (at the other host it would end in "Invalid
//! state": the state cookie would be set on a host the provider never sends the browser back
//! to).

use anyhow::ensure;
use browser_tests::chrome::Viewport;
use browser_tests::sign_in::{APPROVE, github_account};
use browser_tests::{Chrome, Lab, Page};

#[tokio::test(flavor = "multi_thread")]
async fn the_app_opened_at_127_0_0_1_moves_to_its_base_url_and_the_login_succeeds() {
    let Some(chrome) = Chrome::start().await else {
        return;
    };
    let lab = Lab::course().await.expect("the app and the mocks start");
    let session = chrome.session(Viewport::DESKTOP).await.expect("a browser");
    let page = Page::new(session);
    let test = "the_app_opened_at_127_0_0_1_moves_to_its_base_url_and_the_login_succeeds";
    page.or_screenshot(test, opened_at_the_other_host(&lab, &page))
        .await;
}

async fn opened_at_the_other_host(lab: &Lab, page: &Page) -> anyhow::Result<()> {
    let home = lab.app("/");
    ensure!(
        home.starts_with("http://localhost:"),
        "the lab's base URL: {home}"
    );
    let other = format!("http://127.0.0.1:{}/", lab.app.addr().port());
    page.goto(&other).await?;
    page.wait_for("a[href='/auth/github']").await?;
    let url = page.url().await?;
    ensure!(url == home, "on the base URL {home}, not {url}");

    page.click("a[href='/auth/github']").await?;
    page.click(&github_account("ada")).await?;
    page.click(APPROVE).await?;
    page.wait_for("form[action='/logout']").await?;
    let url = page.url().await?;
    ensure!(url == home, "back on the base URL {home}, not {url}");
    let shown = page.text().await?;
    ensure!(shown.contains("Ada Lovelace"), "signed in as Ada:\n{shown}");
    Ok(())
}
