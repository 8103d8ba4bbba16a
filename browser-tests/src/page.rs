//! What a test does with the browser: go, click, wait for what the next page shows, read it,
//! check it fits a phone, and keep screenshots: of a failure always, of named moments when
//! `LOGOUT_LAB_SCREENSHOTS=DIR` asks (that is how the README's pictures are made).

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, ensure};
use fantoccini::{Client, Locator};
use futures_util::FutureExt;

/// Where screenshots for the README go, when set.
pub const SCREENSHOTS: &str = "LOGOUT_LAB_SCREENSHOTS";

/// How long a page may take to show what a test waits for. Generous: a page of this lab
/// answers in milliseconds, and a busy machine must not fail a test.
const WAIT: Duration = Duration::from_secs(20);

/// One browser window.
#[derive(Clone)]
pub struct Page {
    pub client: Client,
}

impl Page {
    pub fn new(client: Client) -> Page {
        Page { client }
    }

    pub async fn goto(&self, url: &str) -> anyhow::Result<()> {
        self.client
            .goto(url)
            .await
            .with_context(|| format!("open {url}"))
    }

    /// Clicks the element `css` names (a link or a form's button).
    pub async fn click(&self, css: &str) -> anyhow::Result<()> {
        let element = self.wait_for(css).await?;
        element
            .click()
            .await
            .with_context(|| format!("click {css}"))
    }

    /// Waits until an element `css` names is on the page.
    pub async fn wait_for(&self, css: &str) -> anyhow::Result<fantoccini::elements::Element> {
        let waiting = self.client.wait().at_most(WAIT);
        let found = waiting.for_element(Locator::Css(css)).await;
        let url = self.url().await.unwrap_or_default();
        found.with_context(|| format!("{css} on {url}"))
    }

    /// Waits until `script` (a JavaScript expression) is true on the page.
    pub async fn wait_until(&self, script: &str) -> anyhow::Result<()> {
        let deadline = tokio::time::Instant::now() + WAIT;
        let check = format!("return Boolean({script});");
        while self.client.execute(&check, vec![]).await? != true {
            let url = self.url().await?;
            ensure!(tokio::time::Instant::now() < deadline, "{script} on {url}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(())
    }

    /// Whether an element `css` names is on the page now.
    pub async fn has(&self, css: &str) -> anyhow::Result<bool> {
        Ok(!self.client.find_all(Locator::Css(css)).await?.is_empty())
    }

    /// The page's visible text, once it has a body: right after a click the next document
    /// may not have one yet.
    /// The page's text as shown. Read by a script, not through an element handle, so a page
    /// that navigates or updates meanwhile gives its new text, never a stale element.
    pub async fn text(&self) -> anyhow::Result<String> {
        self.wait_for("body").await?;
        let text = self
            .client
            .execute("return document.body.innerText;", vec![])
            .await?;
        Ok(text.as_str().unwrap_or_default().to_string())
    }

    pub async fn url(&self) -> anyhow::Result<String> {
        Ok(self.client.current_url().await?.to_string())
    }

    /// Fails when the page is wider than its viewport: content a phone would scroll sideways.
    pub async fn fits(&self) -> anyhow::Result<()> {
        let root = "document.documentElement";
        let script = format!("return [{root}.scrollWidth, {root}.clientWidth];");
        let sizes = self.client.execute(&script, vec![]).await?;
        let (content, window) = (sizes[0].as_u64(), sizes[1].as_u64());
        let url = self.url().await?;
        ensure!(
            content <= window,
            "{url} is {content:?} px wide in a {window:?} px window"
        );
        Ok(())
    }

    /// Resizes the window so that the page's viewport (`innerWidth` × `innerHeight`) is
    /// `viewport`'s size: a headless window's own frame takes some of its height.
    pub async fn fit_viewport(&self, viewport: crate::chrome::Viewport) -> anyhow::Result<()> {
        let script = "return [window.innerWidth, window.innerHeight];";
        let inner = self.client.execute(script, vec![]).await?;
        let (_, _, width, height) = self.client.get_window_rect().await?;
        let frame = |outer: u64, inner: &serde_json::Value| {
            let inner = inner.as_u64().context("the viewport's size")?;
            u32::try_from(outer.saturating_sub(inner)).context("the window's frame")
        };
        let (dx, dy) = (frame(width, &inner[0])?, frame(height, &inner[1])?);
        let (width, height) = (viewport.width + dx, viewport.height + dy);
        self.client.set_window_size(width, height).await?;
        Ok(())
    }

    /// Saves a screenshot named `name` when `LOGOUT_LAB_SCREENSHOTS` names a folder (a
    /// relative one is in the workspace: `docs/screenshots` is the README's).
    pub async fn shot(&self, name: &str) -> anyhow::Result<()> {
        let Some(dir) = std::env::var_os(SCREENSHOTS) else {
            return Ok(());
        };
        let path = workspace().join(dir).join(format!("{name}.png"));
        std::fs::create_dir_all(path.parent().expect("a folder"))?;
        std::fs::write(&path, self.client.screenshot().await?)?;
        Ok(())
    }

    /// Runs `steps`, then ends the browser session (chromedriver then quits the browser,
    /// which would outlive the test otherwise); if they failed or panicked, first saves a
    /// screenshot of the page as it was, says where, and fails with what failed.
    pub async fn or_screenshot<F>(&self, test: &str, steps: F)
    where
        F: Future<Output = anyhow::Result<()>>,
    {
        let outcome = AssertUnwindSafe(steps).catch_unwind().await;
        if matches!(outcome, Ok(Ok(()))) {
            let _ = self.client.clone().close().await;
            return;
        }
        let path = failures().join(format!("{test}.png"));
        let saved = match self.client.screenshot().await {
            Ok(png) => std::fs::create_dir_all(failures())
                .and_then(|()| std::fs::write(&path, png))
                .map(|()| format!("screenshot: {}", path.display()))
                .unwrap_or_else(|e| format!("no screenshot ({e})")),
            Err(e) => format!("no screenshot ({e})"),
        };
        let _ = self.client.clone().close().await;
        match outcome {
            Ok(Err(error)) => panic!("{test}: {error:#}\n{saved}"),
            Err(panic) => {
                eprintln!("{test} failed; {saved}");
                std::panic::resume_unwind(panic)
            }
            Ok(Ok(())) => unreachable!("returned above"),
        }
    }
}

/// `target/browser-failures/`, beside the build.
fn failures() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from);
    let target = target.unwrap_or_else(|| workspace().join("target"));
    target.join("browser-failures")
}

/// The workspace's root folder (tests run in their crate's folder).
fn workspace() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().expect("the workspace").to_path_buf()
}
