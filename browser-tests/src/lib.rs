//! The lesson clicked through in a real browser: headless Chromium (Debian's `chromium`),
//! driven over WebDriver by `chromedriver`, against the app and both mocks started in-process
//! on port 0.
//!
//! - [`chrome`]: starting `chromedriver` on a free port and a headless Chromium session, or
//!   saying loudly why the browser tests are skipped;
//! - [`lab`]: the app (in mock mode) and the two mocks, as a person would run them;
//! - [`page`]: what the tests do with a page: click, wait, read, check it fits a phone, and
//!   save screenshots (on failure, and for the README).
//!
//! Without Chromium or chromedriver the tests print why and pass without running; with
//! `LOGOUT_LAB_BROWSER_TESTS=require` (as CI sets it) that is a failure instead.

pub mod chrome;
pub mod lab;
pub mod page;

pub use chrome::Chrome;
pub use lab::Lab;
pub use page::Page;
