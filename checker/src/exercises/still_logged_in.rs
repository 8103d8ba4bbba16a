//! `still-logged-in` (the lesson's Exercise 2): the student tries it by hand and writes what
//! they saw in `exercises/still-logged-in.answer.toml`; the checker does the same and compares.
//! After logging out of the app the provider still has its own session; logging in again skips
//! its sign-in page; and signing out at the provider leaves the app's session alone.

use common::Provider;
use serde::Deserialize;

use super::flow::{self, check_logout, logout};
use super::{ExerciseId, Hint, Section, Spec};
use crate::answers::UNANSWERED;
use crate::context::{Ctx, Failure};
use crate::mocks::ProviderPages;

pub const SPEC: Spec = Spec {
    id: ExerciseId::new("still-logged-in"),
    section: Section::Course,
    hints: &[
        PROVIDER_SESSION,
        RELOGIN,
        PROVIDER_LOGOUT,
        UNANSWERED,
        OBSERVED,
    ],
    drives_app: true,
    hardened_only: false,
    run: |ctx| Box::pin(run(ctx)),
};

pub const PROVIDER_SESSION: Hint = Hint::new("provider-session");
pub const RELOGIN: Hint = Hint::new("relogin");
pub const PROVIDER_LOGOUT: Hint = Hint::new("provider-logout");
pub const OBSERVED: Hint = Hint::new("observed");

const USER: &str = "grace";

const GITHUB: Provider = Provider::GitHub;

pub async fn run(ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    ctx.step(format!("log in with GitHub as {USER}")).await?;
    flow::login(ctx, GITHUB, USER).await?;

    ctx.step("POST /logout").await?;
    let response = logout(ctx).await?;
    check_logout(&response)?;

    ctx.step("GitHub's home page, with the browser's cookies, still shows the user")
        .await?;
    still_signed_in_at_github(ctx).await?;

    ctx.step("the mock GitHub's state lists the user's provider session")
        .await?;
    github_lists_the_session(ctx).await?;

    ctx.step("log in again: no GitHub sign-in page").await?;
    let again = flow::login(ctx, GITHUB, USER).await?;
    if again.saw_sign_in {
        return Err(
            Failure::new("logging in again showed GitHub's sign-in page")
                .expected("GitHub's session is reused: straight back to the app")
                .actual("GitHub asked the user to sign in again")
                .hint(RELOGIN),
        );
    }
    flow::me_ok(ctx).await?;

    ctx.step("sign out at GitHub: the app's session survives")
        .await?;
    sign_out_at_github(ctx).await?;

    let Some(file) = ctx.exercise.answer.clone() else {
        return Err(
            Failure::new("exercises.toml gives this exercise no answer file")
                .expected("answer = \"still-logged-in.answer.toml\""),
        );
    };
    let path = ctx.env.answers.file(&file);
    let shown = path.as_deref().map_or(file, crate::shown);
    ctx.step(format!("read your answers in {shown}")).await?;
    let seen = Seen::load(&path?)?;
    seen.matches_what_happened()?;
    ctx.note(format!("why, in your words: {}", seen.why.trim()));
    Ok(())
}

/// What the student saw, by hand: "yes" or "no" to each question of the answer file, and why.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Seen {
    #[serde(default)]
    still_signed_in_at_github: String,
    #[serde(default)]
    github_asks_to_sign_in_again: String,
    #[serde(default)]
    still_logged_in_to_the_app: String,
    #[serde(default)]
    why: String,
}

/// The fewest words of a `why` the checker takes as a sentence.
const WHY_WORDS: usize = 5;

