//! Formatting of Consul files (and the manifest `consul-ls.hcl`) — nothing else is ever formatted.
//!
//! - **HCL** in the style of hashicorp/hcl v1's printer (`hcl/printer.Format`, what `hclfmt` does; see
//!   [`hcl`]'s printer for the layout). The printer is the reference: the output equals its output except where
//!   it is wrong, each case documented by a fixture under `fixtures/fmt/` (a `deviation.md` next to the input):
//!   comments stay where they were written — a comment above an item does not break an aligned run or gain a
//!   blank line, comments before a list element stay before it (the printer moves them into the element, or out
//!   of the list), end-of-line comments after `{`, `[` or a list element stay on their line, blank lines between
//!   comment groups are kept and none is added after a comment in a list, lines of a multi-line block comment are
//!   not re-indented, no blank line is left at the end of the file, and two end-of-line comments are separated by
//!   a space.
//! - **JSON** exactly as Go's `json.Indent(dst, src, "", "  ")`, plus a final newline.
//!
//! Line ends become `\n` (as the printer does); a byte order mark is kept (in HCL it is itself a syntax error, as
//! for HCL 1). A file with a syntax error is not formatted; an HCL file that ends with a dangling `key =` (HCL 1
//! accepts and ignores it) keeps it. The result is checked before it is handed out: it must parse to the same values and comments as the
//! input, otherwise the file is left alone.
//!
//! Results are plain data (byte offsets); the language server and the CLI convert them.

pub mod hcl;
pub mod json;

use std::path::Path;
use std::time::Duration;

use crate::model::{FileKind, classify};
use crate::syntax::{self, Comment, Entry, EntryStyle, Parse, SourceKind, SyntaxError, TextRange, Value, ValueKind};

/// Replace `range` (byte offsets in the original text) with `new_text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub range: TextRange,
    pub new_text: String,
}

/// Why a file is left as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotFormatted {
    /// Not a Consul file nor the manifest: another tool's files are never touched.
    NotConsul,
    /// The file does not parse; the first error.
    Syntax(SyntaxError),
    /// The formatted text would not read back as the same values and comments (a formatter bug); the file is
    /// left alone rather than changed.
    Unsafe,
}

impl std::fmt::Display for NotFormatted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotFormatted::NotConsul => f.write_str("not a Consul file"),
            NotFormatted::Syntax(error) => write!(f, "syntax error: {}", error.message),
            NotFormatted::Unsafe => f.write_str("the formatter could not keep the content unchanged; left alone"),
        }
    }
}

/// Whether the file at `path` with this content may be formatted: a Consul file or the manifest, without syntax
/// errors. Returns the parse.
fn formattable(text: &str, path: &Path) -> Result<Parse, NotFormatted> {
    let parse = syntax::parse(text, syntax::source_kind_for_path(path));
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let kind = classify(&parse, file_name);
    if !(kind.is_consul() || kind == FileKind::Manifest) {
        return Err(NotFormatted::NotConsul);
    }
    if let Some(error) = parse.errors.first() {
        return Err(NotFormatted::Syntax(error.clone()));
    }
    Ok(parse)
}

/// The whole formatted text of a Consul file.
pub fn format_file(text: &str, path: &Path) -> Result<String, NotFormatted> {
    let parse = formattable(text, path)?;
    Ok(format_parsed(text, parse.source_kind)?.text)
}

/// The edits that format a whole Consul file; empty when it is formatted already.
pub fn document(text: &str, path: &Path) -> Result<Vec<TextEdit>, NotFormatted> {
    let formatted = format_file(text, path)?;
    Ok(line_edits(text, &formatted, 0))
}

