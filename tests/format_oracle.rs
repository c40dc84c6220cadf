//! The formatter against its references, built from Debian's Go packages: hashicorp/hcl v1's printer
//! (`printer.Format`, what `hclfmt` does) for HCL and Go's `json.Indent` for JSON — the small program in
//! `tests/oracle/hclfmt`. Without Go (or without golang-github-hashicorp-hcl-dev) these tests say so and pass; the
//! other formatting tests (fixtures, idempotence) do not need Go.
//!
//! On every `.hcl`/`.json` file of the fixtures and of the shared corpus (an extra: skipped when absent) and on
//! generated inputs, our output equals the reference's — except on the files listed in [`DEVIATIONS`], where the
//! printer itself is wrong (each reason has a fixture under `fixtures/fmt/` with a `deviation.md`). There our output
//! must differ, and only in what the printer cannot see: the printer, run on our output, prints what it prints for
//! the input.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use consul_ls::format;
use consul_ls::syntax::SourceKind;
use proptest::prelude::*;

mod common;

use common::{corpus_dir, data_files, fixtures_dir};

/// Files (path relative to the repository's parent folder, `/`-separated, as a suffix) on which our output differs
/// from the printer's, and the deviation fixture that explains why.
const DEVIATIONS: &[(&str, &str)] = &[];

/// The oracle program, built once per test run; `None` (with a message) when Go or the HCL package is missing.
fn oracle() -> Option<&'static Path> {
    static ORACLE: OnceLock<Option<PathBuf>> = OnceLock::new();
    ORACLE
        .get_or_init(|| {
            let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/hclfmt");
            let binary = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hclfmt-oracle");
            let built = Command::new("go")
                .args(["build", "-o"])
                .arg(&binary)
                .arg(".")
                .current_dir(&source)
                .env("GO111MODULE", "off")
                .env("GOPATH", "/usr/share/gocode")
                .env("GOFLAGS", "-mod=mod")
                .env_remove("GOFLAGS")
                .output();
            match built {
                Ok(out) if out.status.success() => Some(binary),
                Ok(out) => {
                    eprintln!(
                        "SKIPPED: cannot build the formatting oracle (is golang-github-hashicorp-hcl-dev installed?): {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    None
                }
                Err(err) => {
                    eprintln!("SKIPPED: Go is not installed ({err}); the formatting oracle tests do nothing");
                    None
                }
            }
        })
        .as_deref()
}

/// The reference's output for each file: `Ok(text)` or `Err(its error)`.
fn reference(oracle: &Path, files: &[PathBuf], json: bool) -> Vec<Result<String, String>> {
    let mut results = Vec::with_capacity(files.len());
    // Batches keep the command line short.
    for batch in files.chunks(200) {
        let mut command = Command::new(oracle);
        if json {
            command.arg("-json");
        }
        let out = command.args(batch).output().expect("run the oracle");
        assert!(out.status.success(), "oracle failed: {}", String::from_utf8_lossy(&out.stderr));
        let mut rest = &out.stdout[..];
        for _ in batch {
            let header_end = rest.iter().position(|&b| b == b'\n').expect("oracle header");
            let header = std::str::from_utf8(&rest[..header_end]).unwrap();
            let (status, len) = header.strip_prefix("=== ").unwrap().split_once(' ').unwrap();
            let len: usize = len.parse().unwrap();
            let body = String::from_utf8_lossy(&rest[header_end + 1..header_end + 1 + len]).into_owned();
            rest = &rest[header_end + 1 + len + 1..];
            results.push(if status == "ok" { Ok(body) } else { Err(body) });
        }
    }
    results
}

fn all_files(extension: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    data_files(&fixtures_dir(), &mut files);
    if corpus_dir().is_dir() {
        data_files(&corpus_dir(), &mut files);
    } else {
        eprintln!("corpus not found at {}: only the fixtures are compared", corpus_dir().display());
    }
    files.retain(|f| f.extension().is_some_and(|e| e == extension));
    files
}

fn display(path: &Path) -> String {
    let parent = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let path = path.canonicalize().unwrap_or(path.to_path_buf());
    let parent = parent.canonicalize().unwrap_or(parent.to_path_buf());
    path.strip_prefix(&parent).unwrap_or(&path).to_string_lossy().replace('\\', "/")
}

