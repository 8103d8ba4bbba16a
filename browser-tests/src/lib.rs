//! The lesson clicked through in a real browser: headless Chromium (Debian's `chromium`),
//! driven over WebDriver by `chromedriver`, against an app and both mocks started in-process
//! on port 0.
//!
//! - [`chrome`]: starting `chromedriver` on a free port and a headless Chromium session, or
//!   saying loudly why the browser tests are skipped;
//! - [`lab`]: the two mocks and either app, as a person would run them: the course's app
//!   (`app/`, [`Lab::course`]), or the hardened app (`hardened-app/`, [`Lab::hardened`]) with
//!   its timeline reports and quick retries;
//! - [`page`]: what the tests do with a page: click, wait, read, check it fits a phone, and
//!   save screenshots (on failure, and for the README);
//! - [`sign_in`]: what they press on the mocks' sign-in and consent pages.
//!
//! The tests (`tests/`): `lesson.rs` walks the lesson with the course's app on a desktop
//! (GitHub login, Log out, still signed in at GitHub, a re-login that revokes nothing, Google
//! linked, Disconnect GitHub watched on the mock's dashboard: the held token revoked, the first
//! login's still alive) and the same walk on a phone's viewport, where no page may be wider
//! than the screen; then the hardened app through a GitHub outage (the disconnect pending, the
//! revocation arriving live on the dashboard, the timeline). `report.rs` opens the checker's
//! HTML report of a run against the course's app. With `LOGOUT_LAB_SCREENSHOTS=docs/screenshots`
//! they remake the README's pictures.
//!
//! Without Chromium or chromedriver the tests print why and pass without running; with
//! `LOGOUT_LAB_BROWSER_TESTS=require` (as CI sets it) that is a failure instead.

pub mod chrome;
pub mod lab;
pub mod page;
pub mod sign_in;

pub use chrome::Chrome;
pub use lab::Lab;
pub use page::Page;
