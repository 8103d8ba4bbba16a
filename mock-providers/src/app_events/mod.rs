//! The app's events: what the app says happened on its side (a login, a logout, a
//! disconnect, and the token it touched), posted to either mock for the timeline. They are
//! kept in one log both mocks of a process share, never in a provider's own event log, which
//! stays the record of what that provider saw (the checker judges it). Everything about them
//! is here:
//! - [`record`]: what the app reports ([`AppEventKind`]) and one event as kept and listed
//!   ([`AppEventRecord`]);
//! - [`log`]: the bounded log and the signal that wakes the timelines ([`AppEvents`]);
//! - [`routes`]: `/__mock/app-events`, reporting and listing.
//!
//! Only [`record`]'s and [`log`]'s names are re-exported here: the state and the store import
//! them, and [`routes`] imports the state.

pub mod log;
pub mod record;
pub mod routes;

pub use log::AppEvents;
pub use record::{AppEventKind, AppEventRecord};
