//! Random HCL bodies: an AST, its printed text and the value it means (moved from the hcl-edit differential test).
//! Bodies stay in the subset HCL 1 and HCL 2 share, so they read the same to any HCL parser.

use std::fmt::Write as _;

use consul_ls::syntax::{self, EntryStyle, ValueKind};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------------------------
// The comparable form: a tree with the entries' styles (so `a { }` and `a = { }` are not confused)

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Attr,
    Block,
    Label,
}

#[derive(Clone, Debug, PartialEq)]
pub enum V {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    List(Vec<V>),
    Obj(Vec<(String, Style, V)>),
    /// Something the other side cannot express (an error in ours, an HCL 2 expression in hcl-edit's).
    Other(String),
}

pub fn ours(value: &syntax::Value) -> V {
    match &value.kind {
        ValueKind::Null => V::Null,
        ValueKind::Bool(b) => V::Bool(*b),
        ValueKind::Number(n) => V::Num(n.value),
        ValueKind::String(s) => V::Str(s.text.to_string()),
        ValueKind::List(items) => V::List(items.iter().map(ours).collect()),
        ValueKind::Object(entries) => V::Obj(
            entries
                .iter()
                .map(|e| {
                    let style = match e.style {
                        EntryStyle::Attribute => Style::Attr,
                        EntryStyle::Block => Style::Block,
                        EntryStyle::Label => Style::Label,
                    };
                    (e.key.text.to_string(), style, ours(&e.value))
                })
                .collect(),
        ),
        ValueKind::Invalid => V::Other("invalid".into()),
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Generated bodies: an AST, its printed text and the value it means

/// A piece of a quoted string: how it is written, and what it decodes to.
#[derive(Clone, Debug)]
pub struct Piece {
    raw: String,
    decoded: String,
}

#[derive(Clone, Debug)]
pub enum Expr {
    Str(Vec<Piece>),
    Int(i64),
    /// Written form and value.
    Float(String, f64),
    Bool(bool),
    List {
        items: Vec<Expr>,
        multiline: bool,
        trailing_comma: bool,
    },
    Obj {
        items: Vec<(Key, Expr)>,
        multiline: bool,
    },
}

#[derive(Clone, Debug)]
pub enum Key {
    Ident(String),
    Quoted(Vec<Piece>),
}

#[derive(Clone, Debug)]
pub enum Label {
    Ident(String),
    Quoted(Vec<Piece>),
}

#[derive(Clone, Debug)]
pub enum CommentKind {
    Hash,
    Slashes,
    Block,
}

#[derive(Clone, Debug)]
pub enum Item {
    Attr {
        key: String,
        value: Expr,
        comment: Option<(CommentKind, String)>,
    },
    /// A heredoc attribute: `key = <<EOF` / `<<-EOF`, its lines, and the indentation of body and closing anchor.
    Heredoc {
        key: String,
        lines: Vec<String>,
        indent: usize,
    },
    Block {
        name: String,
        labels: Vec<Label>,
        body: Vec<Item>,
    },
    Comment(CommentKind, String),
}

const KEYWORDS: &[&str] = &["true", "false", "null", "for", "in", "if", "else", "endif", "endfor"];

fn ident() -> impl Strategy<Value = String> {
    "[a-zA-Z_][a-zA-Z0-9_-]{0,10}".prop_filter("keyword", |s| !KEYWORDS.contains(&s.as_str()))
}

fn piece() -> impl Strategy<Value = Piece> {
    let plain = |s: String| Piece { raw: s.clone(), decoded: s };
    prop_oneof![
        6 => "[ !#-\\[\\]-~]{1,6}".prop_map(plain),
        2 => "[éßøñ日本語😀🎉\u{0301}\u{00a0}\u{2028}\u{feff}Ωж]{1,3}".prop_map(plain),
        1 => "[{}$%]{1,3}".prop_map(plain),
        2 => prop::sample::select(vec![("\\n", "\n"), ("\\t", "\t"), ("\\r", "\r"), ("\\\"", "\""), ("\\\\", "\\")])
            .prop_map(|(raw, decoded)| Piece { raw: raw.into(), decoded: decoded.into() }),
        1 => any::<char>().prop_map(|c| {
            let raw = if (c as u32) <= 0xFFFF { format!("\\u{:04X}", c as u32) } else { format!("\\U{:08x}", c as u32) };
            Piece { raw, decoded: c.to_string() }
        }),
    ]
}

/// String pieces, with a space put between `$`/`%` and a following `{` (which would start an HCL 2 template).
fn pieces() -> impl Strategy<Value = Vec<Piece>> {
    prop::collection::vec(piece(), 0..5).prop_map(|pieces| {
        let mut out: Vec<Piece> = Vec::new();
        for mut piece in pieces {
            if piece.raw == piece.decoded {
                piece.raw = piece.raw.replace("${", "$ {").replace("%{", "% {");
                piece.decoded = piece.raw.clone();
            }
            let after_marker = out.last().is_some_and(|p| p.raw.ends_with(['$', '%']));
            if after_marker && piece.raw.starts_with('{') {
                out.push(Piece { raw: " ".into(), decoded: " ".into() });
            }
            out.push(piece);
        }
        out
    })
}

fn float() -> impl Strategy<Value = (String, f64)> {
    (0u64..100_000, "[0-9]{1,6}", prop::option::of((prop::bool::ANY, 0u32..30)), prop::bool::ANY).prop_map(
        |(int, frac, exponent, negative)| {
            let mut text = format!("{}{int}.{frac}", if negative { "-" } else { "" });
            if let Some((minus, e)) = exponent {
                write!(text, "e{}{e}", if minus { "-" } else { "" }).unwrap();
            }
            let value = text.parse().unwrap();
            (text, value)
        },
    )
}

fn scalar() -> impl Strategy<Value = Expr> {
    prop_oneof![
        3 => pieces().prop_map(Expr::Str),
        1 => any::<i64>().prop_map(Expr::Int),
        1 => (0i64..100_000).prop_map(Expr::Int),
        1 => float().prop_map(|(text, value)| Expr::Float(text, value)),
        1 => any::<bool>().prop_map(Expr::Bool),
    ]
}

fn key() -> impl Strategy<Value = Key> {
    prop_oneof![3 => ident().prop_map(Key::Ident), 1 => pieces().prop_map(Key::Quoted)]
}

fn expr() -> impl Strategy<Value = Expr> {
    scalar().prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            (prop::collection::vec(inner.clone(), 0..5), any::<bool>(), any::<bool>()).prop_map(
                |(items, multiline, trailing_comma)| Expr::List {
                    trailing_comma: trailing_comma && !items.is_empty(),
                    items,
                    multiline
                }
            ),
            (prop::collection::vec((key(), inner), 0..5), any::<bool>()).prop_map(|(items, multiline)| {
                // Keys of an object expression are unique in HCL 2 (hcl-edit keeps the last one).
                let mut seen = std::collections::HashSet::new();
                let items = items.into_iter().filter(|(k, _)| seen.insert(key_text(k))).collect();
                Expr::Obj { items, multiline }
            }),
        ]
    })
}

