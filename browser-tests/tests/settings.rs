//! Revoking the app at the provider, as a user does in real life, with the course's app
//! ([`Lab::course`]): logged in with GitHub, Ada opens the mock GitHub's Settings →
//! Applications (`/settings/applications`) and revokes the app; the app is told nothing, so
//! its home still shows the token it holds, and its live profile says GitHub no longer
//! accepts it. The same with Google at the account's third-party connections
//! (`/connections`, Remove access). The mocks' inspection API says the user ended them.

use browser_tests::chrome::Viewport;
use browser_tests::sign_in::{APPROVE, github_account, google_account};
use browser_tests::{Chrome, Lab, Page};
use mock_providers::MockServer;
use mock_providers::api::EndCause;

/// What the app's live profile says of a token the provider no longer accepts.
const DEAD: &str = "no longer accepts the token the app holds";

/// A provider as the walk meets it: how the app links it, and where the user revokes it.
struct Site {
    /// The app's path that starts a login or a link (`/auth/github`).
    auth: &'static str,
    /// The account button of the provider's sign-in page.
    account: fn() -> String,
    /// The provider's settings page, and what it says once the app is gone.
    settings: &'static str,
    revoked: &'static str,
    /// The app's live profile link.
    profile: &'static str,
}

const GITHUB: Site = Site {
    auth: "/auth/github",
    account: || github_account("ada"),
    settings: "/settings/applications",
    revoked: "You revoked Logout Lab’s access",
    profile: "/me/github",
};

const GOOGLE: Site = Site {
    auth: "/auth/google",
    account: || google_account("ada@example.com"),
    settings: "/connections",
    revoked: "Logout Lab no longer has access",
    profile: "/me/google",
};

struct Walk {
    page: Page,
    lab: Lab,
    _chrome: Chrome,
}

impl Walk {
    async fn sees(&self, text: &str) -> anyhow::Result<()> {
        let shown = self.page.text().await?;
        let url = self.page.url().await?;
        anyhow::ensure!(shown.contains(text), "{text:?} on {url}:\n{shown}");
        Ok(())
    }

    /// The token the app's home shows for `site`, shortened (as the home prints it).
    async fn held(&self, site: &Site) -> anyhow::Result<String> {
        let script = format!(
            "return document.querySelector(\"a[href='{}']\").parentElement.\
             querySelector('code').textContent;",
            site.profile
        );
        let shown = self.page.client.execute(&script, vec![]).await?;
        let head = shown.as_str().unwrap_or_default().trim_end_matches('…');
        anyhow::ensure!(head.len() >= 8, "the token held, shortened: {shown}");
        Ok(head.to_string())
    }

    /// From the app's home, logs in (or links) with `site` as Ada, through its sign-in
    /// and consent pages; returns the token the home then shows, shortened.
    async fn link(&self, site: &Site) -> anyhow::Result<String> {
        self.page.goto(&self.lab.app("/")).await?;
        self.page.click(&format!("a[href='{}']", site.auth)).await?;
        self.page.click(&(site.account)()).await?;
        self.page.click(APPROVE).await?;
        let profile = format!("a[href='{}']", site.profile);
        self.page.wait_for(&profile).await?;
        self.held(site).await
    }

    /// Opens the provider's settings page at `base`, confirms the removal of the app, and
    /// waits for the page that says it is gone.
    async fn revoke_at(&self, base: &str, site: &Site) -> anyhow::Result<()> {
        self.page.goto(&format!("{base}{}", site.settings)).await?;
        self.page.click("details.confirm summary").await?;
        self.page.fits().await?;
        self.page
            .click("details.confirm button[type='submit']")
            .await?;
        self.page.wait_for("div.flash").await?;
        self.sees(site.revoked).await?;
        self.page.fits().await
    }

    /// Back at the app's home: it still shows the token `held` (nobody told the app), and
    /// its live profile says the provider no longer accepts it.
    async fn the_app_sees_it_dead(&self, site: &Site, held: &str) -> anyhow::Result<()> {
        self.page.goto(&self.lab.app("/")).await?;
        let still = self.held(site).await?;
        anyhow::ensure!(still == held, "the app holds {still}, not {held}");
        self.page
            .click(&format!("a[href='{}']", site.profile))
            .await?;
        // The profile's answer, once it replaced the home page.
        let said = serde_json::to_string(DEAD)?;
        let script = format!("document.body && document.body.innerText.includes({said})");
        self.page.wait_until(&script).await?;
        self.sees(DEAD).await
    }
}

/// Every token `mock` issued that starts with `held` ended as the user's doing.
fn ended_by_the_user(mock: &MockServer, held: &str) -> anyhow::Result<()> {
    let inner = mock.store().lock();
    let now = mock.store().now();
    let records = inner.token_records(now);
    let token = records.iter().find(|t| t.token.starts_with(held));
    let cause = token.and_then(|t| t.ended.as_ref()).map(|e| e.cause);
    anyhow::ensure!(
        cause == Some(EndCause::UserRemovedAccess),
        "{held}… ended by {cause:?}"
    );
    Ok(())
}

async fn revoke_both_at_the_providers(walk: &Walk) -> anyhow::Result<()> {
    let github = walk.link(&GITHUB).await?;
    walk.revoke_at(walk.lab.mocks.github.url(), &GITHUB).await?;
    walk.the_app_sees_it_dead(&GITHUB, &github).await?;
    ended_by_the_user(&walk.lab.mocks.github, &github)?;

    let google = walk.link(&GOOGLE).await?;
    walk.revoke_at(walk.lab.mocks.google.url(), &GOOGLE).await?;
    walk.the_app_sees_it_dead(&GOOGLE, &google).await?;
    ended_by_the_user(&walk.lab.mocks.google, &google)
}

#[tokio::test(flavor = "multi_thread")]
async fn revoking_the_app_at_each_providers_settings_leaves_the_apps_token_dead() {
    let Some(chrome) = Chrome::start().await else {
        return;
    };
    let lab = Lab::course().await.expect("the app and the mocks start");
    let session = chrome.session(Viewport::DESKTOP).await.expect("a browser");
    let walk = Walk {
        page: Page::new(session),
        lab,
        _chrome: chrome,
    };
    let test = "revoking_the_app_at_each_providers_settings_leaves_the_apps_token_dead";
    walk.page
        .or_screenshot(test, revoke_both_at_the_providers(&walk))
        .await;
}
