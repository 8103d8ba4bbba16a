//! Lists what is added by adding a file, so that adding an exercise is a two-file change (its
//! check in `src/exercises/`, its entry in `exercises/exercises.toml`; see the README's
//! "Adding an exercise"):
//! - `checks.rs`: a module per file of `src/exercises/` (but `mod.rs`), and `SPECS`, their
//!   `SPEC`s in the files' order, included by `src/exercises/mod.rs`;
//! - `exercise_files.rs`: every file of the workspace's `exercises/` folder, built into the
//!   checker ([`catalog::embedded`](src/catalog/embedded.rs)).
//!
//! `cargo fmt` does not reach the modules declared here: `.ci/run` formats-checks them itself.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));
    let checks = manifest.join("src").join("exercises");
    let pages = manifest.join("..").join("exercises");
    println!("cargo::rerun-if-changed={}", checks.display());
    println!("cargo::rerun-if-changed={}", pages.display());
    write(&out.join("checks.rs"), &checks_rs(&checks));
    write(&out.join("exercise_files.rs"), &files_rs(&pages));
}

/// The `.rs` files of `dir` but `mod.rs`, by name.
fn checks_rs(dir: &Path) -> String {
    let stems: Vec<String> = names(dir)
        .into_iter()
        .filter_map(|name| name.strip_suffix(".rs").map(str::to_string))
        .filter(|stem| stem != "mod")
        .collect();
    let mut text = String::new();
    for stem in &stems {
        let path = dir.join(format!("{stem}.rs"));
        writeln!(text, "#[path = {:?}]\npub mod {stem};", path.display()).unwrap();
    }
    text.push_str("/// Every exercise's check, by file name.\npub const SPECS: &[&Spec] = &[\n");
    for stem in &stems {
        writeln!(text, "    &{stem}::SPEC,").unwrap();
    }
    text.push_str("];\n");
    text
}

/// `FILES`: every file of `dir` with its text.
fn files_rs(dir: &Path) -> String {
    let mut text = String::from(
        "/// Every file of `exercises/`, by name.\npub const FILES: &[(&str, &str)] = &[\n",
    );
    for name in names(dir) {
        let path = dir.join(&name);
        writeln!(text, "    ({name:?}, include_str!({:?})),", path.display()).unwrap();
    }
    text.push_str("];\n");
    text
}

/// The names of the files (not folders, nor hidden ones) in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut names: Vec<String> = entries
        .map(|entry| entry.expect("a readable folder"))
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort();
    names
}

/// Written only when it changed, so that an unchanged list rebuilds nothing.
fn write(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}
