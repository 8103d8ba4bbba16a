//! The checker's HTML report (`checker --html PATH`) opened from the disk in a browser: the
//! run against the course's app ([`Lab::course`]: the course's checks pass, the two beyond it
//! that it leaves to the hardened app are advice), a check's steps unfolded into their
//! sequence diagram with a lane per provider, an exchange opened to its request and answer in
//! full (the browser's, and an app's call to a provider as the mock kept it, its secret
//! masked), and every part of it, every lane too, within a phone's width.

use browser_tests::chrome::Viewport;
use browser_tests::{Chrome, Lab, Page};
use checker::harness::Targets;
use common::defaults::GITHUB_CLIENT_SECRET;

/// Runs the checker against the lab's app, with the exercises folder's answers, and writes its
/// HTML report; returns its `file:` URL.
/// Exit code 0: what fails beyond the course (`no-orphaned-tokens`, `disconnect-outage`) is
/// advice without `--strict`.
async fn report_of(lab: &Lab, dir: &std::path::Path) -> String {
    let url = |u: &str| u.parse().expect("a URL");
    let options = checker::Options {
        targets: Targets {
            app_url: Some(url(&lab.app_url)),
            github_url: url(lab.mocks.github.url()),
            google_url: url(lab.mocks.google.url()),
            ..Targets::default()
        },
        answers: Some(checker::catalog::default_dir()),
        calls: checker::mocks::Calls::InFull,
        ..Default::default()
    };
    let report = checker::run(&options).await;
    assert_eq!(report.exit_code(), 0, "{report:#?}");
    let path = dir.join("report.html");
    std::fs::write(&path, checker::report::html::render(&report)).unwrap();
    format!("file://{}", path.display())
}

/// Unfolds every check's steps, as a reader clicks them open.
async fn unfold_every_check(page: &Page) -> anyhow::Result<()> {
    let summaries = "details.steps:not([open]) > summary";
    while page.has(summaries).await? {
        page.click(summaries).await?;
    }
    Ok(())
}

/// The `logout` check's `POST /logout`, the first exchange of its third step.
const LOGOUT: &str = "#check-logout-step-3 details.exchange";

/// The `logout` check's first call of the app to a provider: its login's code exchange.
const CODE_EXCHANGE: &str = "#check-logout li.call details.exchange";

/// A projector's window, or a small laptop's.
const LAPTOP: Viewport = Viewport {
    width: 1280,
    height: 720,
};

/// Opens the first exchange `css` names and returns what it shows, once its request shows.
/// The exchange is brought to the middle of the window first, as a reader scrolls to it: at
/// the top, the diagram's lane heads (which stay in sight while it scrolls) would cover it.
async fn open(page: &Page, css: &str) -> anyhow::Result<String> {
    let summary = format!("{css} > summary");
    let script =
        format!("document.querySelector('{summary}').scrollIntoView({{block: 'center'}});");
    page.client.execute(&script, vec![]).await?;
    page.click(&summary).await?;
    let full = page.wait_for(&format!("{css}[open] .full")).await?;
    Ok(full.text().await?)
}

/// Opens the `POST /logout` exchange: what it shows.
async fn open_logout(page: &Page) -> anyhow::Result<String> {
    open(page, LOGOUT).await
}

/// Fails when a lane's head of a diagram on show is not wholly within the window.
async fn lanes_fit(page: &Page) -> anyhow::Result<()> {
    let script = "return [...document.querySelectorAll('details[open] .lane')]\
        .map(l => l.getBoundingClientRect())\
        .filter(r => r.width > 0)\
        .map(r => [r.left, r.right, window.innerWidth]);";
    let lanes = page.client.execute(script, vec![]).await?;
    let lanes = lanes.as_array().cloned().unwrap_or_default();
    anyhow::ensure!(!lanes.is_empty(), "no lane on show");
    for lane in &lanes {
        let [left, right, width] = [0, 1, 2].map(|i| lane[i].as_f64().unwrap_or(f64::NAN));
        anyhow::ensure!(
            left >= 0.0 && right <= width,
            "a lane from {left} to {right} px in a {width} px window"
        );
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_html_report_shows_each_exchange_in_full_and_every_lane_on_a_phone() {
    let Some(chrome) = Chrome::start().await else {
        return;
    };
    let lab = Lab::course().await.expect("the app and the mocks start");
    let dir = tempfile::tempdir().unwrap();
    let report = report_of(&lab, dir.path()).await;
    let desktop = Page::new(chrome.session(LAPTOP).await.expect("a browser"));
    desktop
        .or_screenshot("the_html_report_on_a_desktop", async {
            desktop.goto(&report).await?;
            let text = desktop.text().await?;
            anyhow::ensure!(text.contains("11 passed, 0 failed, 2 advice"), "{text}");
            desktop
                .click("#check-logout details.steps > summary")
                .await?;
            desktop
                .wait_for("#check-logout details.steps[open] .seq")
                .await?;
            let lifelines = desktop.text().await?;
            for party in ["Browser", "App", "GitHub", "Google"] {
                anyhow::ensure!(lifelines.contains(party), "the {party} lifeline");
            }
            let full = open_logout(&desktop).await?;
            for shown in [
                "POST http://",
                "User-Agent: logout-lab-checker/",
                "set-cookie: session=;",
                "0 calls to a provider",
            ] {
                anyhow::ensure!(
                    full.contains(shown),
                    "{shown:?} in the opened exchange: {full}"
                );
            }
            desktop.shot("checker-report").await?;
            let call = open(&desktop, CODE_EXCHANGE).await?;
            for shown in [
                "/login/oauth/access_token",
                "client_secret=••••••••",
                "\"access_token\":\"gho_",
                "What the mock GitHub recorded of this call:",
            ] {
                anyhow::ensure!(call.contains(shown), "{shown:?} in the call: {call}");
            }
            anyhow::ensure!(!call.contains(GITHUB_CLIENT_SECRET), "masked: {call}");
            Ok(())
        })
        .await;
    let phone = Page::new(chrome.session(Viewport::PHONE).await.expect("a browser"));
    phone
        .or_screenshot("the_html_report_on_a_phone", async {
            phone.goto(&report).await?;
            unfold_every_check(&phone).await?;
            let full = open_logout(&phone).await?;
            anyhow::ensure!(full.contains("User-Agent: logout-lab-checker/"), "{full}");
            lanes_fit(&phone).await?;
            phone.fits().await?;
            phone.shot("checker-report-phone").await
        })
        .await;
}
