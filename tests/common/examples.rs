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

/// Reads `PROVENANCE.tsv` of the collection at `data` (`columns` cells a row; the file in the first, `valid` or
/// `invalid` in the second, the expected `code: message fragment` in cell `expected`) and checks every invalid
/// example gets that finding. Returns how many invalid examples were checked and what was missed.
pub fn missed_invalid(
    data: &Path,
    columns: usize,
    expected: usize,
    findings: impl Fn(&Path) -> (SourceFile, Vec<String>),
) -> (usize, Vec<String>) {
    let provenance = std::fs::read_to_string(data.join("PROVENANCE.tsv")).unwrap();
    let mut checked = 0;
    let mut failures = Vec::new();
    for line in provenance.lines().skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        assert_eq!(cells.len(), columns, "PROVENANCE.tsv: {line}");
        let path = data.join(cells[0]);
        assert!(path.is_file(), "PROVENANCE.tsv names a missing file: {}", cells[0]);
        assert!(cells[0].starts_with(&format!("{}/", cells[1])), "{}: status {}", cells[0], cells[1]);
        if cells[1] != "invalid" {
            continue;
        }
        checked += 1;
        let (code, fragment) = cells[expected].split_once(": ").expect("expected `code: message fragment`");
        let (_, list) = findings(&path);
        if !list.iter().any(|f| f.contains(&format!(" {code} ")) && f.contains(fragment)) {
            failures.push(format!("{}: expected {code} with {fragment:?}, got {list:?}", cells[0]));
        }
    }
    (checked, failures)
}

/// Every file of `data`'s `valid` and `invalid` folders has a row in its `PROVENANCE.tsv`.
pub fn assert_provenance_complete(data: &Path) {
    let provenance = std::fs::read_to_string(data.join("PROVENANCE.tsv")).unwrap();
    let listed: std::collections::BTreeSet<&str> =
        provenance.lines().skip(1).filter_map(|l| l.split('\t').next()).collect();
    for dir in ["valid", "invalid"] {
        for entry in std::fs::read_dir(data.join(dir)).unwrap() {
            let name = format!("{dir}/{}", entry.unwrap().file_name().to_string_lossy());
            assert!(listed.contains(name.as_str()), "{name} has no provenance");
        }
    }
}
