//! The strings that many records repeat, kept once each: client ids, account keys, redirect
//! URIs and scope sets. Every code and token of a class's load names one of a few clients
//! and one of its students, so the records share those strings rather than copying them
//! (a token's own value is shared the same way, between the table's indexes and its code).

use std::collections::HashSet;
use std::sync::Arc;

/// The most names, and scope sets, kept to be shared: beyond them a record keeps its own
/// copy (GitHub takes any scope, so the sets a flood of requests could name have no end;
/// sharing is a saving, not a need). The class's names are far fewer.
const MAX_SHARED: usize = 200_000;

/// One shared copy of each name and each scope set a record has used.
#[derive(Debug, Default)]
pub struct Names {
    names: HashSet<Arc<str>>,
    scope_sets: HashSet<Arc<[String]>>,
}

impl Names {
    /// The shared copy of `name`.
    pub fn name(&mut self, name: &str) -> Arc<str> {
        if let Some(shared) = self.names.get(name) {
            return shared.clone();
        }
        let shared: Arc<str> = name.into();
        if self.names.len() < MAX_SHARED {
            self.names.insert(shared.clone());
        }
        shared
    }

    /// The shared copy of a list of scopes, in the order given.
    pub fn scopes(&mut self, scopes: &[String]) -> Arc<[String]> {
        if let Some(shared) = self.scope_sets.get(scopes) {
            return shared.clone();
        }
        let shared: Arc<[String]> = scopes.into();
        if self.scope_sets.len() < MAX_SHARED {
            self.scope_sets.insert(shared.clone());
        }
        shared
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_names_and_scope_lists_share_one_copy() {
        let mut names = Names::default();
        let a = names.name("logout-lab-github");
        let b = names.name(&String::from("logout-lab-github"));
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &names.name("other")));
        let read = vec!["read:user".to_string()];
        let first = names.scopes(&read);
        assert!(Arc::ptr_eq(&first, &names.scopes(&read.clone())));
        let both = names.scopes(&["read:user".into(), "user:email".into()]);
        assert!(!Arc::ptr_eq(&first, &both));
        assert_eq!(&*both, ["read:user", "user:email"]);
    }
}
