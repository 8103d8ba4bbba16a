//! The lesson in a real browser, as a student clicks through it with the course's app
//! ([`Lab::course`]): GitHub login through the mock's sign-in and consent pages, the token the
//! app holds shown shortened, Log out back to the signed-out home, GitHub's home page still
//! signing Ada in, a second login without a sign-in page that revokes nothing (the mock's
//! dashboard, open in a second window, shows no revocation), Google linked, and Disconnect
//! GitHub: the dashboard shows, without a reload, the held token revoked and the first
//! login's token still alive. The same walk on a phone's viewport, where no page may be wider
//! than the screen. Then the hardened app ([`Lab::hardened`]) through a GitHub outage: the
//! disconnect pending, the revocation arriving once GitHub is back, and the timeline.

use browser_tests::chrome::Viewport;
use browser_tests::sign_in::{APPROVE, github_account, google_account};
use browser_tests::{Chrome, Lab, Page};
use fantoccini::wd::WindowHandle;

/// The mock's dashboard: its accepted revocations (calls in the events table, and ended
/// tokens in the token table).
const REVOCATIONS: &str = "document.querySelectorAll('tr.revocation:not(.rejected)').length";

/// The mock's dashboard: the rows of Ada's tokens in its token table (the one wide table that
/// is not the events').
const ADAS_TOKENS: &str = "Array.from(document.querySelectorAll('table.wide:not(.events) tr')).\
     filter(r => r.cells.length > 2 && r.cells[2].textContent.trim() === 'ada')";

/// What a walk does at each page it reaches.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// The course's app on a desktop: photographs its pages for the README (when asked).
    Lesson,
    /// On a phone's viewport: every page must fit the screen's width.
    Phone,
    /// The hardened app's outage: photographs only the pages of the outage.
    Outage,
}

/// Every page the walk reaches, checked (and photographed) as it goes.
struct Walk {
    page: Page,
    lab: Lab,
    mode: Mode,
    _chrome: Chrome,
}

impl Walk {
    /// The lab (the hardened app's for [`Mode::Outage`], else the course's) and a browser
    /// window; `None` when there is no browser (the skip is said loudly).
    async fn start(mode: Mode) -> Option<Walk> {
        let chrome = Chrome::start().await?;
        let lab = match mode {
            Mode::Outage => Lab::hardened().await,
            Mode::Lesson | Mode::Phone => Lab::course().await,
        };
        let lab = lab.expect("the app and the mocks start");
        let viewport = match mode {
            Mode::Phone => Viewport::PHONE,
            Mode::Lesson | Mode::Outage => Viewport::DESKTOP,
        };
        let session = chrome.session(viewport).await.expect("a browser");
        Some(Walk {
            page: Page::new(session),
            lab,
            mode,
            _chrome: chrome,
        })
    }

    /// A page reached: on the phone it must fit the screen's width; in the lesson on a
    /// desktop it is photographed as `name` for the README (when asked).
    async fn reached(&self, name: &str) -> anyhow::Result<()> {
        match self.mode {
            Mode::Phone => self.page.fits().await,
            Mode::Lesson => self.page.shot(name).await,
            Mode::Outage => Ok(()),
        }
    }

