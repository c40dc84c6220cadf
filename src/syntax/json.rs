//! A strict JSON parser (as Go's `encoding/json` reads it: no comments, no trailing commas) that produces the
//! same tree as the HCL parser and recovers from errors: a bad member is reported and skipped, the rest of the
//! document is still analysed.

use super::strings::unescape_json;
use super::tree::*;

pub fn parse(text: &str) -> Parse {
    let mut p = JsonParser { text, bytes: text.as_bytes(), pos: 0, errors: Vec::new(), comments: Vec::new(), depth: 0 };
    if text.starts_with('\u{feff}') {
        p.pos = 3;
    }
    p.skip_ws();
    let root = if p.at_end() {
        p.error(TextRange::empty(p.pos), "empty JSON document: expected a value");
        Value { kind: ValueKind::Invalid, range: TextRange::empty(p.pos) }
    } else {
        p.value()
    };
    p.skip_ws();
    if !p.at_end() {
        let at = p.pos;
        p.error(TextRange::new(at, p.char_end(at)), "unexpected content after the JSON value");
    }
    Parse { source_kind: SourceKind::Json, root, errors: p.errors, comments: p.comments }
}

const MAX_DEPTH: u32 = 200;

struct JsonParser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: u32,
    errors: Vec<SyntaxError>,
    comments: Vec<Comment>,
    depth: u32,
}

impl<'a> JsonParser<'a> {
    fn at_end(&self) -> bool {
        self.pos as usize >= self.bytes.len()
    }

    fn byte(&self) -> u8 {
        self.bytes.get(self.pos as usize).copied().unwrap_or(0)
    }

    fn char_end(&self, at: u32) -> u32 {
        let len = self.text.get(at as usize..).and_then(|s| s.chars().next()).map_or(0, char::len_utf8);
        at + len as u32
    }

    fn error(&mut self, range: TextRange, message: impl Into<String>) {
        if self.errors.last().is_some_and(|last| last.range.start == range.start) {
            return;
        }
        self.errors.push(SyntaxError { message: message.into(), range });
    }

    /// Whitespace; comments are reported (Go's JSON has none) but skipped so the rest still parses.
    fn skip_ws(&mut self) {
        loop {
            match self.byte() {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                b'/' if matches!(self.bytes.get(self.pos as usize + 1), Some(b'/') | Some(b'*')) => {
                    let start = self.pos;
                    let rest = &self.text[start as usize..];
                    let (len, body) = if rest.starts_with("//") {
                        let len = rest.find('\n').unwrap_or(rest.len());
                        (len, &rest[2..len])
                    } else {
                        match rest[2..].find("*/") {
                            Some(i) => (i + 4, &rest[2..i + 2]),
                            None => (rest.len(), &rest[2..]),
                        }
                    };
                    let range = TextRange::new(start, start + len as u32);
                    self.comments.push(Comment { text: body.to_string(), range });
                    self.error(range, "comments are not allowed in JSON (Consul reads JSON strictly)");
                    self.pos = range.end;
                }
                _ => return,
            }
        }
    }

    fn value(&mut self) -> Value {
        let start = self.pos;
        match self.byte() {
            b'{' => self.object(),
            b'[' => self.array(),
            b'"' => {
                let (text, range) = self.string();
                Value { kind: ValueKind::String(StringValue { text: text.into(), heredoc: false }), range }
            }
            b'-' | b'0'..=b'9' => self.number(),
            b't' if self.text[start as usize..].starts_with("true") => self.literal(4, ValueKind::Bool(true)),
            b'f' if self.text[start as usize..].starts_with("false") => self.literal(5, ValueKind::Bool(false)),
            b'n' if self.text[start as usize..].starts_with("null") => self.literal(4, ValueKind::Null),
            _ => {
                let end = self.junk_end(start);
                let what = if self.at_end() {
                    "end of file".to_string()
                } else {
                    format!("`{}`", &self.text[start as usize..end as usize])
                };
                self.error(TextRange::new(start, end.max(start)), format!("expected a JSON value, found {what}"));
                self.pos = end;
                Value { kind: ValueKind::Invalid, range: TextRange::new(start, end) }
            }
        }
    }

    /// End of a run of non-structural characters (for error ranges on junk such as `True` or `'x'`).
    fn word_end(&self, start: u32) -> u32 {
        let mut end = start;
        while let Some(&b) = self.bytes.get(end as usize) {
            if matches!(b, b',' | b'}' | b']' | b':' | b' ' | b'\t' | b'\n' | b'\r' | b'{' | b'[' | b'"') {
                break;
            }
            end = self.char_end(end);
        }
        end
    }

