//! Consul's own integration-test configurations (../shared/corpus) are valid for Consul: consul-ls must parse
//! every one of them without a syntax error. The corpus is an extra beside the repository (a fresh clone has none):
//! without it these tests say that they skip it, and pass. The hand-written HCL 1 examples in `tests/data/hcl1`
//! stand in for its forms and are always checked.
use std::path::PathBuf;

use consul_ls::syntax::{parse, source_kind_for_path};

mod common;

use common::{corpus_or_skip, data_dir, data_files};

/// The examples written for the project: they parse without errors, are Consul files, and `check` finds nothing
/// wrong in any one of them alone.
#[test]
fn hand_written_hcl1_examples_parse_and_are_consul_files() {
    let mut files = Vec::new();
    data_files(&data_dir().join("hcl1"), &mut files);
    assert!(files.len() >= 9, "{} examples", files.len());
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let source = consul_ls::workspace::SourceFile::new(path.clone(), text.into());
        assert!(source.parse.errors.is_empty(), "{}: {:?}", path.display(), source.parse.errors);
        assert!(source.kind().is_consul(), "{} is not recognised as a Consul file", path.display());
        let findings = consul_ls::rules::file_diagnostics(&source);
        assert!(findings.is_empty(), "{}: {findings:?}", path.display());
    }
}

#[test]
fn every_corpus_file_parses_without_syntax_errors() {
    let Some(corpus) = corpus_or_skip("every_corpus_file_parses_without_syntax_errors") else { return };
    let mut files = Vec::new();
    data_files(&corpus, &mut files);
    assert!(files.len() > 150, "corpus incomplete at {}", corpus.display());
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
    let test = "check_reports_no_error_syntax_or_unknown_field_on_consul_envoy_cases";
    let Some(corpus) = corpus_or_skip(test) else { return };
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus.join("consul-envoy"))
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
    let Some(corpus) = corpus_or_skip("variants_have_no_syntax_errors") else { return };
    let dir = corpus.join("consul-envoy-variants");
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
    let Some(corpus) = corpus_or_skip("every_corpus_file_with_content_is_classified_as_consul") else { return };
    let mut files = Vec::new();
    data_files(&corpus.join("consul-envoy"), &mut files);
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
