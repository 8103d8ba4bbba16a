//! The mock GitHub against the GitHub section of `PROVIDERS.md`: real servers on port 0.
//!
//! - [`flow`]: the whole authorization code flow with the `oauth2` crate, PKCE, revocation;
//! - [`authorize`]: `/login/oauth/authorize`: redirect_uri rule, PKCE, consent, grants;
//! - [`signin`]: sign-in before authorize, the session cookies, the home page, sign-out;
//! - [`token`]: `POST /login/oauth/access_token`, its formats and errors;
//! - [`api`]: `/user` and `/user/emails`;
//! - [`applications`]: the four `/applications/{client_id}/...` calls and their effects;
//! - [`lifetimes`]: a new token per authorization, the limit of ten, what ended each token;
//! - [`refusals`]: every refused revocation, its status and recorded reason;
//! - [`bad_input`]: malformed, missing, wrong-method and oversized requests.

mod api;
mod applications;
mod authorize;
mod bad_input;
mod flow;
mod lifetimes;
mod refusals;
mod signin;
mod support;
mod token;
