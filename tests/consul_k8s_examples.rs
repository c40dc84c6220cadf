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
    let provenance = std::fs::read_to_string(data().join("PROVENANCE.tsv")).unwrap();
    let mut checked = 0;
    let mut failures = Vec::new();
    for line in provenance.lines().skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        assert_eq!(cells.len(), 8, "PROVENANCE.tsv: {line}");
        let path = data().join(cells[0]);
        assert!(path.is_file(), "PROVENANCE.tsv names a missing file: {}", cells[0]);
        assert!(cells[0].starts_with(&format!("{}/", cells[1])), "{}: status {}", cells[0], cells[1]);
        if cells[1] != "invalid" {
            continue;
        }
        checked += 1;
        let (code, fragment) = cells[6].split_once(": ").expect("expected `code: message fragment`");
        let (_, list) = findings(&path);
        if !list.iter().any(|f| f.contains(&format!(" {code} ")) && f.contains(fragment)) {
            failures.push(format!("{}: expected {code} with {fragment:?}, got {list:?}", cells[0]));
        }
    }
    assert!(checked >= 4, "only {checked} invalid examples");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn provenance_lists_every_example() {
    let provenance = std::fs::read_to_string(data().join("PROVENANCE.tsv")).unwrap();
    let listed: std::collections::BTreeSet<&str> =
        provenance.lines().skip(1).filter_map(|l| l.split('\t').next()).collect();
    for dir in ["valid", "invalid"] {
        for entry in std::fs::read_dir(data().join(dir)).unwrap() {
            let name = format!("{dir}/{}", entry.unwrap().file_name().to_string_lossy());
            assert!(listed.contains(name.as_str()), "{name} has no provenance");
        }
    }
}
