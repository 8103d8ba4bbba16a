//! The XML is checked against the elements and attributes of the common JUnit schema (the
//! Jenkins/Ant `junit-10.xsd` that CI tools read): which element may contain which, required
//! attributes, and counts that agree with the cases.

use std::collections::BTreeMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

/// Allowed children and required attributes of each JUnit element.
fn junit_rules(element: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    Some(match element {
        "testsuites" => (&["testsuite"], &[]),
        "testsuite" => (
            &["properties", "testcase", "system-out", "system-err"],
            &["name", "tests"],
        ),
        "properties" => (&["property"], &[]),
        "property" => (&[], &["name", "value"]),
        "testcase" => (
            &["skipped", "error", "failure", "system-out", "system-err"],
            &["name"],
        ),
        "failure" | "error" | "skipped" | "system-out" | "system-err" => (&[], &[]),
        _ => return None,
    })
}

/// Each `<testsuite>`'s attributes, by the suite's name.
pub type Suites = BTreeMap<String, BTreeMap<String, String>>;

type Attributes = BTreeMap<String, String>;

/// Panics unless `xml` follows the JUnit schema's structure, with counts that match; returns
/// the suites' attributes.
pub fn validate_junit(xml: &str) -> Suites {
    let mut reader = Reader::from_str(xml);
    let mut walk = Walk::default();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => walk.open(&e, false),
            Event::Empty(e) => walk.open(&e, true),
            Event::End(_) => {
                walk.stack.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    walk.finish()
}

/// The open elements, and each suite's declared and counted cases.
#[derive(Default)]
struct Walk {
    stack: Vec<String>,
    root: bool,
    suites: Vec<Attributes>,
    counted: Vec<BTreeMap<&'static str, usize>>,
}

impl Walk {
    fn open(&mut self, element: &BytesStart, empty: bool) {
        let name = String::from_utf8(element.name().as_ref().to_vec()).unwrap();
        let (_, required) =
            junit_rules(&name).unwrap_or_else(|| panic!("unknown element <{name}>"));
        self.is_allowed_here(&name);
        let attributes = attributes(element);
        check_attributes(&name, &attributes, required);
        let count = match name.as_str() {
            "testsuite" => {
                self.suites.push(attributes);
                self.counted.push(BTreeMap::new());
                None
            }
            "testcase" => Some("tests"),
            "failure" => Some("failures"),
            "error" => Some("errors"),
            "skipped" => Some("skipped"),
            _ => None,
        };
        if let Some(count) = count {
            *self.counted.last_mut().unwrap().entry(count).or_default() += 1;
        }
        if !empty {
            self.stack.push(name);
        }
    }

    fn is_allowed_here(&mut self, name: &str) {
        match self.stack.last() {
            None => {
                assert!(!self.root, "one root element");
                assert_eq!(name, "testsuites", "the root is <testsuites>");
                self.root = true;
            }
            Some(parent) => {
                let (children, _) = junit_rules(parent).unwrap();
                assert!(children.contains(&name), "<{name}> inside <{parent}>");
            }
        }
    }

    /// Every suite's declared counts agree with its cases.
    fn finish(self) -> Suites {
        assert!(self.root, "a root element");
        for (suite, counts) in self.suites.iter().zip(&self.counted) {
            for attribute in ["tests", "failures", "errors", "skipped"] {
                if let Some(declared) = suite.get(attribute) {
                    let actual = counts.get(attribute).copied().unwrap_or(0);
                    assert_eq!(
                        declared,
                        &actual.to_string(),
                        "{attribute} of suite {suite:?}"
                    );
                }
            }
        }
        self.suites
            .into_iter()
            .map(|attributes| (attributes["name"].clone(), attributes))
            .collect()
    }
}

fn attributes(element: &BytesStart) -> Attributes {
    element
        .attributes()
        .map(|a| {
            let a = a.unwrap();
            let value = a.normalized_value(XmlVersion::Implicit1_0).unwrap();
            (
                String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                value.into_owned(),
            )
        })
        .collect()
}

/// Required attributes are there, counts are counts and times are seconds.
fn check_attributes(name: &str, attributes: &Attributes, required: &[&str]) {
    for attribute in required {
        assert!(
            attributes.contains_key(*attribute),
            "<{name}> needs `{attribute}`"
        );
    }
    for numeric in ["tests", "failures", "errors", "skipped"] {
        if let Some(v) = attributes.get(numeric) {
            v.parse::<usize>()
                .unwrap_or_else(|_| panic!("{numeric}={v} is a count"));
        }
    }
    if let Some(time) = attributes.get("time") {
        time.parse::<f64>()
            .unwrap_or_else(|_| panic!("time={time} is seconds"));
    }
}