fn comment() -> impl Strategy<Value = (CommentKind, String)> {
    (prop::sample::select(vec![CommentKind::Hash, CommentKind::Slashes, CommentKind::Block]), "[ -~éü日😀]{0,20}")
        .prop_map(|(kind, text)| {
            let text = if matches!(kind, CommentKind::Block) { text.replace("*/", "* /") } else { text };
            (kind, text)
        })
}

fn heredoc_line() -> impl Strategy<Value = String> {
    // No `${`/`%{` (HCL 2 templates) and never a line equal to the anchor.
    "[ -#&-~éü日😀]{0,20}".prop_map(|line| if line.trim() == "EOT" { format!("x{line}") } else { line })
}

fn item() -> impl Strategy<Value = Item> {
    let leaf = prop_oneof![
        6 => (ident(), expr(), prop::option::weighted(0.2, comment()))
            .prop_map(|(key, value, comment)| Item::Attr { key, value, comment }),
        // At least one line: hcl-edit 0.9 wrongly rejects an empty heredoc at the end of a nested block
        // followed by another heredoc (`X {\n  B {\n    a = <<EOT\nEOT\n  }\n  c = <<EOT\nEOT\n}`).
        1 => (ident(), prop::collection::vec(heredoc_line(), 1..4), 0usize..4)
            .prop_map(|(key, lines, indent)| Item::Heredoc { key, lines, indent }),
        1 => comment().prop_map(|(kind, text)| Item::Comment(kind, text)),
    ];
    leaf.prop_recursive(3, 32, 5, |inner| {
        (
            ident(),
            prop::collection::vec(prop_oneof![ident().prop_map(Label::Ident), pieces().prop_map(Label::Quoted)], 0..3),
            prop::collection::vec(inner, 0..5),
        )
            .prop_map(|(name, labels, body)| Item::Block { name, labels, body: unique_attributes(body) })
    })
}

