//! The tree every parser produces: a JSON-like value tree in which every key and value keeps its byte range.
//!
//! HCL's block syntax is desugared the way HCL 1 decodes it: `a "l" { b = 1 }` becomes the entry `a` whose value
//! is an object holding the entry `l` (the label, with its own range) whose value is the block body. Entries keep
//! their order and duplicates (repeated blocks are how HCL 1 writes lists); the model layer flattens them.

use std::fmt;

pub use compact_str::CompactString;

/// A half-open byte range `[start, end)` into the source text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

impl TextRange {
    pub const fn new(start: u32, end: u32) -> Self {
        Self { start, end }
    }
    pub const fn empty(at: u32) -> Self {
        Self { start: at, end: at }
    }
    pub fn len(self) -> u32 {
        self.end - self.start
    }
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange::new(self.start.min(other.start), self.end.max(other.end))
    }
    pub fn contains(self, offset: u32) -> bool {
        self.start <= offset && offset < self.end
    }
    /// Like `contains`, but also true at `end` (a cursor right after the last character).
    pub fn touches(self, offset: u32) -> bool {
        self.start <= offset && offset <= self.end
    }
    pub fn as_usize(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

impl fmt::Debug for TextRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// Which surface syntax a tree came from; fixes and casing rules depend on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SourceKind {
    Hcl,
    Json,
    /// YAML (Kubernetes manifests, Helm values): the root is a list of the stream's documents, see
    /// [`super::yaml`].
    Yaml,
}

/// A key of an object entry: an identifier, a quoted string, or an HCL block label.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    /// The decoded key text (quotes removed, escapes resolved). Inline up to 24 bytes: no allocation.
    pub text: CompactString,
    pub range: TextRange,
}

/// Whether an entry was written as `key = value`, as a block `key { }` / `key "label" { }`, or is a label
/// synthesised from block syntax.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryStyle {
    /// `key = value` in HCL, `"key": value` in JSON.
    Attribute,
    /// `key { ... }` or the outer key of a labelled block.
    Block,
    /// The label of a labelled block (`"label"` in `key "label" { }`).
    Label,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Key,
    pub value: Value,
    pub style: EntryStyle,
}

impl Entry {
    /// From the key's first byte to the value's last byte.
    pub fn range(&self) -> TextRange {
        self.key.range.cover(self.value.range)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub kind: ValueKind,
    /// For strings: including the quotes (or the whole heredoc). For objects and lists: the brackets.
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ValueKind {
    Null,
    Bool(bool),
    Number(Number),
    String(StringValue),
    Object(Vec<Entry>),
    List(Vec<Value>),
    /// Something that could not be parsed; an error was reported for it.
    Invalid,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number {
    pub value: f64,
    /// Written without fraction or exponent (decimal or hex).
    pub is_integer: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StringValue {
    /// Decoded text. HCL `${...}` interpolations are kept literally, as HCL 1 does. Inline up to 24 bytes.
    pub text: CompactString,
    /// Written as a heredoc (HCL `<<EOF`) or a YAML block scalar (`|`, `>`).
    pub heredoc: bool,
}

impl Value {
    /// An object value. The parsers grow `entries` by pushing; the spare capacity is given back here, while the
    /// rest of the file is still being parsed (most objects hold one or two entries, and a vector grown by pushing
    /// holds room for four: on a large file that is most of the tree's memory).
    pub fn object(mut entries: Vec<Entry>, range: TextRange) -> Value {
        entries.shrink_to_fit();
        Value { kind: ValueKind::Object(entries), range }
    }

    /// A list value, spare capacity given back as for [`Value::object`].
    pub fn list(mut items: Vec<Value>, range: TextRange) -> Value {
        items.shrink_to_fit();
        Value { kind: ValueKind::List(items), range }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            ValueKind::String(s) => Some(&s.text),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self.kind {
            ValueKind::Bool(b) => Some(b),
            _ => None,
        }
    }
    pub fn as_number(&self) -> Option<Number> {
        match self.kind {
            ValueKind::Number(n) => Some(n),
            _ => None,
        }
    }
    pub fn as_object(&self) -> Option<&[Entry]> {
        match &self.kind {
            ValueKind::Object(entries) => Some(entries),
            _ => None,
        }
    }
    pub fn as_list(&self) -> Option<&[Value]> {
        match &self.kind {
            ValueKind::List(items) => Some(items),
            _ => None,
        }
    }
    pub fn is_object(&self) -> bool {
        matches!(self.kind, ValueKind::Object(_))
    }
    /// A short name of the value's type for messages.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            ValueKind::Null => "null",
            ValueKind::Bool(_) => "a boolean",
            ValueKind::Number(_) => "a number",
            ValueKind::String(_) => "a string",
            ValueKind::Object(_) => "an object",
            ValueKind::List(_) => "a list",
            ValueKind::Invalid => "an invalid value",
        }
    }
    /// The objects this value stands for, the way HCL 1 decodes into a struct or a slice of structs: an object
    /// is itself; a list yields its object elements.
    pub fn objects(&self) -> impl Iterator<Item = &[Entry]> {
        let (single, many): (Option<&[Entry]>, &[Value]) = match &self.kind {
            ValueKind::Object(entries) => (Some(entries), &[]),
            ValueKind::List(items) => (None, items),
            _ => (None, &[]),
        };
        single.into_iter().chain(many.iter().filter_map(Value::as_object))
    }
}

/// A syntax error with the range it sits on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub range: TextRange,
}

/// A comment, kept so suppression comments (`# consul-ls-ignore: CODE`) can be found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// The comment text without its `#`, `//` or `/* */` markers.
    pub text: String,
    pub range: TextRange,
}

/// The result of parsing one file. Parsing never fails: `root` is always present.
#[derive(Clone, Debug)]
pub struct Parse {
    pub source_kind: SourceKind,
    pub root: Value,
    pub errors: Vec<SyntaxError>,
    pub comments: Vec<Comment>,
}
