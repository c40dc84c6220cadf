//! An error-tolerant parser for HCL as Consul reads it: HashiCorp's HCL 1.
//!
//! What HCL 1 accepts and HCL 2 parsers reject, and which Consul's own files use: newlines are not significant
//! (`{ name = "a" port = 1 }`, `connect { sidecar_service {} }`), items may be separated by commas, keys may be
//! quoted, blocks may appear inside list elements, numbers may be hex or octal, and `${...}` inside strings is
//! kept literally. Labelled blocks `key "a" "b" { }` become nested objects, exactly as HCL 1 decodes them.
//!
//! Recovery: on an unexpected token the parser records an error, skips to the next line that starts an item (or
//! the enclosing `}`), and carries on, so everything else in the file is still analysed.

use super::strings::{unescape_hcl, unquote_heredoc};
use super::tree::*;

pub fn parse(text: &str) -> Parse {
    let mut parser = Parser::new(text);
    let start = parser.lexer.pos;
    let entries = parser.body(None);
    let end = text.len() as u32;
    let root = Value::object(entries, TextRange::new(start.min(end), end));
    Parse { source_kind: SourceKind::Hcl, root, errors: parser.errors, comments: parser.lexer.comments }
}

/// The kinds of [`HclToken`]: every token the parser reads, plus comments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HclTokenKind {
    /// An identifier, including `true` and `false`.
    Ident,
    String,
    Heredoc,
    Number,
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    Equals,
    Comma,
    /// `# ...`, `// ...` (up to, not including, the line end) or `/* ... */`.
    Comment,
    /// A character that starts no token.
    Unknown,
}

/// One token of HCL text with its range. Together the tokens cover the text except for whitespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HclToken {
    pub kind: HclTokenKind,
    pub range: TextRange,
}

/// The token stream of `text`, comments included, in order — the same lexer the parser uses, for tools that
/// reprint the text (the formatter). Lexical errors are not reported here; `parse` reports them.
pub fn tokens(text: &str) -> Vec<HclToken> {
    let mut lexer = Lexer::new(text);
    let mut out = Vec::new();
    loop {
        let tok = lexer.next();
        for comment in lexer.comments.drain(..) {
            out.push(HclToken { kind: HclTokenKind::Comment, range: comment.range });
        }
        let kind = match tok.kind {
            Tok::Eof => return out,
            Tok::Ident => HclTokenKind::Ident,
            Tok::String => HclTokenKind::String,
            Tok::Heredoc => HclTokenKind::Heredoc,
            Tok::Number => HclTokenKind::Number,
            Tok::LBrace => HclTokenKind::LBrace,
            Tok::RBrace => HclTokenKind::RBrace,
            Tok::LBracket => HclTokenKind::LBracket,
            Tok::RBracket => HclTokenKind::RBracket,
            Tok::Equals => HclTokenKind::Equals,
            Tok::Comma => HclTokenKind::Comma,
            Tok::Unknown => HclTokenKind::Unknown,
        };
        out.push(HclToken { kind, range: tok.range });
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    Ident,
    String,
    Heredoc,
    Number,
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    Equals,
    Comma,
    /// A character that starts no token.
    Unknown,
    Eof,
}

#[derive(Clone, Copy, Debug)]
struct Token {
    kind: Tok,
    range: TextRange,
    /// A newline (or start of file) separates this token from the previous one.
    newline_before: bool,
}

/// Bytes that continue an identifier (ASCII letters and digits, `_`, `-`, `.`, `:`); non-ASCII letters are checked
/// separately.
const IDENT_CONTINUE: [bool; 256] = byte_table(b"_-.:", true);
/// Bytes a quoted string's scanner can skip in one pass: all but `"`, newline, `\\`, `$`, `{`, `}`.
const STRING_PLAIN: [bool; 256] = invert(byte_table(b"\"\n\\${}", false));
/// Bytes of horizontal whitespace.
const BLANK: [bool; 256] = byte_table(b" \t\r", false);

const fn byte_table(extra: &[u8], alphanumeric: bool) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = alphanumeric && (i as u8).is_ascii_alphanumeric();
        i += 1;
    }
    let mut j = 0;
    while j < extra.len() {
        table[extra[j] as usize] = true;
        j += 1;
    }
    table
}