/// The edits that format the top-level items `range` touches (a selection in the editor), limited to the lines of
/// those items; empty when they are formatted already or the range touches no item.
pub fn range(text: &str, path: &Path, range: TextRange) -> Result<Vec<TextEdit>, NotFormatted> {
    let parse = formattable(text, path)?;
    let formatted = format_parsed(text, parse.source_kind)?;
    let source_lines = LineStarts::new(text);
    let output_lines = LineStarts::new(&formatted.text);

    let first_line = source_lines.line(range.start);
    let last_line = if range.is_empty() { first_line } else { source_lines.line(range.end - 1) };
    let elements = &formatted.elements;
    let Some(mut first) = elements.iter().position(|e| e.source.1 >= first_line && e.source.0 <= last_line) else {
        return Ok(Vec::new());
    };
    let mut last = elements.iter().rposition(|e| e.source.1 >= first_line && e.source.0 <= last_line).unwrap_or(first);
    // Items that share a line with the selected ones are formatted with them.
    while first > 0 && elements[first - 1].source.1 >= elements[first].source.0 {
        first -= 1;
    }
    while last + 1 < elements.len() && elements[last + 1].source.0 <= elements[last].source.1 {
        last += 1;
    }
    let (from, to) = (elements[first].source.0, elements[last].source.1);
    if formatted.bracket_lines.iter().any(|&line| (from..=to).contains(&line)) {
        // The selection shares a line with the document's own braces: only the whole document can be formatted.
        return Ok(line_edits(text, &formatted.text, 0));
    }
    let source = source_lines.span(text, from, to);
    let output = output_lines.span(&formatted.text, elements[first].output.0, elements[last].output.1);
    let edits = line_edits(&text[source.as_usize()], &formatted.text[output.as_usize()], source.start);
    // The region must splice cleanly (a JSON comma written at the start of the next member's line would not).
    let spliced = apply_edits(text, &edits);
    let reread = syntax::parse(&spliced, parse.source_kind);
    if reread.errors.is_empty() && same_content(&parse, &reread) { Ok(edits) } else { Ok(Vec::new()) }
}

/// Formats text of the given syntax without looking at what kind of file it is (the formatter itself, as the
/// oracle tests drive it). HCL text that starts with `{` is JSON, as HCL 1 reads it.
pub fn format_source(text: &str, kind: SourceKind) -> Result<String, NotFormatted> {
    Ok(format_parsed(text, kind)?.text)
}

/// A top-level element (HCL item or comment group, JSON member) before and after formatting: first and last
/// line, 0-based.
#[derive(Clone, Copy, Debug)]
struct Element {
    source: (u32, u32),
    output: (u32, u32),
}

struct Formatted {
    text: String,
    elements: Vec<Element>,
    /// Source lines of the document's own braces (JSON's outer `{` and `}`).
    bracket_lines: Vec<u32>,
}

