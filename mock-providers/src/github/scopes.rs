//! GitHub's OAuth scopes in the words GitHub shows people (the scope list of GitHub's token
//! settings), for the consent page. The mock accepts any scope name, as GitHub ignores the
//! ones it does not know; those are shown by name.

/// (scope, what GitHub says it allows), in the order of GitHub's list.
const DESCRIPTIONS: &[(&str, &str)] = &[
    ("repo", "Full control of private repositories"),
    ("repo:status", "Access commit status"),
    ("repo_deployment", "Access deployment status"),
    ("public_repo", "Access public repositories"),
    ("repo:invite", "Access repository invitations"),
    ("security_events", "Read and write security events"),
    ("workflow", "Update GitHub Action workflows"),
    (
        "write:packages",
        "Upload packages to GitHub Package Registry",
    ),
    (
        "read:packages",
        "Download packages from GitHub Package Registry",
    ),
    (
        "delete:packages",
        "Delete packages from GitHub Package Registry",
    ),
    (
        "admin:org",
        "Full control of orgs and teams, read and write org projects",
    ),
    (
        "write:org",
        "Read and write org and team membership, read and write org projects",
    ),
    (
        "read:org",
        "Read org and team membership, read org projects",
    ),
    ("admin:public_key", "Full control of user public keys"),
    ("write:public_key", "Write user public keys"),
    ("read:public_key", "Read user public keys"),
    ("admin:repo_hook", "Full control of repository hooks"),
    ("write:repo_hook", "Write repository hooks"),
    ("read:repo_hook", "Read repository hooks"),
    ("admin:org_hook", "Full control of organization hooks"),
    ("gist", "Create gists"),
    ("notifications", "Access notifications"),
    ("user", "Update all user data"),
    ("read:user", "Read all user profile data"),
    ("user:email", "Access user email addresses (read-only)"),
    ("user:follow", "Follow and unfollow users"),
    ("delete_repo", "Delete repositories"),
    ("admin:gpg_key", "Full control of public user GPG keys"),
    ("write:gpg_key", "Write public user GPG keys"),
    ("read:gpg_key", "Read public user GPG keys"),
    ("codespace", "Full control of codespaces"),
    ("project", "Full control of projects"),
    ("read:project", "Read access of projects"),
];

/// What an app gets with no scope at all.
pub const NO_SCOPE: &str = "Read-only access to public information (profile, repositories, gists)";

/// The words for `scope`, or `None` for a scope GitHub does not list.
pub fn describe(scope: &str) -> Option<&'static str> {
    DESCRIPTIONS
        .iter()
        .find(|(name, _)| *name == scope)
        .map(|(_, words)| *words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sign_in_scopes_read_as_on_github() {
        assert_eq!(describe("read:user"), Some("Read all user profile data"));
        assert_eq!(
            describe("user:email"),
            Some("Access user email addresses (read-only)")
        );
        assert_eq!(describe("user:emails"), None);
        let names: Vec<&str> = DESCRIPTIONS.iter().map(|(n, _)| *n).collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(names.len(), unique.len(), "each scope once");
    }
}
