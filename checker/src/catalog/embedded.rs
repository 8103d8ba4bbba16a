//! The exercises folder built into the checker, so that an installed checker (`cargo install
//! --path checker`) works from any folder: written out, when no workspace is around, to a
//! folder of the system's temporary files named after its contents, where its pages can be
//! opened like the workspace's.

use std::hash::{Hash, Hasher};
use std::path::PathBuf;

// `FILES`: every file of `exercises/` with its text, listed by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/exercise_files.rs"));

/// The built-in folder, written out (once per version of its contents) under the system's
/// temporary files.
pub fn unpacked() -> std::io::Result<PathBuf> {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    FILES.hash(&mut hasher);
    let dir = std::env::temp_dir().join(format!("logout-lab-exercises-{:016x}", hasher.finish()));
    std::fs::create_dir_all(&dir)?;
    for (name, text) in FILES {
        let path = dir.join(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(*text) {
            std::fs::write(&path, text)?;
        }
    }
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_folder_is_the_workspace_folder() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../exercises");
        let mut names: Vec<String> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| !name.starts_with('.'))
            .collect();
        names.sort();
        let built: Vec<&str> = FILES.iter().map(|(name, _)| *name).collect();
        assert_eq!(names, built, "every file of exercises/, in order, in FILES");
        let dir = unpacked().unwrap();
        let ids = |dir| -> Vec<_> {
            let catalog = crate::catalog::Catalog::load(dir).unwrap();
            catalog.exercises.into_iter().map(|e| e.id).collect()
        };
        assert_eq!(ids(&dir), ids(&folder));
    }
}
