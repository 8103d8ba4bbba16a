//! `when-to-revoke`: the lesson's closing question, answered in a file under `exercises/`.

use crate::context::{Ctx, Failure};
use crate::quiz::{Answer, Grade, Question};
use crate::registry::Hint;

pub async fn run(ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    let exercise = ctx.exercise;
    let dir = ctx.env.catalog.dir.clone();
    let (Some(question_file), Some(answer_file)) = (&exercise.question, &exercise.answer) else {
        return Err(
            Failure::new("exercises.toml gives this exercise no question or answer file")
                .expected("question = \"...question.toml\" and answer = \"...answer.toml\""),
        );
    };
    let answer_path = crate::shown(&dir.join(answer_file));
    ctx.step(format!("read the answer in {answer_path}"))
        .await?;
    let question = Question::load(&dir.join(question_file)).map_err(Failure::from)?;
    let answer = Answer::load(&dir.join(answer_file)).map_err(|e| {
        Failure::new(format!("{e:#}"))
            .expected("answer = [\"x\", \"y\"]")
            .hint(Hint::Unanswered)
    })?;
    ctx.step("grade the answer").await?;
    verdict(&question, &answer)
}

/// What the grade of an answer means for the student.
fn verdict(question: &Question, answer: &Answer) -> Result<(), Failure> {
    let picked = format!("answer = {:?}", answer.answer);
    match question.grade(answer) {
        Grade::Right => Ok(()),
        Grade::Unanswered => Err(Failure::new("the question is not answered yet")
            .expected("the letters of every right choice")
            .actual(picked)
            .hint(Hint::Unanswered)),
        Grade::UnknownKeys(keys) => {
            let choices: Vec<_> = question.choices.iter().map(|c| c.key.as_str()).collect();
            Err(Failure::new(format!("no such choice: {}", keys.join(", ")))
                .expected(format!("letters among {}", choices.join(", ")))
                .actual(picked)
                .hint(Hint::Unanswered))
        }
        Grade::Wrong {
            wrongly_picked,
            missed,
        } => Err(not_quite(&picked, &wrongly_picked, &missed)),
    }
}

/// A wrong answer: how many choices were wrongly picked or missed, and why each.
fn not_quite(
    picked: &str,
    wrongly_picked: &[(String, String)],
    missed: &[(String, String)],
) -> Failure {
    let mut lines = Vec::new();
    for (key, explanation) in wrongly_picked {
        lines.push(format!("{key} is wrong: {explanation}"));
    }
    for (key, explanation) in missed {
        lines.push(format!("{key} is right too: {explanation}"));
    }
    let mut parts = Vec::new();
    if !wrongly_picked.is_empty() {
        let n = wrongly_picked.len();
        parts.push(count(n, "wrong choice picked", "wrong choices picked"));
    }
    if !missed.is_empty() {
        parts.push(count(
            missed.len(),
            "right choice missing",
            "right choices missing",
        ));
    }
    Failure::new(format!("not quite: {}", parts.join(", ")))
        .expected("every right choice, and no other")
        .actual(format!("{picked}\n{}", lines.join("\n")))
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
