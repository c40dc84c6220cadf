//! A thin reading view over tree objects that matches keys the way Consul decodes the file.

use crate::schema::{KeyStyle, key_is};
use crate::syntax::{CompactString, Entry, TextRange, Value, ValueKind};

#[derive(Clone, Copy)]
pub struct Obj<'a> {
    pub entries: &'a [Entry],
    pub style: KeyStyle,
    /// The object's range (braces included; the whole file for the root).
    pub range: TextRange,
}

impl<'a> Obj<'a> {
    pub fn new(value: &'a Value, style: KeyStyle) -> Option<Obj<'a>> {
        value.as_object().map(|entries| Obj { entries, style, range: value.range })
    }

    /// Every entry whose key names `snake` (or one of `aliases`, compared case-insensitively).
    pub fn entries_named(self, snake: &'a str, aliases: &'a [&'a str]) -> impl Iterator<Item = &'a Entry> + 'a {
        let style = self.style;
        self.entries.iter().filter(move |e| {
            key_is(&e.key.text, snake, style) || aliases.iter().any(|a| e.key.text.eq_ignore_ascii_case(a))
        })
    }

    /// The first entry named `snake`.
    pub fn entry(self, snake: &'a str) -> Option<&'a Entry> {
        self.entries_named(snake, &[]).next()
    }

    pub fn value(self, snake: &'a str) -> Option<&'a Value> {
        self.entry(snake).map(|e| &e.value)
    }

    /// A string field with its value range and the whole `key = value` range.
    pub fn string(self, snake: &'a str) -> Option<Str> {
        self.string_aliased(snake, &[])
    }

    pub fn string_aliased(self, snake: &'a str, aliases: &'a [&'a str]) -> Option<Str> {
        let entry = self.entries_named(snake, aliases).next()?;
        let text = entry.value.as_str()?;
        Some(Str { text: text.into(), range: entry.value.range, key_range: entry.key.range })
    }

    /// A boolean, also accepting the strings Consul's weak decoding accepts.
    pub fn bool(self, snake: &'a str) -> Option<(bool, &'a Entry)> {
        let entry = self.entry(snake)?;
        let b = match &entry.value.kind {
            ValueKind::Bool(b) => *b,
            ValueKind::String(s) if self.style == KeyStyle::Pascal => match s.text.as_str() {
                "true" | "1" | "True" | "TRUE" => true,
                "false" | "0" | "False" | "FALSE" | "" => false,
                _ => return None,
            },
            _ => return None,
        };
        Some((b, entry))
    }

    /// The objects under `snake`: a block, a list of objects, or repeated blocks — all flattened, in order.
    pub fn objects(self, snake: &'a str) -> impl Iterator<Item = Obj<'a>> + 'a {
        self.objects_aliased(snake, &[])
    }

    pub fn objects_aliased(self, snake: &'a str, aliases: &'a [&'a str]) -> impl Iterator<Item = Obj<'a>> + 'a {
        let style = self.style;
        self.entries_named(snake, aliases).flat_map(move |e| {
            object_values(&e.value).map(move |v| Obj { entries: v.as_object().unwrap_or(&[]), style, range: v.range })
        })
    }

    /// The first object under `snake`.
    pub fn object(self, snake: &'a str) -> Option<Obj<'a>> {
        self.objects(snake).next()
    }

    pub fn with_style(self, style: KeyStyle) -> Obj<'a> {
        Obj { style, ..self }
    }
}

/// The object values a value stands for: itself if an object, its object elements if a list.
pub fn object_values(value: &Value) -> impl Iterator<Item = &Value> {
    let (single, many): (Option<&Value>, &[Value]) = match &value.kind {
        ValueKind::Object(_) => (Some(value), &[]),
        ValueKind::List(items) => (None, items),
        _ => (None, &[]),
    };
    single.into_iter().chain(many.iter().filter(|v| v.is_object()))
}

/// A string value with where it sits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Str {
    /// Inline up to 24 bytes: names rarely need an allocation.
    pub text: CompactString,
    /// The value (quotes included).
    pub range: TextRange,
    pub key_range: TextRange,
}

impl Str {
    /// `key = "value"` as a whole.
    pub fn entry_range(&self) -> TextRange {
        self.key_range.cover(self.range)
    }
}
