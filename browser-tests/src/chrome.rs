//! `chromedriver --port=0` and one headless Chromium session per test.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context, bail};
use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder};
use serde_json::json;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// Set to `require` to make a missing browser a failure rather than a skip.
pub const REQUIRE: &str = "LOGOUT_LAB_BROWSER_TESTS";

/// How long chromedriver may take to say which port it listens on.
const STARTUP: Duration = Duration::from_secs(30);

/// A running chromedriver; it ends with this value.
pub struct Chrome {
    _driver: Child,
    url: String,
    browser: PathBuf,
    profiles: tempfile::TempDir,
}

/// A window size: a desktop, or a phone's viewport.
#[derive(Debug, Clone, Copy)]
pub struct Viewport {
    pub width: u32,
    pub height: u32,
}

impl Viewport {
    pub const DESKTOP: Viewport = Viewport {
        width: 1280,
        height: 900,
    };
    /// A classroom projector.
    pub const PROJECTOR: Viewport = Viewport {
        width: 1280,
        height: 720,
    };
    /// A common phone's CSS viewport.
    pub const PHONE: Viewport = Viewport {
        width: 390,
        height: 844,
    };
}

impl Chrome {
    /// Starts chromedriver, or returns `None` after saying loudly why the browser tests are
    /// skipped (no Chromium, no chromedriver). With `LOGOUT_LAB_BROWSER_TESTS=require` a
    /// missing browser panics instead.
    pub async fn start() -> Option<Chrome> {
        let browser = find("CHROME_BIN", "chromium");
        let driver = find("CHROMEDRIVER", "chromedriver");
        let (Some(browser), Some(driver)) = (browser.clone(), driver.clone()) else {
            let mut why = String::new();
            if browser.is_none() {
                why.push_str("no `chromium` on PATH (or CHROME_BIN). ");
            }
            if driver.is_none() {
                why.push_str("no `chromedriver` on PATH (or CHROMEDRIVER). ");
            }
            let required = std::env::var(REQUIRE).is_ok_and(|v| v == "require");
            skip(&why, required);
            return None;
        };
        match Chrome::launch(&driver, browser).await {
            Ok(chrome) => Some(chrome),
            Err(error) => panic!("chromedriver would not start: {error:#}"),
        }
    }

    async fn launch(driver: &Path, browser: PathBuf) -> anyhow::Result<Chrome> {
        let mut child = Command::new(driver)
            .arg("--port=0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("cannot run {}", driver.display()))?;
        let stdout = child.stdout.take().context("chromedriver's output")?;
        let port = tokio::time::timeout(STARTUP, port_of(stdout))
            .await
            .context("chromedriver did not say its port in time")??;
        Ok(Chrome {
            _driver: child,
            url: format!("http://127.0.0.1:{port}"),
            browser,
            profiles: tempfile::tempdir()?,
        })
    }

    /// A new headless browser window of `viewport`'s size, with a profile of its own.
    pub async fn session(&self, viewport: Viewport) -> anyhow::Result<Client> {
        let profile = tempfile::tempdir_in(self.profiles.path())?.keep();
        let options = chrome_options(&self.browser, &profile, viewport);
        let mut capabilities = Capabilities::new();
        capabilities.insert("goog:chromeOptions".into(), options);
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&self.url)
            .await
            .context("a Chromium session")?;
        Ok(client)
    }
}

/// Headless Chromium with nothing that reaches outside the machine, as root in a container,
/// with its own profile; the window is the viewport (no browser chrome when headless).
/// A phone's viewport is emulated (a headless window is never narrower than 500 px).
fn chrome_options(browser: &Path, profile: &Path, viewport: Viewport) -> serde_json::Value {
    let mut options = json!({
        "binary": browser,
        "args": [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--hide-scrollbars",
            format!("--window-size={},{}", viewport.width.max(500), viewport.height),
            format!("--user-data-dir={}", profile.display()),
        ],
    });
    if viewport.width < 500 {
        let metrics =
            json!({ "width": viewport.width, "height": viewport.height, "pixelRatio": 1 });
        options["mobileEmulation"] = json!({ "deviceMetrics": metrics });
    }
    options
}

/// Reads chromedriver's start-up lines until one names its port.
async fn port_of(stdout: tokio::process::ChildStdout) -> anyhow::Result<u16> {
    let mut lines = BufReader::new(stdout).lines();
    while let Some(line) = lines.next_line().await? {
        if let Some(rest) = line.split("started successfully on port ").nth(1) {
            let port = rest.trim_end_matches('.').trim();
            return port.parse().with_context(|| format!("a port in {line:?}"));
        }
    }
    bail!("chromedriver ended before it said its port")
}

/// The program named by the environment variable `var`, or `name` on PATH, if it exists.
fn find(var: &str, name: &str) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(var) {
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// Says loudly why the browser tests do not run; when they are `required`, fails instead.
fn skip(why: &str, required: bool) {
    let install = "apt-get install chromium chromium-driver";
    if required {
        panic!("the browser tests are required ({REQUIRE}=require), but {why}Install: {install}");
    }
    eprintln!(
        "\n######## BROWSER TESTS SKIPPED ########\n{why}\nInstall them ({install}) to run \
         the lesson in headless Chromium; CI does.\n#######################################\n"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_program_is_not_found() {
        assert_eq!(
            find("LOGOUT_LAB_NO_SUCH_VARIABLE", "no-such-program-here"),
            None
        );
        assert!(
            find("LOGOUT_LAB_NO_SUCH_VARIABLE", "sh").is_some(),
            "sh is on PATH"
        );
    }

    #[test]
    fn without_a_browser_the_tests_are_skipped_unless_required() {
        skip("no `chromium` on PATH. ", false);
        let required = std::panic::catch_unwind(|| skip("no `chromium` on PATH. ", true));
        let message = *required
            .expect_err("required: a failure")
            .downcast::<String>()
            .unwrap();
        assert!(
            message.contains("required (LOGOUT_LAB_BROWSER_TESTS=require)"),
            "{message}"
        );
    }
}
