//! The timeline as an instructor projects it (1280×720) and a student follows it on a phone
//! (390 px), after the lesson with the hardened app ([`Lab::hardened`], which reports its
//! logins, logouts and disconnects to the timeline): log in with GitHub, log out, log in with
//! GitHub again (the app revokes the token the new login replaced: tidy-up), link Google,
//! disconnect GitHub (the app revokes the token it held). On the projector the page scrolls
//! no way sideways, every token's status badge is within the width, the newest events are on
//! the first screen, and the events say in words what the logout, the tidy-up and the
//! disconnect were; on the phone the lanes stack and nothing is wider than the screen.
//! Then the course's app ([`Lab::course`], which reports from its answers alone, naming no
//! user): log in with GitHub, log out; on the projector the app's lane shows its session, and
//! the events say that the logout called no provider.

use browser_tests::chrome::Viewport;
use browser_tests::sign_in::{APPROVE, github_account, google_account};
use browser_tests::{Chrome, Lab, Page};

/// The app's home page, signed in.
const SIGNED_IN: &str = "form[action='/logout']";

/// The app's page after a logout or a disconnect: its link back home.
const BACK_HOME: &str = "a.button[href='/']";

/// What the events must say (the hardened app names its users by email).
const WORDS: [&str; 3] = [
    "the app logged ada@example.com out: no provider call",
    "tidy-up: the app revoked the token its new login replaced",
    "disconnect: the app revoked the token it held",
];

/// The app reports without waiting: the live page shows each report when it arrives.
fn the_words_are_shown() -> String {
    let app_rows = "Array.from(document.querySelectorAll('tr.app-event'), r => r.textContent)";
    let mut checks: Vec<String> = WORDS
        .iter()
        .map(|w| format!("document.body.innerText.includes('{w}')"))
        .collect();
    checks.push(format!(
        "{app_rows}.some(t => t.includes('app disconnect'))"
    ));
    checks.join(" && ")
}

/// A JavaScript expression's value on the page.
async fn eval(page: &Page, script: &str) -> anyhow::Result<serde_json::Value> {
    Ok(page
        .client
        .execute(&format!("return {script};"), vec![])
        .await?)
}

/// Log in with GitHub as Ada from the signed-out home: the first time through the mock's
/// sign-in and consent pages, then straight through (still signed in at GitHub).
async fn log_in_with_github(page: &Page, lab: &Lab, first: bool) -> anyhow::Result<()> {
    page.goto(&lab.app("/")).await?;
    page.click("a[href='/auth/github']").await?;
    if first {
        page.click(&github_account("ada")).await?;
        page.click(APPROVE).await?;
    }
    page.wait_for(SIGNED_IN).await?;
    Ok(())
}

/// The lesson in the app: GitHub login, logout, GitHub login again, Google linked, GitHub
/// disconnected.
async fn the_lesson(page: &Page, lab: &Lab) -> anyhow::Result<()> {
    log_in_with_github(page, lab, true).await?;
    page.click("form[action='/logout'] button").await?;
    page.wait_for(BACK_HOME).await?;
    log_in_with_github(page, lab, false).await?;
    page.click("a[href='/auth/google']").await?;
    page.click(&google_account("ada@example.com")).await?;
    page.click(APPROVE).await?;
    page.wait_for("form[action='/disconnect/google']").await?;
    page.click("form[action='/disconnect/github'] button")
        .await?;
    page.wait_for(BACK_HOME).await?;
    Ok(())
}

/// Opens the timeline and waits until it tells the whole lesson, at the top of the page.
async fn open_the_timeline(page: &Page, lab: &Lab) -> anyhow::Result<()> {
    page.goto(&lab.github("/__mock/timeline")).await?;
    page.wait_until(&the_words_are_shown()).await?;
    eval(page, "window.scrollTo(0, 0)").await?;
    Ok(())
}

/// On the projector: no sideways scroll, every token's badge within the width, the newest
/// events on the first screen.
async fn fits_the_projector(page: &Page) -> anyhow::Result<()> {
    page.fits().await?;
    let badges = "Array.from(document.querySelectorAll('.lane .tag.status'), b => \
                  b.getBoundingClientRect()).map(r => [r.left, r.right, r.width])";
    let badges = eval(page, badges).await?;
    let width = eval(page, "document.documentElement.clientWidth").await?;
    let width = width.as_f64().unwrap_or_default();
    let badges = badges.as_array().cloned().unwrap_or_default();
    anyhow::ensure!(badges.len() >= 3, "the tokens' badges: {badges:?}");
    for badge in &badges {
        let (left, right, size) = (badge[0].as_f64(), badge[1].as_f64(), badge[2].as_f64());
        anyhow::ensure!(
            left >= Some(0.0) && right <= Some(width) && size > Some(0.0),
            "a status badge at {badge} is outside the {width} px width"
        );
    }
    let newest = "Array.from(document.querySelectorAll('table.story tbody tr')).slice(0, 3)\
                  .map(r => r.getBoundingClientRect().bottom)";
    let bottoms = eval(page, newest).await?;
    let height = eval(page, "window.innerHeight").await?;
    let shown = bottoms
        .as_array()
        .is_some_and(|b| b.len() == 3 && b.iter().all(|y| y.as_f64() <= height.as_f64()));
    anyhow::ensure!(
        shown,
        "the newest events end at {bottoms} px, below the {height} px screen"
    );
    Ok(())
}

