//! The workspace the instructor's commands work on ([`Workspace`], the checker's), and what
//! writing and building a handout needs of it: its files, a fresh git repository, a build
//! cache shared by hard links.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

pub use checker::workspace::Workspace;

/// A workspace's files.
pub trait Files {
    /// The workspace's files, relative to its root: the ones git tracks or would track (not
    /// ignored), or, outside a git checkout, every file but `target/` and `.git/`.
    fn files(&self) -> anyhow::Result<Vec<PathBuf>>;
}

impl Files for Workspace {
    fn files(&self) -> anyhow::Result<Vec<PathBuf>> {
        let git = Command::new("git")
            .args([
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ])
            .current_dir(&self.root)
            .output();
        match git {
            Ok(output) if output.status.success() => Ok(output
                .stdout
                .split(|b| *b == 0)
                .filter(|p| !p.is_empty())
                .map(|p| PathBuf::from(String::from_utf8_lossy(p).into_owned()))
                .filter(|p| self.root.join(p).is_file())
                .collect()),
            _ => walk(&self.root, Path::new("")),
        }
    }
}

fn walk(root: &Path, relative: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let dir = root.join(relative);
    let mut files = Vec::new();
    let entries =
        std::fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))?;
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        if relative.as_os_str().is_empty() && (name == "target" || name == ".git") {
            continue;
        }
        let path = relative.join(&name);
        let kind = entry.file_type()?;
        if kind.is_dir() {
            files.extend(walk(root, &path)?);
        } else if kind.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Gives `dir` a fresh git repository holding its files in one commit. Returns whether it
/// did: without git the folder is written all the same.
pub fn init_repository(dir: &Path) -> bool {
    let git = |args: &[&str]| {
        Command::new("git")
            .args([
                "-c",
                "user.name=Logout lab",
                "-c",
                "user.email=logout-lab@localhost",
            ])
            .args(args)
            .current_dir(dir)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    git(&["init", "-q"])
        && git(&["add", "-A"])
        && git(&["commit", "-q", "-m", "The logout lab, student edition"])
}

/// Copies `from` into `to` as hard links (a build cache shared without copying it), making
/// folders as needed; a file that cannot be linked is copied.
pub fn link_tree(from: &Path, to: &Path) -> anyhow::Result<()> {
    if !from.is_dir() {
        bail!("{} is not a folder", from.display());
    }
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type()?;
        if kind.is_dir() {
            link_tree(&source, &target)?;
        } else if kind.is_file()
            && !target.exists()
            && entry.file_name() != ".cargo-lock"
            && std::fs::hard_link(&source, &target).is_err()
        {
            std::fs::copy(&source, &target)?;
        }
    }
    Ok(())
}