/// A scratch folder under the target dir for files the oracle reads.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("format-oracle-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write_all(dir: &Path, texts: &[String], extension: &str) -> Vec<PathBuf> {
    texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let path = dir.join(format!("{i}.{extension}"));
            std::fs::File::create(&path).unwrap().write_all(text.as_bytes()).unwrap();
            path
        })
        .collect()
}

#[test]
fn hcl_matches_the_printer_on_fixtures_and_corpus() {
    let Some(oracle) = oracle() else { return };
    let files = all_files("hcl");
    assert!(files.len() > 50, "fixtures missing");
    let expected = reference(oracle, &files, false);
    let deviations: BTreeMap<&str, &str> = DEVIATIONS.iter().copied().collect();
    let mut failures = Vec::new();
    let mut deviating = Vec::new();
    let mut compared = 0;
    for (path, expected) in files.iter().zip(expected) {
        let text = std::fs::read_to_string(path).unwrap();
        let ours = format::format_source(&text, SourceKind::Hcl);
        let name = display(path);
        let listed = deviations.iter().find(|(suffix, _)| name.ends_with(*suffix)).map(|(_, case)| *case);
        match (ours, expected) {
            (Ok(ours), Ok(expected)) => {
                compared += 1;
                match (ours == expected, listed) {
                    (true, None) => {}
                    (true, Some(case)) => failures.push(format!("{name}: listed as deviating ({case}) but equal")),
                    (false, Some(_)) => deviating.push((name, text, ours, expected)),
                    (false, None) => failures.push(format!(
                        "{name}: differs from the printer\n--- printer\n{expected}\n--- ours\n{ours}\n--- input\n{text}"
                    )),
                }
            }
            // A file the printer rejects and we do not is fine only when it is the printer's HCL 1 dialect gap.
            (Err(ours), Err(_)) => assert!(matches!(ours, format::NotFormatted::Syntax(_)), "{name}: {ours}"),
            (Ok(_), Err(err)) => failures.push(format!("{name}: the printer rejects it ({err}), we format it")),
            (Err(err), Ok(_)) => failures.push(format!("{name}: the printer formats it, we do not ({err})")),
        }
    }
    // Where we deviate, we differ only in what the printer does not see: it prints our output as it prints the input.
    if !deviating.is_empty() {
        let dir = scratch("deviating");
        let ours: Vec<String> = deviating.iter().map(|d| d.2.clone()).collect();
        let reprinted = reference(oracle, &write_all(&dir, &ours, "hcl"), false);
        for ((name, _, ours, expected), reprinted) in deviating.iter().zip(reprinted) {
            if reprinted.as_ref() != Ok(expected) {
                failures.push(format!(
                    "{name}: the printer prints our output differently from the input\n--- ours\n{ours}\n--- printer(ours)\n{}\n--- printer(input)\n{expected}",
                    reprinted.unwrap_or_else(|e| e)
                ));
            }
        }
    }
    assert!(compared > 50, "only {compared} files compared");
    assert!(failures.is_empty(), "{} of {} files:\n\n{}", failures.len(), files.len(), failures.join("\n\n"));
}

#[test]
fn json_matches_go_json_indent_on_fixtures_and_corpus() {
    let Some(oracle) = oracle() else { return };
    let files = all_files("json");
    let expected = reference(oracle, &files, true);
    let mut failures = Vec::new();
    let mut compared = 0;
    for (path, expected) in files.iter().zip(expected) {
        let text = std::fs::read_to_string(path).unwrap();
        let name = display(path);
        match (format::format_source(&text, SourceKind::Json), expected) {
            (Ok(ours), Ok(expected)) => {
                compared += 1;
                if ours != expected {
                    failures.push(format!("{name}\n--- json.Indent\n{expected}\n--- ours\n{ours}"));
                }
            }
            (Err(_), Err(_)) => {}
            (ours, expected) => failures.push(format!("{name}: ours {ours:?}, json.Indent {expected:?}")),
        }
    }
    assert!(compared > 10, "only {compared} files compared");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
