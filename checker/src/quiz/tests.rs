//! The grading on a question of these tests' own (so that no test spells out the lesson's
//! answer: the student edition holds the checker's sources), and the shipped question against
//! the shipped answer file and page.

use super::*;
use crate::catalog::default_dir;

const FRUIT: &str = r#"
question = "Which of these are fruit?"

[[choice]]
key = "a"
text = "An apple"
correct = true
explanation = "An apple grows from a flower."

[[choice]]
key = "b"
text = "A carrot"
correct = false
explanation = "A carrot is a root."

[[choice]]
key = "c"
text = "A tomato"
correct = true
explanation = "A tomato holds its seeds."
"#;

/// A question written plainly into a file, and loaded (sealed) from it.
fn question(text: &str) -> Question {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("q.toml");
    std::fs::write(&file, text).unwrap();
    Question::load(&file).unwrap()
}

fn answer(keys: &[&str]) -> Answer {
    Answer {
        answer: keys.iter().map(|k| k.to_string()).collect(),
    }
}

fn keys(explained: &[(String, String)]) -> Vec<&str> {
    explained.iter().map(|(k, _)| k.as_str()).collect()
}

#[test]
fn the_right_answer_opens_every_explanation() {
    let Grade::Right(explained) = question(FRUIT).grade(&answer(&["C", "a."])) else {
        panic!("a and c are fruit");
    };
    assert_eq!(keys(&explained), ["a", "b", "c"]);
    assert_eq!(explained[1].1, "A carrot is a root.");
}

#[test]
fn a_wrong_pick_is_explained_and_a_missed_right_choice_is_never_named() {
    let fruit = question(FRUIT);
    let wrong = |keys: &[&str]| match fruit.grade(&answer(keys)) {
        Grade::Wrong {
            wrongly_picked,
            missing,
        } => (wrongly_picked, missing),
        other => panic!("{keys:?}: {other:?}"),
    };
    let (picked, missing) = wrong(&["a", "b"]);
    assert_eq!(
        picked,
        [("b".to_string(), "A carrot is a root.".to_string())]
    );
    assert!(missing, "c is missing, unnamed");
    assert_eq!(wrong(&["a"]), (vec![], true));
    let (picked, missing) = wrong(&["a", "b", "c"]);
    assert_eq!(keys(&picked), ["b"]);
    assert!(!missing, "every right choice is there, b is one too many");
}

#[test]
fn the_sealed_file_grades_alike_and_holds_no_explanation() {
    let fruit = question(FRUIT);
    let text = fruit.sealed_toml();
    let sealed = question(&text);
    assert!(matches!(
        sealed.grade(&answer(&["a", "c"])),
        Grade::Right(_)
    ));
    assert!(matches!(sealed.grade(&answer(&["b"])), Grade::Wrong { .. }));
    for explanation in ["grows from a flower", "is a root", "holds its seeds"] {
        assert!(!text.contains(explanation), "{text}");
    }
    assert!(
        !text.contains("correct =") && !text.contains("explanation ="),
        "{text}"
    );
}

#[test]
fn empty_unknown_and_missing_answers() {
    let fruit = question(FRUIT);
    assert_eq!(fruit.grade(&answer(&[])), Grade::Unanswered);
    assert_eq!(
        fruit.grade(&answer(&["z"])),
        Grade::UnknownKeys(vec!["z".into()])
    );
    let missing = Answer::load(Path::new("/nonexistent/answer.toml")).unwrap();
    assert_eq!(fruit.grade(&missing), Grade::Unanswered);
}

#[test]
fn the_shipped_answer_is_right_and_the_page_shows_every_choice() {
    let shipped = Question::load(&default_dir().join("when-to-revoke.question.toml")).unwrap();
    let answer = Answer::load(&default_dir().join("when-to-revoke.answer.toml")).unwrap();
    let Grade::Right(explained) = shipped.grade(&answer) else {
        panic!("the reference's answer is the lesson's");
    };
    assert_eq!(
        explained.len(),
        shipped.choices.len(),
        "each choice explained"
    );
    let page = std::fs::read_to_string(default_dir().join("when-to-revoke.md")).unwrap();
    assert!(page.contains(&shipped.question));
    for choice in &shipped.choices {
        let line = format!("- **{}.** {}", choice.key, choice.text);
        assert!(page.contains(&line), "when-to-revoke.md lacks `{line}`");
    }
}
