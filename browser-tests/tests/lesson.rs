//! The lesson in a real browser, as a student clicks through it: GitHub login through the
//! mock's pages, the user, log out, still signed in at GitHub, log in again without a sign-in
//! page, link Google, disconnect GitHub while its revocation endpoint is down (pending on the
//! home page), bring it back and watch the revocation reach the dashboard without a
//! reload, then the timeline with the app's and both providers' side of it; the same walk on
//! a phone's viewport, where no page may be wider than the screen.

use browser_tests::chrome::Viewport;
use browser_tests::{Chrome, Lab, Page};

/// GitHub's sign-in page: the button that signs in `login`.
fn github_account(login: &str) -> String {
    format!("form[action='/session']:has(input[name='login'][value='{login}']) button")
}

/// Google's account chooser: the button that signs in `email`.
fn google_account(email: &str) -> String {
    format!("form[action='/ServiceLogin']:has(input[name='email'][value='{email}']) button")
}

const APPROVE: &str = "button[name='authorize'][value='1']";

/// Every page the walk reaches, checked (and photographed) as it goes.
struct Walk {
    page: Page,
    lab: Lab,
    phone: bool,
    _chrome: Chrome,
}

impl Walk {
    /// The lab and a browser window of `viewport`; `None` when there is no browser (the
    /// skip is said loudly).
    async fn start(viewport: Viewport) -> Option<Walk> {
        let chrome = Chrome::start().await?;
        let lab = Lab::start().await.expect("the app and the mocks start");
        let session = chrome.session(viewport).await.expect("a browser");
        Some(Walk {
            page: Page::new(session),
            lab,
            phone: viewport.width < Viewport::DESKTOP.width,
            _chrome: chrome,
        })
    }

    /// From signed out to both providers linked, then `end`.
    async fn lesson_then(
        &self,
        end: impl Future<Output = anyhow::Result<()>>,
    ) -> anyhow::Result<()> {
        self.first_github_login().await?;
        self.logout_and_back().await?;
        self.link_google().await?;
        end.await
    }

    /// Both mocks' dashboards, and the timeline, fit the window.
    async fn dashboards_fit(&self) -> anyhow::Result<()> {
        let pages = [
            self.lab.github("/__mock/"),
            self.lab.google("/__mock/"),
            self.lab.github("/__mock/timeline"),
        ];
        for dashboard in pages {
            self.page.goto(&dashboard).await?;
            self.page.fits().await?;
        }
        Ok(())
    }

    /// A page reached: it must fit a phone's width on the phone walk; on the desktop walk it
    /// is photographed for the README (when asked).
    async fn reached(&self, name: &str) -> anyhow::Result<()> {
        if self.phone {
            self.page.fits().await
        } else {
            self.page.shot(name).await
        }
    }

    async fn sees(&self, text: &str) -> anyhow::Result<()> {
        let shown = self.page.text().await?;
        anyhow::ensure!(
            shown.contains(text),
            "{text:?} on {}:\n{shown}",
            self.page.url().await?
        );
        Ok(())
    }

    /// Signed out of the app, log in with GitHub as Ada, through the mock's sign-in and
    /// consent pages.
    async fn first_github_login(&self) -> anyhow::Result<()> {
        self.page.goto(&self.lab.app("/")).await?;
        self.reached("app-signed-out").await?;
        self.page.click("a[href='/auth/github']").await?;
        self.page.wait_for(&github_account("ada")).await?;
        self.reached("github-sign-in").await?;
        self.page.click(&github_account("ada")).await?;
        self.page.wait_for(APPROVE).await?;
        self.reached("github-consent").await?;
        self.page.click(APPROVE).await?;
        self.page.wait_for("form[action='/logout']").await?;
        self.sees("Ada Lovelace").await?;
        self.reached("app-signed-in").await
    }

    /// Log out; the logout page links to GitHub, where Ada is still signed in; back to the
    /// app, GitHub lets her straight through.
    async fn logout_and_back(&self) -> anyhow::Result<()> {
        self.page.click("form[action='/logout'] button").await?;
        self.page.wait_for("a[href='/']").await?;
        self.sees("You are logged out of this app.").await?;
        self.reached("app-logged-out").await?;
        let github = format!("a[href='{}']", self.lab.github("/"));
        self.page.click(&github).await?;
        self.page.wait_for("form[action='/logout']").await?;
        self.sees("ada").await?;
        self.reached("github-home").await?;
        self.page.goto(&self.lab.app("/")).await?;
        self.page.click("a[href='/auth/github']").await?;
        self.page.wait_for("form[action='/logout']").await?;
        let url = self.page.url().await?;
        anyhow::ensure!(
            url == self.lab.app("/"),
            "no sign-in page on the way: {url}"
        );
        self.sees("Ada Lovelace").await
    }

