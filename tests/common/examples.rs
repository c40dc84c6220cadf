//! Shared by the collections of real examples (tests/consul_docs.rs, tests/consul_k8s_examples.rs): what a valid
//! example must not produce.

use std::path::{Path, PathBuf};

use consul_ls::workspace::SourceFile;

/// Every way the valid examples at `paths` are misread: not recognised as Consul files, or any finding at all
/// (`findings` reads one file and lists the findings that count).
pub fn false_positives(paths: &[PathBuf], findings: impl Fn(&Path) -> (SourceFile, Vec<String>)) -> Vec<String> {
    let mut failures = Vec::new();
    for path in paths {
        let (file, list) = findings(path);
        if !file.kind().is_consul() {
            failures.push(format!("{}: not recognised as a Consul file", path.display()));
        }
        for finding in list {
            failures.push(format!("{}: {finding}", path.display()));
        }
    }
    failures
}
