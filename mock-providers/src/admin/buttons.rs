//! Where the buttons that end a provider session or remove a grant post ([`Forms`]): the
//! dashboard's routes (its tables), or the timeline's (its lanes).

use common::Provider;
use maud::{Markup, html};

/// Where the buttons post: the dashboard's own routes (`/__mock/sessions/end`...), or the
/// timeline's, which name the provider (a hidden `provider` field) since one page acts on
/// both mocks.
#[derive(Debug, Clone, Copy)]
pub struct Forms {
    /// The routes' prefix: `/__mock` or `/__mock/timeline`.
    pub prefix: &'static str,
    /// The provider the forms name, on the timeline.
    pub provider: Option<Provider>,
}

impl Forms {
    pub const DASHBOARD: Forms = Forms {
        prefix: "/__mock",
        provider: None,
    };

    /// The timeline's forms for `provider`'s lane.
    pub fn timeline(provider: Provider) -> Forms {
        Forms {
            prefix: "/__mock/timeline",
            provider: Some(provider),
        }
    }

    pub fn action(&self, route: &str) -> String {
        format!("{}{route}", self.prefix)
    }

    pub fn hidden(&self) -> Markup {
        html! { @if let Some(p) = self.provider { input type="hidden" name="provider" value=(p.slug()); } }
    }
}
