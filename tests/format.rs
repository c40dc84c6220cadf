//! Formatting, without Go: the fixtures under `fixtures/fmt/` (each `input.hcl`/`input.json` with its formatted
//! output in `expected.snap`), idempotence and content preservation on every fixture and corpus file and on
//! generated files with comments anywhere, and which files are never formatted.
//!
//! A fixture with a `deviation.md` documents a place where hashicorp/hcl's printer is wrong and we differ: its
//! `printer.txt` holds the printer's output (checked against the printer by `tests/format_oracle.rs`).

use std::path::{Path, PathBuf};

use consul_ls::format::{self, NotFormatted};
use consul_ls::syntax::{SourceKind, source_kind_for_path};

mod common;

use common::{corpus_or_skip, data_dir, data_files, fixtures_dir};

fn fmt_cases() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures_dir().join("fmt"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn input_of(case: &Path) -> PathBuf {
    ["input.hcl", "input.json"].iter().map(|name| case.join(name)).find(|p| p.is_file()).expect("input file")
}

#[test]
fn fmt_fixtures_match_their_snapshots() {
    let cases = fmt_cases();
    assert!(cases.len() >= 15, "fmt fixtures missing");
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let input = input_of(&case);
        let text = std::fs::read_to_string(&input).unwrap();
        let ours = format::format_source(&text, source_kind_for_path(&input))
            .unwrap_or_else(|err| panic!("fixtures/fmt/{name}: not formatted: {err}"));
        assert_eq!(
            format::format_source(&ours, source_kind_for_path(&input)).as_ref(),
            Ok(&ours),
            "fixtures/fmt/{name}: not idempotent"
        );
        let deviation = case.join("deviation.md").is_file();
        let printer = std::fs::read_to_string(case.join("printer.txt")).ok();
        assert_eq!(
            deviation,
            printer.is_some(),
            "fixtures/fmt/{name}: a deviation has both deviation.md and printer.txt"
        );
        if let Some(printer) = printer {
            assert_ne!(
                ours, printer,
                "fixtures/fmt/{name}: documented as a deviation, but equals the printer's output"
            );
        }
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(&case);
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.set_description(format!(
            "consul-ls fmt fixtures/fmt/{name}/{}",
            input.file_name().unwrap().to_string_lossy()
        ));
        settings.bind(|| insta::assert_snapshot!("expected", ours));
    }
}

/// Every fixture and corpus file that parses is formatted (never refused as unsafe), and formatting the output
/// again changes nothing.
#[test]
fn formatting_is_idempotent_on_fixtures_and_corpus() {
    let mut files = Vec::new();
    data_files(&fixtures_dir(), &mut files);
    data_files(&data_dir(), &mut files);
    if let Some(corpus) = corpus_or_skip("formatting_is_idempotent_on_fixtures_and_corpus") {
        data_files(&corpus, &mut files);
    }
    let mut formatted = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let kind = source_kind_for_path(path);
        match format::format_source(&text, kind) {
            Ok(once) => {
                formatted += 1;
                let twice = format::format_source(&once, kind).unwrap();
                assert_eq!(once, twice, "{}: not idempotent", path.display());
            }
            Err(NotFormatted::Syntax(_)) => {}
            Err(err) => panic!("{}: {err}", path.display()),
        }
    }
    assert!(formatted > 100, "only {formatted} files formatted");
}

/// Generated files, laid out at random, with comments inserted between any two tokens: every one that parses is
/// formatted, keeps its values and comments (checked inside the formatter), and formatting again changes nothing.
#[test]
fn generated_files_with_comments_anywhere_format_idempotently() {
    let mut checked = 0;
    for (i, text) in common::hcl_gen::files(300, false).iter().enumerate() {
        for input in [text.clone(), common::hcl_gen::with_random_comments(text, i)] {
            match format::format_source(&input, SourceKind::Hcl) {
                Ok(once) => {
                    checked += 1;
                    let twice = format::format_source(&once, SourceKind::Hcl)
                        .unwrap_or_else(|err| panic!("output does not format again ({err}):\n{once}"));
                    assert_eq!(once, twice, "not idempotent\n--- input\n{input}\n--- once\n{once}");
                }
                Err(NotFormatted::Syntax(_)) => {}
                Err(err) => panic!("{err}\n--- input\n{input}"),
            }
        }
    }
    assert!(checked > 400, "only {checked} generated files were valid");
}

#[test]
fn other_tools_files_are_never_formatted() {
    let mut files = Vec::new();
    data_files(&fixtures_dir().join("mixed-repo"), &mut files);
    assert!(files.len() >= 8);
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(format::document(&text, &path), Err(NotFormatted::NotConsul), "{}", path.display());
        assert_eq!(format::format_file(&text, &path), Err(NotFormatted::NotConsul), "{}", path.display());
    }
}

#[test]
fn consul_files_with_syntax_errors_are_not_formatted() {
    for name in ["agent.hcl", "service.json"] {
        let path = fixtures_dir().join("syntax").join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let result = format::document(&text, &path);
        assert!(matches!(result, Err(NotFormatted::Syntax(_))), "{name}: {result:?}");
    }
}

/// The manifest is formatted like a Consul file.
#[test]
fn the_manifest_is_formatted() {
    let path = fixtures_dir().join("peering-example/consul-ls.hcl");
    let text = std::fs::read_to_string(&path).unwrap();
    let formatted = format::format_file(&text, &path).unwrap();
    assert_ne!(formatted, text, "the example manifest is not in the printer's style");
    assert!(
        formatted.contains("\ncluster \"cluster-01\" {\n  paths = [\"cluster-01\"]\n\n  peers = {\n"),
        "{formatted}"
    );
}

/// Every prefix (in steps of 7 bytes) of every fixture and corpus file that still parses — a wide range of shapes,
/// with comments wherever the files have them — is formatted, and formatting the output again changes nothing.
#[test]
fn prefixes_of_real_files_format_idempotently() {
    let mut files = Vec::new();
    data_files(&fixtures_dir(), &mut files);
    data_files(&data_dir(), &mut files);
    if let Some(corpus) = corpus_or_skip("prefixes_of_real_files_format_idempotently") {
        data_files(&corpus, &mut files);
    }
    let mut formatted = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let kind = source_kind_for_path(path);
        for cut in (0..text.len()).step_by(7).filter(|&cut| text.is_char_boundary(cut)) {
            let prefix = &text[..cut];
            match format::format_source(prefix, kind) {
                Ok(once) => {
                    formatted += 1;
                    let twice = format::format_source(&once, kind).unwrap();
                    assert_eq!(once, twice, "{} cut at {cut}: not idempotent\n{prefix}", path.display());
                }
                Err(NotFormatted::Syntax(_)) => {}
                Err(err) => panic!("{} cut at {cut}: {err}\n{prefix}", path.display()),
            }
        }
    }
    assert!(formatted > 500, "only {formatted} prefixes parsed");
}