impl Seen {
    /// Reads the answer file; a missing file is nothing seen yet.
    fn load(path: &std::path::Path) -> Result<Seen, Failure> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(Failure::new(format!("cannot read {}: {e}", path.display()))),
        };
        toml::from_str(&text).map_err(|e| {
            Failure::new(format!(
                "{} is not what the checker can read",
                crate::shown(path)
            ))
            .expected("each answer \"yes\" or \"no\", in quotes, and why = \"...\"")
            .actual(e.message().to_string())
            .hint(UNANSWERED)
        })
    }

    /// Each answer against what the checker saw in the steps above (and the student, by hand).
    fn matches_what_happened(&self) -> Result<(), Failure> {
        let answers = [
            (
                "still_signed_in_at_github",
                &self.still_signed_in_at_github,
                "yes",
                "GitHub's home page still says grace is signed in after the app's logout",
            ),
            (
                "github_asks_to_sign_in_again",
                &self.github_asks_to_sign_in_again,
                "no",
                "logging in again goes straight through GitHub, with no sign-in page",
            ),
            (
                "still_logged_in_to_the_app",
                &self.still_logged_in_to_the_app,
                "yes",
                "after signing out at GitHub, GET /me still answers 200",
            ),
        ];
        let unanswered: Vec<&str> = answers
            .iter()
            .filter(|(_, answer, _, _)| answer.trim().is_empty())
            .map(|(name, _, _, _)| *name)
            .collect();
        let why_words = self.why.split_whitespace().count();
        if !unanswered.is_empty() || why_words < WHY_WORDS {
            let mut missing = unanswered.join(", ");
            if why_words < WHY_WORDS {
                missing.push_str(if missing.is_empty() { "why" } else { ", why" });
            }
            return Err(Failure::new("you have not written what you saw yet")
                .expected(format!("\"yes\" or \"no\" to each question, and why in a sentence ({WHY_WORDS} words or more)"))
                .actual(format!("still to answer: {missing}"))
                .hint(UNANSWERED));
        }
        for (name, answer, truth, what) in answers {
            let said = answer.trim().to_lowercase();
            if said != "yes" && said != "no" {
                return Err(Failure::new(format!("{name} is {answer:?}"))
                    .expected("\"yes\" or \"no\"")
                    .actual(format!("{name} = {answer:?}"))
                    .hint(UNANSWERED));
            }
            if said != truth {
                return Err(Failure::new(format!(
                    "you wrote {name} = \"{said}\", but the checker saw otherwise"
                ))
                .expected(format!("what happens: {what}"))
                .actual(format!("{name} = \"{said}\""))
                .hint(OBSERVED));
            }
        }
        Ok(())
    }
}

/// GitHub's home page, with the browser's cookies, says the user is signed in there.
async fn still_signed_in_at_github(ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    let home = ctx.env.mock(GITHUB).base.clone();
    let page = ctx.browser.get(&home).await?;
    let cookie = ctx.browser.jar.get(&home, GITHUB.session_cookie());
    let says = page.status == 200 && page.body.contains("Signed in as") && page.body.contains(USER);
    if says && cookie.is_some() {
        return Ok(());
    }
    Err(
        Failure::new("after the app's logout, GitHub no longer knows the user")
            .expected(format!(
                "GitHub's home page says \"Signed in as {USER}\" (cookie {})",
                GITHUB.session_cookie()
            ))
            .actual(page.describe())
            .hint(PROVIDER_SESSION),
    )
}

/// The mock's own state lists the user's provider session, the one the browser's cookie
/// names (mocks found running may keep other sessions of the user from earlier runs).
async fn github_lists_the_session(ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    let mock = ctx.env.mock(GITHUB).clone();
    let cookie = ctx.browser.jar.get(&mock.base, GITHUB.session_cookie());
    let state = mock.state(&mut ctx.inspector).await?;
    let ours = state
        .sessions
        .iter()
        .find(|s| Some(&s.id) == cookie.as_ref());
    if ours.is_some_and(|s| s.username.as_deref().unwrap_or(&s.user) == USER) {
        return Ok(());
    }
    Err(
        Failure::new("GET /__mock/state lists no GitHub session for the browser's cookie")
            .expected(format!(
                "a session of {USER}, the one the browser's cookie names"
            ))
            .actual(match ours {
                Some(s) => format!(
                    "that session is {}'s",
                    s.username.as_deref().unwrap_or(&s.user)
                ),
                None => "no session with the browser's cookie".into(),
            })
            .hint(PROVIDER_SESSION),
    )
}

/// Ends the user's session at GitHub: the app's session must survive.
async fn sign_out_at_github(ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    let mock = ctx.env.mock(GITHUB).clone();
    mock.end_session(&mut ctx.inspector, USER).await?;
    // Make sure the provider's session really ended, or this step would prove nothing.
    let page = ctx.browser.get(&mock.base).await?;
    if page.body.contains("Signed in as") {
        return Err(
            Failure::new("the mock GitHub did not end the user's session when asked")
                .expected("GitHub's home page without a signed-in user")
                .actual(page.describe()),
        );
    }
    let response = flow::me(ctx, None).await?;
    if response.status == 200 {
        return Ok(());
    }
    Err(
        Failure::new("signing out at GitHub ended the app's session")
            .expected("GET /me answers 200: the app's session is its own")
            .actual(response.describe())
            .hint(PROVIDER_LOGOUT),
    )
}
