//! YAML, as Kubernetes reads it (consul-k8s custom resources, annotated workloads, Helm values), into the same
//! tree as HCL and JSON. Knows nothing about Consul or Kubernetes objects.
//!
//! **Documents.** A YAML stream holds any number of documents, and each stands alone (`kubectl apply -f` treats
//! each as its own object). `Parse.root` of a YAML file is therefore always a `List` whose elements are the
//! documents' root nodes, in order; its range is the whole file. An empty document (`---` followed by nothing)
//! is a `Null` element with an empty range; a file with no document (empty, comments only) is an empty list.
//! Keeping one `Parse` per file (rather than a `Vec<Parse>`) lets errors, comments and offsets stay file-wide
//! like HCL's and JSON's; code that reads YAML iterates `parse.root.as_list()` (see [`documents`]). Document
//! node ranges are in file order, so an error belongs to the last document starting at or before it.
//!
//! **Typing** follows `sigs.k8s.io/yaml` (go-yaml v2 resolution, then JSON): see `yaml/scalars.rs` for the rules —
//! `yes`/`no`/`on`/`off`/`y`/`n` are booleans, `0x1F` and `010` are integers, `1e3` is a float, quoted scalars
//! are strings (`"true"` stays a string). Explicit core tags (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`)
//! are applied as go-yaml does (`!!int "3"` is 3; `!!int abc` is an error); other tags are ignored (a scalar
//! with a local tag such as `!foo` is a string). Block scalars (`|`, `>`, with chomping and indentation
//! indicators) are strings with `heredoc: true`.
//!
//! **Keys** are JSON object keys, as `sigs.k8s.io/yaml` converts them: a string as is, a boolean as
//! `true`/`false` (so a GitHub workflow's `on:` is `"true"`), a number in decimal (float keys with Go's `%g`).
//! A null key or a collection as a key is an error (Kubernetes' decoder refuses both). Duplicate keys are kept,
//! in order, like HCL's repeated keys (go-yaml's non-strict decoding and PyYAML keep the last; `kubectl
//! --validate=strict` refuses them) — the layers above decide.
//!
//! **Anchors and aliases** are resolved: an alias is a copy of the anchored node whose own range is the alias
//! (`*name`) and whose children keep the ranges of the anchored text. Anchors are per document. Merge keys
//! (`<<: *base`, `<<: [*a, *b]`) are applied as YAML 1.1 defines them: keys written in the mapping win, then
//! earlier merged maps over later ones; merged entries keep the ranges where they were written. Expansion is
//! bounded (a "billion laughs" document gets an error, not an out-of-memory).
//!
//! **Positions inside strings**: [`scalar_source_map`] maps each character of a string value back to where it
//! was written (escapes, quotes and line folding undone), for findings about one item of an annotation.
//!
//! **Comments** are not reported by the parser; they are recovered by a scan of the text outside every scalar's
//! range (a `#` at the start of a line or after whitespace), so `# consul-ls-ignore: CODE` works as in HCL.
//!
//! **Broken input.** The first error of a document is its one `SyntaxError`, with a range at the error. The
//! other documents of the stream are still read (parsing restarts at the next `---` or `...` line after the
//! error), and so is the broken document as far as possible: it is re-read with the offending line blanked out
//! (a few times at most), so the keys before and after a half-typed line still count; if that does not converge,
//! the part before the error is kept. Nesting deeper than [`MAX_DEPTH`] is an error. Never panics, never hangs.

mod scalars;
mod source_map;

use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};

use super::tree::*;

pub use source_map::scalar_source_map;

/// Deeper collections are an error (and are not built), so no recursive walk of the tree can overflow a stack.
pub const MAX_DEPTH: usize = 200;

/// How often a broken document is re-read with one more line blanked out.
const MAX_RETRIES: usize = 8;

