//! Finding accounts: by key, or by what a person types on a sign-in page.

use super::inner::Inner;
use crate::api::Account;

impl Inner {
    pub fn account(&self, key: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.key() == key)
    }

    /// The account a person means by what they typed (GitHub login or Google email, either
    /// case-insensitively, or the key).
    pub fn account_by_username(&self, username: &str) -> Option<&Account> {
        let username = username.trim();
        self.accounts
            .iter()
            .find(|a| a.username().eq_ignore_ascii_case(username) || a.key() == username)
    }

    /// The login or email of an account key, if the account exists.
    pub fn username_of(&self, key: &str) -> Option<String> {
        self.account(key).map(|a| a.username().to_string())
    }
}
