//! Output of `consul-ls check`: positions and display paths ([`rows`]), then one renderer per `--format`.
//!
//! All three renderers read the same sorted [`Row`]s, so files, positions and order agree between formats.

use std::io::{self, Write};
use std::ops::Range;
use std::path::{Component, Path};

use codespan_reporting::diagnostic::{Diagnostic as Frame, Label, Severity as FrameSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::WriteColor};
use line_index::{LineIndex, TextSize, WideEncoding};
use serde::Serialize;
use serde_sarif::sarif;

use crate::analysis::CheckedFile;
use crate::rules::{Code, Severity};

pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Where SARIF viewers link the tool name to: the package's repository or homepage when Cargo.toml names one.
pub const INFORMATION_URI: &str = {
    let repository = env!("CARGO_PKG_REPOSITORY");
    let homepage = env!("CARGO_PKG_HOMEPAGE");
    if !repository.is_empty() {
        repository
    } else if !homepage.is_empty() {
        homepage
    } else {
        "https://github.com/consul-ls/consul-ls"
    }
};

/// The schema URI written as SARIF's `$schema` (the one GitHub code scanning documents).
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// One diagnostic, positioned for output. Lines and columns are 1-based; columns count Unicode code points; the end
/// is the position just after the range.
#[derive(Clone, Debug, PartialEq)]
pub struct Row<'a> {
    /// Display path: relative to the current directory, `/`-separated, no leading `./`.
    pub file: String,
    /// Index of the file in the slice given to [`rows`].
    pub file_index: usize,
    /// The byte range, clamped to the text and to character boundaries.
    pub range: Range<usize>,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub severity: Severity,
    pub code: Code,
    pub message: &'a str,
}

/// Every diagnostic of `files` with its display path and positions, sorted by file (plain string order), line,
/// column, then code.
pub fn rows<'a>(files: &'a [CheckedFile], cwd: &Path) -> Vec<Row<'a>> {
    let mut out = Vec::new();
    for (file_index, file) in files.iter().enumerate() {
        if file.diagnostics.is_empty() {
            continue;
        }
        let name = display_path(&file.path, cwd);
        let index = LineIndex::new(&file.text);
        for diagnostic in &file.diagnostics {
            let range = clamp(&file.text, diagnostic.range.as_usize());
            let (line, column) = position(&index, range.start);
            let (end_line, end_column) = position(&index, range.end);
            out.push(Row {
                file: name.clone(),
                file_index,
                range,
                line,
                column,
                end_line,
                end_column,
                severity: diagnostic.severity,
                code: diagnostic.code,
                message: &diagnostic.message,
            });
        }
    }
    out.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code.as_str(), a.end_line, a.end_column, a.message).cmp(&(
            &b.file,
            b.line,
            b.column,
            b.code.as_str(),
            b.end_line,
            b.end_column,
            b.message,
        ))
    });
    out
}

/// Keeps a byte range inside `text` and on character boundaries (a range from a stale or buggy producer must not
/// make output panic).
fn clamp(text: &str, range: Range<usize>) -> Range<usize> {
    let mut start = range.start.min(text.len());
    let mut end = range.end.clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// 1-based line and code-point column of a byte offset on a character boundary.
fn position(index: &LineIndex, offset: usize) -> (u32, u32) {
    let utf8 = index.line_col(TextSize::from(offset as u32));
    let wide =
        index.to_wide(WideEncoding::Utf32, utf8).unwrap_or(line_index::WideLineCol { line: utf8.line, col: utf8.col });
    (wide.line + 1, wide.col + 1)
}

/// `path` relative to `cwd`, `/`-separated, without a leading `./`; a path outside `cwd` climbs out with `..`.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    if path.is_absolute() {
        if let Ok(rel) = path.strip_prefix(cwd) {
            return slashed(rel);
        }
        if let Ok(canonical) = cwd.canonicalize()
            && let Ok(rel) = path.strip_prefix(&canonical)
        {
            return slashed(rel);
        }
        if cwd.is_absolute() {
            return slashed(&climb(path, cwd));
        }
    }
    slashed(path)
}