/// Formats a text of the given syntax, and checks the result reads back the same.
fn format_parsed(text: &str, kind: SourceKind) -> Result<Formatted, NotFormatted> {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    // As the printer (and Consul's HCL parser) does; lines stay where they are.
    let normalized = body.replace("\r\n", "\n");
    // Stray carriage returns before a line end (`\r\r\n`): one normalisation would leave a `\r\n`, and each
    // formatting pass would take one more `\r` out of a heredoc or a comment. Such a file is left alone.
    if normalized.contains("\r\n") {
        return Err(NotFormatted::Unsafe);
    }
    let parse = syntax::parse(&normalized, kind);
    if let Some(error) = parse.errors.first() {
        return Err(NotFormatted::Syntax(error.clone()));
    }
    let mut formatted = match parse.source_kind {
        SourceKind::Json => {
            let out = json::format(&normalized);
            let output_lines = LineStarts::new(&out.text);
            let source_lines = LineStarts::new(&normalized);
            let line_of_range = |range: TextRange| {
                (source_lines.line(range.start), source_lines.line(range.end.saturating_sub(1).max(range.start)))
            };
            let members = parse.root.as_object().unwrap_or_default();
            let elements = if members.len() == out.members.len() {
                members
                    .iter()
                    .zip(&out.members)
                    .map(|(member, range)| Element {
                        source: line_of_range(member.range()),
                        output: (output_lines.line(range.start as u32), output_lines.line(range.end as u32)),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let (open, close) = line_of_range(parse.root.range);
            Formatted { text: out.text, elements, bracket_lines: vec![open, close] }
        }
        // YAML (consul-k8s resources, Helm values) is not formatted: yaml-language-server and the cluster's own
        // tooling own that style.
        SourceKind::Yaml => return Err(NotFormatted::NotConsul),
        SourceKind::Hcl => {
            let out = hcl::format(&normalized).ok_or(NotFormatted::Unsafe)?;
            let elements = out
                .source_lines
                .iter()
                .zip(&out.printed.element_lines)
                .map(|(&(from, to), &(out_from, out_to))| Element {
                    source: (from.saturating_sub(1), to.saturating_sub(1)),
                    output: (out_from as u32, out_to as u32),
                })
                .collect();
            Formatted { text: out.printed.text, elements, bracket_lines: Vec::new() }
        }
    };
    let reread = syntax::parse(&formatted.text, parse.source_kind);
    if !reread.errors.is_empty() || !same_content(&parse, &reread) {
        return Err(NotFormatted::Unsafe);
    }
    formatted.text.insert_str(0, bom);
    Ok(formatted)
}

/// The same values (keys, styles, literals) and the same comments, whatever the layout. A one-key block and an
/// assignment of an object are the same (HCL 1 reads them alike, and the printer turns one into the other).
fn same_content(a: &Parse, b: &Parse) -> bool {
    fn comments(parse: &Parse) -> impl Iterator<Item = &str> {
        parse.comments.iter().map(|c: &Comment| c.text.as_str())
    }
    same_value(&a.root, &b.root) && comments(a).eq(comments(b))
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (&a.kind, &b.kind) {
        (ValueKind::Object(x), ValueKind::Object(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_entry(p, q))
        }
        (ValueKind::List(x), ValueKind::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_value(p, q))
        }
        (x, y) => x == y,
    }
}

fn same_entry(a: &Entry, b: &Entry) -> bool {
    let style = |e: &Entry| if e.style == EntryStyle::Label { EntryStyle::Label } else { EntryStyle::Attribute };
    a.key.text == b.key.text && style(a) == style(b) && same_value(&a.value, &b.value)
}

/// Byte offsets of line starts, for line ↔ offset conversion.
struct LineStarts(Vec<u32>);

impl LineStarts {
    fn new(text: &str) -> LineStarts {
        LineStarts(std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i as u32 + 1)).collect())
    }

    /// 0-based line of an offset.
    fn line(&self, offset: u32) -> u32 {
        (self.0.partition_point(|&start| start <= offset) as u32).saturating_sub(1)
    }

    /// Lines `from..=to`, from the first byte of `from` to the end of `to` without its line end.
    fn span(&self, text: &str, from: u32, to: u32) -> TextRange {
        let start = self.0.get(from as usize).copied().unwrap_or(text.len() as u32);
        let next = self.0.get(to as usize + 1).copied().unwrap_or(text.len() as u32 + 1);
        let mut end = next.saturating_sub(1).min(text.len() as u32).max(start);
        if text.as_bytes().get(end as usize) == Some(&b'\n')
            && end > start
            && text.as_bytes()[end as usize - 1] == b'\r'
        {
            end -= 1;
        }
        TextRange::new(start, end)
    }
}

/// Line-by-line edits that turn `old` into `new`; offsets are shifted by `base`.
fn line_edits(old: &str, new: &str, base: u32) -> Vec<TextEdit> {
    if old == new {
        return Vec::new();
    }
    let diff = similar::TextDiff::configure().timeout(Duration::from_millis(500)).diff_lines(old, new);
    let old_starts = line_offsets(old);
    let new_starts = line_offsets(new);
    let mut edits = Vec::new();
    for op in diff.ops() {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal {
            continue;
        }
        let start = old_starts[old_range.start];
        let end = old_starts[old_range.end];
        let new_text = &new[new_starts[new_range.start]..new_starts[new_range.end]];
        edits.push(TextEdit {
            range: TextRange::new(base + start as u32, base + end as u32),
            new_text: new_text.to_string(),
        });
    }
    edits
}

/// Start offset of every line as `similar` splits them (after each `\n`), plus the text's length.
fn line_offsets(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1).filter(|&i| i < text.len()));
    starts.push(text.len());
    starts
}

/// Applies non-overlapping edits.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> String {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0usize;
    for edit in sorted {
        let start = (edit.range.start as usize).clamp(at, text.len());
        out.push_str(&text[at..start]);
        out.push_str(&edit.new_text);
        at = (edit.range.end as usize).clamp(start, text.len());
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests;
