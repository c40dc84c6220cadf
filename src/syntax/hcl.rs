//! An error-tolerant parser for HCL as Consul reads it: HashiCorp's HCL 1 (`github.com/hashicorp/hcl` v1.0.0,
//! `hcl.Decode` into a `map[string]interface{}`).
//!
//! It accepts exactly what HCL 1 accepts — `tests/hcl1_oracle.rs` checks that against HCL 1 itself on every corpus
//! and fixture file and thousands of corruptions of them — and on top of that recovers from errors, so a broken
//! file still yields everything before and after the error.
//!
//! What HCL 1 accepts and HCL 2 parsers reject, and which Consul's own files use: newlines are not significant
//! (`{ name = "a" port = 1 }`, `connect { sidecar_service {} }`), items may be separated by commas, keys may be
//! quoted, blocks may appear inside list elements, numbers may be hex or octal, and `${...}` inside strings is
//! kept literally. Labelled blocks `key "a" "b" { }` become nested objects, exactly as HCL 1 decodes them.
//!
//! Facts about HCL 1 learned from its source and confirmed against it (the oracle), which this parser follows:
//! - A key is any run of identifiers and strings, across newlines: `bootstr` newline `ap {` is the block
//!   `bootstr "ap" { }`. With more than one of them, `=` is an error (`a "b" = 1`).
//! - `true` and `false` are not identifiers: they cannot be keys or labels. Identifiers continue with letters,
//!   digits, `-` and `.` (not `:`). `+1` is not a number.
//! - Escapes: `\a \b \f \n \r \t \v \\ \"`, three octal digits, `\x` with 2, `\u` with 4, `\U` with 8 hex digits;
//!   anything else (`\-`, `\'`, `\/`) is "illegal char escape". Escapes inside `${ }` are checked but kept as
//!   written. `\x`/octal escapes give raw bytes; `\U` above U+10FFFF or an octal escape above 255 make the decoder
//!   panic, which we report as an error.
//! - Lists: elements need commas between them, except after a nested list (`[[1] [2]]` is accepted); commas may
//!   repeat or lead (`[,1,,2]` is `[1, 2]`).
//! - Numbers: a number token stops at the first character that cannot continue it (`80x` is `80` then the key
//!   `x`); an exponent without digits swallows the character after it (`1e}`), which the decoder then rejects.
//!   Integers must fit 64 bits; `08` is accepted by the scanner and rejected by the decoder.
//! - Heredocs: the anchor must be followed directly by a newline, the closing line must be followed by a newline
//!   (a heredoc that ends the file without one is "not terminated"), and for `<<-EOF` the closing line must be at
//!   least as long as `-EOF` (so an unindented `EOF` does not close a `<<-EOF`). Values: see
//!   [`super::strings::heredoc_with_map`].
//! - Two bugs of HCL 1's parser that make it accept broken text, followed here because Consul reads files with it:
//!   `key =` at the very end of a file (outside any block) is accepted and the key dropped; and inside a block, an
//!   item whose value breaks off at a `}` (`key = }`, `key = [1, 2 }`) is dropped when another `}` follows, which
//!   then closes the block (`x { a = 1 b = } }` is `x { a = 1 }`).
//! - A byte order mark, a NUL and U+E123 are errors anywhere; `\r\n` counts as `\n` (HCL 1 rewrites it first).
//! - Known differences, which the oracle's corruptions do not reach: identifiers use Rust's Unicode `Alphabetic`
//!   and `Numeric` where HCL 1 uses Go's letter and digit categories; a lone `\r` before `\r\n` in a heredoc; a
//!   repeated key whose first value is a string makes HCL 1 take a later number as its text (`a = "x"` then
//!   `a = 08` is accepted), we report the number. HCL 1's decoder also rejects a key repeated with values it cannot
//!   merge (`a = 1` then `a = "x"`; `service { }` then `service "x" { }`): not a syntax error here.
//!
//! Recovery: the first, strict pass decides whether a file is broken (exactly HCL 1's verdict); a broken file is
//! read again by a lenient pass (see [`parse_with`]), which builds its tree and says where it went wrong. On an
//! unexpected token the parser records an error, skips to the next line that starts an item (or the enclosing
//! `}`), and carries on, so everything before and after the error is still analysed — and a broken Consul file is
//! still recognised as one.

use super::strings::{unescape_hcl_checked, unquote_heredoc};
use super::tree::*;

pub fn parse(text: &str) -> Parse {
    let strict = parse_with(text, false);
    if strict.errors.is_empty() {
        return strict;
    }
    // A broken file: read it again in the lenient way, for a tree that keeps what the author meant around the
    // errors (its errors say where; HCL 1 rejects the file either way).
    let lenient = parse_with(text, true);
    if lenient.errors.is_empty() { Parse { errors: strict.errors, ..lenient } } else { lenient }
}

/// One pass. `lenient`: how a broken file is read. Labels must then be on their key's line (HCL 1 reads
/// `name` newline `port = 1` as one key `name port`, an error; read leniently it is `name` missing its `=`, then
/// `port = 1`), a missing `=` before a value on the same line is supplied (`Kind "mesh"`), junk before a key is
/// skipped, an unclosed list ends before a line that starts with an identifier, and recovery stops at the next line
/// indented no deeper than the broken item, even inside unclosed brackets.
fn parse_with(text: &str, lenient: bool) -> Parse {
    let mut parser = Parser::new(text, lenient);
    parser.check_forbidden_characters();
    let entries = parser.body(None);
    let end = text.len() as u32;
    let root = Value::object(entries, TextRange::new(0, end));
    let errors = parser.errors.into_iter().map(|e| e.error).collect();
    Parse { source_kind: SourceKind::Hcl, root, errors, comments: parser.lexer.comments }
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
            Tok::Ident | Tok::Bool => HclTokenKind::Ident,
            Tok::String => HclTokenKind::String,
            Tok::Heredoc => HclTokenKind::Heredoc,
            Tok::Number | Tok::Float => HclTokenKind::Number,
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
    /// `true` or `false` (HCL 1 does not take them as identifiers).
    Bool,
    String,
    Heredoc,
    /// An integer literal (decimal, `0x` hex, leading-zero octal).
    Number,
    /// A literal with a fraction or exponent.
    Float,
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    Equals,
    Comma,
    /// A token HCL 1 knows but that has no place in its grammar (`+`, `-` and `.` on their own), or a character
    /// that starts no token.
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

/// What kind of failure an error is, as HCL 1 would meet it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ErrorKind {
    /// The scanner's: always fatal.
    Scan,
    /// The parser's.
    Parse,
    /// The decoder's (a number or string literal it cannot convert): fatal only if the literal is kept.
    Decode,
}

