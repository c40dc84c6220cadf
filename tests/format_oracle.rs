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

mod common;

use common::{corpus_dir, corpus_or_skip, data_files, fixtures_dir};

/// Files on which our output differs from the printer's (`fixtures/...` or `corpus/...`), and the deviation fixture
/// (`fixtures/fmt/CASE`) that shows why. The fixtures' own inputs are deviations of their case.
const DEVIATIONS: &[(&str, &str)] = &[
    ("fixtures/peering-example/cluster-01/frontend.hcl", "comment-above-item-in-run"),
    ("corpus/consul-envoy/case-l7-intentions/config_entries.hcl", "comment-before-list-element"),
    // Consul's test files that only say, in comments, why a service is not registered.
    ("corpus/consul-envoy/case-cfg-resolver-dc-failover-gateways-none/secondary/service_s1.hcl", "comment-only-file"),
    ("corpus/consul-envoy/case-cfg-resolver-dc-failover-gateways-remote/secondary/service_s1.hcl", "comment-only-file"),
    ("corpus/consul-envoy/case-cross-peer-control-plane-mgw/alpha/service_s1.hcl", "comment-only-file"),
    ("corpus/consul-envoy/case-cross-peers/alpha/service_s1.hcl", "comment-only-file"),
    ("corpus/consul-envoy/case-cross-peers/primary/service_s2.hcl", "comment-only-file"),
    ("corpus/consul-envoy/case-cross-peers-http/alpha/service_s1.hcl", "comment-only-file"),
    ("corpus/consul-envoy/case-cross-peers-http-router/primary/service_s2.hcl", "comment-only-file"),
    ("corpus/consul-envoy/case-gateways-local/primary/service_s2.hcl", "comment-only-file"),
    ("corpus/consul-envoy/case-gateways-local/secondary/service_s1.hcl", "comment-only-file"),
    ("corpus/consul-envoy/case-gateways-remote/primary/service_s2.hcl", "comment-only-file"),
    ("corpus/consul-envoy/case-gateways-remote/secondary/service_s1.hcl", "comment-only-file"),
    ("corpus/consul-envoy/case-ingress-gateway-peering-failover/alpha/service_s1.hcl", "comment-only-file"),
    ("corpus/consul-envoy/case-ingress-gateway-peering-failover/primary/service_s1.hcl", "comment-only-file"),
    ("corpus/consul-envoy/case-ingress-mesh-gateways-resolver/primary/service_s1.hcl", "comment-only-file"),
    ("corpus/consul-envoy/case-ingress-mesh-gateways-resolver/primary/service_s2.hcl", "comment-only-file"),
    ("corpus/consul-envoy/case-wanfed-gw/primary/service_s1.hcl", "comment-only-file"),
    ("corpus/consul-envoy/case-wanfed-gw/primary/service_s2.hcl", "comment-only-file"),
    ("corpus/consul-envoy/case-wanfed-gw/secondary/service_s1.hcl", "comment-only-file"),
];

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
                .output();
            match built {
                Ok(out) if out.status.success() => Some(binary),
                Ok(out) => {
                    common::say(&format!(
                        "SKIPPED: cannot build the formatting oracle (is golang-github-hashicorp-hcl-dev installed?): {}",
                        String::from_utf8_lossy(&out.stderr)
                    ));
                    None
                }
                Err(err) => {
                    common::say(&format!("SKIPPED: Go is not installed ({err}); the formatting oracle tests do nothing"));
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
    if let Some(corpus) = corpus_or_skip("format_oracle (corpus files)") {
        data_files(&corpus, &mut files);
    }
    files.retain(|f| f.extension().is_some_and(|e| e == extension));
    files
}

/// `fixtures/...` or `corpus/...`, `/`-separated.
fn display(path: &Path) -> String {
    let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let path = canonical(path);
    for (prefix, dir) in [("corpus", corpus_dir()), ("fixtures", fixtures_dir())] {
        if let Ok(rel) = path.strip_prefix(canonical(&dir)) {
            return format!("{prefix}/{}", rel.to_string_lossy().replace('\\', "/"));
        }
    }
    path.to_string_lossy().into_owned()
}

/// The deviation case a file belongs to, if any.
fn deviation_of(name: &str) -> Option<String> {
    if let Some(case) = name.strip_prefix("fixtures/fmt/").and_then(|rest| rest.strip_suffix("/input.hcl"))
        && fixtures_dir().join("fmt").join(case).join("deviation.md").is_file()
    {
        return Some(case.to_string());
    }
    DEVIATIONS.iter().find(|(file, _)| *file == name).map(|(_, case)| case.to_string())
}

/// The text without comments, blank lines and runs of spaces: each line's non-comment tokens, one space apart. Where
/// we deviate from the printer, only comments, blank lines and alignment differ, so the skeletons are equal.
fn skeleton(text: &str) -> Vec<String> {
    let mut lines: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for token in consul_ls::syntax::hcl::tokens(text) {
        if token.kind != consul_ls::syntax::hcl::HclTokenKind::Comment {
            let line = text[..token.range.start as usize].matches('\n').count();
            lines.entry(line).or_default().push(&text[token.range.as_usize()]);
        }
    }
    lines.into_values().map(|tokens| tokens.join(" ")).collect()
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
    for (file, case) in DEVIATIONS {
        assert!(fixtures_dir().join("fmt").join(case).join("deviation.md").is_file(), "{file}: no fixture {case}");
    }
    let mut failures = Vec::new();
    let mut compared = 0;
    let mut deviating = 0;
    for (path, expected) in files.iter().zip(expected) {
        let text = std::fs::read_to_string(path).unwrap();
        let ours = format::format_source(&text, SourceKind::Hcl);
        let name = display(path);
        let case = deviation_of(&name);
        match (ours, expected) {
            (Ok(ours), Ok(expected)) => {
                compared += 1;
                match (ours == expected, case) {
                    (true, None) => {}
                    (true, Some(case)) => failures.push(format!("{name}: listed as deviating ({case}) but equal")),
                    (false, Some(case)) => {
                        deviating += 1;
                        if skeleton(&ours) != skeleton(&expected) {
                            failures.push(format!(
                                "{name}: differs from the printer ({case}) in more than comments, blank lines and \
                                 alignment\n--- printer\n{expected}\n--- ours\n{ours}"
                            ));
                        }
                        // A deviation fixture keeps the printer's output next to ours.
                        if name.starts_with("fixtures/fmt/") {
                            let recorded = std::fs::read_to_string(path.with_file_name("printer.txt")).unwrap();
                            if recorded != expected {
                                failures.push(format!("{name}: printer.txt is stale; the printer prints\n{expected}"));
                            }
                        }
                    }
                    (false, None) => failures.push(format!(
                        "{name}: differs from the printer\n--- printer\n{expected}\n--- ours\n{ours}\n--- input\n{text}"
                    )),
                }
            }
            // The printer rejects a few things our parser reports too (the syntax fixture).
            (Err(format::NotFormatted::Syntax(_)), Err(_)) => {}
            (Err(ours), Err(err)) => failures.push(format!("{name}: ours {ours}, the printer {err}")),
            (Ok(_), Err(err)) => failures.push(format!("{name}: the printer rejects it ({err}), we format it")),
            (Err(err), Ok(_)) => failures.push(format!("{name}: the printer formats it, we do not ({err})")),
        }
    }
    assert!(deviating >= DEVIATIONS.len().min(3), "deviating files not found");
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

/// Generated files, laid out at random, with comments only where the printer keeps them: our output equals the
/// printer's. Where it does not, the printer must be at fault: not idempotent on that input (a labelled block padded
/// to a key's width in a run of one — see `fixtures/fmt/labelled-block-alone-in-a-run`), with our output equal to
/// the printer's second pass.
#[test]
fn hcl_matches_the_printer_on_generated_files() {
    let Some(oracle) = oracle() else { return };
    let inputs = common::hcl_gen::files(400, true);
    let dir = scratch("generated");
    let expected = reference(oracle, &write_all(&dir, &inputs, "hcl"), false);
    let mut failures = Vec::new();
    let mut mismatches = Vec::new();
    for (input, expected) in inputs.iter().zip(expected) {
        let expected = match expected {
            Ok(text) => text,
            Err(err) => {
                failures.push(format!("the printer rejects a generated file ({err}):\n{input}"));
                continue;
            }
        };
        match format::format_source(input, SourceKind::Hcl) {
            Ok(ours) if ours == expected => {}
            Ok(ours) => mismatches.push((input, expected, ours)),
            Err(err) => failures.push(format!("--- input\n{input}\n--- not formatted: {err}")),
        }
    }
    let printed: Vec<String> = mismatches.iter().map(|m| m.1.clone()).collect();
    let second = reference(oracle, &write_all(&dir, &printed, "hcl"), false);
    for ((input, expected, ours), second) in mismatches.iter().zip(second) {
        let second = second.unwrap_or_else(|err| err);
        if second == *expected || second != *ours {
            failures.push(format!("--- input\n{input}\n--- printer\n{expected}\n--- ours\n{ours}"));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        mismatches.len() * 20 < inputs.len(),
        "{} of {} generated files differ from the printer",
        mismatches.len(),
        inputs.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} generated files:\n\n{}",
        failures.len(),
        inputs.len(),
        failures[..failures.len().min(5)].join("\n\n")
    );
}
