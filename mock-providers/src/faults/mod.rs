//! Faults: the next N calls of a chosen endpoint answer a chosen status, are delayed, or have
//! their connection dropped, so an app's handling of a provider that is down, slow or
//! refusing can be shown and checked. Everything about them is here:
//! - [`fault`]: what a fault is ([`Fault`]; [`FaultsDoc`], the document of
//!   `GET /__mock/faults`, shared with the checker), in words ([`describe`]), and one call
//!   taken off the armed list ([`take`]), which the store keeps (`Inner::faults`);
//! - [`targets`]: the endpoints a fault may target, by their names in each provider's
//!   endpoint table, and in words;
//! - [`routes`]: `/__mock/faults`, listing, arming and disarming (and [`routes::arm`], which
//!   the timeline's fault form uses too);
//! - [`apply`]: the middleware that applies them around a mock's provider routes.
//!
//! Only [`fault`]'s names are re-exported here: the store imports them, and the others import
//! the store.

pub mod apply;
pub mod fault;
pub mod routes;
pub mod targets;

pub use fault::{Fault, FaultsDoc, describe, take};
