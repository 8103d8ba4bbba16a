//! The app's empty database, made once for a run and copied for each lab: a lab's app then
//! opens a database that is already migrated and sealed with the run's key, which takes about
//! a millisecond where making one takes three or four (mostly SQLite parsing the schema).

use std::path::PathBuf;

use app::db::vault::{Key, KeySource};
use tempfile::TempDir;

use super::CannotRun;

/// What the empty database's file and each lab's copy are called.
const FILE: &str = "logout-lab.db";

/// An empty database of the app, in a temporary folder of its own.
pub struct EmptyDatabase {
    dir: TempDir,
    key: Key,
}

/// One lab's copy: its folder, removed when dropped, and the database's path in it.
pub struct Copy {
    pub dir: TempDir,
    pub path: PathBuf,
}

impl EmptyDatabase {
    /// Makes it, on a blocking thread (files and SQLite).
    pub async fn new() -> Result<EmptyDatabase, CannotRun> {
        let made = tokio::task::spawn_blocking(|| {
            let dir = tempfile::tempdir()?;
            let key = Key::random();
            app::db::create(&dir.path().join(FILE), &KeySource::Key(key.clone()))?;
            anyhow::Ok(EmptyDatabase { dir, key })
        })
        .await;
        match made {
            Ok(Ok(empty)) => Ok(empty),
            Ok(Err(e)) => Err(CannotRun(format!(
                "could not make the app's database in a temporary folder: {e:#}"
            ))),
            Err(e) => Err(CannotRun(format!("could not make the app's database: {e}"))),
        }
    }

    /// A copy for one lab, in a temporary folder of its own (a file of some 100 KiB, copied
    /// in place: no blocking worth a thread).
    pub fn copy(&self) -> std::io::Result<Copy> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join(FILE);
        std::fs::copy(self.dir.path().join(FILE), &path)?;
        Ok(Copy { dir, path })
    }

    /// The key that opens every copy.
    pub fn key(&self) -> KeySource {
        KeySource::Key(self.key.clone())
    }
}