    /// Like `word_end`, but always past at least one character (so error recovery makes progress).
    fn junk_end(&self, start: u32) -> u32 {
        let end = self.word_end(start);
        if end == start && (start as usize) < self.bytes.len() { self.char_end(start) } else { end }
    }

    fn literal(&mut self, len: u32, kind: ValueKind) -> Value {
        let start = self.pos;
        self.pos += len;
        let range = TextRange::new(start, self.pos);
        if self.byte().is_ascii_alphanumeric() {
            let end = self.word_end(start);
            self.error(
                TextRange::new(start, end),
                format!("invalid literal `{}`", &self.text[start as usize..end as usize]),
            );
            self.pos = end;
            return Value { kind: ValueKind::Invalid, range: TextRange::new(start, end) };
        }
        Value { kind, range }
    }

    fn number(&mut self) -> Value {
        let start = self.pos as usize;
        let b = self.bytes;
        let mut i = start;
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        let int_start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let mut ok = i > int_start && !(b[int_start] == b'0' && i - int_start > 1);
        let mut is_integer = true;
        if b.get(i) == Some(&b'.') {
            is_integer = false;
            i += 1;
            let frac = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            ok &= i > frac;
        }
        if matches!(b.get(i), Some(b'e') | Some(b'E')) {
            is_integer = false;
            i += 1;
            if matches!(b.get(i), Some(b'+') | Some(b'-')) {
                i += 1;
            }
            let exp = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            ok &= i > exp;
        }
        // Junk glued to the number (`0x10`, `1_000`, `12abc`).
        let end = self.word_end(i as u32).max(i as u32);
        ok &= end as usize == i;
        self.pos = end;
        let range = TextRange::new(start as u32, end);
        let raw = &self.text[start..end as usize];
        match raw.parse::<f64>() {
            Ok(value) if ok && value.is_finite() => {
                Value { kind: ValueKind::Number(Number { value, is_integer }), range }
            }
            _ => {
                self.error(range, format!("invalid JSON number `{raw}`"));
                Value { kind: ValueKind::Invalid, range }
            }
        }
    }

    /// A string token; returns its decoded text and range (quotes included).
    fn string(&mut self) -> (String, TextRange) {
        let start = self.pos;
        let mut i = start as usize + 1;
        let mut has_escape = false;
        let b = self.bytes;
        let end_quote = loop {
            match b.get(i) {
                None => break None,
                Some(b'"') => break Some(i),
                Some(b'\\') => {
                    has_escape = true;
                    i += 2;
                }
                Some(b'\n') => break None,
                Some(&c) if c < 0x20 => {
                    let at = i as u32;
                    self.error(TextRange::new(at, at + 1), "control character in string: escape it (e.g. `\\t`)");
                    i += 1;
                }
                Some(_) => i += 1,
            }
        };
        let (inner_end, end) = match end_quote {
            Some(q) => (q, q + 1),
            None => {
                let stop = i.min(b.len());
                self.error(TextRange::new(start, stop as u32), "string not terminated: missing closing `\"`");
                (stop, stop)
            }
        };
        self.pos = end as u32;
        let inner = &self.text[start as usize + 1..inner_end];
        let text = if has_escape {
            match unescape_json(inner, None) {
                Ok(text) => text,
                Err(message) => {
                    self.error(TextRange::new(start, end as u32), message);
                    inner.to_string()
                }
            }
        } else {
            inner.to_string()
        };
        (text, TextRange::new(start, end as u32))
    }

    fn enter(&mut self) -> bool {
        if self.depth >= MAX_DEPTH {
            let at = self.pos;
            self.error(TextRange::new(at, at + 1), "nesting too deep");
            return false;
        }
        self.depth += 1;
        true
    }

