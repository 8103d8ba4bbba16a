//! The exercise registry, one place for every exercise's facts: its id (the `id` of
//! `exercises.toml`, one enum), its section, whether it drives the app, and the hints its check
//! can raise (typed: a hint a check raises but the TOML lacks is a load error). Each
//! exercise's run function is in `crate::exercises`, one file each, dispatched by
//! [`ExerciseId::run`](crate::exercises).
//!
//! A leaf: it imports nothing of the checker, so the catalog, the checks and the reports can
//! all name exercises without importing the exercises.

use serde::{Deserialize, Serialize};

/// An exercise, as `exercises.toml` and `--only` name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExerciseId {
    Logout,
    StillLoggedIn,
    NoRevokeOnLogout,
    Disconnect,
    WhenToRevoke,
    NoOrphanedTokens,
    DisconnectOutage,
    StateBound,
    SessionRotates,
    CookieFlags,
    GetLogout,
    NoSecretsInBrowser,
    ForeignOrigin,
}

/// Where an exercise belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    /// The lesson's exercises: a course-faithful app passes them.
    Course,
    /// Advice beyond the course: counted only with `--strict`.
    Beyond,
}

impl Section {
    pub fn title(self) -> &'static str {
        match self {
            Section::Course => "The course's exercises",
            Section::Beyond => "Beyond the course",
        }
    }
}

/// A hint a check can raise; its text is in the exercise's `[exercise.hints]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Hint {
    Default,
    Login,
    Me,
    LogoutRoute,
    LogoutBody,
    ClearCookie,
    ServerSession,
    NewSession,
    ProviderSession,
    Relogin,
    ProviderLogout,
    Link,
    DisconnectRoute,
    NoRevocationGithub,
    NoRevocationGoogle,
    RejectedGithub,
    RejectedGoogle,
    WrongToken,
    Unlink,
    Session,
    Unanswered,
    Observed,
    OrphanGithub,
    OrphanGoogle,
    Queue,
    Retry,
    Once,
    OtherBrowser,
    ReusedState,
    Planted,
    SameId,
    HttpOnly,
    SameSite,
    Token,
    Secret,
}

/// The hints every exercise that drives the app can raise, through [`flow`].
const FLOW_HINTS: &[Hint] = &[Hint::Default, Hint::Login, Hint::Me];

impl ExerciseId {
    /// In the order the lesson builds them, the course's first.
    pub const ALL: [ExerciseId; 13] = [
        ExerciseId::Logout,
        ExerciseId::StillLoggedIn,
        ExerciseId::NoRevokeOnLogout,
        ExerciseId::Disconnect,
        ExerciseId::WhenToRevoke,
        ExerciseId::NoOrphanedTokens,
        ExerciseId::DisconnectOutage,
        ExerciseId::StateBound,
        ExerciseId::SessionRotates,
        ExerciseId::CookieFlags,
        ExerciseId::GetLogout,
        ExerciseId::NoSecretsInBrowser,
        ExerciseId::ForeignOrigin,
    ];

