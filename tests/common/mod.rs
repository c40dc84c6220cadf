//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod hcl_gen;

use std::path::{Path, PathBuf};

/// `../shared/corpus`: Consul's own integration-test configurations, beside the repository.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

/// `../shared/corpus` when it is there. It is an extra: a fresh clone has no `../shared`, so a test that reads it
/// prints that it skips it, and passes.
pub fn corpus_or_skip(test: &str) -> Option<PathBuf> {
    let dir = corpus_dir();
    if dir.is_dir() {
        return Some(dir);
    }
    say(&format!(
        "{test}: SKIPPED: Consul's own configurations are not at {} (an extra beside the repository; see README, Tests)",
        dir.display()
    ));
    None
}

/// Prints past the test harness's output capture, so a skip is seen in a plain `cargo test`.
pub fn say(message: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "{message}");
}

/// Test data written for the project (`tests/data`), always in the repository.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Every `.hcl` and `.json` file under `dir`, in path order.
pub fn data_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            data_files(&path, out);
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("hcl" | "json")) {
            out.push(path);
        }
    }
}
