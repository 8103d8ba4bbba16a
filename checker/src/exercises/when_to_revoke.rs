//! `when-to-revoke`: the lesson's closing question, answered in a file ([`crate::answers`]).

use super::{ExerciseId, Section, Spec};
use crate::answers::UNANSWERED;
use crate::context::{Ctx, Failure};
use crate::quiz::{Answer, Grade, Question};

pub const SPEC: Spec = Spec {
    id: ExerciseId::new("when-to-revoke"),
    section: Section::Course,
    hints: &[UNANSWERED],
    drives_app: false,
    hardened_only: false,
    run: |ctx| Box::pin(run(ctx)),
};

pub async fn run(ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    let exercise = ctx.exercise;
    let dir = ctx.env.catalog.dir.clone();
    let (Some(question_file), Some(answer_file)) = (&exercise.question, &exercise.answer) else {
        return Err(
            Failure::new("exercises.toml gives this exercise no question or answer file")
                .expected("question = \"...question.toml\" and answer = \"...answer.toml\""),
        );
    };
    let path = ctx.env.answers.file(answer_file);
    let shown = path
        .as_deref()
        .map_or_else(|_| answer_file.clone(), crate::shown);
    ctx.step(format!("read the answer in {shown}")).await?;
    let path = path?;
    let question = Question::load(&dir.join(question_file)).map_err(Failure::from)?;
    let answer = Answer::load(&path).map_err(|e| {
        Failure::new(format!("{e:#}"))
            .expected("answer = [\"x\", \"y\"]")
            .hint(UNANSWERED)
    })?;
    ctx.step("grade the answer").await?;
    verdict(ctx, &question, &answer)
}

/// What the grade of an answer means for the student: a right answer's explanations become
/// notes (with `--verbose`); a wrong one says why each wrong pick is wrong, and whether a right choice is
/// missing, never which.
fn verdict(ctx: &mut Ctx<'_>, question: &Question, answer: &Answer) -> Result<(), Failure> {
    let picked = format!("answer = {:?}", answer.answer);
    match question.grade(answer) {
        Grade::Right(explained) if ctx.env.log.is_some() => {
            for (key, explanation) in explained {
                ctx.note(format!("{key}. {explanation}"));
            }
            Ok(())
        }
        Grade::Right(_) => {
            ctx.note("why each choice is right or wrong: add --verbose".into());
            Ok(())
        }
        Grade::Unanswered => Err(Failure::new("the question is not answered yet")
            .expected("the letters of every right choice")
            .actual(picked)
            .hint(UNANSWERED)),
        Grade::UnknownKeys(keys) => {
            let choices: Vec<_> = question.choices.iter().map(|c| c.key.as_str()).collect();
            Err(Failure::new(format!("no such choice: {}", keys.join(", ")))
                .expected(format!("letters among {}", choices.join(", ")))
                .actual(picked)
                .hint(UNANSWERED))
        }
        Grade::Wrong {
            wrongly_picked,
            missing,
        } => Err(not_quite(&picked, &wrongly_picked, missing)),
    }
}

/// A wrong answer: each wrong pick with its explanation, and whether a right choice is
/// missing.
fn not_quite(picked: &str, wrongly_picked: &[(String, String)], missing: bool) -> Failure {
    let mut parts = Vec::new();
    if !wrongly_picked.is_empty() {
        let keys: Vec<&str> = wrongly_picked.iter().map(|(k, _)| k.as_str()).collect();
        parts.push(format!("{} is wrong", keys.join(" and ")));
    }
    if missing {
        parts.push("a right choice is missing".to_string());
    }
    let why: Vec<String> = wrongly_picked
        .iter()
        .map(|(key, explanation)| format!("{key}: {explanation}"))
        .collect();
    let actual = match why.is_empty() {
        true => format!("{picked}: every choice you picked is right, but not every right one"),
        false => format!("{picked}. {}", why.join(" ")),
    };
    Failure::new(format!("not quite: {}", parts.join(", and ")))
        .expected("every right choice, and no other")
        .actual(actual)
}