struct PendingError {
    error: SyntaxError,
    kind: ErrorKind,
}

/// ASCII bytes that continue an identifier: letters, digits, `_`, `-`, `.`.
const IDENT_CONTINUE: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        table[i] = b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.';
        i += 1;
    }
    table
};

/// ASCII bytes a quoted string's scanner can pass over without a look: all but `"`, newline, `\\`, `$`, `{`, `}`.
const STRING_PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 128 {
        table[i] = !matches!(i as u8, b'"' | b'\n' | b'\\' | b'$' | b'{' | b'}');
        i += 1;
    }
    table
};

/// How many bytes from `at` on satisfy `table`.
fn run_length(bytes: &[u8], at: u32, table: &[bool; 256]) -> u32 {
    let rest = bytes.get(at as usize..).unwrap_or_default();
    rest.iter().position(|&b| !table[b as usize]).unwrap_or(rest.len()) as u32
}

fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || (c as u32 >= 0x80 && c.is_alphabetic())
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || (c as u32 >= 0x80 && c.is_numeric())
}

fn is_decimal(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_digit())
}

struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: u32,
    /// Where the last `next_char` started, for `unread` (HCL 1's scanner steps back at most one character).
    prev: u32,
    comments: Vec<Comment>,
    errors: Vec<SyntaxError>,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Self {
        Lexer { text, bytes: text.as_bytes(), pos: 0, prev: 0, comments: Vec::new(), errors: Vec::new() }
    }

    fn byte(&self, at: u32) -> u8 {
        self.bytes.get(at as usize).copied().unwrap_or(0)
    }

    fn char_at(&self, at: u32) -> Option<char> {
        self.text.get(at as usize..).and_then(|s| s.chars().next())
    }

    fn next_char(&mut self) -> Option<char> {
        let c = self.char_at(self.pos)?;
        self.prev = self.pos;
        self.pos += c.len_utf8() as u32;
        Some(c)
    }

    fn unread(&mut self) {
        self.pos = self.prev;
    }

    fn peek_char(&self) -> Option<char> {
        self.char_at(self.pos)
    }

    fn error(&mut self, range: TextRange, message: impl Into<String>) {
        self.errors.push(SyntaxError { message: message.into(), range });
    }

    /// Skips whitespace and comments; returns whether a newline was crossed.
    fn trivia(&mut self) -> bool {
        let mut newline = self.pos == 0;
        loop {
            match self.byte(self.pos) {
                b' ' | b'\t' | b'\r' => {
                    self.pos += 1;
                    while matches!(self.byte(self.pos), b' ' | b'\t' | b'\r') {
                        self.pos += 1;
                    }
                }
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
                            self.error(TextRange::new(start, start + 2), "comment not terminated: missing `*/`");
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
                b'/' => {
                    // HCL 1 reports a lone `/` and skips it like a comment.
                    self.error(TextRange::new(self.pos, self.pos + 1), "`/` must start a comment (`//` or `/*`)");
                    self.pos += 1;
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
        let Some(c) = self.next_char() else {
            return Token { kind: Tok::Eof, range: TextRange::empty(start), newline_before };
        };
        let kind = match c {
            '{' => Tok::LBrace,
            '}' => Tok::RBrace,
            '[' => Tok::LBracket,
            ']' => Tok::RBracket,
            '=' => Tok::Equals,
            ',' => Tok::Comma,
            '"' => {
                self.string(start);
                Tok::String
            }
            '<' => self.heredoc(start),
            '0'..='9' => self.number(c),
            '-' if is_decimal(self.peek_char()) => {
                let first = self.next_char().unwrap_or('0');
                self.number(first)
            }
            '.' if is_decimal(self.peek_char()) => {
                let digit = self.peek_char();
                let after = self.mantissa(digit);
                self.exponent(after);
                Tok::Float
            }
            '-' | '+' | '.' => Tok::Unknown,
            c if is_letter(c) => {
                self.identifier_rest();
                match &self.text[start as usize..self.pos as usize] {
                    "true" | "false" => Tok::Bool,
                    _ => Tok::Ident,
                }
            }
            '\u{feff}' => {
                self.error(
                    TextRange::new(start, self.pos),
                    "a byte order mark is not allowed: Consul's HCL parser rejects it",
                );
                Tok::Unknown
            }
            _ => {
                self.error(TextRange::new(start, self.pos), format!("illegal character `{}`", c.escape_debug()));
                Tok::Unknown
            }
        };
        Token { kind, range: TextRange::new(start, self.pos), newline_before }
    }

    /// Letters, digits, `-` and `.` after an identifier's first letter.
    fn identifier_rest(&mut self) {
        loop {
            self.pos += run_length(self.bytes, self.pos, &IDENT_CONTINUE);
            match self.char_at(self.pos) {
                Some(c) if c as u32 >= 0x80 && (is_letter(c) || is_digit(c)) => self.pos += c.len_utf8() as u32,
                _ => return,
            }
        }
    }

    /// HCL 1's `scanNumber`, step for step (its quirks decide where a number token ends); `first` is the first
    /// digit, already consumed.
    fn number(&mut self, first: char) -> Tok {
        let start = self.prev;
        if first == '0' {
            let mut c = self.next_char();
            if matches!(c, Some('x' | 'X')) {
                c = self.next_char();
                let mut found = false;
                while c.is_some_and(|c| c.is_ascii_hexdigit()) {
                    c = self.next_char();
                    found = true;
                }
                if c.is_some() {
                    self.unread();
                }
                if !found {
                    self.error(TextRange::new(start, self.pos), "illegal hexadecimal number: no digits after `0x`");
                }
                return Tok::Number;
            }
            let mut illegal_octal = false;
            while is_decimal(c) {
                c = self.next_char();
                if matches!(c, Some('8' | '9')) {
                    illegal_octal = true;
                }
            }
            if matches!(c, Some('e' | 'E')) {
                self.exponent(c);
                return Tok::Float;
            }
            if c == Some('.') {
                let c = self.fraction(c);
                if matches!(c, Some('e' | 'E')) {
                    let e = self.next_char();
                    self.exponent(e);
                }
                return Tok::Float;
            }
            if c.is_some() {
                self.unread();
            }
            if illegal_octal {
                self.error(TextRange::new(start, self.pos), "illegal octal number (a leading 0 means octal)");
            }
            return Tok::Number;
        }
        self.mantissa(Some(first));
        let c = self.next_char();
        if matches!(c, Some('e' | 'E')) {
            self.exponent(c);
            return Tok::Float;
        }
        if c == Some('.') {
            let c = self.fraction(c);
            if matches!(c, Some('e' | 'E')) {
                let e = self.next_char();
                self.exponent(e);
            }
            return Tok::Float;
        }
        if c.is_some() {
            self.unread();
        }
        Tok::Number
    }

    /// `scanMantissa`: consumes digits starting with `c` (already read, or peeked), steps back over the first
    /// non-digit, and returns it.
    fn mantissa(&mut self, mut c: Option<char>) -> Option<char> {
        let mut scanned = false;
        while is_decimal(c) {
            c = self.next_char();
            scanned = true;
        }
        if scanned && c.is_some() {
            self.unread();
        }
        c
    }

    fn fraction(&mut self, c: Option<char>) -> Option<char> {
        if c == Some('.') {
            let peeked = self.peek_char();
            return self.mantissa(peeked);
        }
        c
    }

    fn exponent(&mut self, c: Option<char>) -> Option<char> {
        if matches!(c, Some('e' | 'E')) {
            let mut c = self.next_char();
            if matches!(c, Some('-' | '+')) {
                c = self.next_char();
            }
            return self.mantissa(c);
        }
        c
    }

    /// A quoted string (the opening quote is consumed). Inside `${ }` quotes nest and newlines are allowed (HCL 1
    /// interpolation); elsewhere a newline ends an unterminated string.
    fn string(&mut self, start: u32) {
        let mut braces = 0u32;
        loop {
            self.pos += run_length(self.bytes, self.pos, &STRING_PLAIN);
            let Some(c) = self.next_char() else {
                self.error(TextRange::new(start, self.pos), "string not terminated: missing closing `\"`");
                return;
            };
            match c {
                '\n' if braces == 0 => {
                    self.unread();
                    let end = if self.byte(self.pos.saturating_sub(1)) == b'\r' { self.pos - 1 } else { self.pos };
                    self.error(
                        TextRange::new(start, end.max(start + 1)),
                        "string not terminated: missing closing `\"` before the end of the line",
                    );
                    return;
                }
                '"' if braces == 0 => return,
                '$' if braces == 0 && self.peek_char() == Some('{') => {
                    braces += 1;
                    self.next_char();
                }
                '{' if braces > 0 => braces += 1,
                '}' if braces > 0 => braces -= 1,
                '\\' => self.escape(),
                _ => {}
            }
        }
    }

    /// HCL 1's `scanEscape`: which escapes are legal (the decoding is `strings::unescape_hcl`).
    fn escape(&mut self) {
        let at = self.prev;
        let c = self.next_char();
        let (base, digits) = match c {
            Some('a' | 'b' | 'f' | 'n' | 'r' | 't' | 'v' | '\\' | '"') => return,
            Some('0'..='7') => {
                self.unread();
                (8, 3)
            }
            Some('x') => (16, 2),
            Some('u') => (16, 4),
            Some('U') => (16, 8),
            _ => {
                // A backslash before the end of the line or file leaves the string unterminated; the string
                // scanner reports that.
                if matches!(c, Some('\n') | None) {
                    if c.is_some() {
                        self.unread();
                    }
                    self.error(TextRange::new(at, at + 1), "illegal escape `\\` at the end of the line");
                    return;
                }
                let end = self.pos;
                let shown = &self.text[at as usize..end as usize];
                self.error(
                    TextRange::new(at, end),
                    format!("illegal escape `{shown}` in string (HCL 1 allows \\n \\t \\r \\\\ \\\" \\uXXXX ...)"),
                );
                return;
            }
        };
        for _ in 0..digits {
            match self.peek_char() {
                Some(d) if d.is_digit(base) => {
                    self.next_char();
                }
                _ => {
                    let shown = &self.text[at as usize..self.pos as usize];
                    self.error(
                        TextRange::new(at, self.pos),
                        format!("illegal escape `{shown}` in string: expected {digits} digits"),
                    );
                    return;
                }
            }
        }
    }

    /// `<<EOF` / `<<-EOF` up to the end of the line holding the closing anchor (the `<` is consumed).
    fn heredoc(&mut self, start: u32) -> Tok {
        if self.peek_char() != Some('<') {
            self.error(TextRange::new(start, self.pos), "`<` must start a heredoc (`<<EOF`)");
            return Tok::Unknown;
        }
        self.next_char();
        let anchor_start = self.pos;
        if self.peek_char() == Some('-') {
            self.next_char();
        }
        while self.peek_char().is_some_and(|c| is_letter(c) || is_digit(c)) {
            self.next_char();
        }
        let anchor_end = self.pos;
        let marker = &self.text[anchor_start as usize..anchor_end as usize];
        let line_end = if self.byte(self.pos) == b'\r' && self.byte(self.pos + 1) == b'\n' { 1 } else { 0 };
        if self.byte(self.pos + line_end) != b'\n' {
            let range = TextRange::new(start, anchor_end);
            if self.pos as usize >= self.text.len() {
                self.error(range, "heredoc not terminated");
            } else {
                self.error(range, "heredoc anchor must be followed by a newline, as in `<<EOF`");
            }
            return Tok::Heredoc;
        }
        if marker.is_empty() || marker == "-" {
            self.pos += line_end + 1;
            self.error(TextRange::new(start, anchor_end), "heredoc needs an anchor, as in `<<EOF`");
            return Tok::Heredoc;
        }
        let anchor = marker.trim_start_matches('-');
        let mut line_start = anchor_end + line_end + 1;
        // The closing line must be followed by a newline.
        while let Some(len) = self.bytes.get(line_start as usize..).and_then(|rest| {
            let len = memchr_newline(rest);
            (len < rest.len()).then_some(len as u32)
        }) {
            let line = &self.text[line_start as usize..(line_start + len) as usize];
            // `\r\n` is a newline: the `\r` is not part of the line.
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.len() >= marker.len() && closes_heredoc(line, anchor) {
                self.pos = line_start + len;
                return Tok::Heredoc;
            }
            line_start += len + 1;
        }
        self.pos = self.text.len() as u32;
        let message = if self.text[line_start as usize..].trim() == anchor {
            format!("heredoc not terminated: the closing `{anchor}` must be followed by a newline")
        } else {
            format!("heredoc not terminated: no line with the closing anchor `{anchor}`")
        };
        self.error(TextRange::new(start, anchor_end), message);
        Tok::Heredoc
    }
}

/// HCL 1's terminator test: `^[[:space:]]*ANCHOR\r*$`.
fn closes_heredoc(line: &str, anchor: &str) -> bool {
    let rest = line.trim_start_matches([' ', '\t', '\n', '\u{b}', '\u{c}', '\r']);
    rest.strip_prefix(anchor).is_some_and(|tail| tail.bytes().all(|b| b == b'\r'))
}

fn memchr_newline(bytes: &[u8]) -> usize {
    bytes.iter().position(|&b| b == b'\n').unwrap_or(bytes.len())
}

struct Parser<'a> {
    lexer: Lexer<'a>,
    peeked: Option<Token>,
    errors: Vec<PendingError>,
    depth: u32,
    lenient: bool,
    /// The column of the first key of the item being parsed (recovery stops at a line indented no deeper).
    item_column: u32,
    /// (offset, start of its line) of the last `column` query.
    line_start_cache: (u32, u32),
}

/// Deeper nesting than this is reported instead of recursing further (protects the stack on hostile input).
const MAX_DEPTH: u32 = 200;

/// How a value's parse ended, when it did not end well in a way the caller must decide about.
enum Broke {
    /// Parsed (possibly with errors already reported).
    No,
    /// HCL 1 failed at a `}` (`key = }`, `key = [1 }`): inside a block followed by another `}` it drops the item;
    /// otherwise this error is reported. The `}` is not consumed.
    AtRBrace(SyntaxError),
    /// A value was expected at the end of the file: HCL 1 drops the item at the top level.
    AtEof(SyntaxError),
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, lenient: bool) -> Self {
        Parser {
            lexer: Lexer::new(text),
            peeked: None,
            errors: Vec::new(),
            depth: 0,
            lenient,
            item_column: 0,
            line_start_cache: (0, 0),
        }
    }

    /// Bytes since the start of the line. Queries mostly move forward: the last answer bounds the search.
    fn column(&mut self, at: u32) -> u32 {
        let (known_at, known_line_start) = self.line_start_cache;
        let from = if known_at <= at { known_at } else { 0 };
        let line_start = match self.lexer.bytes[from as usize..at as usize].iter().rposition(|&b| b == b'\n') {
            Some(i) => from + i as u32 + 1,
            None if from > 0 => known_line_start,
            None => 0,
        };
        self.line_start_cache = (at, line_start);
        at - line_start
    }

    /// HCL 1's scanner rejects these characters wherever they are, inside strings and comments too.
    fn check_forbidden_characters(&mut self) {
        for (at, c) in self.lexer.text.match_indices(['\0', '\u{E123}']) {
            let message = if c == "\0" {
                "NUL character (0x00) in the file"
            } else {
                "character U+E123 is reserved by Consul's HCL parser"
            };
            let range = TextRange::new(at as u32, (at + c.len()) as u32);
            self.errors
                .push(PendingError { error: SyntaxError { message: message.into(), range }, kind: ErrorKind::Scan });
        }
    }

    fn peek(&mut self) -> Token {
        if let Some(tok) = self.peeked {
            return tok;
        }
        let tok = self.lexer.next();
        for error in self.lexer.errors.drain(..) {
            self.errors.push(PendingError { error, kind: ErrorKind::Scan });
        }
        self.peeked = Some(tok);
        tok
    }

    /// The kind of the token after the peeked one, without consuming anything.
    fn peek_second(&mut self) -> Token {
        self.peek();
        let (pos, prev, n_comments) = (self.lexer.pos, self.lexer.prev, self.lexer.comments.len());
        let tok = self.lexer.next();
        self.lexer.pos = pos;
        self.lexer.prev = prev;
        self.lexer.comments.truncate(n_comments);
        self.lexer.errors.clear();
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

    fn push_error(&mut self, error: SyntaxError, kind: ErrorKind) {
        // One error per position is enough; recovery can otherwise report the same spot twice.
        if let Some(last) = self.errors.last_mut()
            && last.error.range.start == error.range.start
        {
            if kind == ErrorKind::Parse {
                last.kind = ErrorKind::Parse;
            }
            return;
        }
        self.errors.push(PendingError { error, kind });
    }

    fn error(&mut self, range: TextRange, message: impl Into<String>) {
        self.push_error(SyntaxError { message: message.into(), range }, ErrorKind::Parse);
    }

    fn decode_error(&mut self, range: TextRange, message: impl Into<String>) {
        self.push_error(SyntaxError { message: message.into(), range }, ErrorKind::Decode);
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
        // Leniently, a block whose items are indented deeper than its key (or start on its line) ends at a line
        // indented no deeper than the key: its `}` is missing (or its `{` was stray).
        let block_column = self.item_column;
        let mut indented: Option<bool> = None;
        loop {
            let tok = self.peek();
            if self.lenient && open.is_some() && !matches!(tok.kind, Tok::RBrace | Tok::Eof) {
                let column = if tok.newline_before { Some(self.column(tok.range.start)) } else { None };
                let deeper = column.is_none_or(|c| c > block_column);
                match indented {
                    None => indented = Some(deeper),
                    Some(true) if !deeper && matches!(tok.kind, Tok::Ident | Tok::String) => {
                        self.error(open.unwrap_or_default(), "block not closed: missing `}`");
                        return entries;
                    }
                    _ => {}
                }
            }
            // `"peering {`: a stray quote before a key.
            if self.lenient
                && tok.kind == Tok::String
                && !(tok.range.len() > 1 && self.text(tok.range).ends_with('"'))
                && self.lexer.char_at(tok.range.start + 1).is_some_and(is_letter)
            {
                self.peeked = None;
                self.lexer.pos = tok.range.start + 1;
                continue;
            }
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
                    let mark = self.errors.len();
                    let n_entries = entries.len();
                    let broke = self.item(&mut entries);
                    let parse_errors = self.errors[mark..].iter().any(|e| e.kind == ErrorKind::Parse);
                    match broke {
                        Broke::No => {}
                        Broke::AtRBrace(_)
                            if open.is_some() && !parse_errors && self.peek_second().kind == Tok::RBrace =>
                        {
                            // HCL 1 drops the item and takes the next `}` as the end of the block.
                            self.bump();
                            self.drop_item(&mut entries, n_entries, mark);
                        }
                        Broke::AtEof(_) if open.is_none() && !parse_errors => {
                            // HCL 1 accepts `key =` at the end of the file and drops the item.
                            self.drop_item(&mut entries, n_entries, mark);
                        }
                        Broke::AtRBrace(error) | Broke::AtEof(error) => self.push_error(error, ErrorKind::Parse),
                    }
                    comma_allowed = true;
                }
                _ => {
                    self.bump();
                    let what = self.describe(tok);
                    self.error(tok.range, format!("expected a key, found {what}"));
                    let next = self.peek();
                    // `-ervices {`: skip the junk, keep the item after it (but `= "value"` holds no key).
                    let key_follows = !next.newline_before
                        && (next.kind == Tok::Ident || (next.kind == Tok::String && tok.kind != Tok::Equals));
                    if !(self.lenient && key_follows) {
                        self.item_column = self.column(tok.range.start);
                        self.recover();
                    }
                    comma_allowed = false;
                }
            }
        }
    }

    /// Forgets an item HCL 1 drops: its entries and the decoding errors of its literals (never decoded).
    fn drop_item(&mut self, entries: &mut Vec<Entry>, n_entries: usize, mark: usize) {
        entries.truncate(n_entries);
        let mut i = mark;
        while i < self.errors.len() {
            if self.errors[i].kind == ErrorKind::Decode {
                self.errors.remove(i);
            } else {
                i += 1;
            }
        }
    }

    /// Skips to the next token that starts a line with a key, or to a `}` closing the current body. Leniently, a
    /// line indented no deeper than the broken item ends the skip even inside brackets it left open: a key there
    /// is the next item, a `}` closes the broken item's block (consumed) or the enclosing one.
    fn recover(&mut self) {
        let mut depth = 0i32;
        loop {
            let tok = self.peek();
            let column = if self.lenient && tok.newline_before { self.column(tok.range.start) } else { u32::MAX };
            let shallow = column <= self.item_column;
            match tok.kind {
                Tok::Eof => return,
                Tok::RBrace | Tok::RBracket if depth == 0 => return,
                Tok::Ident | Tok::String if tok.newline_before && (depth == 0 || shallow) => return,
                Tok::RBrace if shallow => {
                    if column == self.item_column && depth == 1 {
                        self.bump();
                    }
                    return;
                }
                Tok::LBrace | Tok::LBracket => depth += 1,
                Tok::RBrace | Tok::RBracket => depth -= 1,
                _ => {}
            }
            self.bump();
        }
    }

    fn key(&mut self, tok: Token) -> Key {
        let text =
            if tok.kind == Tok::String { self.decode_string(tok.range) } else { self.text(tok.range).to_string() };
        Key { text: text.into(), range: tok.range }
    }

    /// `key = value`, `key { }`, `key "label" ... { }`, `key = { }`: pushes the item's entry (or, when a key on
    /// its own line is missing its `=`, an invalid entry for it and the entry that follows).
    fn item(&mut self, entries: &mut Vec<Entry>) -> Broke {
        let first = self.bump();
        let column = self.column(first.range.start);
        let outer_column = std::mem::replace(&mut self.item_column, column);
        let broke = self.item_parts(first, entries);
        self.item_column = outer_column;
        broke
    }

    fn item_parts(&mut self, first: Token, entries: &mut Vec<Entry>) -> Broke {
        let mut key = self.key(first);
        if self.lenient && first.kind == Tok::Ident {
            self.glue_key_fragments(&mut key);
        }
        // Further keys are block labels; HCL 1 reads them across newlines.
        let mut labels: Vec<(Key, bool)> = Vec::new();
        let mut first_label: Option<Token> = None;
        let mut too_many_labels = false;
        loop {
            let tok = self.peek();
            match tok.kind {
                Tok::Equals => {
                    self.bump();
                    let key = match labels.iter().rposition(|(_, newline)| *newline) {
                        // `name` alone on a line, then `port = 80`: the first is missing its `=`.
                        Some(last_line) => {
                            let rest = labels.split_off(last_line);
                            let text = truncate(&key.text, 40).to_string();
                            let at = TextRange::empty(labels.last().map_or(key.range, |(k, _)| k.range).end);
                            self.error(at, format!("expected `=` or `{{` after `{text}`"));
                            entries.push(invalid_entry(key));
                            for (label, newline) in labels {
                                if newline {
                                    entries.push(invalid_entry(label));
                                }
                            }
                            let mut rest = rest;
                            let (key, _) = rest.remove(0);
                            if !rest.is_empty() {
                                self.error(tok.range, "a labelled block needs `{`, not `=`");
                            }
                            key
                        }
                        None if !labels.is_empty() => {
                            self.error(tok.range, "a labelled block needs `{`, not `=`");
                            key
                        }
                        None => key,
                    };
                    let (value, broke) = self.value(tok.range.end);
                    let next = self.peek();
                    // `"de"ault"`, `8"backend"`: leniently, what sticks to a value is part of the same mistake.
                    if self.lenient
                        && matches!(broke, Broke::No)
                        && next.range.start == value.range.end
                        && !value.range.is_empty()
                        && !matches!(next.kind, Tok::Comma | Tok::RBrace | Tok::RBracket | Tok::Eof)
                    {
                        let what = self.describe(next);
                        self.error(next.range, format!("unexpected {what} right after the value"));
                        self.recover();
                    }
                    entries.push(Entry { key, value, style: EntryStyle::Attribute });
                    return broke;
                }
                Tok::LBrace => {
                    // Each label is one more level of the tree: count them against the depth limit.
                    let extra = labels.len() as u32;
                    self.depth += extra;
                    let body = self.object();
                    self.depth -= extra;
                    entries.push(nest_labels(key, labels.into_iter().map(|(k, _)| k).collect(), body));
                    return Broke::No;
                }
                Tok::Ident | Tok::String if !(self.lenient && tok.newline_before) => {
                    self.bump();
                    if self.depth + (labels.len() as u32) < MAX_DEPTH {
                        let label = self.key(tok);
                        if labels.is_empty() {
                            first_label = Some(tok);
                        }
                        labels.push((label, tok.newline_before));
                    } else if !too_many_labels {
                        too_many_labels = true;
                        self.error(tok.range, "too many block labels: nesting too deep");
                    }
                }
                // `server :{`: a stray character before the block.
                Tok::Unknown | Tok::Comma | Tok::RBracket | Tok::LBracket | Tok::Number | Tok::Float
                    if self.lenient && !tok.newline_before && {
                        let next = self.peek_second();
                        matches!(next.kind, Tok::LBrace | Tok::Equals) && !next.newline_before
                    } =>
                {
                    self.bump();
                    let what = self.describe(tok);
                    self.error(tok.range, format!("expected `=` or `{{`, found {what}"));
                }
                _ if self.lenient && self.missing_equals(first_label, labels.len(), tok) => {
                    let key_text = truncate(&key.text, 40).to_string();
                    self.error(TextRange::empty(key.range.end), format!("expected `=` after `{key_text}`"));
                    let value = match first_label {
                        // `Kind "mesh"`: the label is the value.
                        Some(label) => {
                            let text = labels.pop().map(|(k, _)| k.text).unwrap_or_default();
                            let text = text;
                            Value { kind: ValueKind::String(StringValue { text, heredoc: false }), range: label.range }
                        }
                        // `port 80`
                        None => self.value(key.range.end).0,
                    };
                    entries.push(Entry { key, value, style: EntryStyle::Attribute });
                    return Broke::No;
                }
                _ => {
                    let what = self.describe(tok);
                    // Keys on lines of their own are each missing their `=`; report the first.
                    let first_line_end = labels.iter().find(|(_, newline)| *newline).map(|_| key.range.end);
                    let last_end = labels.last().map_or(key.range.end, |(k, _)| k.range.end);
                    let at = match first_line_end {
                        Some(end) => TextRange::empty(end),
                        None if tok.newline_before => TextRange::empty(last_end),
                        None => tok.range,
                    };
                    let key_text = truncate(&key.text, 40).to_string();
                    self.error(at, format!("expected `=` or `{{` after `{key_text}`, found {what}"));
                    if !tok.newline_before && !matches!(tok.kind, Tok::RBrace | Tok::Eof) {
                        self.recover();
                    }
                    // Leniently, a string alone (`"backend"` after a broken value) is not a key.
                    if !(self.lenient && first.kind == Tok::String && labels.is_empty()) {
                        entries.push(invalid_entry(key));
                    }
                    for (label, newline) in labels {
                        if newline {
                            entries.push(invalid_entry(label));
                        }
                    }
                    return Broke::No;
                }
            }
        }
    }

    /// A key split by one stray character (`servi}ce`, `retry_j$oin_wan`, `config/entries`) is read as one key
    /// without it, the way the author most likely wrote it.
    fn glue_key_fragments(&mut self, key: &mut Key) {
        loop {
            let tok = self.peek();
            if tok.newline_before {
                return;
            }
            let (junk, rest) = match tok.kind {
                // The stray character was skipped as trivia (a lone `/`), or re-read below (a `"`).
                Tok::Ident if tok.range.start == key.range.end + 1 => {
                    let gap = self.lexer.bytes[key.range.end as usize];
                    if gap.is_ascii_whitespace() {
                        return;
                    }
                    (None, tok)
                }
                // `pe"ring {`: the string is unterminated; read what follows the quote again.
                Tok::String
                    if tok.range.start == key.range.end
                        && !(tok.range.len() > 1 && self.text(tok.range).ends_with('"'))
                        && self.lexer.char_at(tok.range.start + 1).is_some_and(is_letter) =>
                {
                    self.peeked = None;
                    self.lexer.pos = tok.range.start + 1;
                    continue;
                }
                Tok::Unknown | Tok::RBrace | Tok::RBracket | Tok::LBracket | Tok::Comma | Tok::LBrace | Tok::Equals
                    if tok.range.start == key.range.end && tok.range.len() == 1 =>
                {
                    let rest = self.peek_second();
                    if rest.kind != Tok::Ident || rest.range.start != tok.range.end {
                        return;
                    }
                    // `ser{ice "gw-east" {`, `K{nd = `: a `{` inside a key only when the line goes on with a
                    // block or an `=`.
                    if tok.kind == Tok::LBrace && !self.line_goes_on(rest.range.end, b"{=") {
                        return;
                    }
                    // `ser=vices {`, but not `mode=local` (an unquoted value).
                    if tok.kind == Tok::Equals && !self.line_goes_on(rest.range.end, b"{") {
                        return;
                    }
                    (Some(tok), rest)
                }
                _ => return,
            };
            let stray = TextRange::new(key.range.end, rest.range.start);
            if let Some(junk) = junk {
                self.bump();
                let what = self.describe(junk);
                self.error(junk.range, format!("stray {what} inside the key `{}`", truncate(&key.text, 40)));
            }
            self.bump();
            key.text.push_str(self.text(rest.range));
            key.range = key.range.cover(rest.range);
            if junk.is_none() {
                self.error(stray, format!("stray character inside the key `{}`", truncate(&key.text, 40)));
            }
        }
    }

    /// Whether the rest of the line from `at` holds one of `bytes` (outside strings, roughly).
    fn line_goes_on(&self, at: u32, bytes: &[u8]) -> bool {
        let rest = &self.lexer.bytes[at as usize..];
        let line = &rest[..memchr_newline(rest)];
        let mut in_string = false;
        line.iter().any(|&b| {
            if b == b'"' {
                in_string = !in_string;
            }
            bytes.contains(&b) && !in_string
        })
    }

    /// Whether a key with `n_labels` labels, followed by `next`, is read leniently as `key = value` missing its `=`:
    /// one string label at the end of its line (`Kind "mesh"`), or no label and a value on the key's line.
    fn missing_equals(&self, first_label: Option<Token>, n_labels: usize, next: Token) -> bool {
        match first_label {
            Some(label) => {
                n_labels == 1
                    && label.kind == Tok::String
                    && (next.newline_before || matches!(next.kind, Tok::RBrace | Tok::Eof | Tok::Comma))
            }
            None => {
                !next.newline_before
                    && matches!(next.kind, Tok::Number | Tok::Float | Tok::Bool | Tok::Heredoc | Tok::LBracket)
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
            // Not closed: up to what comes next (the end of the file, or leniently the next item).
            close.range.start
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

    /// `[ elements ]`; the current token is `[`.
    fn list(&mut self) -> (Value, Broke) {
        let open = self.bump();
        if self.depth >= MAX_DEPTH {
            self.error(open.range, "nesting too deep");
            self.skip_balanced();
            return (Value { kind: ValueKind::Invalid, range: open.range }, Broke::No);
        }
        self.depth += 1;
        let mut items = Vec::new();
        // HCL 1 wants a comma after each element except a nested list; extra commas are fine.
        let mut need_comma = false;
        let mut broke = Broke::No;
        let end;
        loop {
            let tok = self.peek();
            match tok.kind {
                Tok::RBracket => {
                    self.bump();
                    end = tok.range.end;
                    break;
                }
                Tok::Comma => {
                    self.bump();
                    need_comma = false;
                }
                Tok::RBrace => {
                    broke = Broke::AtRBrace(SyntaxError {
                        message: "list not closed: missing `]`".into(),
                        range: open.range,
                    });
                    end = tok.range.start;
                    break;
                }
                Tok::Eof => {
                    self.error(open.range, "list not closed: missing `]`");
                    end = tok.range.start;
                    break;
                }
                // Leniently, a line that starts with an identifier is the next item, not an element.
                Tok::Ident if self.lenient && tok.newline_before => {
                    self.error(open.range, "list not closed: missing `]`");
                    end = tok.range.start;
                    break;
                }
                _ if need_comma => {
                    let what = self.describe(tok);
                    self.error(tok.range, format!("expected `,` or `]` in list, found {what}"));
                    self.skip_list_element();
                    need_comma = false;
                }
                Tok::LBracket => {
                    let (value, inner) = self.list();
                    items.push(value);
                    if let Broke::AtRBrace(_) = inner {
                        broke = inner;
                        end = self.peek().range.start;
                        break;
                    }
                }
                _ => {
                    let value = self.element();
                    let invalid = matches!(value.kind, ValueKind::Invalid);
                    items.push(value);
                    if invalid {
                        // Resynchronise on the next comma or the closing bracket.
                        self.skip_list_element();
                    } else {
                        need_comma = true;
                    }
                }
            }
        }
        self.depth -= 1;
        (Value::list(items, TextRange::new(open.range.start, end)), broke)
    }

    /// A list element other than a nested list.
    fn element(&mut self) -> Value {
        let tok = self.peek();
        match tok.kind {
            Tok::LBrace => self.object(),
            Tok::String | Tok::Heredoc | Tok::Number | Tok::Float | Tok::Bool => self.literal(),
            Tok::Ident => {
                self.bump();
                let raw = truncate(self.text(tok.range), 30).to_string();
                self.error(tok.range, format!("expected a value, found `{raw}`; strings need double quotes"));
                Value { kind: ValueKind::Invalid, range: tok.range }
            }
            _ => {
                self.bump();
                let what = self.describe(tok);
                self.error(tok.range, format!("expected a list element, found {what}"));
                Value { kind: ValueKind::Invalid, range: tok.range }
            }
        }
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
                Tok::Ident if self.lenient && tok.newline_before && depth == 0 => return,
                Tok::LBrace | Tok::LBracket => depth += 1,
                Tok::RBrace | Tok::RBracket => depth -= 1,
                _ => {}
            }
            self.bump();
        }
    }

    /// A string, heredoc, number or boolean; the current token is one.
    fn literal(&mut self) -> Value {
        let tok = self.bump();
        let raw = self.text(tok.range);
        let kind = match tok.kind {
            Tok::String => {
                ValueKind::String(StringValue { text: self.decode_string(tok.range).into(), heredoc: false })
            }
            Tok::Heredoc => {
                let text = unquote_heredoc(raw).unwrap_or_default();
                ValueKind::String(StringValue { text: text.into(), heredoc: true })
            }
            Tok::Bool => ValueKind::Bool(raw == "true"),
            Tok::Number | Tok::Float => match parse_number(raw, tok.kind == Tok::Float) {
                Some(number) => ValueKind::Number(number),
                None => {
                    let shown = truncate(raw.trim_end(), 30).to_string();
                    let message = if tok.kind == Tok::Number && raw.trim_start_matches('-').starts_with('0') {
                        format!("invalid number `{shown}` (a leading 0 means octal: digits 0-7 only)")
                    } else {
                        format!("invalid number `{shown}`")
                    };
                    self.decode_error(tok.range, message);
                    ValueKind::Invalid
                }
            },
            _ => ValueKind::Invalid,
        };
        Value { kind, range: tok.range }
    }

    /// A value after `=` (which ended at `after`).
    fn value(&mut self, after: u32) -> (Value, Broke) {
        let tok = self.peek();
        let missing = |what: String| SyntaxError {
            message: format!("expected a value, found {what}"),
            range: TextRange::empty(after),
        };
        match tok.kind {
            Tok::String | Tok::Heredoc | Tok::Number | Tok::Float | Tok::Bool => (self.literal(), Broke::No),
            Tok::LBrace => (self.object(), Broke::No),
            Tok::LBracket => self.list(),
            Tok::RBrace => {
                let what = self.describe(tok);
                (Value { kind: ValueKind::Invalid, range: TextRange::empty(after) }, Broke::AtRBrace(missing(what)))
            }
            Tok::Eof => {
                let error =
                    SyntaxError { message: "expected a value after `=`".into(), range: TextRange::empty(after) };
                (Value { kind: ValueKind::Invalid, range: TextRange::empty(after) }, Broke::AtEof(error))
            }
            Tok::Ident if tok.newline_before => {
                // `key =` at the end of a line: the next line's key is not this value.
                self.error(TextRange::empty(after), "expected a value after `=`");
                (Value { kind: ValueKind::Invalid, range: TextRange::empty(after) }, Broke::No)
            }
            Tok::Ident => {
                self.bump();
                let raw = truncate(self.text(tok.range), 30).to_string();
                self.error(tok.range, format!("expected a value, found `{raw}`; strings need double quotes"));
                if self.lenient {
                    self.recover();
                }
                (Value { kind: ValueKind::Invalid, range: tok.range }, Broke::No)
            }
            Tok::Unknown | Tok::Equals => {
                self.bump();
                let what = self.describe(tok);
                self.error(tok.range, format!("expected a value, found {what}"));
                let next = self.peek();
                // `=+"mesh"`: leniently, a stray character before a value on the same line.
                let value_follows = matches!(
                    next.kind,
                    Tok::String | Tok::Heredoc | Tok::Number | Tok::Float | Tok::Bool | Tok::LBrace | Tok::LBracket
                );
                if self.lenient && value_follows && !next.newline_before {
                    return self.value(tok.range.end);
                }
                self.recover();
                (Value { kind: ValueKind::Invalid, range: TextRange::empty(after) }, Broke::No)
            }
            Tok::Comma | Tok::RBracket => {
                let what = self.describe(tok);
                self.push_error(missing(what), ErrorKind::Parse);
                (Value { kind: ValueKind::Invalid, range: TextRange::empty(after) }, Broke::No)
            }
        }
    }

    fn decode_string(&mut self, range: TextRange) -> String {
        let raw = self.text(range);
        let inner = raw.strip_prefix('"').unwrap_or(raw);
        let inner = inner.strip_suffix('"').unwrap_or(inner);
        if !inner.contains(['\\', '$', '\r', '\u{fffd}']) {
            return inner.to_string();
        }
        match unescape_hcl_checked(inner, None) {
            Ok(text) => text,
            // An empty message: a malformed escape, which the scanner reported.
            Err((text, message)) => {
                if !message.is_empty() {
                    self.decode_error(range, message);
                }
                text
            }
        }
    }
}

