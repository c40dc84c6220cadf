//! Where each character of a YAML string value was written: so a finding about a part of a string (one item of
//! a `consul.hashicorp.com/connect-service-upstreams` annotation) can sit on that part in the file.
//!
//! Covers plain, single- and double-quoted scalars (escapes, line folding) and literal block scalars. The result
//! is checked against the parser's own value: when the reconstruction differs (a folded block scalar, an exotic
//! case), there is no map and the caller uses the whole value's range.

use super::super::strings::OffsetMap;
use super::super::tree::{Value, ValueKind};

/// A map from byte offsets in the decoded string `value` to absolute byte offsets in `text` (plus one entry for
/// the end), or `None` when `value` is not a string or its text cannot be mapped exactly.
pub fn scalar_source_map(text: &str, value: &Value) -> Option<OffsetMap> {
    let ValueKind::String(s) = &value.kind else { return None };
    let raw = text.get(value.range.as_usize())?;
    let base = value.range.start as usize;
    let mut out = Decoded::default();
    match raw.as_bytes().first() {
        Some(b'"') => double_quoted(raw, base, &mut out)?,
        Some(b'\'') => single_quoted(raw, base, &mut out)?,
        Some(b'|') => literal(raw, base, &mut out)?,
        Some(b'>') => return None,
        _ => fold_lines(raw, base, &mut out, |_, piece, at, out| out.push_str(piece, at)),
    }
    out.map.offsets.push(value.range.end);
    (out.text == s.text).then_some(out.map)
}

#[derive(Default)]
struct Decoded {
    text: String,
    map: OffsetMap,
}

impl Decoded {
    fn push(&mut self, c: char, at: usize) {
        self.text.push(c);
        for _ in 0..c.len_utf8() {
            self.map.offsets.push(at as u32);
        }
    }

    fn push_str(&mut self, s: &str, at: usize) {
        for (i, c) in s.char_indices() {
            self.push(c, at + i);
        }
    }
}

/// YAML line folding of a flow scalar's lines: blanks around a line break are dropped, a single break becomes a
/// space, `n + 1` breaks become `n` newlines. `piece` decodes one line's content (at absolute offset `at`);
/// `escaped_break` tells whether a line ended in `\` (double quotes), which joins without a space.
fn fold_lines(raw: &str, base: usize, out: &mut Decoded, mut piece: impl FnMut(usize, &str, usize, &mut Decoded)) {
    let lines: Vec<(usize, &str)> = split_lines(raw);
    let last = lines.len().saturating_sub(1);
    let mut empty_run = 0;
    let mut pending_break: Option<usize> = None;
    for (n, (start, line)) in lines.iter().enumerate() {
        let mut content = *line;
        let mut offset = *start;
        if n > 0 {
            let trimmed = content.trim_start_matches([' ', '\t']);
            offset += content.len() - trimmed.len();
            content = trimmed;
        }
        if n < last {
            content = content.trim_end_matches([' ', '\t']);
        }
        if n > 0 && n < last && content.is_empty() {
            empty_run += 1;
            continue;
        }
        if let Some(at) = pending_break {
            if empty_run == 0 {
                out.push(' ', base + at);
            } else {
                for _ in 0..empty_run {
                    out.push('\n', base + at);
                }
            }
        }
        empty_run = 0;
        piece(n, content, base + offset, out);
        pending_break = Some(start + line.len());
    }
}

/// Lines of `raw` with their offsets (a `\r\n` or `\n` ends a line and belongs to none).
fn split_lines(raw: &str) -> Vec<(usize, &str)> {
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, b) in raw.bytes().enumerate() {
        if b == b'\n' {
            let end = if i > start && raw.as_bytes()[i - 1] == b'\r' { i - 1 } else { i };
            lines.push((start, &raw[start..end]));
            start = i + 1;
        }
    }
    lines.push((start, &raw[start..]));
    lines
}

fn single_quoted(raw: &str, base: usize, out: &mut Decoded) -> Option<()> {
    let inner = raw.strip_prefix('\'')?.strip_suffix('\'')?;
    fold_lines(inner, base + 1, out, |_, piece, at, out| {
        let mut chars = piece.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                chars.next();
            }
            out.push(c, at + i);
        }
    });
    Some(())
}

fn double_quoted(raw: &str, base: usize, out: &mut Decoded) -> Option<()> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    let lines = split_lines(inner);
    let last = lines.len() - 1;
    let mut empty_run = 0;
    // Where the previous line broke, and whether the break was escaped (`\` at the end of the line).
    let mut pending: Option<(usize, bool)> = None;
    for (n, (start, line)) in lines.iter().enumerate() {
        let mut content = *line;
        let mut offset = *start;
        if n > 0 {
            let trimmed = content.trim_start_matches([' ', '\t']);
            offset += content.len() - trimmed.len();
            content = trimmed;
        }
        let escaped_break = n < last && content.ends_with('\\') && !ends_with_escaped_backslash(content);
        if escaped_break {
            content = &content[..content.len() - 1];
        } else if n < last {
            content = content.trim_end_matches([' ', '\t']);
        }
        if n > 0 && n < last && content.is_empty() && !escaped_break {
            empty_run += 1;
            continue;
        }
        match pending {
            Some((_, true)) => {}
            Some((at, false)) if empty_run == 0 => out.push(' ', base + 1 + at),
            Some((at, false)) => (0..empty_run).for_each(|_| out.push('\n', base + 1 + at)),
            None => {}
        }
        empty_run = 0;
        unescape_line(content, base + 1 + offset, out)?;
        pending = Some((start + line.len(), escaped_break));
    }
    Some(())
}