pub fn parse(text: &str) -> Parse {
    let map = CharMap::new(text);
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    let mut covered = Vec::new();
    let mut pos = 0usize;
    loop {
        let char_base = map.char_index(pos as u32);
        let run = Run::new(text, &text[pos..], char_base, &map, pos as u32);
        docs.extend(run.docs);
        errors.extend(run.errors);
        covered.extend(run.covered);
        let Some(failure) = run.failure else { break };
        let section_end = next_document(text, failure.section_start as usize, failure.error.range.start as usize);
        errors.push(failure.error.clone());
        let (recovered, recovered_covered) = recover(text, &map, failure, section_end);
        docs.extend(recovered);
        covered.extend(recovered_covered);
        if section_end >= text.len() {
            break;
        }
        pos = section_end;
    }
    errors.sort_by_key(|e: &SyntaxError| (e.range.start, e.range.end));
    let comments = comments(text, covered);
    Parse {
        source_kind: SourceKind::Yaml,
        root: Value { kind: ValueKind::List(docs), range: TextRange::new(0, text.len() as u32) },
        errors,
        comments,
    }
}

/// The documents of a YAML file's tree (empty for a tree of another kind).
pub fn documents(parse: &Parse) -> &[Value] {
    match (&parse.source_kind, &parse.root.kind) {
        (SourceKind::Yaml, ValueKind::List(docs)) => docs,
        _ => &[],
    }
}

fn string(text: &str) -> StringValue {
    StringValue { text: text.to_string().into(), heredoc: false }
}

// ---------------------------------------------------------------------------------------------------------------
// Positions: saphyr reports character indices; the tree wants byte offsets.

struct CharMap {
    /// For every character wider than one byte: (char index, byte offset, extra bytes up to and including it).
    wide: Vec<(u32, u32, u32)>,
    len: u32,
}

impl CharMap {
    fn new(text: &str) -> CharMap {
        let mut wide = Vec::new();
        let mut extra = 0u32;
        if !text.is_ascii() {
            for (ci, (bi, c)) in text.char_indices().enumerate() {
                if c.len_utf8() > 1 {
                    extra += c.len_utf8() as u32 - 1;
                    wide.push((ci as u32, bi as u32, extra));
                }
            }
        }
        CharMap { wide, len: text.len() as u32 }
    }

    fn byte(&self, char_index: usize) -> u32 {
        let i = self.wide.partition_point(|w| (w.0 as usize) < char_index);
        let extra = if i == 0 { 0 } else { self.wide[i - 1].2 };
        (char_index as u64 + u64::from(extra)).min(u64::from(self.len)) as u32
    }

    /// The character index of a byte offset at a character boundary.
    fn char_index(&self, byte: u32) -> usize {
        let i = self.wide.partition_point(|w| w.1 < byte);
        let extra = if i == 0 { 0 } else { self.wide[i - 1].2 };
        byte.saturating_sub(extra) as usize
    }
}

// ---------------------------------------------------------------------------------------------------------------
// One pass of the event parser over a stream (the whole file, the rest after a broken document, or a broken
// document's section with lines blanked out).

struct Run {
    docs: Vec<Value>,
    errors: Vec<SyntaxError>,
    covered: Vec<TextRange>,
    failure: Option<Failure>,
}

struct Failure {
    error: SyntaxError,
    /// Where the broken document's part of the text starts (after the previous document's end).
    section_start: u32,
    /// The broken document as far as it was read.
    partial: Value,
}

