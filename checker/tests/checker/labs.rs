//! Where each check runs: in-process, a fresh app and fresh mocks of its own (a lab), with
//! the checks at once (`--jobs`); the `--verbose` transcript still reads check by check.

use std::collections::BTreeSet;

use checker::exercises::ExerciseId;

use crate::binary::checker_bin;

/// One check's part of a `--verbose` transcript.
struct Section<'t> {
    id: &'t str,
    /// The app's, the mock GitHub's and the mock Google's ports, from its lab line.
    lab: Option<[u16; 3]>,
    /// The port of every request the section sent.
    sent_to: Vec<u16>,
}

/// The port of the first `http://127.0.0.1:PORT` in `text`, and the text after it.
fn port(text: &str) -> Option<(u16, &str)> {
    let at = text.find("http://127.0.0.1:")? + "http://127.0.0.1:".len();
    let rest = &text[at..];
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    Some((rest[..digits].parse().ok()?, &rest[digits..]))
}

/// Splits a transcript at its `== ID` lines.
fn sections(transcript: &str) -> Vec<Section<'_>> {
    let mut sections: Vec<Section<'_>> = Vec::new();
    for line in transcript.lines() {
        if let Some(id) = line.strip_prefix("== ") {
            sections.push(Section {
                id,
                lab: None,
                sent_to: vec![],
            });
            continue;
        }
        let section = sections
            .last_mut()
            .expect("every line after a check's header");
        if let Some(rest) = line.strip_prefix("   in a fresh lab: ") {
            let (app, rest) = port(rest).unwrap();
            let (github, rest) = port(rest).unwrap();
            let (google, _) = port(rest).unwrap();
            section.lab = Some([app, github, google]);
        } else if line.starts_with("> ") {
            section
                .sent_to
                .push(port(line).expect("a request to the loopback").0);
        }
    }
    sections
}

fn transcript(args: &[&str]) -> String {
    let output = checker_bin()
        .args(["--app", "hardened", "--strict", "--verbose"])
        .args(args)
        .assert()
        .code(0)
        .get_output()
        .clone();
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn in_process_each_check_drives_a_lab_of_its_own_and_the_transcript_reads_check_by_check() {
    for jobs in [None, Some("1")] {
        let args: Vec<&str> = jobs.iter().flat_map(|n| ["--jobs", n]).collect();
        let text = transcript(&args);
        let sections = sections(&text);
        let ids: Vec<&str> = sections.iter().map(|s| s.id).collect();
        let all: Vec<&str> = crate::helpers::listed().map(ExerciseId::as_str).collect();
        assert_eq!(
            ids, all,
            "every check once, in the catalog's order ({jobs:?})"
        );
        let mut apps = BTreeSet::new();
        for section in &sections {
            let Some(lab) = section.lab else {
                assert!(
                    !ExerciseId::parse(section.id).unwrap().drives_app(),
                    "{} has a lab",
                    section.id
                );
                continue;
            };
            assert!(
                apps.insert(lab[0]),
                "{}'s app is another check's",
                section.id
            );
            assert!(!section.sent_to.is_empty(), "{} sent requests", section.id);
            for port in &section.sent_to {
                assert!(
                    lab.contains(port),
                    "{} sent a request to port {port}, outside its lab {lab:?} ({jobs:?})",
                    section.id
                );
            }
        }
    }
}

#[test]
fn jobs_is_at_least_one() {
    let output = checker_bin().args(["--jobs", "0"]).assert().code(2);
    let stderr = String::from_utf8(output.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("--jobs"), "{stderr}");
}
