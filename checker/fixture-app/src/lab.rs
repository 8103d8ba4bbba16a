//! The mocks and a fixture app, all on free ports: what a test checks, or loads.

use mock_providers::MockProviders;

use crate::{Mistake, Profile};

/// The mocks, and a fixture app talking to them, all on free ports.
pub struct Lab {
    pub mocks: MockProviders,
    pub app_url: String,
}

impl Lab {
    pub async fn start(profile: Profile, mistake: Mistake) -> Lab {
        let mocks = MockProviders::start_on_free_ports(&Default::default())
            .await
            .expect("mocks start");
        let app_url = crate::start(profile, mistake, mocks.github.url(), mocks.google.url()).await;
        Lab { mocks, app_url }
    }
}