    /// The id as written in `exercises.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            ExerciseId::Logout => "logout",
            ExerciseId::StillLoggedIn => "still-logged-in",
            ExerciseId::NoRevokeOnLogout => "no-revoke-on-logout",
            ExerciseId::Disconnect => "disconnect",
            ExerciseId::WhenToRevoke => "when-to-revoke",
            ExerciseId::NoOrphanedTokens => "no-orphaned-tokens",
            ExerciseId::DisconnectOutage => "disconnect-outage",
            ExerciseId::StateBound => "state-bound",
            ExerciseId::SessionRotates => "session-rotates",
            ExerciseId::CookieFlags => "cookie-flags",
            ExerciseId::GetLogout => "get-logout",
            ExerciseId::NoSecretsInBrowser => "no-secrets-in-browser",
            ExerciseId::ForeignOrigin => "foreign-origin",
        }
    }

    pub fn parse(id: &str) -> Option<ExerciseId> {
        ExerciseId::ALL.into_iter().find(|e| e.as_str() == id)
    }

    pub fn section(self) -> Section {
        match self {
            ExerciseId::Logout
            | ExerciseId::StillLoggedIn
            | ExerciseId::NoRevokeOnLogout
            | ExerciseId::Disconnect
            | ExerciseId::WhenToRevoke => Section::Course,
            _ => Section::Beyond,
        }
    }

    /// Whether the course's app (`app/`) leaves this check to the hardened app, by design: how
    /// long tokens live is past the lesson, and the course's app shows what happens without
    /// care for it (older GitHub tokens alive after a disconnect; a disconnect that fails while
    /// the provider is down).
    pub fn hardened_only(self) -> bool {
        matches!(
            self,
            ExerciseId::NoOrphanedTokens | ExerciseId::DisconnectOutage
        )
    }

    /// Whether the exercise drives the app (the question needs neither app nor mocks).
    pub fn drives_app(self) -> bool {
        self != ExerciseId::WhenToRevoke
    }

    /// Every hint the exercise's check can raise: the TOML must give each one, and no other.
    pub fn hints(self) -> Vec<Hint> {
        let own: &[Hint] = match self {
            ExerciseId::Logout => &[
                Hint::LogoutRoute,
                Hint::LogoutBody,
                Hint::ClearCookie,
                Hint::ServerSession,
                Hint::NewSession,
            ],
            ExerciseId::StillLoggedIn => &[
                Hint::ProviderSession,
                Hint::Relogin,
                Hint::ProviderLogout,
                Hint::Unanswered,
                Hint::Observed,
            ],
            ExerciseId::NoRevokeOnLogout => &[],
            ExerciseId::Disconnect => &[
                Hint::Link,
                Hint::DisconnectRoute,
                Hint::NoRevocationGithub,
                Hint::NoRevocationGoogle,
                Hint::RejectedGithub,
                Hint::RejectedGoogle,
                Hint::WrongToken,
                Hint::Unlink,
                Hint::Session,
            ],
            ExerciseId::WhenToRevoke => &[Hint::Unanswered],
            ExerciseId::NoOrphanedTokens => &[Hint::OrphanGithub, Hint::OrphanGoogle],
            ExerciseId::DisconnectOutage => &[
                Hint::Queue,
                Hint::Retry,
                Hint::Once,
                Hint::Unlink,
                Hint::Session,
            ],
            ExerciseId::StateBound => &[Hint::OtherBrowser, Hint::ReusedState],
            ExerciseId::SessionRotates => &[Hint::Planted, Hint::SameId],
            ExerciseId::CookieFlags => &[Hint::HttpOnly, Hint::SameSite],
            ExerciseId::GetLogout => &[],
            ExerciseId::NoSecretsInBrowser => &[Hint::Token, Hint::Secret],
            ExerciseId::ForeignOrigin => &[],
        };
        let shared = if self.drives_app() {
            FLOW_HINTS
        } else {
            &[Hint::Default]
        };
        let mut all: Vec<Hint> = shared.iter().chain(own).copied().collect();
        all.sort();
        all.dedup();
        all
    }
}

impl std::fmt::Display for ExerciseId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_back_by_name_and_the_course_comes_first() {
        for id in ExerciseId::ALL {
            let json = serde_json::to_value(id).unwrap();
            assert_eq!(json, id.as_str());
            assert_eq!(ExerciseId::parse(id.as_str()), Some(id));
        }
        let sections: Vec<Section> = ExerciseId::ALL.iter().map(|e| e.section()).collect();
        let first_beyond = sections.iter().position(|s| *s == Section::Beyond).unwrap();
        assert!(
            sections[first_beyond..]
                .iter()
                .all(|s| *s == Section::Beyond)
        );
    }
}