/// On the phone: nothing wider than the screen, and the lanes one below the other.
async fn fits_the_phone(page: &Page) -> anyhow::Result<()> {
    page.fits().await?;
    let lefts =
        "Array.from(document.querySelectorAll('.lane'), l => l.getBoundingClientRect().left)";
    let lefts = eval(page, lefts).await?;
    let lefts = lefts.as_array().cloned().unwrap_or_default();
    anyhow::ensure!(
        lefts.len() == 3 && lefts.iter().all(|l| *l == lefts[0]),
        "the lanes stack: their left edges are {lefts:?}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_timeline_tells_the_lesson_on_a_projector_and_a_phone() {
    let Some(chrome) = Chrome::start().await else {
        return;
    };
    let lab = Lab::hardened().await.expect("the app and the mocks start");
    let session = chrome.session(Viewport::PROJECTOR).await;
    let projector = Page::new(session.expect("a browser"));
    let test = "the_timeline_on_a_projector";
    projector
        .or_screenshot(test, async {
            projector.fit_viewport(Viewport::PROJECTOR).await?;
            let size = eval(&projector, "[window.innerWidth, window.innerHeight]").await?;
            anyhow::ensure!(
                size == serde_json::json!([1280, 720]),
                "a 1280×720 viewport: {size}"
            );
            the_lesson(&projector, &lab).await?;
            open_the_timeline(&projector, &lab).await?;
            fits_the_projector(&projector).await?;
            projector.shot("timeline-projector").await?;
            projector.click("details.stage > summary").await?;
            projector.wait_for("details.stage[open] form.fault").await?;
            projector.fits().await
        })
        .await;
    let phone = Page::new(chrome.session(Viewport::PHONE).await.expect("a browser"));
    phone
        .or_screenshot("the_timeline_on_a_phone", async {
            open_the_timeline(&phone, &lab).await?;
            fits_the_phone(&phone).await
        })
        .await;
}

/// What the events say of the course's app's logout: it names no user.
const COURSE_LOGOUT: &str = "the app logged someone out: no provider call";

/// What the app's lane says of an app that reports nothing.
const REPORTS_NOTHING: &str = "reports nothing";

/// On the projector, after the course's app's logout: the app's lane tells its session, the
/// logout's row is on the first screen, and nothing scrolls sideways.
async fn tells_the_course_logout(page: &Page) -> anyhow::Result<()> {
    let lane = eval(page, "document.querySelector('.lane.app').textContent").await?;
    let lane = lane.as_str().unwrap_or_default();
    anyhow::ensure!(
        !lane.contains(REPORTS_NOTHING) && lane.contains("someone") && lane.contains("logged out"),
        "the app's lane: {lane}"
    );
    let row = format!(
        "Array.from(document.querySelectorAll('tr.app-event'))\
         .find(r => r.textContent.includes('{COURSE_LOGOUT}')).getBoundingClientRect().bottom \
         <= window.innerHeight"
    );
    anyhow::ensure!(
        eval(page, &row).await? == true,
        "the logout's row is below the first screen"
    );
    page.fits().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_course_apps_logout_shows_on_the_projector_with_no_provider_call() {
    let Some(chrome) = Chrome::start().await else {
        return;
    };
    let lab = Lab::course().await.expect("the app and the mocks start");
    let session = chrome.session(Viewport::PROJECTOR).await;
    let page = Page::new(session.expect("a browser"));
    page.or_screenshot("the_course_app_on_a_projector", async {
        page.fit_viewport(Viewport::PROJECTOR).await?;
        log_in_with_github(&page, &lab, true).await?;
        page.click("form[action='/logout'] button").await?;
        page.wait_for("a[href='/auth/github']").await?;
        page.goto(&lab.github("/__mock/timeline")).await?;
        let said = format!("document.body.innerText.includes('{COURSE_LOGOUT}')");
        page.wait_until(&said).await?;
        eval(&page, "window.scrollTo(0, 0)").await?;
        tells_the_course_logout(&page).await
    })
    .await;
}
