//! Our apps, which the checker starts in-process (`--app`): the course's app (`app/`, the
//! default) and the hardened one (`hardened-app/`), each started the same way: on a bound
//! listener, with its database file and the two mocks' URLs. The student edition has no
//! hardened app; the checker there is built without it (the `reference` feature).

use std::path::Path;

use common::Server;
use tokio::net::TcpListener;

/// One of our apps.
/// As `--app` and the JSON report name it: `course`, `hardened`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OurApp {
    /// `app/`: the course's app, minimal, the lesson's model answer.
    #[default]
    Course,
    /// `hardened-app/`: the course's app and what production needs beyond the course.
    Hardened,
}

impl OurApp {
    /// Its folder in the workspace, as reports name it.
    pub fn folder(self) -> &'static str {
        match self {
            OurApp::Course => "app",
            OurApp::Hardened => "hardened-app",
        }
    }

    /// What people call it.
    pub fn name(self) -> &'static str {
        match self {
            OurApp::Course => "the course's app",
            OurApp::Hardened => "the hardened app",
        }
    }

    /// Starts it on `listener` (its base URL is the listener's address), its database at
    /// `database`, against the mocks at `github` and `google` with their default clients.
    pub async fn serve(
        self,
        listener: TcpListener,
        database: &Path,
        github: &str,
        google: &str,
    ) -> anyhow::Result<Server> {
        let base_url = common::server::url_of(listener.local_addr()?);
        match self {
            OurApp::Course => {
                let config = app::Config::mock(&base_url, database, github, google);
                app::serve(listener, config).await
            }
            #[cfg(feature = "reference")]
            OurApp::Hardened => {
                let config =
                    hardened_app::Config::quick_retries(&base_url, database, github, google);
                hardened_app::serve(listener, config).await
            }
            #[cfg(not(feature = "reference"))]
            OurApp::Hardened => anyhow::bail!(
                "this workspace has no hardened app: it is in the reference workspace, which \
                 instructors have"
            ),
        }
    }
}