impl Run {
    /// Parses `source`, whose character `i` is character `char_base + i` of `text` (equal except for blanked
    /// lines); `section_start` is the byte offset of `source`'s start in `text`.
    fn new(text: &str, source: &str, char_base: usize, map: &CharMap, section_start: u32) -> Run {
        let mut builder = Builder::new(text, map, char_base, section_start);
        let mut parser = Parser::new_from_str(source);
        // Every event but an empty scalar consumes input; this bound only guards against a parser bug.
        let max_events = source.len().saturating_mul(4).saturating_add(64);
        let mut failure = None;
        for n in 0.. {
            if n == max_events {
                let at = builder.last_end;
                failure = Some((at, "the YAML parser made no progress here".to_string()));
                break;
            }
            match parser.next_event() {
                None => break,
                Some(Ok((event, span))) => {
                    let end = matches!(event, Event::StreamEnd);
                    builder.event(event, span);
                    if end {
                        break;
                    }
                }
                Some(Err(err)) => {
                    let at = builder.byte(err.marker().index());
                    failure = Some((at, err.info().to_string()));
                    break;
                }
            }
        }
        let failure = failure.map(|(at, message)| {
            let error = SyntaxError { message, range: char_range(text, at) };
            let section_start = builder.boundary;
            Failure { error, section_start, partial: builder.partial() }
        });
        Run { docs: builder.docs, errors: builder.errors, covered: builder.covered, failure }
    }
}

/// The range of the character at `at` (empty at the end of the text or of a line).
fn char_range(text: &str, at: u32) -> TextRange {
    let len = text.get(at as usize..).and_then(|s| s.chars().next()).filter(|c| *c != '\n' && *c != '\r');
    TextRange::new(at, at + len.map_or(0, |c| c.len_utf8() as u32))
}

/// Where the stream goes on after a document broken at `error_at`: the start of the first `---` line at or
/// after the error's line, or the end of the first `...` line; the end of the text if there is none.
fn next_document(text: &str, section_start: usize, error_at: usize) -> usize {
    let error_at = error_at.min(text.len());
    let mut line_start = text[..error_at].rfind('\n').map_or(0, |i| i + 1);
    while line_start < text.len() {
        let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i + 1);
        let line = &text[line_start..line_end];
        let marker = |m: &str| {
            line.starts_with(m) && matches!(line.as_bytes().get(3), None | Some(b' ' | b'\t' | b'\r' | b'\n'))
        };
        if line_start > section_start && marker("---") {
            return line_start;
        }
        if marker("...") {
            return line_end;
        }
        line_start = line_end;
    }
    text.len()
}

/// Re-reads the broken document's section `[failure.section_start, section_end)` with the offending line
/// blanked out (then the next offending line, …), until it parses or [`MAX_RETRIES`] is reached. Returns the
/// document(s) and their scalar ranges.
fn recover(text: &str, map: &CharMap, failure: Failure, section_end: usize) -> (Vec<Value>, Vec<TextRange>) {
    let start = failure.section_start as usize;
    let Some(section) = text.get(start..section_end) else { return (vec![failure.partial], Vec::new()) };
    let mut chars: Vec<char> = section.chars().collect();
    let char_base = map.char_index(start as u32);
    let mut best = (vec![failure.partial], Vec::new());
    let mut error_at = map.char_index(failure.error.range.start).saturating_sub(char_base);
    for attempt in 0..MAX_RETRIES {
        // An error past the section (at the next `---`) may be gone once the section stands alone.
        let error_outside = attempt == 0 && error_at >= chars.len();
        if !error_outside && !blank_line(&mut chars, error_at) {
            break;
        }
        let source: String = chars.iter().collect();
        let run = Run::new(text, &source, char_base, map, start as u32);
        match run.failure {
            None if run.docs.is_empty() => {
                let at = start as u32;
                return (vec![Value { kind: ValueKind::Invalid, range: TextRange::empty(at) }], run.covered);
            }
            None => return (run.docs, run.covered),
            Some(f) => {
                error_at = map.char_index(f.error.range.start).saturating_sub(char_base);
                let mut docs = run.docs;
                docs.push(f.partial);
                best = (docs, run.covered);
            }
        }
    }
    best
}

