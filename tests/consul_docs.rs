//! Examples from Consul's documentation (`tests/data/consul-docs`, provenance in its README and PROVENANCE.tsv):
//! every valid example is a Consul file without an error or warning, every invalid one gets the finding Consul's
//! refusal calls for. Each file is checked on its own (single-file rules): the examples are unrelated snippets.

use std::path::Path;

use consul_ls::rules::Severity;
use consul_ls::workspace::SourceFile;

#[path = "common/examples.rs"]
mod examples;

fn data() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/consul-docs")
}

fn findings(path: &Path) -> (SourceFile, Vec<String>) {
    let bytes = std::fs::read(path).unwrap();
    let file = SourceFile::from_bytes(path.to_path_buf(), &bytes);
    let list = consul_ls::rules::file_diagnostics(&file)
        .iter()
        .filter(|d| d.severity.at_least(Severity::Warning))
        .map(|d| format!("{} {} {}", d.severity, d.code, d.message))
        .collect();
    (file, list)
}

#[test]
fn valid_examples_from_the_docs_have_no_error_or_warning() {
    let mut paths: Vec<_> = std::fs::read_dir(data().join("valid")).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    assert!(paths.len() > 600, "only {} examples", paths.len());
    let failures = examples::false_positives(&paths, findings);
    assert!(failures.is_empty(), "{} false positives:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn invalid_examples_from_the_docs_are_caught() {
    let (checked, failures) = examples::missed_invalid(&data(), 7, 5, findings);
    assert!(checked >= 30, "only {checked} invalid examples");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn provenance_lists_every_example() {
    examples::assert_provenance_complete(&data());
}
