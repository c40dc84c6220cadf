//! Real consul-k8s YAML (`tests/data/consul-k8s-examples`, provenance in its README and PROVENANCE.tsv): the
//! acceptance-test fixtures of hashicorp/consul-k8s and the Kubernetes examples of the Consul documentation. Every
//! valid example is a Consul file without an error or warning; every invalid one gets the finding its refusal calls
//! for. Each file is checked on its own (single-file rules): the examples are unrelated pieces of different
//! installs (kustomize bases and patches, documentation snippets).

use std::path::Path;

use consul_ls::rules::Severity;
use consul_ls::workspace::SourceFile;

#[path = "common/examples.rs"]
mod examples;

fn data() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/consul-k8s-examples")
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
fn valid_consul_k8s_yaml_has_no_error_or_warning() {
    let mut paths: Vec<_> = std::fs::read_dir(data().join("valid")).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    assert!(paths.len() >= 60, "only {} examples", paths.len());
    let failures = examples::false_positives(&paths, findings);
    assert!(failures.is_empty(), "{} false positives:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn invalid_consul_k8s_yaml_is_caught() {
    let (checked, failures) = examples::missed_invalid(&data(), 8, 6, findings);
    assert!(checked >= 4, "only {checked} invalid examples");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn provenance_lists_every_example() {
    examples::assert_provenance_complete(&data());
}