/// Blanks (with spaces, keeping every character's index) the line holding character `at`, or the nearest
/// non-blank line before it. False when there is nothing left to blank.
fn blank_line(chars: &mut [char], at: usize) -> bool {
    let at = at.min(chars.len());
    let mut line_start = chars[..at].iter().rposition(|&c| c == '\n').map_or(0, |i| i + 1);
    loop {
        let line_end =
            chars[line_start..].iter().position(|&c| c == '\n' || c == '\r').map_or(chars.len(), |i| line_start + i);
        let line = &mut chars[line_start..line_end];
        if line.iter().any(|&c| c != ' ' && c != '\t') {
            line.fill(' ');
            return true;
        }
        if line_start == 0 {
            return false;
        }
        line_start = chars[..line_start - 1].iter().rposition(|&c| c == '\n').map_or(0, |i| i + 1);
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Events → tree.

#[derive(Clone, Copy, PartialEq, Eq)]
enum TagKind {
    None,
    Str,
    Int,
    Float,
    Bool,
    Null,
    Merge,
    /// Any other tag: a local `!foo`, the non-specific `!`, `!!map`, …
    Other,
}

fn tag_kind(tag: Option<&Tag>) -> TagKind {
    let Some(tag) = tag else { return TagKind::None };
    let full = format!("{}{}", tag.handle, tag.suffix);
    match full.strip_prefix("tag:yaml.org,2002:") {
        Some("str" | "binary" | "timestamp") => TagKind::Str,
        Some("int") => TagKind::Int,
        Some("float") => TagKind::Float,
        Some("bool") => TagKind::Bool,
        Some("null") => TagKind::Null,
        Some("merge") => TagKind::Merge,
        _ => TagKind::Other,
    }
}

/// A scalar's value: plain untagged scalars are typed, explicit core tags applied, everything else a string.
fn scalar_kind(value: &str, plain: bool, tag: TagKind) -> Result<ValueKind, String> {
    let cannot = |what: &str| format!("cannot decode `{value}` as {what}");
    match tag {
        TagKind::None if plain => Ok(scalars::resolve_plain(value)),
        TagKind::None | TagKind::Str | TagKind::Merge | TagKind::Other => Ok(ValueKind::String(string(value))),
        TagKind::Int => match scalars::resolve_plain(value) {
            kind @ ValueKind::Number(Number { is_integer: true, .. }) => Ok(kind),
            _ => Err(cannot("an integer (!!int)")),
        },
        TagKind::Float => match scalars::resolve_plain(value) {
            ValueKind::Number(n) => Ok(ValueKind::Number(Number { value: n.value, is_integer: false })),
            _ => Err(cannot("a float (!!float)")),
        },
        TagKind::Bool => match scalars::resolve_plain(value) {
            kind @ ValueKind::Bool(_) => Ok(kind),
            _ => Err(cannot("a boolean (!!bool)")),
        },
        TagKind::Null => match scalars::resolve_plain(value) {
            ValueKind::Null => Ok(ValueKind::Null),
            _ => Err(cannot("null (!!null)")),
        },
    }
}

struct Anchored {
    value: Value,
    nodes: usize,
    depth: usize,
}

/// What the next node completes in an open mapping.
enum Slot {
    /// A key is waiting for its value; `true` for a merge key `<<`.
    Key(Key, bool),
    /// The key was refused (an error was reported); its value is dropped.
    Skip,
}

enum Body {
    Seq(Vec<Value>),
    Map {
        entries: Vec<Entry>,
        key: Option<Slot>,
        /// Values of `<<` keys, and where in `entries` the first one was.
        merges: Vec<Value>,
        merge_at: Option<usize>,
    },
}

struct Frame {
    body: Body,
    start: u32,
    flow: bool,
    anchor: usize,
    /// Nodes in this collection (itself excluded), for the alias expansion budget.
    nodes: usize,
    /// Depth of the deepest child collection below this one.
    depth: usize,
    /// End of the last child written so far (block collections end there).
    last_end: u32,
}

struct Builder<'a> {
    text: &'a str,
    map: &'a CharMap,
    char_base: usize,
    frames: Vec<Frame>,
    anchors: HashMap<usize, Anchored>,
    docs: Vec<Value>,
    root: Option<Value>,
    doc_start: u32,
    /// Where the current document's text starts: after the previous document's end.
    boundary: u32,
    errors: Vec<SyntaxError>,
    /// Ranges of scalars (keys and values) as written, so the comment scan skips them.
    covered: Vec<TextRange>,
    /// Inside a collection too deep to build: the nesting level below it, and where it started.
    skip: usize,
    skip_start: u32,
    alias_nodes: usize,
    alias_budget: usize,
    /// End of the previous event, where the search for a block scalar's `|`/`>` starts.
    last_end: u32,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str, map: &'a CharMap, char_base: usize, boundary: u32) -> Builder<'a> {
        Builder {
            text,
            map,
            char_base,
            frames: Vec::new(),
            anchors: HashMap::new(),
            docs: Vec::new(),
            root: None,
            doc_start: boundary,
            boundary,
            errors: Vec::new(),
            covered: Vec::new(),
            skip: 0,
            skip_start: 0,
            alias_nodes: 0,
            alias_budget: 200_000 + 2 * text.len(),
            last_end: boundary,
        }
    }

    fn byte(&self, char_index: usize) -> u32 {
        self.map.byte(self.char_base + char_index)
    }

    fn error(&mut self, range: TextRange, message: impl Into<String>) {
        self.errors.push(SyntaxError { message: message.into(), range });
    }

    fn event(&mut self, event: Event<'_>, span: Span) {
        let start = self.byte(span.start.index());
        let end = self.byte(span.end.index()).max(start);
        match event {
            Event::DocumentStart(_) => {
                self.anchors.clear();
                self.frames.clear();
                self.root = None;
                self.skip = 0;
                self.doc_start = start;
            }
            Event::DocumentEnd => {
                let root = self.root.take();
                let root = root.unwrap_or(Value { kind: ValueKind::Null, range: TextRange::empty(self.doc_start) });
                self.docs.push(root);
                let explicit = self.text.get(start as usize..end as usize) == Some("...");
                self.boundary = if explicit { end } else { start };
            }
            Event::Alias(id) => self.alias(id, TextRange::new(start, end)),
            Event::Scalar(value, style, anchor, tag) => {
                self.scalar(&value, style, anchor, tag_kind(tag.as_deref()), start, end)
            }
            Event::SequenceStart(anchor, _) => self.open(false, anchor, start, end),
            Event::MappingStart(anchor, _) => self.open(true, anchor, start, end),
            Event::SequenceEnd | Event::MappingEnd => self.close(end),
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
        self.last_end = end;
    }

    fn scalar(&mut self, value: &str, style: ScalarStyle, anchor: usize, tag: TagKind, start: u32, end: u32) {
        if self.skip > 0 {
            return;
        }
        let block = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
        let has_properties = anchor != 0 || tag != TagKind::None;
        let node_start = if has_properties { self.skip_properties(start, end) } else { start };
        let range = if block {
            let range = self.block_range(start, end);
            self.covered.push(TextRange::new(start, range.end.max(start)));
            range
        } else if style == ScalarStyle::Plain && value.is_empty() {
            TextRange::empty(node_start)
        } else {
            let end = match style {
                ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => self.quoted_end(node_start, end),
                _ => end,
            };
            let range = TextRange::new(node_start, end);
            self.covered.push(range);
            range
        };
        let plain = style == ScalarStyle::Plain;
        let merge = plain && value == "<<" && matches!(tag, TagKind::None | TagKind::Merge);
        // saphyr reads `[|x]` and `[>x]` as plain scalars; YAML (and libyaml, go-yaml) refuse an indicator there.
        if plain
            && matches!(value.as_bytes().first(), Some(b'|' | b'>'))
            && self.text.as_bytes().get(range.start as usize) == value.as_bytes().first()
        {
            let message = format!("a plain scalar cannot start with `{}`; quote it", &value[..1]);
            self.error(char_range(self.text, range.start), message);
            return self.complete(Value { kind: ValueKind::Invalid, range }, anchor, 1, 0, false);
        }
        let kind = match scalar_kind(value, plain, tag) {
            Ok(ValueKind::String(s)) => ValueKind::String(StringValue { heredoc: block, ..s }),
            Ok(kind) => kind,
            Err(message) => {
                self.error(range, message);
                ValueKind::Invalid
            }
        };
        self.complete(Value { kind, range }, anchor, 1, 0, merge);
    }

    /// Skips a node's properties (`&anchor`, `!tag`, `!<verbatim>`) and the blanks after them.
    fn skip_properties(&self, start: u32, end: u32) -> u32 {
        let bytes = self.text.as_bytes();
        let mut i = start as usize;
        let end = end as usize;
        while i < end {
            match bytes[i] {
                b' ' | b'\t' | b'\r' | b'\n' => i += 1,
                b'#' => {
                    while i < end && bytes[i] != b'\n' {
                        i += 1;
                    }
                }
                b'!' if bytes.get(i + 1) == Some(&b'<') => {
                    while i < end && bytes[i] != b'>' {
                        i += 1;
                    }
                    i += 1;
                }
                b'&' | b'!' => {
                    while i < end && !matches!(bytes[i], b' ' | b'\t' | b'\r' | b'\n') {
                        i += 1;
                    }
                }
                _ => break,
            }
        }
        i.min(end) as u32
    }

    /// The end of a quoted scalar starting at `start`: after its closing quote. (saphyr's span of a quoted
    /// scalar runs on over a comment that follows it.)
    fn quoted_end(&self, start: u32, span_end: u32) -> u32 {
        let bytes = &self.text.as_bytes()[..span_end as usize];
        let Some(&quote) = bytes.get(start as usize) else { return span_end };
        let mut i = start as usize + 1;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' if quote == b'"' => i += 2,
                b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
                b if b == quote => return i as u32 + 1,
                _ => i += 1,
            }
        }
        span_end
    }

    /// A block scalar's range: from its `|` or `>` indicator (after the previous event) to its last
    /// non-blank character. saphyr's span covers only the content lines.
    fn block_range(&self, content_start: u32, content_end: u32) -> TextRange {
        let from = self.last_end.min(content_start) as usize;
        let header = &self.text.as_bytes()[from..content_start as usize];
        let mut verbatim = false;
        let mut indicator = None;
        for (i, &b) in header.iter().enumerate() {
            match b {
                b'<' if i > 0 && header[i - 1] == b'!' => verbatim = true,
                b'>' if verbatim => verbatim = false,
                b'|' | b'>' => {
                    indicator = Some((from + i) as u32);
                    break;
                }
                _ => {}
            }
        }
        let start = indicator.unwrap_or(content_start);
        let content = &self.text[content_start as usize..content_end as usize];
        let trimmed = content.trim_end_matches([' ', '\t', '\r', '\n']).len() as u32;
        let end = if trimmed == 0 { start + 1 } else { content_start + trimmed };
        TextRange::new(start, end.max(start).min(self.text.len() as u32))
    }

    fn open(&mut self, is_map: bool, anchor: usize, start: u32, end: u32) {
        if self.skip > 0 {
            self.skip += 1;
            return;
        }
        if self.frames.len() >= MAX_DEPTH {
            self.error(char_range(self.text, end.saturating_sub(1).max(start)), "too deeply nested");
            self.skip = 1;
            self.skip_start = start;
            return;
        }
        let flow = end > start && matches!(self.text.as_bytes()[end as usize - 1], b'{' | b'[');
        let node_start = if flow { end - 1 } else { end };
        let body = if is_map {
            Body::Map { entries: Vec::new(), key: None, merges: Vec::new(), merge_at: None }
        } else {
            Body::Seq(Vec::new())
        };
        self.frames.push(Frame { body, start: node_start, flow, anchor, nodes: 0, depth: 0, last_end: node_start });
    }

    fn close(&mut self, end: u32) {
        if self.skip > 0 {
            self.skip -= 1;
            if self.skip == 0 {
                let range = TextRange::new(self.skip_start, end.max(self.skip_start));
                self.complete(Value { kind: ValueKind::Invalid, range }, 0, 1, 0, false);
            }
            return;
        }
        let Some(frame) = self.frames.pop() else { return };
        let (anchor, nodes, depth) = (frame.anchor, frame.nodes, frame.depth);
        let value = self.finish(frame, end);
        self.complete(value, anchor, nodes + 1, depth, false);
    }

    fn finish(&mut self, frame: Frame, end: u32) -> Value {
        let end = if frame.flow { end } else { frame.last_end };
        let range = TextRange::new(frame.start, end.max(frame.start));
        let kind = match frame.body {
            Body::Seq(items) => ValueKind::List(items),
            Body::Map { entries, merges, merge_at, .. } => {
                ValueKind::Object(self.merge(entries, merges, merge_at.unwrap_or(0)))
            }
        };
        Value { kind, range }
    }

    /// Applies `<<` merge keys: written keys win, then the later `<<` over earlier ones, and within a list of
    /// maps the earlier map. Merged entries go where the first `<<` was.
    fn merge(&mut self, mut entries: Vec<Entry>, merges: Vec<Value>, at: usize) -> Vec<Entry> {
        if merges.is_empty() {
            return entries;
        }
        let mut seen: HashSet<String> = entries.iter().map(|e| e.key.text.to_string()).collect();
        let mut merged = Vec::new();
        for value in merges.iter().rev() {
            let sources: Vec<&Value> = match &value.kind {
                ValueKind::Object(_) => vec![value],
                ValueKind::List(items) if items.iter().all(Value::is_object) => items.iter().collect(),
                ValueKind::Invalid => Vec::new(),
                _ => {
                    self.error(value.range, "map merge requires a map or a list of maps as the value of `<<`");
                    Vec::new()
                }
            };
            for source in sources {
                for entry in source.as_object().unwrap_or_default() {
                    if seen.insert(entry.key.text.to_string()) {
                        merged.push(entry.clone());
                    }
                }
            }
        }
        let at = at.min(entries.len());
        entries.splice(at..at, merged);
        entries
    }

    fn alias(&mut self, id: usize, range: TextRange) {
        if self.skip > 0 {
            return;
        }
        let invalid = Value { kind: ValueKind::Invalid, range };
        let Some(anchored) = self.anchors.get(&id) else {
            let message = if self.frames.iter().any(|f| f.anchor == id) {
                "an alias cannot refer to a node that contains it"
            } else {
                "unknown anchor (anchors are defined before use, in the same document)"
            };
            self.error(range, message);
            return self.complete(invalid, 0, 1, 0, false);
        };
        let (nodes, depth) = (anchored.nodes, anchored.depth);
        if self.frames.len() + depth >= MAX_DEPTH {
            self.error(range, "too deeply nested");
            return self.complete(invalid, 0, 1, 0, false);
        }
        if self.alias_nodes > self.alias_budget {
            // Exhausted earlier: already reported.
            return self.complete(invalid, 0, 1, 0, false);
        }
        self.alias_nodes = self.alias_nodes.saturating_add(nodes);
        if self.alias_nodes > self.alias_budget {
            self.error(range, "too many alias expansions in this document");
            return self.complete(invalid, 0, 1, 0, false);
        }
        let mut value = anchored.value.clone();
        value.range = range;
        self.complete(value, 0, nodes, depth, false);
    }

    /// Puts a finished node where it belongs: the document root, a list item, a mapping key or value.
    fn complete(&mut self, value: Value, anchor: usize, nodes: usize, depth: usize, merge: bool) {
        if anchor != 0 {
            self.anchors.insert(anchor, Anchored { value: value.clone(), nodes, depth });
        }
        let is_key = match self.frames.last() {
            None => {
                self.root = Some(value);
                return;
            }
            Some(frame) => matches!(frame.body, Body::Map { key: None, .. }),
        };
        let slot = if is_key { Some(self.key(value.clone(), merge)) } else { None };
        let Some(frame) = self.frames.last_mut() else { return };
        frame.nodes = frame.nodes.saturating_add(nodes);
        frame.depth = frame.depth.max(depth + 1);
        frame.last_end = frame.last_end.max(value.range.end);
        match &mut frame.body {
            Body::Seq(items) => items.push(value),
            Body::Map { entries, key, merges, merge_at } => match (slot, key.take()) {
                (Some(slot), _) => *key = Some(slot),
                (None, Some(Slot::Key(_, true))) => {
                    merge_at.get_or_insert(entries.len());
                    merges.push(value);
                }
                (None, Some(Slot::Key(k, false))) => {
                    entries.push(Entry { key: k, value, style: EntryStyle::Attribute })
                }
                (None, Some(Slot::Skip) | None) => {}
            },
        }
    }

    /// A node in key position → the JSON object key Kubernetes' decoder makes of it.
    fn key(&mut self, value: Value, merge: bool) -> Slot {
        let text = match value.kind {
            ValueKind::String(s) => s.text,
            ValueKind::Bool(b) => b.to_string().into(),
            ValueKind::Number(n) => scalars::number_key(n).into(),
            ValueKind::Invalid => return Slot::Skip,
            ValueKind::Null => {
                self.error(value.range, "a mapping key cannot be null (Kubernetes' YAML decoder refuses it)");
                return Slot::Skip;
            }
            ValueKind::Object(_) | ValueKind::List(_) => {
                self.error(
                    char_range(self.text, value.range.start),
                    "a mapping key must be a scalar (Kubernetes' YAML decoder refuses complex keys)",
                );
                return Slot::Skip;
            }
        };
        Slot::Key(Key { text, range: value.range }, merge)
    }

    /// The broken document as far as it was read: open collections closed, a key without value kept with an
    /// invalid value.
    fn partial(&mut self) -> Value {
        if self.skip > 0 {
            self.skip = 1;
            self.close(self.last_end);
        }
        while let Some(mut frame) = self.frames.pop() {
            if let Body::Map { entries, key, .. } = &mut frame.body
                && let Some(Slot::Key(k, false)) = key.take()
            {
                let value = Value { kind: ValueKind::Invalid, range: TextRange::empty(k.range.end) };
                entries.push(Entry { key: k, value, style: EntryStyle::Attribute });
            }
            let (anchor, nodes, depth, end) = (frame.anchor, frame.nodes, frame.depth, frame.last_end);
            let value = self.finish(frame, end);
            self.complete(value, anchor, nodes + 1, depth, false);
        }
        self.root.take().unwrap_or(Value { kind: ValueKind::Invalid, range: TextRange::empty(self.doc_start) })
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Comments.

/// `# ...` comments: a `#` at the start of a line or after a blank, outside every scalar. The text excludes
/// the `#`; the range runs from `#` to the end of the line.
fn comments(text: &str, mut covered: Vec<TextRange>) -> Vec<Comment> {
    covered.sort_by_key(|r| (r.start, r.end));
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut next = 0;
    let mut i = 0usize;
    while i < bytes.len() {
        while next < covered.len() && covered[next].end as usize <= i {
            next += 1;
        }
        if let Some(r) = covered.get(next)
            && (r.start as usize) <= i
        {
            i = r.end as usize;
            continue;
        }
        let after_blank =
            i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'\r') || (i == 3 && text.starts_with('\u{feff}'));
        if bytes[i] == b'#' && after_blank {
            let end = text[i..].find(['\n', '\r']).map_or(text.len(), |n| i + n);
            out.push(Comment { text: text[i + 1..end].to_string(), range: TextRange::new(i as u32, end as u32) });
            i = end;
            continue;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests;