/// HCL 2 rejects an attribute defined twice in one body (blocks may repeat).
fn unique_attributes(items: Vec<Item>) -> Vec<Item> {
    let mut seen = std::collections::HashSet::new();
    items
        .into_iter()
        .filter(|item| match item {
            Item::Attr { key, .. } | Item::Heredoc { key, .. } => seen.insert(key.clone()),
            _ => true,
        })
        .collect()
}

pub fn body() -> impl Strategy<Value = (Vec<Item>, bool)> {
    (prop::collection::vec(item(), 0..8).prop_map(unique_attributes), prop::bool::weighted(0.2))
}

fn quoted(pieces: &[Piece]) -> String {
    let mut out = String::from("\"");
    for piece in pieces {
        out.push_str(&piece.raw);
    }
    out.push('"');
    out
}

fn decoded(pieces: &[Piece]) -> String {
    pieces.iter().map(|p| p.decoded.as_str()).collect()
}

fn key_text(key: &Key) -> String {
    match key {
        Key::Ident(name) => name.clone(),
        Key::Quoted(pieces) => decoded(pieces),
    }
}

struct Printer {
    out: String,
    newline: &'static str,
}

impl Printer {
    fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.out.push_str("  ");
        }
    }

    fn line_end(&mut self) {
        self.out.push_str(self.newline);
    }

    fn comment(&mut self, kind: &CommentKind, text: &str) {
        match kind {
            CommentKind::Hash => write!(self.out, "#{text}").unwrap(),
            CommentKind::Slashes => write!(self.out, "//{text}").unwrap(),
            CommentKind::Block => write!(self.out, "/*{text}*/").unwrap(),
        }
    }

    fn body(&mut self, items: &[Item], depth: usize) {
        for item in items {
            self.indent(depth);
            match item {
                Item::Attr { key, value, comment } => {
                    write!(self.out, "{key} = ").unwrap();
                    self.expr(value, depth);
                    if let Some((kind, text)) = comment {
                        self.out.push(' ');
                        self.comment(kind, text);
                    }
                }
                Item::Heredoc { key, lines, indent } => {
                    let dash = if *indent > 0 { "-" } else { "" };
                    // Heredoc lines end in `\n` even in a CRLF file (a `\r` would be part of the text).
                    writeln!(self.out, "{key} = <<{dash}EOT").unwrap();
                    for line in lines {
                        self.out.push_str(&" ".repeat(*indent));
                        self.out.push_str(line.trim_start());
                        self.out.push('\n');
                    }
                    self.out.push_str(&" ".repeat(*indent));
                    self.out.push_str("EOT");
                }
                Item::Block { name, labels, body } => {
                    self.out.push_str(name);
                    for label in labels {
                        self.out.push(' ');
                        match label {
                            Label::Ident(name) => self.out.push_str(name),
                            Label::Quoted(pieces) => self.out.push_str(&quoted(pieces)),
                        }
                    }
                    if body.is_empty() {
                        self.out.push_str(" {}");
                    } else {
                        self.out.push_str(" {");
                        self.line_end();
                        self.body(body, depth + 1);
                        self.indent(depth);
                        self.out.push('}');
                    }
                }
                Item::Comment(kind, text) => self.comment(kind, text),
            }
            self.line_end();
        }
    }

    fn expr(&mut self, expr: &Expr, depth: usize) {
        match expr {
            Expr::Str(pieces) => self.out.push_str(&quoted(pieces)),
            Expr::Int(n) => write!(self.out, "{n}").unwrap(),
            Expr::Float(text, _) => self.out.push_str(text),
            Expr::Bool(b) => write!(self.out, "{b}").unwrap(),
            Expr::List { items, multiline, trailing_comma } => {
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if *multiline {
                        self.line_end();
                        self.indent(depth + 1);
                    } else if i > 0 {
                        self.out.push(' ');
                    }
                    self.expr(item, depth + 1);
                    if i + 1 < items.len() || *trailing_comma {
                        self.out.push(',');
                    }
                }
                if *multiline && !items.is_empty() {
                    self.line_end();
                    self.indent(depth);
                }
                self.out.push(']');
            }
            Expr::Obj { items, multiline } => {
                self.out.push('{');
                for (i, (key, value)) in items.iter().enumerate() {
                    if *multiline {
                        self.line_end();
                        self.indent(depth + 1);
                    } else {
                        self.out.push_str(if i > 0 { ", " } else { " " });
                    }
                    match key {
                        Key::Ident(name) => self.out.push_str(name),
                        Key::Quoted(pieces) => self.out.push_str(&quoted(pieces)),
                    }
                    self.out.push_str(" = ");
                    self.expr(value, depth + 1);
                }
                if *multiline && !items.is_empty() {
                    self.line_end();
                    self.indent(depth);
                } else if !items.is_empty() {
                    self.out.push(' ');
                }
                self.out.push('}');
            }
        }
    }
}