    /// Skips to the end of the current container after a depth overflow.
    fn skip_container(&mut self) -> Value {
        let start = self.pos;
        let mut depth = 0i64;
        while let Some(&b) = self.bytes.get(self.pos as usize) {
            match b {
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        self.pos += 1;
                        break;
                    }
                }
                b'"' => {
                    self.string();
                    continue;
                }
                _ => {}
            }
            self.pos += 1;
        }
        Value { kind: ValueKind::Invalid, range: TextRange::new(start, self.pos) }
    }

    fn object(&mut self) -> Value {
        if !self.enter() {
            return self.skip_container();
        }
        let start = self.pos;
        self.pos += 1;
        let mut entries = Vec::new();
        let end = loop {
            self.skip_ws();
            match self.byte() {
                b'}' => {
                    if !entries.is_empty() {
                        // Reached only after a comma: `{"a": 1,}`.
                        let at = self.pos;
                        self.error(TextRange::new(at, at + 1), "trailing comma before `}` is not allowed in JSON");
                    }
                    self.pos += 1;
                    break self.pos;
                }
                b'"' => {}
                _ if self.at_end() => {
                    self.error(TextRange::new(start, start + 1), "object not closed: missing `}`");
                    break self.pos;
                }
                _ => {
                    let at = self.pos;
                    let end = self.junk_end(at);
                    self.error(TextRange::new(at, end), "expected a member name in double quotes");
                    // `{= "name": ...`: a stray character before a member; the member is kept.
                    let resume = self.pos;
                    self.pos = end;
                    self.skip_ws();
                    if self.byte() == b'"' && !self.text[end as usize..self.pos as usize].contains('\n') {
                        continue;
                    }
                    self.pos = resume;
                    if !self.recover_member() {
                        break self.pos;
                    }
                    continue;
                }
            }
            let (key_text, key_range) = self.string();
            let key = Key { text: key_text.into(), range: key_range };
            self.skip_ws();
            if self.byte() != b':' {
                let at = self.pos;
                self.error(TextRange::new(at, self.char_end(at).max(at)), "expected `:` after the member name");
                entries.push(Entry {
                    key,
                    value: Value { kind: ValueKind::Invalid, range: TextRange::empty(at) },
                    style: EntryStyle::Attribute,
                });
                if !self.recover_member() {
                    break self.pos;
                }
                continue;
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value();
            entries.push(Entry { key, value, style: EntryStyle::Attribute });
            self.skip_ws();
            match self.byte() {
                b',' => {
                    self.pos += 1;
                }
                b'}' => {
                    self.pos += 1;
                    break self.pos;
                }
                _ if self.at_end() => {
                    self.error(TextRange::new(start, start + 1), "object not closed: missing `}`");
                    break self.pos;
                }
                _ => {
                    let at = self.pos;
                    self.error(TextRange::new(at, self.char_end(at)), "expected `,` or `}` after a member");
                    if !self.recover_member() {
                        break self.pos;
                    }
                }
            }
        };
        self.depth -= 1;
        Value::object(entries, TextRange::new(start, end))
    }

    /// After a bad member: skip to the next `,` at this level (true: continue) or the closing `}` (false,
    /// consumed).
    fn recover_member(&mut self) -> bool {
        let mut depth = 0i32;
        while let Some(&b) = self.bytes.get(self.pos as usize) {
            match b {
                b'"' => {
                    self.string();
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b']' if depth == 0 => {}
                b'}' | b']' if depth > 0 => depth -= 1,
                b'}' => {
                    self.pos += 1;
                    return false;
                }
                b',' if depth == 0 => {
                    self.pos += 1;
                    return true;
                }
                _ => {}
            }
            self.pos += 1;
        }
        false
    }

    fn array(&mut self) -> Value {
        if !self.enter() {
            return self.skip_container();
        }
        let start = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        let end = if self.byte() == b']' {
            self.pos += 1;
            self.pos
        } else {
            loop {
                self.skip_ws();
                if self.byte() == b']' {
                    let at = self.pos;
                    self.error(TextRange::new(at, at + 1), "trailing comma before `]` is not allowed in JSON");
                    self.pos += 1;
                    break self.pos;
                }
                if self.at_end() {
                    self.error(TextRange::new(start, start + 1), "array not closed: missing `]`");
                    break self.pos;
                }
                items.push(self.value());
                self.skip_ws();
                match self.byte() {
                    b',' => self.pos += 1,
                    b']' => {
                        self.pos += 1;
                        break self.pos;
                    }
                    _ if self.at_end() => {
                        self.error(TextRange::new(start, start + 1), "array not closed: missing `]`");
                        break self.pos;
                    }
                    b'}' => {
                        let at = self.pos;
                        self.error(TextRange::new(at, at + 1), "expected `,` or `]`, found `}`");
                        break self.pos;
                    }
                    _ => {
                        let at = self.pos;
                        self.error(TextRange::new(at, self.char_end(at)), "expected `,` or `]` after an array element");
                        // Treat it as a missing comma and carry on with the next element.
                    }
                }
            }
        };
        self.depth -= 1;
        Value::list(items, TextRange::new(start, end))
    }
}