fn invalid_entry(key: Key) -> Entry {
    let value = Value { kind: ValueKind::Invalid, range: TextRange::empty(key.range.end) };
    Entry { key, value, style: EntryStyle::Attribute }
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

/// A number token's value as HCL 1's decoder reads it: integers with Go's `strconv.ParseInt(text, 0, 64)` (sign,
/// `0x` hex, leading-zero octal, 64 bits), the rest with `strconv.ParseFloat` (finite).
fn parse_number(raw: &str, float: bool) -> Option<Number> {
    let (negative, digits) = match raw.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    if float {
        let (mantissa, exponent) = match digits.find(['e', 'E']) {
            Some(i) => (&digits[..i], Some(&digits[i + 1..])),
            None => (digits, None),
        };
        let mantissa_ok = !mantissa.is_empty()
            && mantissa.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && mantissa.bytes().filter(|&b| b == b'.').count() <= 1
            && mantissa.bytes().any(|b| b.is_ascii_digit());
        let exponent_ok = exponent.is_none_or(|e| {
            let e = e.strip_prefix(['+', '-']).unwrap_or(e);
            !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
        });
        if !mantissa_ok || !exponent_ok {
            return None;
        }
        let value: f64 = digits.parse().ok()?;
        if !value.is_finite() {
            return None;
        }
        return Some(Number { value: if negative { -value } else { value }, is_integer: false });
    }
    let (radix, digits) = if let Some(hex) = digits.strip_prefix("0x").or_else(|| digits.strip_prefix("0X")) {
        (16, hex)
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, &digits[1..])
    } else {
        (10, digits)
    };
    let magnitude = u64::from_str_radix(digits, radix).ok()?;
    let value = if negative {
        if magnitude > 1 << 63 {
            return None;
        }
        (magnitude as i64).wrapping_neg()
    } else {
        i64::try_from(magnitude).ok()?
    };
    Some(Number { value: value as f64, is_integer: true })
}

fn truncate(text: &str, max_chars: usize) -> &str {
    match text.char_indices().nth(max_chars) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}