/// `path` relative to `base` (both absolute), with `..` for the part of `base` they do not share.
fn climb(path: &Path, base: &Path) -> std::path::PathBuf {
    let path: Vec<Component> = path.components().filter(|c| !matches!(c, Component::CurDir)).collect();
    let base: Vec<Component> = base.components().filter(|c| !matches!(c, Component::CurDir)).collect();
    let common = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    if common == 0 {
        // Nothing shared (another drive): keep the absolute path.
        return path.iter().collect();
    }
    let mut out = std::path::PathBuf::new();
    for _ in common..base.len() {
        out.push("..");
    }
    out.extend(&path[common..]);
    out
}

fn slashed(path: &Path) -> String {
    let mut out = String::new();
    let push = |out: &mut String, part: &str| {
        if !out.is_empty() && !out.ends_with('/') {
            out.push('/');
        }
        out.push_str(part);
    };
    for component in path.components() {
        match component {
            Component::Prefix(prefix) => out.push_str(&prefix.as_os_str().to_string_lossy()),
            Component::RootDir => out.push('/'),
            Component::CurDir => {}
            Component::ParentDir => push(&mut out, ".."),
            Component::Normal(part) => push(&mut out, &part.to_string_lossy()),
        }
    }
    out
}

/// Whether any row is at `fail_on` or more severe: exit code 1.
pub fn fails(rows: &[Row], fail_on: Severity) -> bool {
    rows.iter().any(|row| row.severity.at_least(fail_on))
}

// ---------------------------------------------------------------------------------------------------------------
// JSON

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    severity: &'static str,
    code: &'static str,
    message: &'a str,
}

