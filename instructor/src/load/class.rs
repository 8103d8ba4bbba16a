//! The class: one account per student at each mock, seeded into the in-process mocks, and
//! what each student's `/me` must say.
//!
//! Student *n* signs in as `studentNNNN` at GitHub and `studentNNNN@class.example` at Google
//! ([`class_member`]), both with that verified address, so that linking the other provider
//! joins the same user. Half the class logs in with GitHub, half with Google. The mocks the
//! load starts have these accounts, and so do mocks started with `--class N`; at mocks
//! without them every student is Ada, and no cycle links or disconnects (students sharing one
//! account would disconnect each other's links).

use std::time::Duration;

use common::Provider;
use mock_providers::Options;
use mock_providers::config::{SeedFile, class_member};
use mock_providers::store::Retention;

/// One simulated student.
#[derive(Debug, Clone)]
pub struct Student {
    /// The provider the student logs in with.
    pub via: Provider,
    /// The GitHub login and the Google email typed at the mocks.
    pub github: String,
    pub google: String,
    /// What `/me` must show as `email`.
    pub email: String,
    /// Whether the student's cycles now and then link the other provider and disconnect it.
    pub links: bool,
}

impl Student {
    /// The name the student signs in with at `provider`.
    pub fn account(&self, provider: Provider) -> &str {
        match provider {
            Provider::GitHub => &self.github,
            Provider::Google => &self.google,
        }
    }

    /// The provider the student links now and then.
    pub fn other(&self) -> Provider {
        match self.via {
            Provider::GitHub => Provider::Google,
            Provider::Google => Provider::GitHub,
        }
    }
}

/// `count` students with accounts of their own ([`class_member`]: the in-process mocks, or
/// mocks started with `--class N`).
pub fn seeded(count: usize) -> Vec<Student> {
    (1..=count)
        .map(|n| {
            let (github, google) = class_member(n);
            Student {
                via: if n % 2 == 1 {
                    Provider::GitHub
                } else {
                    Provider::Google
                },
                github: github.login,
                email: google.email.clone(),
                google: google.email,
                links: true,
            }
        })
        .collect()
}

/// `count` students who all sign in as Ada (the mocks' own seeded account), never linking.
pub fn sharing_ada(count: usize) -> Vec<Student> {
    (0..count)
        .map(|n| Student {
            via: if n % 2 == 0 {
                Provider::GitHub
            } else {
                Provider::Google
            },
            github: "ada".into(),
            google: "ada@example.com".into(),
            email: "ada@example.com".into(),
            links: false,
        })
        .collect()
}

/// The options of the mocks a load starts itself: the default users and a class of `count`,
/// as `mock-providers --class N` gives them, keeping every token that ends for as long as
/// the load lasts: its end-of-run count reads them all.
pub fn seeds(count: usize, lasting: Duration) -> Options {
    let retention = Retention {
        ended: lasting + Duration::from_secs(60),
        max_ended: usize::MAX,
        ..Retention::default()
    };
    Options {
        seeds: SeedFile::default().with_class(count),
        retention,
        ..Options::default()
    }
}
