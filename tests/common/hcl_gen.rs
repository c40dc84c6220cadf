//! Random HCL 1 files for the formatter tests: a random value tree, printed with random layout (same-line items,
//! commas, blank lines, one-line blocks and lists, odd indentation), optionally with comments.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

#[derive(Clone, Debug)]
pub enum GenValue {
    Literal(&'static str),
    Heredoc(&'static str),
    List(Vec<GenValue>),
    Object(Vec<GenItem>),
}

#[derive(Clone, Debug)]
pub enum GenItem {
    Attribute(&'static str, GenValue),
    Block(&'static str, Vec<&'static str>, Vec<GenItem>),
}

const KEYS: &[&str] = &[
    "a",
    "name",
    "port",
    "destination_name",
    "local_bind_port",
    "x1",
    "Kind",
    "\"quoted key\"",
    "b-c",
    "mode",
    "config",
    "peer",
];
const LABELS: &[&str] = &["web", "\"api\"", "\"\"", "lbl", "\"a long label here\""];
const LITERALS: &[&str] = &[
    "\"web\"",
    "8080",
    "-1",
    "1.5",
    "true",
    "false",
    "\"\"",
    "\"${var.x}\"",
    "\"héllo wörld\"",
    "\"a\\\"b\"",
    "0x10",
    "\"cluster-02\"",
    "1e3",
];
const HEREDOCS: &[&str] = &["<<EOF\nline one\n  line two\nEOF\n", "<<-EOT\n    indented\n    EOT\n", "<<EOF\nEOF\n"];

fn literal() -> impl Strategy<Value = GenValue> {
    prop_oneof![
        12 => prop::sample::select(LITERALS).prop_map(GenValue::Literal),
        1 => prop::sample::select(HEREDOCS).prop_map(GenValue::Heredoc),
    ]
}

fn items(value: impl Strategy<Value = GenValue> + Clone) -> impl Strategy<Value = Vec<GenItem>> {
    let attribute = (prop::sample::select(KEYS), value.clone()).prop_map(|(k, v)| GenItem::Attribute(k, v));
    let block = (
        prop::sample::select(KEYS),
        prop::collection::vec(prop::sample::select(LABELS), 0..3),
        prop::collection::vec(attribute.clone(), 0..5),
    )
        .prop_map(|(k, labels, body)| GenItem::Block(k, labels, body));
    prop::collection::vec(prop_oneof![3 => attribute, 1 => block], 0..7)
}

pub fn body() -> impl Strategy<Value = Vec<GenItem>> {
    let value = literal().prop_recursive(3, 40, 6, |inner| {
        prop_oneof![
            2 => prop::collection::vec(literal(), 0..5).prop_map(GenValue::List),
            1 => prop::collection::vec(inner.clone(), 0..4).prop_map(GenValue::List),
            2 => items(inner).prop_map(GenValue::Object),
        ]
    });
    items(value)
}

/// `n` files generated deterministically (the same on every run), printed with random layout; with `comments`,
/// with comments where the printer keeps them (a group above a top-level item, a comment at the end of an
/// attribute's line).
pub fn files(n: usize, comments: bool) -> Vec<String> {
    let mut runner = TestRunner::deterministic();
    let strategy = (body(), prop::collection::vec(any::<u8>(), 64..256));
    (0..n)
        .map(|_| {
            let (items, choices) = strategy.new_tree(&mut runner).unwrap().current();
            let mut printer = Printer { choices, at: 0, out: String::new(), comments, counter: 0 };
            printer.body(&items, 0, true);
            printer.out
        })
        .collect()
}

/// Inserts comments between tokens at random places (`/* c */` or `# c` and a newline). The result may not parse
/// (a comment inside a heredoc anchor line, a newline between a key and its label): callers skip those.
pub fn with_random_comments(text: &str, seed: usize) -> String {
    let tokens = consul_ls::syntax::hcl::tokens(text);
    let mut out = String::new();
    let mut at = 0;
    for (i, token) in tokens.iter().enumerate() {
        let end = token.range.end as usize;
        out.push_str(&text[at..end]);
        at = end;
        match (i * 7 + seed * 13) % 11 {
            0 => out.push_str(" /* c */"),
            1 => out.push_str(" # t\n"),
            2 => out.push_str("\n# own\n"),
            3 => out.push_str("\n\n// apart\n\n"),
            _ => {}
        }
    }
    out.push_str(&text[at..]);
    out
}

struct Printer {
    choices: Vec<u8>,
    at: usize,
    out: String,
    comments: bool,
    counter: usize,
}

impl Printer {
    fn pick(&mut self, options: &[&'static str]) -> &'static str {
        options[self.choose(options.len())]
    }

    fn choose(&mut self, n: usize) -> usize {
        let byte = self.choices[self.at % self.choices.len()];
        self.at += 1;
        byte as usize % n
    }

    fn at_line_start(&self) -> bool {
        self.out.is_empty() || self.out.ends_with('\n')
    }

    fn indent(&mut self, depth: usize) {
        if self.at_line_start() {
            let unit = ["  ", "  ", "  ", "", "    ", "\t"][self.choose(6)];
            self.out.push_str(&unit.repeat(depth));
        }
    }

    fn body(&mut self, items: &[GenItem], depth: usize, top: bool) {
        for (i, item) in items.iter().enumerate() {
            if self.comments && top && self.at_line_start() {
                self.counter += 1;
                match self.choose(6) {
                    0 => self.out.push_str(&format!("# lead {}\n", self.counter)),
                    1 => self.out.push_str(&format!("// one {}\n// two\n", self.counter)),
                    2 => self.out.push_str(&format!("# standalone {}\n\n", self.counter)),
                    _ => {}
                }
            }
            self.indent(depth);
            self.item(item, depth);
            let last = i + 1 == items.len();
            let separator = if last && !top {
                ["\n", " ", "\n\n"][self.choose(3)]
            } else {
                ["\n", "\n", "\n\n", " ", ", ", ",\n", "\n\n\n"][self.choose(7)]
            };
            let simple = matches!(item, GenItem::Attribute(_, GenValue::Literal(_)));
            if self.comments && simple && separator.starts_with('\n') && self.choose(3) == 0 {
                self.out.push_str(" # eol");
            }
            if !(self.out.ends_with('\n') && separator == " ") {
                self.out.push_str(separator);
            }
        }
    }

    fn item(&mut self, item: &GenItem, depth: usize) {
        match item {
            GenItem::Attribute(key, value) => {
                self.out.push_str(key);
                let text = self.pick(&[" = ", "=", "  =  "]);
                self.out.push_str(text);
                self.value(value, depth);
            }
            GenItem::Block(key, labels, body) => {
                self.out.push_str(key);
                for label in labels {
                    self.out.push(' ');
                    self.out.push_str(label);
                }
                self.out.push(' ');
                self.object(body, depth);
            }
        }
    }

    fn object(&mut self, body: &[GenItem], depth: usize) {
        self.out.push('{');
        if body.is_empty() {
            let text = self.pick(&["", " ", "\n"]);
            self.out.push_str(text);
        } else {
            let text = self.pick(&["\n", " ", "\n"]);
            self.out.push_str(text);
            self.body(body, depth + 1, false);
        }
        self.indent(depth);
        self.out.push('}');
    }

    fn value(&mut self, value: &GenValue, depth: usize) {
        match value {
            GenValue::Literal(text) => self.out.push_str(text),
            GenValue::Heredoc(text) => self.out.push_str(text),
            GenValue::Object(body) => self.object(body, depth),
            GenValue::List(values) => {
                self.out.push('[');
                let multi_line = self.choose(2) == 0;
                if multi_line {
                    self.out.push('\n');
                }
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        let text = self.pick(&[", ", ",\n", ","]);
                        self.out.push_str(text);
                    }
                    self.indent(depth + 1);
                    self.value(v, depth + 1);
                }
                if !values.is_empty() && self.choose(2) == 0 {
                    self.out.push(',');
                }
                if multi_line && !self.out.ends_with('\n') {
                    self.out.push('\n');
                }
                self.indent(depth);
                self.out.push(']');
            }
        }
    }
}