pub fn print(items: &[Item], crlf: bool) -> String {
    let mut printer = Printer { out: String::new(), newline: if crlf { "\r\n" } else { "\n" } };
    printer.body(items, 0);
    printer.out
}

/// The value the generator meant, in the comparable form.
pub fn meaning(items: &[Item]) -> V {
    let mut entries = Vec::new();
    for item in items {
        match item {
            Item::Attr { key, value, .. } => entries.push((key.clone(), Style::Attr, expr_meaning(value))),
            Item::Heredoc { key, lines, .. } => {
                let text: String = lines.iter().map(|line| format!("{}\n", line.trim_start())).collect();
                entries.push((key.clone(), Style::Attr, V::Str(text)));
            }
            Item::Block { name, labels, body } => {
                let mut value = meaning(body);
                for label in labels.iter().rev() {
                    let text = match label {
                        Label::Ident(name) => name.clone(),
                        Label::Quoted(pieces) => decoded(pieces),
                    };
                    value = V::Obj(vec![(text, Style::Label, value)]);
                }
                entries.push((name.clone(), Style::Block, value));
            }
            Item::Comment(..) => {}
        }
    }
    V::Obj(entries)
}

fn expr_meaning(expr: &Expr) -> V {
    match expr {
        Expr::Str(pieces) => V::Str(decoded(pieces)),
        Expr::Int(n) => V::Num(*n as f64),
        Expr::Float(_, value) => V::Num(*value),
        Expr::Bool(b) => V::Bool(*b),
        Expr::List { items, .. } => V::List(items.iter().map(expr_meaning).collect()),
        Expr::Obj { items, .. } => {
            V::Obj(items.iter().map(|(k, v)| (key_text(k), Style::Attr, expr_meaning(v))).collect())
        }
    }
}

/// 256 cases (a few seconds); `PROPTEST_CASES=100000 cargo test --test hcl1_oracle` for a longer run.
pub fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256);
    ProptestConfig { cases, ..ProptestConfig::default() }
}