/// Whether the `\` at the end of `s` is itself escaped (`\\`).
fn ends_with_escaped_backslash(s: &str) -> bool {
    s.bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 0
}

fn unescape_line(line: &str, at: usize, out: &mut Decoded) -> Option<()> {
    let mut chars = line.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c, at + i);
            continue;
        }
        let (_, e) = chars.next()?;
        let simple = match e {
            '0' => Some('\0'),
            'a' => Some('\u{7}'),
            'b' => Some('\u{8}'),
            't' | '\t' => Some('\t'),
            'n' => Some('\n'),
            'v' => Some('\u{b}'),
            'f' => Some('\u{c}'),
            'r' => Some('\r'),
            'e' => Some('\u{1b}'),
            ' ' => Some(' '),
            '"' => Some('"'),
            '/' => Some('/'),
            '\\' => Some('\\'),
            'N' => Some('\u{85}'),
            '_' => Some('\u{a0}'),
            'L' => Some('\u{2028}'),
            'P' => Some('\u{2029}'),
            _ => None,
        };
        if let Some(decoded) = simple {
            out.push(decoded, at + i);
            continue;
        }
        let digits = match e {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => return None,
        };
        let hex = line.get(i + 2..i + 2 + digits)?;
        let decoded = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)?;
        for _ in 0..digits {
            chars.next();
        }
        out.push(decoded, at + i);
    }
    Some(())
}

/// A literal block scalar (`|`, `|-`, `|+`, `|2`): the content lines without their indentation.
fn literal(raw: &str, base: usize, out: &mut Decoded) -> Option<()> {
    let lines = split_lines(raw);
    let header = lines.first()?.1;
    let indicators = header.get(1..)?.split('#').next().unwrap_or("").trim();
    let explicit: Option<usize> =
        indicators.chars().find(|c| c.is_ascii_digit()).and_then(|c| c.to_digit(10)).map(|d| d as usize);
    let content = &lines[1..];
    let indent = match explicit {
        Some(_) => return None, // relative to the parent's indentation, which the range does not show
        None => content
            .iter()
            .find(|(_, l)| !l.trim().is_empty())
            .map(|(_, l)| l.len() - l.trim_start_matches(' ').len())?,
    };
    for (start, line) in content {
        if line.len() > indent {
            // A line indented less than the first one, inside the range of the scalar (broken input): no map.
            out.push_str(line.get(indent..)?, base + start + indent);
        }
        out.push('\n', base + start + line.len());
    }
    // The range ends at the last non-blank character: the chomping of the trailing breaks is the parser's.
    if indicators.contains('-') {
        out.text.pop();
        out.map.offsets.pop();
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::super::{documents, parse};
    use super::*;

    /// For every string value in the document: the decoded text, and for each decoded character the source
    /// character it came from.
    fn check(text: &str, key: &str, expected: &str) {
        let p = parse(text);
        let value = &documents(&p)[0].as_object().unwrap().iter().find(|e| e.key.text == key).unwrap().value;
        let map = scalar_source_map(text, value).unwrap_or_else(|| panic!("no map for {key} in {text:?}"));
        let decoded = value.as_str().unwrap();
        assert_eq!(decoded, expected);
        assert_eq!(map.offsets.len(), decoded.len() + 1);
        for (i, c) in decoded.char_indices() {
            let at = map.source_offset(i) as usize;
            let source = text[at..].chars().next().unwrap();
            let plausible = source == c || matches!(source, '\\' | '\'' | '\n' | '\r' | ' ' | '\t');
            assert!(plausible, "{key}: decoded {c:?} at {i} maps to {source:?} at {at}");
        }
    }

    #[test]
    fn maps_annotation_strings_to_their_source() {
        let text = "a: \"backend.svc.cluster-02.peer:9090, db:5432\"\nb: 'it''s here'\nc: plain text, x:1\nd: \"tab\\there \\u00e9\"\n";
        check(text, "a", "backend.svc.cluster-02.peer:9090, db:5432");
        check(text, "b", "it's here");
        check(text, "c", "plain text, x:1");
        check(text, "d", "tab\there é");
        let p = parse(text);
        let a = &documents(&p)[0].as_object().unwrap()[0].value;
        let map = scalar_source_map(text, a).unwrap();
        // "db" starts at decoded offset 34; in the file after `a: "`.
        let item = text.find("db:5432").unwrap();
        assert_eq!(map.source_offset(34) as usize, item);
        assert_eq!(map.source_offset(a.as_str().unwrap().len()), a.range.end);
    }

    #[test]
    fn folded_lines() {
        let text = "a: first\n  second\n\n  third\nb: \"one\n  two \\\n  three\"\nc: 'x\n  y'\n";
        check(text, "a", "first second\nthird");
        check(text, "b", "one two three");
        check(text, "c", "x y");
    }

    #[test]
    fn literal_blocks_and_what_is_not_mapped() {
        let text = "a: |\n  one\n    two\nb: |-\n  x\n  y\nc: >\n  folded\n  text\n";
        check(text, "a", "one\n  two\n");
        check(text, "b", "x\ny");
        let p = parse(text);
        let c = &documents(&p)[0].as_object().unwrap()[2].value;
        assert!(scalar_source_map(text, c).is_none());
        let n = parse("a: 12\n");
        assert!(scalar_source_map("a: 12\n", &documents(&n)[0].as_object().unwrap()[0].value).is_none());
    }
}
