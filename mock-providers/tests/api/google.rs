//! The mock Google against the Google section of `PROVIDERS.md`: real servers, real HTTP.
//! One file per concern, named as the `src/google/` file it tests (and as its GitHub twin
//! in `github/`):
//!
//! - [`flow`]: the whole flow with the `oauth2` crate, the ID token checked with `jsonwebtoken`;
//! - [`signin`]: sign-in, the `SID` cookie, the home page, sign-out;
//! - [`authorize`]: `/o/oauth2/v2/auth`: validation order, prompts, consent, PKCE;
//! - [`token`]: `POST /token`, its answers and errors;
//! - [`resources`]: userinfo (its two shapes, on four paths) and tokeninfo;
//! - [`id_token`]: discovery and the keys that verify ID tokens (a JWKS, a certificate);
//! - [`revoke`]: `POST /revoke` accepted, and the whole grant ending (GitHub's twin:
//!   `applications`);
//! - [`refusals`]: every refused `/revoke`, its status and recorded reason;
//! - [`lifetimes`]: a new access token per exchange, the refresh-token limit, what ended each;
//! - [`connections`]: the account's third-party connections, where the user removes an
//!   app's access (GitHub's twin: `settings`);
//! - [`bad_input`]: malformed, missing, wrong-method and oversized requests;
//! - [`views`]: the pages as a person sees them: the Mock badge, Google's look (never
//!   GitHub's), the account chooser, consent in words;
//! - [`support`]: the steps they share.

mod authorize;
mod bad_input;
mod connections;
mod flow;
mod id_token;
mod lifetimes;
mod refusals;
mod resources;
mod revoke;
mod signin;
pub(crate) mod support;
mod token;
mod views;
