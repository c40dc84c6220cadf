//! Consul's own integration-test configurations (../shared/corpus) are valid for Consul: consul-ls must parse
//! every one of them without a syntax error.
use std::path::PathBuf;

use consul_ls::syntax::{parse, source_kind_for_path};

mod common;

use common::{corpus_dir, data_files};

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

/// `check` over every case folder of `consul-envoy/` (each has a manifest): Consul accepted these files, so no
/// `error`, no `syntax` and no `unknown-field` finding may appear.
#[test]
fn check_reports_no_error_syntax_or_unknown_field_on_consul_envoy_cases() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus_dir().join("consul-envoy"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && p.file_name().unwrap().to_string_lossy().starts_with("case-"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 25, "expected the 25 cases");
    let mut failures = Vec::new();
    let mut total = 0;
    for case in &cases {
        assert!(case.join("consul-ls.hcl").is_file(), "{} has no manifest", case.display());
        let files = consul_ls::analysis::check(std::slice::from_ref(case), &mut |_, _| {}).unwrap();
        for file in &files {
            for d in &file.diagnostics {
                total += 1;
                // Some corpus files come from older Consul releases: a key a later release removed is reported
                // (naming that release), and that is right for the newest Consul.
                let removed_since =
                    d.code == consul_ls::rules::Code::UnknownField && d.message.contains(" removed it ");
                let bad = (d.severity == consul_ls::rules::Severity::Error
                    || matches!(d.code, consul_ls::rules::Code::Syntax | consul_ls::rules::Code::UnknownField))
                    && !removed_since;
                if bad {
                    let snippet = file.text.get(d.range.as_usize()).unwrap_or("");
                    failures.push(format!("{}: {} {} [{snippet}]", file.path.display(), d.code, d.message));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} findings are errors/syntax/unknown-field:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The older variants (no manifest) are checked file by file: no syntax errors.
#[test]
fn variants_have_no_syntax_errors() {
    let dir = corpus_dir().join("consul-envoy-variants");
    let files = consul_ls::analysis::check(&[dir], &mut |_, _| {}).unwrap();
    for file in files {
        for d in &file.diagnostics {
            assert_ne!(d.code, consul_ls::rules::Code::Syntax, "{}: {}", file.path.display(), d.message);
        }
    }
}

/// Guards the test above against passing vacuously: every corpus data file with any content is recognised as a
/// Consul file (only comment-only files are not).
#[test]
fn every_corpus_file_with_content_is_classified_as_consul() {
    let mut files = Vec::new();
    data_files(&corpus_dir().join("consul-envoy"), &mut files);
    let mut unrecognised = Vec::new();
    for path in files.iter().filter(|p| p.file_name().unwrap() != "consul-ls.hcl") {
        let text = std::fs::read_to_string(path).unwrap();
        let source = consul_ls::workspace::SourceFile::new(path.clone(), text.into());
        let has_content = source.parse.root.as_object().is_some_and(|e| !e.is_empty());
        if has_content && !source.kind().is_consul() {
            unrecognised.push(path.display().to_string());
        }
    }
    assert!(unrecognised.is_empty(), "not recognised as Consul files:\n{}", unrecognised.join("\n"));
}
