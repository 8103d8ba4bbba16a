//! The class: one account per student at each mock, seeded into the in-process mocks, and
//! what each student's `/me` must say.
//!
//! Student *n* signs in as `studentNNNN` at GitHub and `studentNNNN@class.example` at Google,
//! both with that verified address, so that linking the other provider joins the same user.
//! Half the class logs in with GitHub, half with Google. Against an app at `--app-url` the
//! mocks keep their own accounts: every student is Ada, and no cycle links or disconnects
//! (students sharing one account would disconnect each other's links).

use mock_providers::Options;
use mock_providers::config::{GitHubEmail, GitHubUser, GoogleUser, SeedFile, Seeds};

use crate::mocks::Provider;

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

/// `count` students with accounts of their own (for the in-process mocks).
pub fn seeded(count: usize) -> Vec<Student> {
    (1..=count)
        .map(|n| {
            let email = format!("student{n:04}@class.example");
            Student {
                via: if n % 2 == 1 {
                    Provider::GitHub
                } else {
                    Provider::Google
                },
                github: format!("student{n:04}"),
                google: email.clone(),
                email,
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

/// The mocks' options with the class as their only users.
pub fn seeds(students: &[Student]) -> Options {
    let github_users = students.iter().enumerate().map(|(i, s)| GitHubUser {
        login: s.github.clone(),
        id: 3_000_000 + i as u64,
        name: Some(format!("Student {}", i + 1)),
        email: Some(s.email.clone()),
        avatar_url: None,
        emails: vec![GitHubEmail {
            email: s.email.clone(),
            primary: true,
            verified: true,
            visibility: Some("public".into()),
        }],
    });
    let google_users = students.iter().enumerate().map(|(i, s)| GoogleUser {
        sub: format!("3{:020}", i + 1),
        email: s.google.clone(),
        email_verified: true,
        name: format!("Student {}", i + 1),
        given_name: None,
        family_name: None,
        picture: None,
    });
    let seeds = SeedFile {
        github: Some(Seeds {
            users: github_users.collect(),
            clients: vec![],
        }),
        google: Some(Seeds {
            users: google_users.collect(),
            clients: vec![],
        }),
    };
    Options {
        seeds,
        ..Options::default()
    }
}