/// `{"version": 1, "diagnostics": [...]}` as interface.md specifies.
pub fn json(rows: &[Row], out: &mut dyn Write) -> io::Result<()> {
    let report = JsonReport {
        version: 1,
        diagnostics: rows
            .iter()
            .map(|row| JsonDiagnostic {
                file: &row.file,
                line: row.line,
                column: row.column,
                end_line: row.end_line,
                end_column: row.end_column,
                severity: row.severity.as_str(),
                code: row.code.as_str(),
                message: row.message,
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

// ---------------------------------------------------------------------------------------------------------------
// SARIF

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

fn result_level(severity: Severity) -> sarif::ResultLevel {
    match severity {
        Severity::Error => sarif::ResultLevel::Error,
        Severity::Warning => sarif::ResultLevel::Warning,
        Severity::Information | Severity::Hint => sarif::ResultLevel::Note,
    }
}

/// Rule metadata for every code consul-ls can emit, in [`Code::ALL`] order (results refer to it by index).
fn sarif_rules() -> Vec<sarif::ReportingDescriptor> {
    Code::ALL
        .iter()
        .map(|&code| {
            sarif::ReportingDescriptor::builder()
                .id(code.as_str())
                .short_description(sarif::MultiformatMessageString::builder().text(code.summary()).build())
                .full_description(sarif::MultiformatMessageString::builder().text(code.fact()).build())
                .default_configuration(
                    sarif::ReportingConfiguration::builder()
                        .level(serde_json::Value::from(sarif_level(code.default_severity())))
                        .build(),
                )
                .build()
        })
        .collect()
}

/// A SARIF 2.1.0 log with one run.
pub fn sarif_log(rows: &[Row]) -> sarif::Sarif {
    let results = rows
        .iter()
        .map(|row| {
            let region = sarif::Region::builder()
                .start_line(row.line as i64)
                .start_column(row.column as i64)
                .end_line(row.end_line as i64)
                .end_column(row.end_column as i64)
                .build();
            let location = sarif::Location::builder()
                .physical_location(
                    sarif::PhysicalLocation::builder()
                        .artifact_location(sarif::ArtifactLocation::builder().uri(uri(&row.file)).build())
                        .region(region)
                        .build(),
                )
                .build();
            let rule_index = Code::ALL.iter().position(|&code| code == row.code).unwrap_or_default();
            sarif::Result::builder()
                .rule_id(row.code.as_str())
                .rule_index(rule_index as i64)
                .level(result_level(row.severity))
                .message(sarif::Message::builder().text(row.message).build())
                .locations(vec![location])
                .build()
        })
        .collect::<Vec<_>>();
    let driver = sarif::ToolComponent::builder()
        .name("consul-ls")
        .version(VERSION)
        .information_uri(INFORMATION_URI)
        .rules(sarif_rules())
        .build();
    let run = sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        // Our columns count code points, not SARIF's default UTF-16 code units.
        .column_kind(serde_json::Value::from("unicodeCodePoints"))
        .results(results)
        .build();
    sarif::Sarif::builder().schema(SARIF_SCHEMA).version(serde_json::Value::from("2.1.0")).runs(vec![run]).build()
}

pub fn sarif(rows: &[Row], out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &sarif_log(rows))?;
    writeln!(out)
}

/// A display path as a URI reference: `/`-separated, percent-encoded outside the unreserved characters.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let bytes = path.as_bytes();
    // `C:/x` would read as a URI with scheme `C`.
    if bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' {
        out.push_str("file:///");
    }
    for &byte in bytes {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(byte as char),
            b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' | b'@' => {
                out.push(byte as char)
            }
            b':' if out.starts_with("file:///") => out.push(':'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------------------------
// Human

fn frame_severity(severity: Severity) -> FrameSeverity {
    match severity {
        Severity::Error => FrameSeverity::Error,
        Severity::Warning => FrameSeverity::Warning,
        Severity::Information => FrameSeverity::Note,
        Severity::Hint => FrameSeverity::Help,
    }
}

/// Code frames for every row, then the [`summary`] line.
/// The file's text with every token secret found by `token-in-config` masked after its first 4 characters, so
/// code frames never print a secret. Byte offsets are kept (each masked character becomes as many `*` as it had
/// bytes).
fn redact_tokens(file: &CheckedFile) -> String {
    let mut text = file.text.to_string();
    for d in file.diagnostics.iter().filter(|d| d.code == Code::TokenInConfig) {
        let Some(secret) = file.text.get(d.range.as_usize()) else { continue };
        let masked: String = secret
            .char_indices()
            .map(|(i, c)| if c == '"' || i < 5 { c.to_string() } else { "*".repeat(c.len_utf8()) })
            .collect();
        text.replace_range(d.range.as_usize(), &masked);
    }
    text
}

/// Lines longer than this are not printed in code frames.
const MAX_FRAME_LINE_BYTES: usize = 1000;

pub fn human(files: &[CheckedFile], rows: &[Row], out: &mut dyn WriteColor) -> io::Result<()> {
    let mut frames = SimpleFiles::new();
    let mut ids: Vec<Option<usize>> = vec![None; files.len()];
    let config = term::Config::default();
    for row in rows {
        let id = *ids[row.file_index]
            .get_or_insert_with(|| frames.add(row.file.clone(), redact_tokens(&files[row.file_index])));
        let frame = Frame::new(frame_severity(row.severity)).with_code(row.code.as_str()).with_message(row.message);
        // A code frame repeats the whole source line; for minified or generated files that is megabytes per
        // finding, so very long lines get the location without the frame.
        let text = &files[row.file_index].text;
        let line_start = text[..row.range.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[row.range.end..].find('\n').map_or(text.len(), |i| row.range.end + i);
        let frame = if line_end - line_start > MAX_FRAME_LINE_BYTES {
            frame
                .with_notes(vec![format!("at {}:{}:{} (the line is too long to show)", row.file, row.line, row.column)])
        } else {
            frame.with_labels(vec![Label::primary(id, row.range.clone())])
        };
        term::emit(out, &config, &frames, &frame).map_err(|err| match err {
            codespan_reporting::files::Error::Io(io) => io,
            other => io::Error::other(other.to_string()),
        })?;
    }
    writeln!(out, "{}", summary(files.len(), rows))
}

/// `2 errors, 1 warning, 0 information and 0 hints in 7 files.` or `No problems found in 7 files.`
pub fn summary(file_count: usize, rows: &[Row]) -> String {
    let files = plural(file_count, "file", "files");
    if rows.is_empty() {
        return format!("No problems found in {files}.");
    }
    let count = |severity: Severity| rows.iter().filter(|row| row.severity == severity).count();
    format!(
        "{}, {}, {} information and {} in {files}.",
        plural(count(Severity::Error), "error", "errors"),
        plural(count(Severity::Warning), "warning", "warnings"),
        count(Severity::Information),
        plural(count(Severity::Hint), "hint", "hints"),
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Diagnostic;
    use crate::syntax::TextRange;
    use codespan_reporting::term::termcolor::NoColor;
    use serde_json::Value;
    use std::path::PathBuf;
    use std::sync::Arc;

    fn diag(code: Code, start: u32, end: u32, message: &str) -> Diagnostic {
        Diagnostic::new(code, TextRange::new(start, end), message)
    }

    fn file(path: &str, text: &str, diagnostics: Vec<Diagnostic>) -> CheckedFile {
        CheckedFile { path: PathBuf::from(path), text: Arc::from(text), diagnostics }
    }

    const FRONTEND: &str = "# é ünïcode\nservice {\n  name = \"frontend\" # ☃\n  connect { sidecar_service { proxy { upstreams = [{ destination_name = \"backend\" }] } } }\n}\n";

    /// Two files, given out of order; the frontend has a multi-byte character before its range.
    fn sample() -> Vec<CheckedFile> {
        let start = FRONTEND.find("\"backend\"").unwrap() as u32;
        let token = FRONTEND.find("☃").unwrap() as u32;
        vec![
            file(
                "./cluster-01/frontend.hcl",
                FRONTEND,
                vec![
                    diag(
                        Code::UpstreamMissingPeer,
                        start,
                        start + 9,
                        "upstream \"backend\" is not registered in cluster-01 but cluster-02 exports it; set destination_peer",
                    ),
                    diag(Code::TokenInConfig, token, token + 3, "snowman"),
                    diag(Code::Syntax, 2, 4, "é"),
                ],
            ),
            file(
                "agent.json",
                "{\"datacenter\": 1}\n",
                vec![diag(Code::InvalidValue, 15, 16, "datacenter must be a string")],
            ),
            file("clean.hcl", "", vec![]),
        ]
    }

    fn to_string(render: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        render(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn display_paths() {
        let cwd = Path::new("/work/ws");
        assert_eq!(display_path(Path::new("./a/b.hcl"), cwd), "a/b.hcl");
        assert_eq!(display_path(Path::new("a/./b.hcl"), cwd), "a/b.hcl");
        assert_eq!(display_path(Path::new("/work/ws/c/d.json"), cwd), "c/d.json");
        assert_eq!(display_path(Path::new("/elsewhere/x.hcl"), cwd), "../../elsewhere/x.hcl");
        assert_eq!(display_path(Path::new("/work/other/y.hcl"), cwd), "../other/y.hcl");
        assert_eq!(display_path(Path::new("../up/x.hcl"), cwd), "../up/x.hcl");
    }

    #[test]
    fn columns_count_code_points_and_rows_are_sorted() {
        let files = sample();
        let rows = rows(&files, Path::new("/nowhere"));
        let got: Vec<_> = rows.iter().map(|r| (r.file.as_str(), r.line, r.column, r.end_line, r.end_column)).collect();
        // `é` is 2 bytes but 1 column: bytes 2..4 are columns 3..4.
        assert_eq!(
            got,
            [
                ("agent.json", 1, 16, 1, 17),
                ("cluster-01/frontend.hcl", 1, 3, 1, 4),
                ("cluster-01/frontend.hcl", 3, 23, 3, 24),
                ("cluster-01/frontend.hcl", 4, 73, 4, 82),
            ]
        );
    }

    #[test]
    fn ranges_off_the_text_or_inside_a_character_are_clamped() {
        let files = vec![file(
            "x.hcl",
            "é\n",
            vec![diag(Code::Syntax, 1, 1, "inside é"), diag(Code::Syntax, 2, 99, "past the end")],
        )];
        let rows = rows(&files, Path::new("/"));
        assert_eq!((rows[0].range.clone(), rows[0].column, rows[0].end_column), (0..2, 1, 2));
        assert_eq!((rows[1].range.clone(), rows[1].line, rows[1].end_line, rows[1].end_column), (2..3, 1, 2, 1));
    }

    #[test]
    fn json_snapshot() {
        let files = sample();
        let rows = rows(&files, Path::new("/nowhere"));
        let out = to_string(|w| json(&rows, w));
        insta::assert_snapshot!(out, @r#"
        {
          "version": 1,
          "diagnostics": [
            {
              "file": "agent.json",
              "line": 1,
              "column": 16,
              "end_line": 1,
              "end_column": 17,
              "severity": "error",
              "code": "invalid-value",
              "message": "datacenter must be a string"
            },
            {
              "file": "cluster-01/frontend.hcl",
              "line": 1,
              "column": 3,
              "end_line": 1,
              "end_column": 4,
              "severity": "error",
              "code": "syntax",
              "message": "é"
            },
            {
              "file": "cluster-01/frontend.hcl",
              "line": 3,
              "column": 23,
              "end_line": 3,
              "end_column": 24,
              "severity": "information",
              "code": "token-in-config",
              "message": "snowman"
            },
            {
              "file": "cluster-01/frontend.hcl",
              "line": 4,
              "column": 73,
              "end_line": 4,
              "end_column": 82,
              "severity": "warning",
              "code": "upstream-missing-peer",
              "message": "upstream \"backend\" is not registered in cluster-01 but cluster-02 exports it; set destination_peer"
            }
          ]
        }
        "#);
    }

    #[test]
    fn json_when_nothing_found() {
        let files = vec![file("a.hcl", "", vec![])];
        let out = to_string(|w| json(&rows(&files, Path::new("/")), w));
        let value: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(value, serde_json::json!({"version": 1, "diagnostics": []}));
    }

    #[test]
    fn human_output_masks_token_secrets() {
        let text = "acl {\n  tokens {\n    agent = \"b1gs3cr3t-0000-4000\"\n  }\n}\n";
        let at = text.find("\"b1g").unwrap() as u32;
        let files = vec![file("agent.hcl", text, vec![diag(Code::TokenInConfig, at, at + 21, "token")])];
        let rows = rows(&files, Path::new("/nowhere"));
        let mut out = NoColor::new(Vec::new());
        human(&files, &rows, &mut out).unwrap();
        let out = String::from_utf8(out.into_inner()).unwrap();
        assert!(!out.contains("s3cr3t"), "{out}");
        assert!(out.contains("agent = \"b1gs***************\""), "{out}");
    }

    #[test]
    fn human_skips_frames_of_very_long_lines() {
        let long = format!("{{\"meta\": \"{}\", \"bogus\": 1}}", "v".repeat(50_000));
        let at = long.find("\"bogus\"").unwrap() as u32;
        let files = vec![file("min.json", &long, vec![diag(Code::UnknownField, at, at + 7, "unknown field")])];
        let rows = rows(&files, Path::new("/nowhere"));
        let mut out = NoColor::new(Vec::new());
        human(&files, &rows, &mut out).unwrap();
        let out = String::from_utf8(out.into_inner()).unwrap();
        assert!(out.len() < 500, "{} bytes", out.len());
        assert!(out.contains("at min.json:1:50014 (the line is too long to show)"), "{out}");
    }

    #[test]
    fn human_without_colour() {
        let files = sample();
        let rows = rows(&files, Path::new("/nowhere"));
        let mut out = NoColor::new(Vec::new());
        human(&files, &rows, &mut out).unwrap();
        let out = String::from_utf8(out.into_inner()).unwrap();
        assert!(!out.contains('\x1b'));
        insta::assert_snapshot!(out, @r#"
        error[invalid-value]: datacenter must be a string
          ┌─ agent.json:1:16
          │
        1 │ {"datacenter": 1}
          │                ^

        error[syntax]: é
          ┌─ cluster-01/frontend.hcl:1:3
          │
        1 │ # é ünïcode
          │   ^

        note[token-in-config]: snowman
          ┌─ cluster-01/frontend.hcl:3:23
          │
        3 │   name = "frontend" # ☃
          │                       ^

        warning[upstream-missing-peer]: upstream "backend" is not registered in cluster-01 but cluster-02 exports it; set destination_peer
          ┌─ cluster-01/frontend.hcl:4:73
          │
        4 │   connect { sidecar_service { proxy { upstreams = [{ destination_name = "backend" }] } } }
          │                                                                         ^^^^^^^^^

        2 errors, 1 warning, 1 information and 0 hints in 3 files.
        "#);
    }

    #[test]
    fn summary_wording() {
        assert_eq!(summary(1, &[]), "No problems found in 1 file.");
        assert_eq!(summary(0, &[]), "No problems found in 0 files.");
        let files = vec![file("a.hcl", "x", vec![diag(Code::Syntax, 0, 1, "m")])];
        assert_eq!(
            summary(1, &rows(&files, Path::new("/"))),
            "1 error, 0 warnings, 0 information and 0 hints in 1 file."
        );
    }

    fn with_severities(severities: &[Severity]) -> Vec<CheckedFile> {
        let diagnostics =
            severities.iter().map(|&severity| Diagnostic { severity, ..diag(Code::UnknownField, 0, 1, "m") }).collect();
        vec![file("a.hcl", "abc", diagnostics)]
    }

    #[test]
    fn fail_on_levels() {
        use Severity::*;
        let cases: &[(&[Severity], Severity, bool)] = &[
            (&[], Hint, false),
            (&[Warning], Error, false),
            (&[Warning], Warning, true),
            (&[Warning], Hint, true),
            (&[Error], Error, true),
            (&[Information, Hint], Warning, false),
            (&[Information, Hint], Information, true),
            (&[Hint], Information, false),
            (&[Hint], Hint, true),
        ];
        for &(severities, fail_on, expected) in cases {
            let files = with_severities(severities);
            assert_eq!(fails(&rows(&files, Path::new("/")), fail_on), expected, "{severities:?} --fail-on {fail_on}");
        }
    }

    #[test]
    fn uri_encoding() {
        assert_eq!(uri("cluster-01/frontend.hcl"), "cluster-01/frontend.hcl");
        assert_eq!(uri("my dir/é.hcl"), "my%20dir/%C3%A9.hcl");
        assert_eq!(uri("ab:c#d?.json"), "ab%3Ac%23d%3F.json");
        assert_eq!(uri("C:/x.hcl"), "file:///C:/x.hcl");
    }

    fn sarif_value(files: &[CheckedFile]) -> Value {
        let out = to_string(|w| sarif(&rows(files, Path::new("/nowhere")), w));
        serde_json::from_str(&out).unwrap()
    }

    #[test]
    fn sarif_has_the_required_structure() {
        let log = sarif_value(&sample());
        assert_eq!(log["version"], "2.1.0");
        assert_eq!(log["$schema"], SARIF_SCHEMA);
        let runs = log["runs"].as_array().unwrap();
        assert_eq!(runs.len(), 1);
        let run = &runs[0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "consul-ls");
        assert_eq!(driver["version"], VERSION);
        assert!(driver["informationUri"].as_str().unwrap().starts_with("https://"));
        let rules = driver["rules"].as_array().unwrap();
        assert_eq!(rules.len(), Code::ALL.len());
        for (rule, code) in rules.iter().zip(Code::ALL) {
            assert_eq!(rule["id"], code.as_str());
            assert_eq!(rule["shortDescription"]["text"], code.summary());
            assert_eq!(rule["fullDescription"]["text"], code.fact());
            assert_eq!(rule["defaultConfiguration"]["level"], sarif_level(code.default_severity()));
        }
        assert_eq!(
            rules[Code::ALL.iter().position(|&c| c == Code::PeeringWithoutMeshConfig).unwrap()]["defaultConfiguration"]
                ["level"],
            "note"
        );

        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), 4);
        for result in results {
            // Required by the schema: message with text; ruleIndex consistent with ruleId.
            assert!(result["message"]["text"].is_string());
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], result["ruleId"]);
            assert!(matches!(result["level"].as_str(), Some("error" | "warning" | "note")));
            let location = &result["locations"][0]["physicalLocation"];
            assert!(location["artifactLocation"]["uri"].is_string());
            for key in ["startLine", "startColumn", "endLine", "endColumn"] {
                assert!(location["region"][key].as_u64().unwrap() >= 1, "{key}");
            }
        }
        let last = &results[3];
        assert_eq!(last["ruleId"], "upstream-missing-peer");
        assert_eq!(last["level"], "warning");
        assert_eq!(last["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "cluster-01/frontend.hcl");
        assert_eq!(
            last["locations"][0]["physicalLocation"]["region"],
            serde_json::json!({"startLine": 4, "startColumn": 73, "endLine": 4, "endColumn": 82})
        );
        assert_eq!(results[2]["level"], "note");
    }

    #[test]
    fn sarif_with_no_findings_still_lists_rules_and_an_empty_result_set() {
        let log = sarif_value(&[file("a.hcl", "", vec![])]);
        assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
        assert_eq!(log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap().len(), Code::ALL.len());
    }

    #[test]
    fn sarif_validates_against_the_sarif_2_1_0_schema() {
        let Some(schema_path) = schema::find() else {
            eprintln!("SARIF 2.1.0 schema not found in the cargo registry (serde-sarif's src/schema.json); skipped");
            return;
        };
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(&schema_path).unwrap()).unwrap();
        assert!(schema["title"].as_str().unwrap().contains("2.1.0"));
        for files in [sample(), vec![file("a.hcl", "", vec![])]] {
            let log = sarif_value(&files);
            let errors = schema::validate(&schema, &log);
            assert!(errors.is_empty(), "{schema_path:?}:\n{}", errors.join("\n"));
        }
        // The validator is not vacuous.
        let mut broken = sarif_value(&sample());
        broken["runs"][0]["results"][0]["level"] = "fatal".into();
        broken["runs"][0]["tool"]["driver"].as_object_mut().unwrap().remove("name");
        broken["runs"][0]["bogus"] = 1.into();
        let errors = schema::validate(&schema, &broken);
        assert_eq!(errors.len(), 3, "{errors:#?}");
    }

    /// Just enough of JSON Schema draft-07 to check a SARIF log against the official SARIF 2.1.0 schema, which
    /// serde-sarif ships in its crate source. Keywords it does not implement are reported, not ignored.
    mod schema {
        use serde_json::Value;
        use std::path::PathBuf;

        pub fn find() -> Option<PathBuf> {
            let cargo_home = std::env::var_os("CARGO_HOME")
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))?;
            let mut found = Vec::new();
            for registry in std::fs::read_dir(cargo_home.join("registry/src")).ok()?.flatten() {
                for package in std::fs::read_dir(registry.path()).into_iter().flatten().flatten() {
                    if package.file_name().to_string_lossy().starts_with("serde-sarif-") {
                        let schema = package.path().join("src/schema.json");
                        if schema.is_file() {
                            found.push(schema);
                        }
                    }
                }
            }
            found.sort();
            found.pop()
        }

        pub fn validate(root: &Value, instance: &Value) -> Vec<String> {
            let mut errors = Vec::new();
            check(root, root, instance, "$", &mut errors);
            errors
        }

        fn check(root: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
            let Some(schema) = schema.as_object() else {
                if schema == &Value::Bool(false) {
                    errors.push(format!("{at}: not allowed"));
                }
                return;
            };
            if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
                let name = reference.strip_prefix("#/definitions/").expect("local definition reference");
                check(root, &root["definitions"][name], value, at, errors);
                return;
            }
            for (keyword, arg) in schema {
                match keyword.as_str() {
                    "type" => {
                        let types: Vec<&str> = match arg {
                            Value::String(t) => vec![t.as_str()],
                            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                            _ => panic!("bad type keyword"),
                        };
                        if !types.iter().any(|t| has_type(value, t)) {
                            errors.push(format!("{at}: expected {types:?}, got {value}"));
                        }
                    }
                    "enum" => {
                        if !arg.as_array().unwrap().contains(value) {
                            errors.push(format!("{at}: {value} not in {arg}"));
                        }
                    }
                    "properties" => {
                        if let Some(object) = value.as_object() {
                            for (key, sub) in arg.as_object().unwrap() {
                                if let Some(v) = object.get(key) {
                                    check(root, sub, v, &format!("{at}.{key}"), errors);
                                }
                            }
                        }
                    }
                    "additionalProperties" => {
                        if let Some(object) = value.as_object() {
                            let known = schema.get("properties").and_then(Value::as_object);
                            for (key, v) in object {
                                if known.is_none_or(|known| !known.contains_key(key)) {
                                    match arg {
                                        Value::Bool(false) => errors.push(format!("{at}: unexpected property {key}")),
                                        Value::Bool(true) => {}
                                        sub => check(root, sub, v, &format!("{at}.{key}"), errors),
                                    }
                                }
                            }
                        }
                    }
                    "required" => {
                        if let Some(object) = value.as_object() {
                            for key in arg.as_array().unwrap().iter().filter_map(Value::as_str) {
                                if !object.contains_key(key) {
                                    errors.push(format!("{at}: missing required property {key}"));
                                }
                            }
                        }
                    }
                    "items" => {
                        if let Some(items) = value.as_array() {
                            for (i, item) in items.iter().enumerate() {
                                check(root, arg, item, &format!("{at}[{i}]"), errors);
                            }
                        }
                    }
                    "minItems" => {
                        if let Some(items) = value.as_array()
                            && (items.len() as u64) < arg.as_u64().unwrap()
                        {
                            errors.push(format!("{at}: fewer than {arg} items"));
                        }
                    }
                    "uniqueItems" => {
                        if let Some(items) = value.as_array()
                            && arg == &Value::Bool(true)
                        {
                            for (i, item) in items.iter().enumerate() {
                                if items[..i].contains(item) {
                                    errors.push(format!("{at}[{i}]: duplicate item"));
                                }
                            }
                        }
                    }
                    "minimum" | "maximum" => {
                        if let (Some(v), Some(limit)) = (value.as_f64(), arg.as_f64()) {
                            let ok = if keyword == "minimum" { v >= limit } else { v <= limit };
                            if !ok {
                                errors.push(format!("{at}: {v} violates {keyword} {limit}"));
                            }
                        }
                    }
                    "anyOf" | "oneOf" => {
                        let passing = arg
                            .as_array()
                            .unwrap()
                            .iter()
                            .filter(|sub| {
                                let mut sub_errors = Vec::new();
                                check(root, sub, value, at, &mut sub_errors);
                                sub_errors.is_empty()
                            })
                            .count();
                        if passing == 0 || (keyword == "oneOf" && passing > 1) {
                            errors.push(format!("{at}: {passing} alternatives of {keyword} match"));
                        }
                    }
                    "pattern" => {
                        if value.is_string() {
                            errors.push(format!("{at}: `pattern` is not implemented by this validator"));
                        }
                    }
                    // Annotations (draft-07 treats `format` as one by default).
                    "description" | "default" | "title" | "format" | "$schema" | "$id" | "definitions" => {}
                    other => errors.push(format!("{at}: keyword {other} is not implemented by this validator")),
                }
            }
        }

        fn has_type(value: &Value, name: &str) -> bool {
            match name {
                "object" => value.is_object(),
                "array" => value.is_array(),
                "string" => value.is_string(),
                "boolean" => value.is_boolean(),
                "null" => value.is_null(),
                "number" => value.is_number(),
                "integer" => value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|f| f.fract() == 0.0),
                _ => panic!("unknown type {name}"),
            }
        }
    }
}
