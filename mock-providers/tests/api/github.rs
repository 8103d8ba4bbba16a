//! The mock GitHub against the GitHub section of `PROVIDERS.md`: real servers on port 0.
//! One file per concern, named as the `src/github/` file it tests (and as its Google twin
//! in `google/`):
//!
//! - [`flow`]: the whole authorization code flow with the `oauth2` crate, PKCE, revocation;
//! - [`signin`]: sign-in before authorize, the session cookies, the home page, sign-out;
//! - [`authorize`]: `/login/oauth/authorize`: redirect_uri rule, PKCE, consent, grants;
//! - [`token`]: `POST /login/oauth/access_token`, its formats and errors;
//! - [`resources`]: `/user` and `/user/emails`;
//! - [`applications`]: the four `/applications/{client_id}/...` calls and their effects
//!   (Google's twin: `revoke`);
//! - [`refusals`]: every refused revocation, its status and recorded reason;
//! - [`lifetimes`]: a new token per authorization, the limit of ten, what ended each token;
//! - [`settings`]: Settings → Applications, where the user revokes an app (Google's twin:
//!   `connections`);
//! - [`answers`]: the 404, a page for a browser and JSON for a program;
//! - [`bad_input`]: malformed, missing, wrong-method and oversized requests;
//! - [`views`]: the pages as a person sees them: the Mock badge, GitHub's look, the scopes
//!   in GitHub's words, the avatars;
//! - [`support`]: the steps they share.

mod answers;
mod applications;
mod authorize;
mod bad_input;
mod flow;
mod lifetimes;
mod refusals;
mod resources;
mod settings;
mod signin;
pub(crate) mod support;
mod token;
mod views;
