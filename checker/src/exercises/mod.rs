//! The exercises' checks, one file each, all of the same shape, `run(&mut Ctx) -> Result<(),
//! Failure>`, dispatched by [`ExerciseId::run`]; the browser journeys they share are in
//! [`flow`]. What each exercise is (id, section, hints) is in [`crate::registry`].
//!
//! The course's section holds the lesson's exercises, which a course-faithful app passes; the
//! beyond section holds advice that goes further than the course and fails a run only with
//! `--strict`.

pub mod cookie_flags;
pub mod disconnect;
pub mod disconnect_outage;
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

pub use crate::registry::{ExerciseId, Hint, Section};

use crate::context::{Ctx, Failure};

impl ExerciseId {
    /// Runs the exercise's check.
    pub async fn run(self, ctx: &mut Ctx<'_>) -> Result<(), Failure> {
        match self {
            ExerciseId::Logout => logout::run(ctx).await,
            ExerciseId::StillLoggedIn => still_logged_in::run(ctx).await,
            ExerciseId::NoRevokeOnLogout => no_revoke::run(ctx).await,
            ExerciseId::Disconnect => disconnect::run(ctx).await,
            ExerciseId::WhenToRevoke => when_to_revoke::run(ctx).await,
            ExerciseId::NoOrphanedTokens => no_orphans::run(ctx).await,
            ExerciseId::DisconnectOutage => disconnect_outage::run(ctx).await,
            ExerciseId::StateBound => state_bound::run(ctx).await,
            ExerciseId::SessionRotates => session_rotates::run(ctx).await,
            ExerciseId::CookieFlags => cookie_flags::run(ctx).await,
            ExerciseId::GetLogout => get_logout::run(ctx).await,
            ExerciseId::NoSecretsInBrowser => no_secrets::run(ctx).await,
            ExerciseId::ForeignOrigin => foreign_origin::run(ctx).await,
        }
    }
}
