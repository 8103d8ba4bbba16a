//! The checker's HTML report (`checker --html PATH`) opened from the disk in a browser: the
//! run against the course's app ([`Lab::course`]: the course's checks pass, the two beyond it
//! that it leaves to the hardened app are advice), a check's steps unfolded into their
//! sequence diagram, and every part of it within a phone's width.

use browser_tests::chrome::Viewport;
use browser_tests::{Chrome, Lab, Page};
use checker::harness::Targets;

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

#[tokio::test(flavor = "multi_thread")]
async fn the_html_report_shows_each_check_as_a_sequence_diagram_and_fits_a_phone() {
    let Some(chrome) = Chrome::start().await else {
        return;
    };
    let lab = Lab::course().await.expect("the app and the mocks start");
    let dir = tempfile::tempdir().unwrap();
    let report = report_of(&lab, dir.path()).await;
    let desktop = Page::new(chrome.session(Viewport::DESKTOP).await.expect("a browser"));
    desktop
        .or_screenshot("the_html_report_on_a_desktop", async {
            desktop.goto(&report).await?;
            let text = desktop.text().await?;
            anyhow::ensure!(text.contains("11 passed, 0 failed, 2 advice"), "{text}");
            desktop.click("details.steps > summary").await?;
            desktop.wait_for("details.steps[open] svg").await?;
            let lifelines = desktop.text().await?;
            for party in ["Browser", "App", "Provider"] {
                anyhow::ensure!(lifelines.contains(party), "the {party} lifeline");
            }
            desktop.shot("checker-report").await
        })
        .await;
    let phone = Page::new(chrome.session(Viewport::PHONE).await.expect("a browser"));
    phone
        .or_screenshot("the_html_report_on_a_phone", async {
            phone.goto(&report).await?;
            unfold_every_check(&phone).await?;
            phone.fits().await
        })
        .await;
}
