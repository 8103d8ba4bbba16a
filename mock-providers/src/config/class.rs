//! A class of students, one account each at both mocks: `--class N`, and the mocks that
//! `instructor load` starts.

use super::{GitHubEmail, GitHubUser, GoogleUser, SeedFile};

/// Student `n` (from 1): `studentNNNN` at GitHub and `studentNNNN@class.example` at Google,
/// both with that address verified, so that linking the other provider joins the same user
/// of the app.
pub fn class_member(n: usize) -> (GitHubUser, GoogleUser) {
    let email = format!("student{n:04}@class.example");
    let name = format!("Student {n}");
    let github = GitHubUser {
        login: format!("student{n:04}"),
        id: 3_000_000 + n as u64,
        name: Some(name.clone()),
        email: Some(email.clone()),
        avatar_url: None,
        emails: vec![GitHubEmail {
            email: email.clone(),
            primary: true,
            verified: true,
            visibility: Some("public".into()),
        }],
    };
    let google = GoogleUser {
        sub: format!("3{n:020}"),
        email,
        email_verified: true,
        name,
        given_name: None,
        family_name: None,
        picture: None,
    };
    (github, google)
}

impl SeedFile {
    /// These seeds with a class of `students` ([`class_member`]) added to each provider's
    /// users (the file's, or the defaults).
    pub fn with_class(self, students: usize) -> SeedFile {
        let (mut github, mut google) = (self.github(), self.google());
        for (gh, gg) in (1..=students).map(class_member) {
            github.users.push(gh);
            google.users.push(gg);
        }
        SeedFile {
            github: Some(github),
            google: Some(google),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::default_github;

    #[test]
    fn a_class_joins_the_seeded_users_and_each_student_links_by_a_verified_address() {
        let seeds = SeedFile::default().with_class(3);
        let (github, google) = (seeds.github(), seeds.google());
        assert_eq!(github.users.len(), default_github().users.len() + 3);
        assert_eq!(github.clients, default_github().clients);
        let (gh, gg) = (github.users.last().unwrap(), google.users.last().unwrap());
        assert_eq!(
            (gh.login.as_str(), gg.email.as_str()),
            ("student0003", "student0003@class.example")
        );
        assert!(gh.emails[0].verified && gh.emails[0].email == gg.email && gg.email_verified);
        let subs: std::collections::BTreeSet<_> = google.users.iter().map(|u| &u.sub).collect();
        assert_eq!(subs.len(), google.users.len(), "every key is unique");
    }
}