const fn invert(mut table: [bool; 256]) -> [bool; 256] {
    let mut i = 0;
    while i < 256 {
        table[i] = !table[i];
        i += 1;
    }
    table
}

/// How many bytes from `at` on satisfy `table`.
fn run_length(bytes: &[u8], at: u32, table: &[bool; 256]) -> u32 {
    let rest = bytes.get(at as usize..).unwrap_or_default();
    rest.iter().position(|&b| !table[b as usize]).unwrap_or(rest.len()) as u32
}

struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: u32,
    comments: Vec<Comment>,
    errors: Vec<SyntaxError>,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Self {
        // A UTF-8 byte order mark is not content.
        let pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Lexer { text, bytes: text.as_bytes(), pos, comments: Vec::new(), errors: Vec::new() }
    }

    fn byte(&self, at: u32) -> u8 {
        self.bytes.get(at as usize).copied().unwrap_or(0)
    }

    /// Skips whitespace and comments; returns whether a newline was crossed.
    fn trivia(&mut self) -> bool {
        let mut newline = self.pos == 0;
        loop {
            match self.byte(self.pos) {
                b' ' | b'\t' | b'\r' => self.pos += run_length(self.bytes, self.pos, &BLANK),
                b'\n' => {
                    newline = true;
                    self.pos += 1;
                }
                b'#' => self.line_comment(1),
                b'/' if self.byte(self.pos + 1) == b'/' => self.line_comment(2),
                b'/' if self.byte(self.pos + 1) == b'*' => {
                    let start = self.pos;
                    let rest = &self.text[start as usize + 2..];
                    let (body_len, end) = match rest.find("*/") {
                        Some(i) => (i, start + 2 + i as u32 + 2),
                        None => {
                            self.errors.push(SyntaxError {
                                message: "comment not terminated: missing `*/`".into(),
                                range: TextRange::new(start, start + 2),
                            });
                            (rest.len(), self.text.len() as u32)
                        }
                    };
                    if rest[..body_len].contains('\n') {
                        newline = true;
                    }
                    self.comments
                        .push(Comment { text: rest[..body_len].to_string(), range: TextRange::new(start, end) });
                    self.pos = end;
                }
                _ => return newline,
            }
        }
    }

    fn line_comment(&mut self, marker_len: u32) {
        let start = self.pos;
        let rest = &self.bytes[start as usize..];
        let len = memchr_newline(rest);
        let end = start + len as u32;
        let body = &self.text[(start + marker_len) as usize..end as usize];
        self.comments
            .push(Comment { text: body.trim_end_matches('\r').to_string(), range: TextRange::new(start, end) });
        self.pos = end;
    }

    fn next(&mut self) -> Token {
        let newline_before = self.trivia();
        let start = self.pos;
        let b = self.byte(start);
        let kind = match b {
            0 if start as usize >= self.bytes.len() => Tok::Eof,
            b'{' => {
                self.pos += 1;
                Tok::LBrace
            }
            b'}' => {
                self.pos += 1;
                Tok::RBrace
            }
            b'[' => {
                self.pos += 1;
                Tok::LBracket
            }
            b']' => {
                self.pos += 1;
                Tok::RBracket
            }
            b'=' => {
                self.pos += 1;
                Tok::Equals
            }
            b',' => {
                self.pos += 1;
                Tok::Comma
            }
            b'"' => {
                self.string();
                Tok::String
            }
            b'<' if self.byte(start + 1) == b'<' => {
                if self.heredoc() {
                    Tok::Heredoc
                } else {
                    Tok::Unknown
                }
            }
            b'0'..=b'9' => {
                self.number();
                Tok::Number
            }
            b'-' | b'+' | b'.' if self.byte(start + 1).is_ascii_digit() => {
                self.pos += 1;
                self.number();
                Tok::Number
            }
            b if b == b'_' || b.is_ascii_alphabetic() || b >= 0x80 && self.char_at(start).is_alphabetic() => {
                self.ident();
                Tok::Ident
            }
            _ => {
                self.pos += self.char_at(start).len_utf8().max(1) as u32;
                Tok::Unknown
            }
        };
        Token { kind, range: TextRange::new(start, self.pos), newline_before }
    }

    fn char_at(&self, at: u32) -> char {
        self.text.get(at as usize..).and_then(|s| s.chars().next()).unwrap_or('\0')
    }

    fn ident(&mut self) {
        loop {
            self.pos += run_length(self.bytes, self.pos, &IDENT_CONTINUE);
            let b = self.byte(self.pos);
            if b >= 0x80 {
                let c = self.char_at(self.pos);
                if c.is_alphanumeric() {
                    self.pos += c.len_utf8() as u32;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
    }

    fn number(&mut self) {
        if self.byte(self.pos) == b'0' && matches!(self.byte(self.pos + 1), b'x' | b'X') {
            self.pos += 2;
        }
        loop {
            let b = self.byte(self.pos);
            let exponent_sign = matches!(b, b'+' | b'-') && matches!(self.byte(self.pos - 1), b'e' | b'E');
            if b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || exponent_sign {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// A quoted string. Inside `${ }` quotes nest (HCL 1 interpolation); a newline outside of one ends an
    /// unterminated string.
    fn string(&mut self) {
        let start = self.pos;
        self.pos += 1;
        let mut braces = 0u32;
        loop {
            self.pos += run_length(self.bytes, self.pos, &STRING_PLAIN);
            let Some(&b) = self.bytes.get(self.pos as usize) else {
                self.pos = self.bytes.len() as u32;
                self.errors.push(SyntaxError {
                    message: "string not terminated: missing closing `\"`".into(),
                    range: TextRange::new(start, self.pos),
                });
                return;
            };
            match b {
                b'"' if braces == 0 => {
                    self.pos += 1;
                    return;
                }
                b'\n' if braces == 0 => {
                    self.errors.push(SyntaxError {
                        message: "string not terminated: missing closing `\"` before the end of the line".into(),
                        range: TextRange::new(start, self.pos),
                    });
                    return;
                }
                b'\\' => self.pos += 2,
                b'$' if self.byte(self.pos + 1) == b'{' => {
                    braces += 1;
                    self.pos += 2;
                }
                b'{' if braces > 0 => {
                    braces += 1;
                    self.pos += 1;
                }
                b'}' if braces > 0 => {
                    braces -= 1;
                    self.pos += 1;
                }
                _ => self.pos += 1,
            }
        }
    }

    /// `<<EOF` / `<<-EOF` up to the line holding only the anchor. Returns false when this is not a heredoc.
    fn heredoc(&mut self) -> bool {
        let start = self.pos;
        let mut at = start + 2;
        if self.byte(at) == b'-' {
            at += 1;
        }
        let anchor_start = at;
        while self.byte(at).is_ascii_alphanumeric() || self.byte(at) == b'_' {
            at += 1;
        }
        let anchor = &self.text[anchor_start as usize..at as usize];
        if anchor.is_empty() {
            self.pos = start + 2;
            self.errors.push(SyntaxError {
                message: "heredoc needs an anchor, as in `<<EOF`".into(),
                range: TextRange::new(start, self.pos),
            });
            return false;
        }
        // The anchor must end its line.
        let mut line_end = at;
        while matches!(self.byte(line_end), b' ' | b'\t' | b'\r') {
            line_end += 1;
        }
        if self.byte(line_end) != b'\n' {
            self.pos = at;
            self.errors.push(SyntaxError {
                message: format!("heredoc anchor `{anchor}` must be followed by a newline"),
                range: TextRange::new(start, at),
            });
            return true;
        }
        let mut line_start = line_end + 1;
        while (line_start as usize) < self.bytes.len() {
            let len = memchr_newline(&self.bytes[line_start as usize..]) as u32;
            let line = &self.text[line_start as usize..(line_start + len) as usize];
            if line.trim() == anchor {
                self.pos = line_start + len;
                return true;
            }
            line_start += len + 1;
        }
        self.pos = self.text.len() as u32;
        self.errors.push(SyntaxError {
            message: format!("heredoc not terminated: no line with the closing anchor `{anchor}`"),
            range: TextRange::new(start, at),
        });
        true
    }
}

fn memchr_newline(bytes: &[u8]) -> usize {
    bytes.iter().position(|&b| b == b'\n').unwrap_or(bytes.len())
}

struct Parser<'a> {
    lexer: Lexer<'a>,
    peeked: Option<Token>,
    errors: Vec<SyntaxError>,
    depth: u32,
}

/// Deeper nesting than this is reported instead of recursing further (protects the stack on hostile input).
const MAX_DEPTH: u32 = 200;

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Parser { lexer: Lexer::new(text), peeked: None, errors: Vec::new(), depth: 0 }
    }

    fn peek(&mut self) -> Token {
        if let Some(tok) = self.peeked {
            return tok;
        }
        let tok = self.lexer.next();
        self.errors.append(&mut self.lexer.errors);
        self.peeked = Some(tok);
        tok
    }

    fn bump(&mut self) -> Token {
        let tok = self.peek();
        self.peeked = None;
        tok
    }

    fn text(&self, range: TextRange) -> &'a str {
        &self.lexer.text[range.as_usize()]
    }

    fn error(&mut self, range: TextRange, message: impl Into<String>) {
        // One error per position is enough; recovery can otherwise report the same spot twice.
        if self.errors.last().is_some_and(|last| last.range.start == range.start) {
            return;
        }
        self.errors.push(SyntaxError { message: message.into(), range });
    }

    fn describe(&self, tok: Token) -> String {
        match tok.kind {
            Tok::Eof => "end of file".into(),
            _ => format!("`{}`", truncate(self.text(tok.range), 20)),
        }
    }

    /// Items until `}` (when `open` is the `{` range) or end of file.
    fn body(&mut self, open: Option<TextRange>) -> Vec<Entry> {
        let mut entries = Vec::new();
        // HCL 1 allows one comma after an item, nowhere else (`a = 1,,` and `{ , a = 1 }` are errors).
        let mut comma_allowed = false;
        loop {
            let tok = self.peek();
            match tok.kind {
                Tok::Eof => {
                    if let Some(open) = open {
                        self.error(open, "block not closed: missing `}`");
                    }
                    return entries;
                }
                Tok::RBrace => {
                    if open.is_some() {
                        return entries;
                    }
                    self.bump();
                    self.error(tok.range, "unexpected `}` with no block to close");
                }
                Tok::Comma => {
                    self.bump();
                    if !comma_allowed {
                        // A stray comma: report it and carry on with the next item on the same line.
                        self.error(tok.range, "expected a key, found `,`");
                    }
                    comma_allowed = false;
                }
                Tok::Ident | Tok::String => {
                    if let Some(entry) = self.item() {
                        entries.push(entry);
                    }
                    comma_allowed = true;
                }
                _ => {
                    self.bump();
                    let what = self.describe(tok);
                    self.error(tok.range, format!("expected a key, found {what}"));
                    self.recover();
                    comma_allowed = false;
                }
            }
        }
    }

    /// Skips to the next token that starts a line with a key, or to a `}` closing the current body.
    fn recover(&mut self) {
        let mut depth = 0i32;
        loop {
            let tok = self.peek();
            match tok.kind {
                Tok::Eof => return,
                Tok::RBrace | Tok::RBracket if depth == 0 => return,
                Tok::Ident | Tok::String if depth == 0 && tok.newline_before => return,
                Tok::LBrace | Tok::LBracket => depth += 1,
                Tok::RBrace | Tok::RBracket => depth -= 1,
                _ => {}
            }
            self.bump();
        }
    }

    fn key(&mut self, tok: Token) -> Key {
        let text = if tok.kind == Tok::String {
            decode_string(self.text(tok.range))
        } else {
            self.text(tok.range).to_string()
        };
        Key { text: text.into(), range: tok.range }
    }

    /// `key = value`, `key { }`, `key "label" ... { }`, `key = { }`.
    fn item(&mut self) -> Option<Entry> {
        let first = self.bump();
        let key = self.key(first);
        let mut labels = Vec::new();
        let mut too_many_labels = false;
        loop {
            let tok = self.peek();
            match tok.kind {
                Tok::Equals => {
                    self.bump();
                    if !labels.is_empty() {
                        self.error(tok.range, "a labelled block needs `{`, not `=`");
                    }
                    let value = self.value(tok.range.end);
                    return Some(Entry { key, value, style: EntryStyle::Attribute });
                }
                Tok::LBrace => {
                    // Each label is one more level of the tree: count them against the depth limit.
                    let extra = labels.len() as u32;
                    self.depth += extra;
                    let body = self.object();
                    self.depth -= extra;
                    return Some(nest_labels(key, labels, body));
                }
                Tok::Ident | Tok::String if !tok.newline_before => {
                    self.bump();
                    if self.depth + (labels.len() as u32) < MAX_DEPTH {
                        labels.push(self.key(tok));
                    } else if !too_many_labels {
                        too_many_labels = true;
                        self.error(tok.range, "too many block labels: nesting too deep");
                    }
                }
                _ => {
                    let what = self.describe(tok);
                    let at = if tok.newline_before { TextRange::empty(first.range.end) } else { tok.range };
                    let key_text = truncate(&key.text, 40).to_string();
                    self.error(at, format!("expected `=` or `{{` after `{key_text}`, found {what}"));
                    let value = Value { kind: ValueKind::Invalid, range: TextRange::empty(key.range.end) };
                    if !tok.newline_before {
                        self.recover();
                    }
                    return Some(Entry { key, value, style: EntryStyle::Attribute });
                }
            }
        }
    }

    /// `{ items }`; the current token is `{`.
    fn object(&mut self) -> Value {
        let open = self.bump();
        if self.depth >= MAX_DEPTH {
            self.error(open.range, "nesting too deep");
            self.skip_balanced();
            return Value { kind: ValueKind::Invalid, range: open.range };
        }
        self.depth += 1;
        let entries = self.body(Some(open.range));
        self.depth -= 1;
        let close = self.peek();
        let end = if close.kind == Tok::RBrace {
            self.bump();
            close.range.end
        } else {
            self.lexer.pos
        };
        Value::object(entries, TextRange::new(open.range.start, end))
    }

    /// Consumes tokens until the bracket opened just before is closed (used past the depth limit).
    fn skip_balanced(&mut self) {
        let mut depth = 1u32;
        while depth > 0 {
            let tok = self.bump();
            match tok.kind {
                Tok::LBrace | Tok::LBracket => depth += 1,
                Tok::RBrace | Tok::RBracket => depth -= 1,
                Tok::Eof => return,
                _ => {}
            }
        }
    }

    fn list(&mut self) -> Value {
        let open = self.bump();
        if self.depth >= MAX_DEPTH {
            self.error(open.range, "nesting too deep");
            self.skip_balanced();
            return Value { kind: ValueKind::Invalid, range: open.range };
        }
        self.depth += 1;
        let mut items = Vec::new();
        let end;
        loop {
            let tok = self.peek();
            match tok.kind {
                Tok::RBracket => {
                    self.bump();
                    end = tok.range.end;
                    break;
                }
                Tok::Eof | Tok::RBrace => {
                    self.error(open.range, "list not closed: missing `]`");
                    end = tok.range.start;
                    break;
                }
                Tok::Comma => {
                    self.bump();
                    self.error(tok.range, "expected a list element before `,`");
                }
                _ => {
                    let value = self.value(tok.range.start);
                    let invalid = matches!(value.kind, ValueKind::Invalid);
                    items.push(value);
                    let next = self.peek();
                    match next.kind {
                        Tok::Comma => {
                            self.bump();
                        }
                        Tok::RBracket => {}
                        Tok::Eof | Tok::RBrace => {}
                        _ if invalid => {
                            // Resynchronise on the next comma or the closing bracket.
                            self.skip_list_element();
                        }
                        _ => {
                            let what = self.describe(next);
                            self.error(next.range, format!("expected `,` or `]` in list, found {what}"));
                            self.skip_list_element();
                        }
                    }
                }
            }
        }
        self.depth -= 1;
        Value::list(items, TextRange::new(open.range.start, end))
    }

    fn skip_list_element(&mut self) {
        let mut depth = 0i32;
        loop {
            let tok = self.peek();
            match tok.kind {
                Tok::Eof => return,
                Tok::Comma if depth == 0 => {
                    self.bump();
                    return;
                }
                Tok::RBracket | Tok::RBrace if depth == 0 => return,
                Tok::LBrace | Tok::LBracket => depth += 1,
                Tok::RBrace | Tok::RBracket => depth -= 1,
                _ => {}
            }
            self.bump();
        }
    }

    /// A value after `=` (which ended at `after`) or as a list element.
    fn value(&mut self, after: u32) -> Value {
        let tok = self.peek();
        match tok.kind {
            Tok::String => {
                self.bump();
                let raw = self.text(tok.range);
                let text = decode_string(raw);
                Value { kind: ValueKind::String(StringValue { text: text.into(), heredoc: false }), range: tok.range }
            }
            Tok::Heredoc => {
                self.bump();
                let text = unquote_heredoc(self.text(tok.range)).unwrap_or_default();
                Value { kind: ValueKind::String(StringValue { text: text.into(), heredoc: true }), range: tok.range }
            }
            Tok::Number => {
                self.bump();
                let raw = self.text(tok.range);
                match parse_number(raw) {
                    Some(number) => Value { kind: ValueKind::Number(number), range: tok.range },
                    None => {
                        self.error(tok.range, format!("invalid number `{}`", truncate(raw, 30)));
                        Value { kind: ValueKind::Invalid, range: tok.range }
                    }
                }
            }
            Tok::Ident => {
                let raw = self.text(tok.range);
                let kind = match raw {
                    "true" => ValueKind::Bool(true),
                    "false" => ValueKind::Bool(false),
                    _ if tok.newline_before => {
                        // `key =` at the end of a line: the next line's key is not this value.
                        self.error(TextRange::empty(after), "expected a value after `=`");
                        return Value { kind: ValueKind::Invalid, range: TextRange::empty(after) };
                    }
                    _ => {
                        self.bump();
                        self.error(
                            tok.range,
                            format!("expected a value, found `{}`; strings need double quotes", truncate(raw, 30)),
                        );
                        return Value { kind: ValueKind::Invalid, range: tok.range };
                    }
                };
                self.bump();
                Value { kind, range: tok.range }
            }
            Tok::LBrace => self.object(),
            Tok::LBracket => self.list(),
            _ => {
                let what = self.describe(tok);
                if matches!(tok.kind, Tok::Unknown | Tok::Equals) {
                    self.bump();
                    self.error(tok.range, format!("expected a value, found {what}"));
                    self.recover();
                } else {
                    self.error(
                        TextRange::empty(after.max(tok.range.start.min(after))),
                        format!("expected a value, found {what}"),
                    );
                }
                Value { kind: ValueKind::Invalid, range: TextRange::empty(after) }
            }
        }
    }
}

/// `key "a" "b" { body }` → `key = { a = { b = { body } } }`.
fn nest_labels(key: Key, labels: Vec<Key>, body: Value) -> Entry {
    let mut value = body;
    for label in labels.into_iter().rev() {
        let range = label.range.cover(value.range);
        let inner = Entry { key: label, value, style: EntryStyle::Label };
        value = Value { kind: ValueKind::Object(vec![inner]), range };
    }
    Entry { key, value, style: EntryStyle::Block }
}

fn decode_string(raw: &str) -> String {
    let inner = raw.strip_prefix('"').unwrap_or(raw);
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    if !inner.contains('\\') {
        return inner.to_string();
    }
    unescape_hcl(inner, None)
}

/// HCL 1 numbers: decimal, `0x` hex, leading-zero octal, floats with exponent, an optional sign.
fn parse_number(raw: &str) -> Option<Number> {
    let (negative, digits) = match raw.as_bytes().first() {
        Some(b'-') => (true, &raw[1..]),
        Some(b'+') => (false, &raw[1..]),
        _ => (false, raw),
    };
    let sign = if negative { -1.0 } else { 1.0 };
    if let Some(hex) = digits.strip_prefix("0x").or_else(|| digits.strip_prefix("0X")) {
        let value = i64::from_str_radix(hex, 16).ok()?;
        return Some(Number { value: sign * value as f64, is_integer: true });
    }
    if digits.bytes().all(|b| b.is_ascii_digit()) && !digits.is_empty() {
        let radix = if digits.len() > 1 && digits.starts_with('0') { 8 } else { 10 };
        let value = match i64::from_str_radix(digits, radix) {
            Ok(v) => v as f64,
            Err(_) if radix == 10 => digits.parse::<f64>().ok()?,
            Err(_) => return None,
        };
        return Some(Number { value: sign * value, is_integer: true });
    }
    let value: f64 = digits.parse().ok()?;
    if !value.is_finite() || digits.starts_with(|c: char| !c.is_ascii_digit() && c != '.') {
        return None;
    }
    Some(Number { value: sign * value, is_integer: false })
}

fn truncate(text: &str, max_chars: usize) -> &str {
    match text.char_indices().nth(max_chars) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}