    /// A page passed on the way, not photographed: on the phone it must fit all the same.
    async fn passed(&self) -> anyhow::Result<()> {
        match self.mode {
            Mode::Phone => self.page.fits().await,
            Mode::Lesson | Mode::Outage => Ok(()),
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

    /// A JavaScript expression's value on the page.
    async fn eval(&self, script: &str) -> anyhow::Result<serde_json::Value> {
        let script = format!("return {script};");
        Ok(self.page.client.execute(&script, vec![]).await?)
    }

    /// Scrolls the element `script` finds to the top of the window, for a screenshot.
    async fn scroll_to(&self, script: &str) -> anyhow::Result<()> {
        let found = self.eval(script).await?;
        anyhow::ensure!(!found.is_null(), "nothing to scroll to: {script}");
        self.eval(&format!("{script}.scrollIntoView()")).await?;
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
        self.sees("Ada Lovelace").await
    }

    /// Link Google from the home page: its account chooser and consent, then both linked.
    async fn link_google(&self) -> anyhow::Result<()> {
        self.page.click("a[href='/auth/google']").await?;
        let ada = google_account("ada@example.com");
        self.page.wait_for(&ada).await?;
        self.passed().await?;
        self.page.click(&ada).await?;
        self.page.wait_for(APPROVE).await?;
        self.reached("google-consent").await?;
        self.page.click(APPROVE).await?;
        let both = "form[action='/disconnect/google']";
        self.page.wait_for(both).await?;
        self.page
            .wait_for("form[action='/disconnect/github']")
            .await?;
        self.reached("app-both-linked").await
    }
}

/// The course's app: the lesson from signed out to GitHub disconnected, the mock GitHub's
/// dashboard watching from a second window.
async fn the_lesson(walk: &Walk) -> anyhow::Result<()> {
    walk.first_github_login().await?;
    the_token_shown_shortened(walk).await?;
    walk.passed().await?;
    logout_and_back(walk).await?;
    let dashboard = the_relogin_revoked_nothing(walk).await?;
    walk.link_google().await?;
    disconnect_github_leaves_the_first_token_alive(walk, dashboard).await
}

/// The GitHub token the app holds, as its home page shows it: 10 characters and "…".
async fn held_github_token(walk: &Walk) -> anyhow::Result<String> {
    let code = "document.querySelector(\"a[href='/me/github']\").parentElement.\
                querySelector('code').textContent";
    let shown = walk.eval(code).await?;
    let shown = shown.as_str().unwrap_or_default().to_string();
    anyhow::ensure!(
        shown.chars().count() == 11 && shown.ends_with('…'),
        "the token shortened: {shown:?}"
    );
    Ok(shown.trim_end_matches('…').to_string())
}

/// Signed in: the home page shows the GitHub token the app holds, shortened, and Google not
/// linked.
async fn the_token_shown_shortened(walk: &Walk) -> anyhow::Result<()> {
    held_github_token(walk).await?;
    walk.sees("Not linked").await?;
    walk.page.wait_for("a[href='/auth/google']").await?;
    Ok(())
}

/// Log out: back on the signed-out home, whose link to GitHub's home page shows Ada still
/// signed in there; back to the app, GitHub lets her straight through.
async fn logout_and_back(walk: &Walk) -> anyhow::Result<()> {
    walk.page.click("form[action='/logout'] button").await?;
    walk.page.wait_for("a[href='/auth/github']").await?;
    anyhow::ensure!(
        !walk.page.has("form[action='/logout']").await?,
        "still signed in after Log out"
    );
    walk.sees("you are not logged in to this app").await?;
    walk.passed().await?;
    let github = format!("a[href='{}']", walk.lab.github("/"));
    walk.page.click(&github).await?;
    walk.page.wait_for("form[action='/logout']").await?;
    walk.sees("ada").await?;
    walk.reached("github-home").await?;
    walk.page.goto(&walk.lab.app("/")).await?;
    walk.page.click("a[href='/auth/github']").await?;
    walk.page.wait_for("form[action='/logout']").await?;
    let url = walk.page.url().await?;
    anyhow::ensure!(
        url == walk.lab.app("/"),
        "no sign-in page on the way: {url}"
    );
    walk.sees("Ada Lovelace").await
}

/// Opens the mock GitHub's dashboard in a new window and switches to it, once it shows its
/// events; returns the app's window and the dashboard's.
async fn open_github_dashboard(walk: &Walk) -> anyhow::Result<(WindowHandle, WindowHandle)> {
    let client = &walk.page.client;
    let app_window = client.window().await?;
    let dashboard = client.new_window(true).await?.handle;
    client.switch_to_window(dashboard.clone()).await?;
    walk.page.goto(&walk.lab.github("/__mock/")).await?;
    walk.page.wait_for("table.events").await?;
    Ok((app_window, dashboard))
}

/// Opens the mock GitHub's dashboard in a second window: the re-login revoked nothing, and
/// both of Ada's tokens are active. Marks the page, to tell later whether it reloaded, and
/// returns to the app's window; returns the dashboard's.
async fn the_relogin_revoked_nothing(walk: &Walk) -> anyhow::Result<WindowHandle> {
    let client = &walk.page.client;
    let (app_window, dashboard) = open_github_dashboard(walk).await?;
    walk.passed().await?;
    let revocations = walk.eval(REVOCATIONS).await?;
    anyhow::ensure!(
        revocations == 0,
        "{revocations} revocation(s) after a re-login"
    );
    let active = format!("{ADAS_TOKENS}.filter(r => r.querySelector('.tag.live')).length");
    let active = walk.eval(&active).await?;
    anyhow::ensure!(active == 2, "{active} of Ada's tokens active, not both");
    client
        .execute("window.stillTheSamePage = true;", vec![])
        .await?;
    client.switch_to_window(app_window).await?;
    Ok(dashboard)
}

/// Disconnects GitHub in the app's window, then watches the dashboard: without a reload it
/// must show the accepted revocation of the token the app held, and one of Ada's GitHub
/// tokens, the first login's, still active. Back home, GitHub is not linked.
async fn disconnect_github_leaves_the_first_token_alive(
    walk: &Walk,
    dashboard: WindowHandle,
) -> anyhow::Result<()> {
    let client = &walk.page.client;
    let app_window = client.window().await?;
    let held = held_github_token(walk).await?;
    walk.page
        .click("form[action='/disconnect/github'] button")
        .await?;
    walk.page.wait_for("a[href='/auth/github']").await?;
    walk.sees("Not linked. Link GitHub").await?;
    walk.passed().await?;

    client.switch_to_window(dashboard).await?;
    let revoked = format!(
        "{ADAS_TOKENS}.some(r => r.classList.contains('revocation') && \
         r.cells[0].textContent.startsWith('{held}') && r.querySelector('.tag.revoked'))"
    );
    walk.page
        .wait_until(&format!(
            "{revoked} && document.querySelector('table.events tr.revocation:not(.rejected)')"
        ))
        .await?;
    walk.sees("DELETE /applications/").await?;
    let alive = format!(
        "{ADAS_TOKENS}.filter(r => r.querySelector('.tag.live') && \
         !r.cells[0].textContent.startsWith('{held}')).length"
    );
    let alive = walk.eval(&alive).await?;
    anyhow::ensure!(
        alive == 1,
        "{alive} of Ada's other GitHub tokens active, not one"
    );
    let same = walk.eval("window.stillTheSamePage === true").await?;
    anyhow::ensure!(same == true, "the dashboard reloaded instead of updating");
    // The picture's point is the token table: the held token revoked, the first one alive.
    walk.scroll_to(
        "Array.from(document.querySelectorAll('h2')).find(h => h.textContent === 'Tokens')",
    )
    .await?;
    walk.reached("github-dashboard").await?;
    client.switch_to_window(app_window).await?;
    Ok(())
}

/// Both mocks' dashboards, and the timeline, fit the window.
async fn dashboards_fit(walk: &Walk) -> anyhow::Result<()> {
    let pages = [
        walk.lab.github("/__mock/"),
        walk.lab.google("/__mock/"),
        walk.lab.github("/__mock/timeline"),
    ];
    for dashboard in pages {
        walk.page.goto(&dashboard).await?;
        walk.page.wait_for("table").await?;
        walk.page.fits().await?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_lesson_clicked_through_on_a_desktop() {
    if let Some(walk) = Walk::start(Mode::Lesson).await {
        let test = "the_lesson_clicked_through_on_a_desktop";
        walk.page.or_screenshot(test, the_lesson(&walk)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_of_the_lesson_fits_a_phone() {
    if let Some(walk) = Walk::start(Mode::Phone).await {
        let test = "every_page_of_the_lesson_fits_a_phone";
        let steps = async {
            the_lesson(&walk).await?;
            dashboards_fit(&walk).await
        };
        walk.page.or_screenshot(test, steps).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_hardened_app_through_a_github_outage() {
    if let Some(walk) = Walk::start(Mode::Outage).await {
        let test = "the_hardened_app_through_a_github_outage";
        let steps = async {
            walk.first_github_login().await?;
            walk.link_google().await?;
            disconnect_github_during_an_outage(&walk).await?;
            the_timeline_tells_both_sides(&walk).await
        };
        walk.page.or_screenshot(test, steps).await;
    }
}

/// The hardened app: opens the mock GitHub's dashboard in a second window and takes GitHub's
/// revocation endpoint down; disconnects GitHub in the first window: unlinked at once, the
/// revocation pending on the home page. Then GitHub comes back, and the revocation must
/// appear on the dashboard, which must not have reloaded, and leave the home page.
async fn disconnect_github_during_an_outage(walk: &Walk) -> anyhow::Result<()> {
    let client = &walk.page.client;
    let (app_window, dashboard) = open_github_dashboard(walk).await?;
    let mark = format!("window.stillTheSamePage = true; window.before = {REVOCATIONS};");
    client.execute(&mark, vec![]).await?;

    client.switch_to_window(app_window.clone()).await?;
    walk.lab.github_down(true);
    walk.page
        .click("form[action='/disconnect/github'] button")
        .await?;
    // The home page links to `/` too: wait for the disconnect's own page.
    walk.page
        .wait_until("document.body.innerText.includes('GitHub is unlinked from your account')")
        .await?;
    walk.sees("revocation queue").await?;
    walk.page.shot("app-disconnect-pending").await?;
    walk.page.click("a[href='/']").await?;
    walk.page.wait_for("p.pending").await?;
    walk.sees("Revocation pending").await?;
    walk.page.shot("app-revocation-pending").await?;
    walk.lab.github_down(false);

    client.switch_to_window(dashboard).await?;
    walk.page
        .wait_until(&format!("{REVOCATIONS} > window.before"))
        .await?;
    walk.sees("DELETE /applications/").await?;
    let same = walk.eval("window.stillTheSamePage === true").await?;
    anyhow::ensure!(same == true, "the dashboard reloaded instead of updating");

    client.switch_to_window(app_window).await?;
    walk.page.goto(&walk.lab.app("/")).await?;
    anyhow::ensure!(
        !walk.page.has("p.pending").await?,
        "still pending after GitHub's return"
    );
    Ok(())
}

/// The timeline on the mock GitHub: the hardened app's login, disconnect rows beside the
/// providers' events, the disconnect's revocation among them.
async fn the_timeline_tells_both_sides(walk: &Walk) -> anyhow::Result<()> {
    walk.page.goto(&walk.lab.github("/__mock/timeline")).await?;
    // The app reports without waiting: the live page shows each report when it arrives.
    let rows = "Array.from(document.querySelectorAll('tr.app-event'), r => r.textContent)";
    let all = ["app login", "app disconnect"]
        .map(|kind| format!("{rows}.some(t => t.includes('{kind}'))"))
        .join(" && ");
    walk.page.wait_until(&all).await?;
    walk.page.wait_for("tr.revocation").await?;
    walk.sees("Mock Google now").await?;
    walk.scroll_to("document.getElementById('timeline-heading')")
        .await?;
    walk.page.shot("timeline").await
}
