//! The workspace the checker runs in, found at run time.

use std::path::{Path, PathBuf};

/// A checkout of the logout lab: a folder with the workspace's `Cargo.toml` and the
/// exercises.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub root: PathBuf,
}

impl Workspace {
    /// The nearest folder, from `start` up, that holds `exercises/exercises.toml` beside a
    /// `Cargo.toml`.
    pub fn find(start: &Path) -> Option<Workspace> {
        start
            .ancestors()
            .find(|dir| {
                dir.join("Cargo.toml").is_file() && dir.join("exercises/exercises.toml").is_file()
            })
            .map(|root| Workspace {
                root: root.to_path_buf(),
            })
    }

    /// The workspace around the current folder, or, outside one, the one the checker was
    /// built in.
    pub fn current() -> Option<Workspace> {
        let here = std::env::current_dir().ok();
        here.and_then(|dir| Workspace::find(&dir)).or_else(|| {
            let built = Path::new(env!("CARGO_MANIFEST_DIR"));
            Workspace::find(built)
        })
    }

    pub fn exercises(&self) -> PathBuf {
        self.root.join("exercises")
    }
}
