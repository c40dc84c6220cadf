//! Consul's own integration-test configurations (../shared/corpus) are valid for Consul: consul-ls must parse
//! every one of them without a syntax error.
use std::path::{Path, PathBuf};

use consul_ls::syntax::{parse, source_kind_for_path};

pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

fn data_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            data_files(&path, out);
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("hcl" | "json")) {
            out.push(path);
        }
    }
}

#[test]
fn every_corpus_file_parses_without_syntax_errors() {
    let mut files = Vec::new();
    data_files(&corpus_dir(), &mut files);
    assert!(files.len() > 150, "corpus not found at {}", corpus_dir().display());
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let parsed = parse(&text, source_kind_for_path(path));
        for error in parsed.errors {
            failures.push(format!("{}:{:?}: {}", path.display(), error.range, error.message));
        }
    }
    assert!(failures.is_empty(), "{} syntax errors:\n{}", failures.len(), failures.join("\n"));
}
