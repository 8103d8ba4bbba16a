//! Seeing a change: each file's size and time of change under the watched folders, looked at
//! every [`POLL`] (build output, dependencies and hidden folders left out).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::SystemTime;

use super::POLL;

/// Each file's size and time of change, under `folders` (build output left out).
pub fn snapshot(folders: &[PathBuf]) -> BTreeMap<PathBuf, (u64, Option<SystemTime>)> {
    let mut seen = BTreeMap::new();
    let mut stack: Vec<PathBuf> = folders.to_vec();
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(meta) = entry.metadata() else {
                continue;
            };
            if meta.is_dir() {
                let name = entry.file_name();
                let name = name.to_string_lossy();
                if name != "target" && name != "node_modules" && !name.starts_with('.') {
                    stack.push(path);
                }
            } else {
                seen.insert(path, (meta.len(), meta.modified().ok()));
            }
        }
    }
    seen
}

/// The first file that differs between two snapshots (added, removed or changed).
pub fn first_change(
    before: &BTreeMap<PathBuf, (u64, Option<SystemTime>)>,
    now: &BTreeMap<PathBuf, (u64, Option<SystemTime>)>,
) -> Option<PathBuf> {
    let changed = now
        .iter()
        .find(|(path, stamp)| before.get(*path) != Some(stamp));
    let removed = before.keys().find(|path| !now.contains_key(*path));
    changed
        .map(|(path, _)| path.clone())
        .or_else(|| removed.cloned())
}

/// Waits until a file changes, then until the files stay still for a moment (an editor may
/// write a file in several steps); returns the first file that changed.
pub(super) fn wait_for_change(
    folders: &[PathBuf],
    before: BTreeMap<PathBuf, (u64, Option<SystemTime>)>,
) -> PathBuf {
    loop {
        std::thread::sleep(POLL);
        let now = snapshot(folders);
        if let Some(changed) = first_change(&before, &now) {
            let mut last = now;
            loop {
                std::thread::sleep(POLL);
                let again = snapshot(folders);
                if again == last {
                    return changed;
                }
                last = again;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edited_added_or_removed_file_is_a_change_and_build_output_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let app = dir.path().join("app");
        std::fs::create_dir_all(app.join("src")).unwrap();
        std::fs::create_dir_all(app.join("target")).unwrap();
        let file = app.join("src/logout.rs");
        std::fs::write(&file, "fn a() {}").unwrap();
        let folders = vec![app.clone()];
        let before = snapshot(&folders);
        std::fs::write(app.join("target/out"), "x").unwrap();
        assert_eq!(
            first_change(&before, &snapshot(&folders)),
            None,
            "target/ is ignored"
        );
        std::fs::write(&file, "fn a() { 1 }").unwrap();
        assert_eq!(
            first_change(&before, &snapshot(&folders)),
            Some(file.clone())
        );
        let added = app.join("src/new.rs");
        std::fs::write(&added, "").unwrap();
        let with_new = snapshot(&folders);
        std::fs::remove_file(&added).unwrap();
        assert_eq!(first_change(&with_new, &snapshot(&folders)), Some(added));
        let settled = snapshot(&folders);
        std::fs::create_dir_all(app.join("node_modules")).unwrap();
        std::fs::write(app.join("node_modules/dep.js"), "").unwrap();
        assert_eq!(first_change(&settled, &snapshot(&folders)), None);
    }
}
