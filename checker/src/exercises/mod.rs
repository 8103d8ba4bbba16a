//! The exercise registry: one [`ExerciseId`] per exercise (the ids of `exercises.toml`),
//! with its run function, the hints it can raise, whether it drives the app, and its
//! section. Every exercise has the same shape, `run(&mut Ctx) -> Result<(), Failure>`, one
//! file each; the browser journeys they share are in [`flow`].
//!
//! The course's section holds the lesson's exercises, which a course-faithful app passes; the
//! beyond section holds advice that goes further than the course and fails a run only with
//! `--strict`.

pub mod cookie_flags;
pub mod disconnect;
pub mod flow;
pub mod foreign_origin;
pub mod get_logout;
pub mod logout;
pub mod no_orphans;
pub mod no_revoke;
pub mod no_secrets;
pub mod session_rotates;
pub mod state_bound;
pub mod still_logged_in;
pub mod when_to_revoke;

use serde::{Deserialize, Serialize};

use crate::check::{Ctx, Failure};

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
    NoRevocation,
    RejectedGithub,
    RejectedGoogle,
    WrongToken,
    Unlink,
    Session,
    Unanswered,
    OrphanGithub,
    OrphanGoogle,
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
    pub const ALL: [ExerciseId; 12] = [
        ExerciseId::Logout,
        ExerciseId::StillLoggedIn,
        ExerciseId::NoRevokeOnLogout,
        ExerciseId::Disconnect,
        ExerciseId::WhenToRevoke,
        ExerciseId::NoOrphanedTokens,
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

    /// Whether the exercise drives the app (the question needs neither app nor mocks).
    pub fn drives_app(self) -> bool {
        self != ExerciseId::WhenToRevoke
    }

    /// Every hint the exercise's check can raise: the TOML must give each one, and no other.
    pub fn hints(self) -> Vec<Hint> {
        let own: &[Hint] = match self {
            ExerciseId::Logout => logout::HINTS,
            ExerciseId::StillLoggedIn => still_logged_in::HINTS,
            ExerciseId::NoRevokeOnLogout => &[],
            ExerciseId::Disconnect => disconnect::HINTS,
            ExerciseId::WhenToRevoke => when_to_revoke::HINTS,
            ExerciseId::NoOrphanedTokens => no_orphans::HINTS,
            ExerciseId::StateBound => state_bound::HINTS,
            ExerciseId::SessionRotates => session_rotates::HINTS,
            ExerciseId::CookieFlags => cookie_flags::HINTS,
            ExerciseId::GetLogout => &[],
            ExerciseId::NoSecretsInBrowser => no_secrets::HINTS,
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

    /// Runs the exercise's check.
    pub async fn run(self, ctx: &mut Ctx<'_>) -> Result<(), Failure> {
        match self {
            ExerciseId::Logout => logout::run(ctx).await,
            ExerciseId::StillLoggedIn => still_logged_in::run(ctx).await,
            ExerciseId::NoRevokeOnLogout => no_revoke::run(ctx).await,
            ExerciseId::Disconnect => disconnect::run(ctx).await,
            ExerciseId::WhenToRevoke => when_to_revoke::run(ctx).await,
            ExerciseId::NoOrphanedTokens => no_orphans::run(ctx).await,
            ExerciseId::StateBound => state_bound::run(ctx).await,
            ExerciseId::SessionRotates => session_rotates::run(ctx).await,
            ExerciseId::CookieFlags => cookie_flags::run(ctx).await,
            ExerciseId::GetLogout => get_logout::run(ctx).await,
            ExerciseId::NoSecretsInBrowser => no_secrets::run(ctx).await,
            ExerciseId::ForeignOrigin => foreign_origin::run(ctx).await,
        }
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