    /// Link Google from the home page: its account chooser and consent, then both linked.
    async fn link_google(&self) -> anyhow::Result<()> {
        self.page.click("a[href='/auth/google']").await?;
        let ada = google_account("ada@example.com");
        self.page.wait_for(&ada).await?;
        self.reached("google-chooser").await?;
        self.page.click(&ada).await?;
        self.page.wait_for(APPROVE).await?;
        self.reached("google-consent").await?;
        self.page.click(APPROVE).await?;
        self.page
            .wait_for("form[action='/disconnect/google']")
            .await?;
        self.page
            .wait_for("form[action='/disconnect/github']")
            .await?;
        self.reached("app-both-linked").await
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_lesson_clicked_through_on_a_desktop() {
    if let Some(walk) = Walk::start(Viewport::DESKTOP).await {
        let test = "the_lesson_clicked_through_on_a_desktop";
        let end = async {
            disconnect_github_watching_the_dashboard(&walk).await?;
            the_timeline_tells_both_sides(&walk).await
        };
        walk.page.or_screenshot(test, walk.lesson_then(end)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_of_the_lesson_fits_a_phone() {
    if let Some(walk) = Walk::start(Viewport::PHONE).await {
        let test = "every_page_of_the_lesson_fits_a_phone";
        walk.page
            .or_screenshot(test, walk.lesson_then(walk.dashboards_fit()))
            .await;
    }
}

/// Opens the mock GitHub's dashboard in a second window and takes GitHub's revocation
/// endpoint down; disconnects GitHub in the first window: unlinked at once, the revocation
/// pending on the home page. Then GitHub comes back, and the revocation must appear on the
/// dashboard, which must not have reloaded, and leave the home page.
async fn disconnect_github_watching_the_dashboard(walk: &Walk) -> anyhow::Result<()> {
    let client = &walk.page.client;
    let app_window = client.window().await?;
    let dashboard = client.new_window(true).await?.handle;
    client.switch_to_window(dashboard.clone()).await?;
    walk.page.goto(&walk.lab.github("/__mock/")).await?;
    // The re-login's tidy-up is there already: count the accepted revocations.
    let count = "document.querySelectorAll('tr.revocation:not(.rejected)').length";
    let mark = format!("window.stillTheSamePage = true; window.before = {count};");
    client.execute(&mark, vec![]).await?;

    client.switch_to_window(app_window.clone()).await?;
    walk.lab.github_down(true);
    walk.page
        .click("form[action='/disconnect/github'] button")
        .await?;
    walk.page.wait_for("a[href='/']").await?;
    walk.sees("GitHub is unlinked from your account").await?;
    walk.sees("revocation queue").await?;
    walk.reached("app-disconnect-pending").await?;
    walk.page.click("a[href='/']").await?;
    walk.page.wait_for("p.pending").await?;
    walk.sees("Revocation pending").await?;
    walk.reached("app-revocation-pending").await?;
    walk.lab.github_down(false);

    client.switch_to_window(dashboard).await?;
    walk.page
        .wait_until(&format!("{count} > window.before"))
        .await?;
    let shown = walk.page.text().await?;
    anyhow::ensure!(shown.contains("DELETE /applications/"), "{shown}");
    let same = client
        .execute("return window.stillTheSamePage === true;", vec![])
        .await?;
    anyhow::ensure!(same == true, "the dashboard reloaded instead of updating");
    walk.reached("github-dashboard").await?;

    client.switch_to_window(app_window).await?;
    walk.page.goto(&walk.lab.app("/")).await?;
    anyhow::ensure!(
        !walk.page.has("p.pending").await?,
        "still pending after GitHub's return"
    );
    Ok(())
}

/// The timeline on the mock GitHub: the app's login, logout and disconnect rows beside the
/// providers' events, the disconnect's revocation among them.
async fn the_timeline_tells_both_sides(walk: &Walk) -> anyhow::Result<()> {
    walk.page.goto(&walk.lab.github("/__mock/timeline")).await?;
    // The app reports without waiting: the live page shows each report when it arrives.
    let rows = "Array.from(document.querySelectorAll('tr.app-event'), r => r.textContent)";
    let all = ["app login", "app logout", "app disconnect"]
        .map(|kind| format!("{rows}.some(t => t.includes('{kind}'))"))
        .join(" && ");
    walk.page.wait_until(&all).await?;
    walk.page.wait_for("tr.revocation").await?;
    walk.sees("Mock Google now").await?;
    walk.reached("timeline").await
}
