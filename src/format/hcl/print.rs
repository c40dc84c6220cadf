//! Lays out the formatter's tree the way hashicorp/hcl v1's printer (`hcl/printer`, what `hclfmt` does) does, and
//! keeps comments where they were written where that printer moves them (see the module docs of
//! [`crate::format`] for the list of differences and `fixtures/fmt/` for one example of each).
//!
//! The printer's layout, reproduced here:
//! - top level: every item, and every comment group, separated by a blank line — except empty one-line blocks
//!   (`a {}`) on adjacent lines; items are never aligned there;
//! - inside `{ }`: runs of one-line items on adjacent lines are aligned (keys padded to the longest first key, `= `,
//!   end-of-line comments padded to the longest value); every other item, and every run, is separated by a blank
//!   line; an object is never printed on one line;
//! - lists stay on one line when every element is a literal written on the line of `[` (at most one heredoc);
//!   otherwise one element per line, each followed by a comma, end-of-line comments aligned;
//! - two-space indentation; lines after the first of a heredoc, a multi-line string or a multi-line block comment
//!   are kept exactly as written.

use super::tree::{BodyElement, Comment, Item, List, ListElement, Literal, Node, Object};

/// One output line. `verbatim` lines (heredoc bodies, continuation lines of block comments) are never indented.
#[derive(Clone, Debug, Default)]
struct Line {
    text: String,
    verbatim: bool,
}

/// Printed text as lines (without their `\n`).
#[derive(Clone, Debug, Default)]
struct Doc {
    lines: Vec<Line>,
}

impl Doc {
    fn text(text: &str) -> Doc {
        let mut doc = Doc::default();
        doc.push_str(text);
        doc
    }

    /// Text that may span lines: lines after the first are kept as written.
    fn multi_line(text: &str) -> Doc {
        let mut lines = text.split('\n');
        let mut doc = Doc::text(lines.next().unwrap_or(""));
        doc.lines.extend(lines.map(|l| Line { text: l.to_string(), verbatim: true }));
        doc
    }

    /// Appends to the last line (starting one when there is none).
    fn push_str(&mut self, text: &str) {
        match self.lines.last_mut() {
            Some(line) => line.text.push_str(text),
            None => self.lines.push(Line { text: text.to_string(), verbatim: false }),
        }
    }

    fn push_spaces(&mut self, n: usize) {
        for _ in 0..n {
            self.push_str(" ");
        }
    }

    /// Starts a new, empty line.
    fn newline(&mut self) {
        self.lines.push(Line::default());
    }

    /// Continues the last line with `other`'s first line; its other lines follow.
    fn append(&mut self, other: Doc) {
        let mut lines = other.lines.into_iter();
        if let Some(first) = lines.next() {
            self.push_str(&first.text);
        }
        self.lines.extend(lines);
    }

    /// `other`'s lines after this doc's lines.
    fn extend(&mut self, other: Doc) {
        self.lines.extend(other.lines);
    }

    fn indented(mut self) -> Doc {
        for line in &mut self.lines {
            if !line.verbatim && !line.text.is_empty() {
                line.text.insert_str(0, "  ");
            }
        }
        self
    }

    /// The length Go's printer measures for alignment: bytes, `\n` between lines, and its 3-byte "do not indent"
    /// marker at the start of every non-empty verbatim line.
    fn go_len(&self) -> usize {
        let text: usize = self.lines.iter().map(|l| l.text.len()).sum();
        let markers = self.lines.iter().filter(|l| l.verbatim && !l.text.is_empty()).count();
        text + self.lines.len().saturating_sub(1) + 3 * markers
    }

    fn render(&self, out: &mut String) {
        for (i, line) in self.lines.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&line.text);
        }
    }
}

/// The printed file and, for each top-level element (item or comment group), its first and last output line.
pub struct Printed {
    pub text: String,
    pub element_lines: Vec<(usize, usize)>,
}

/// Prints the top-level body. The result ends with one `\n`.
pub fn file(body: &Object) -> Printed {
    let mut doc = Doc::default();
    let mut element_lines = Vec::with_capacity(body.elements.len());
    let mut previous: Option<&BodyElement> = None;
    for element in &body.elements {
        if let Some(previous) = previous {
            let hug = match (previous, element) {
                (BodyElement::Item(a), BodyElement::Item(b)) => {
                    b.key_line == a.key_line + 1 && is_empty_one_line_block(a) && is_empty_one_line_block(b)
                }
                _ => false,
            };
            if !hug {
                doc.newline();
            }
        }
        let first = doc.lines.len();
        doc.extend(match element {
            BodyElement::Item(item) => print_item(item, value(&item.value)),
            BodyElement::Comments(group) => comment_lines(&group.comments),
        });
        element_lines.push((first, doc.lines.len() - 1));
        previous = Some(element);
    }
    let mut text = String::new();
    doc.render(&mut text);
    text.push('\n');
    Printed { text, element_lines }
}

/// `a {}` with nothing before it: adjacent ones at the top level are not separated by a blank line.
fn is_empty_one_line_block(item: &Item) -> bool {
    item.lead.is_empty() && !item.assign && matches!(&item.value, Node::Object(o) if o.items().next().is_none())
}

fn comment_doc(comment: &Comment) -> Doc {
    Doc::multi_line(&comment.text)
}

/// Comments on lines of their own.
fn comment_lines<'a>(comments: impl IntoIterator<Item = &'a Comment>) -> Doc {
    let mut doc = Doc::default();
    for comment in comments {
        doc.extend(comment_doc(comment));
    }
    doc
}

/// End-of-line comments, after a space — or on the next line after a heredoc, whose closing anchor must end its line.
fn push_trailing(doc: &mut Doc, comments: &[Comment]) {
    if !comments.is_empty() && doc.lines.last().is_some_and(|line| line.verbatim) {
        doc.newline();
    }
    for comment in comments {
        if doc.lines.last().is_some_and(|line| !line.text.is_empty()) {
            doc.push_str(" ");
        }
        doc.append(comment_doc(comment));
    }
}

/// An item on its own: lead comments, keys, `= ` for an assignment, the (printed) value, end-of-line comments.
fn print_item(item: &Item, value: Doc) -> Doc {
    let mut doc = comment_lines(&item.lead);
    doc.newline();
    for key in &item.keys {
        doc.push_str(key);
        doc.push_str(" ");
    }
    if item.assign && item.keys.len() == 1 {
        // A dangling `key =` at the end of the file has no value to print.
        let dangling = matches!(&item.value, Node::Literal(l) if l.text.is_empty());
        doc.push_str(if dangling { "=" } else { "= " });
    }
    doc.append(value);
    push_trailing(&mut doc, &item.trailing);
    doc
}

/// An item of an object with its value printed once (deciding on runs needs the printed values' sizes; printing
/// them again for that would cost exponential time in the nesting depth).
struct Printable<'a> {
    item: &'a Item,
    value: Doc,
    /// Lines of the printed item without its lead comments.
    lines: usize,
}

impl<'a> Printable<'a> {
    fn new(item: &'a Item) -> Printable<'a> {
        let value = value(&item.value);
        let mut lines = value.lines.len();
        if !item.trailing.is_empty() {
            // After a heredoc, end-of-line comments go on the next line.
            lines += usize::from(value.lines.last().is_some_and(|l| l.verbatim));
            lines += item.trailing.iter().map(|c| c.end_line - c.start_line).sum::<u32>() as usize;
        }
        Printable { item, value, lines }
    }
}

fn value(node: &Node) -> Doc {
    match node {
        Node::Literal(literal) => literal_doc(literal),
        Node::Object(object) => print_object(object),
        Node::List(list) => print_list(list),
    }
}

fn literal_doc(literal: &Literal) -> Doc {
    Doc::multi_line(&literal.text)
}

fn print_object(object: &Object) -> Doc {
    let mut doc = Doc::text("{");
    push_trailing(&mut doc, &object.open_trailing);
    if object.elements.is_empty() {
        if !object.open_trailing.is_empty() {
            doc.newline();
        }
        doc.push_str("}");
        return doc;
    }
    doc.extend(object_body(object).indented());
    doc.newline();
    doc.push_str("}");
    doc
}

/// How the items of an object are printed: runs of aligned items, or single items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Run {
    Aligned(usize),
    Single(usize),
}

/// Whether an item can join an aligned run. The printer asks for at most two printed lines, lead comment
/// included; here comment lines above an item do not count (a comment does not break a run), so an item with a
/// one-line value always can, and one with a two-line value (an empty heredoc) only without comments.
fn is_alignable(p: &Printable) -> bool {
    let lead_lines: usize = p.item.lead.iter().map(|c| (c.end_line - c.start_line) as usize + 1).sum();
    p.lines == 1 || p.lines + lead_lines <= 2
}

/// The printer's grouping of an object's items into aligned runs. An item is adjacent to the one before when
/// its first line — its lead comment's, if it has one — directly follows the previous item's key line (the
/// printer compares key lines only, so a comment above an item broke the run and inserted a blank line). An item
/// printed on several lines (`x = { # comment` / `}`) is adjacent to none: an item written on its last line is
/// printed on a line of its own, and a second run of the formatter would no longer see the two adjacent.
fn runs(printables: &[Printable]) -> Vec<Run> {
    let n = printables.len();
    let items: Vec<&Item> = printables.iter().map(|p| p.item).collect();
    let one_line = |index: usize| printables[index].lines == 1;
    let mut runs = Vec::with_capacity(n);
    let mut index = 0;
    while index < n {
        let start = index;
        while index < n && n > 1 && is_alignable(&printables[index]) {
            let item = items[index];
            // Line 0 stands for "no such item", as in the printer (which then compares with line 0).
            let next = if index + 1 < n && one_line(index) { items[index + 1].top_line } else { 0 };
            let previous = match index {
                0 => 0,
                _ if one_line(index - 1) => items[index - 1].key_line,
                _ => u32::MAX,
            };
            if item.key_line + 1 == next {
                index += 1;
                continue;
            }
            if item.top_line.saturating_sub(1) == previous {
                index += 1;
                if item.key_line + 1 != next {
                    break;
                }
                continue;
            }
            break;
        }
        // A labelled block alone in its "run" (the item after it is adjacent but cannot be aligned) is printed
        // on its own. The printer pads its labels to the key's width (`b "long label"{}`, `bootstrap "x"        {}`)
        // and, once the blank line it adds after the run separates the two, no longer does: not idempotent.
        if index == start + 1 && printables[start].item.keys.len() > 1 {
            runs.push(Run::Single(start));
        } else if index > start {
            runs.extend(std::iter::repeat_n(Run::Aligned(start), index - start));
        } else {
            runs.push(Run::Single(index));
            index += 1;
        }
    }
    runs
}

/// The lines between `{` and `}`, not yet indented.
fn object_body(object: &Object) -> Doc {
    let printables: Vec<Printable> = object.items().map(Printable::new).collect();
    let runs = runs(&printables);
    let mut printables = printables.into_iter().zip(runs);
    let mut doc = Doc::default();
    // What was printed last: nothing yet, a comment group, or items of a run.
    #[derive(Clone, Copy, PartialEq)]
    enum Last {
        Nothing,
        Comments,
        Items(Run),
    }
    let mut last = Last::Nothing;
    // The aligned run being collected.
    let mut pending: Vec<Printable> = Vec::new();
    let flush = |doc: &mut Doc, pending: &mut Vec<Printable>| {
        if !pending.is_empty() {
            doc.extend(aligned(std::mem::take(pending)));
        }
    };
    for element in &object.elements {
        match element {
            BodyElement::Comments(group) => {
                flush(&mut doc, &mut pending);
                let blank = match last {
                    Last::Nothing => false,
                    Last::Comments => true,
                    Last::Items(_) => group.blank_before,
                };
                if blank {
                    doc.newline();
                }
                doc.extend(comment_lines(&group.comments));
                last = Last::Comments;
            }
            BodyElement::Item(_) => {
                let Some((printable, run)) = printables.next() else { break };
                let same_run = matches!(run, Run::Aligned(_)) && last == Last::Items(run) && !pending.is_empty();
                if !same_run {
                    flush(&mut doc, &mut pending);
                    if last != Last::Nothing {
                        doc.newline();
                    }
                }
                match run {
                    Run::Aligned(_) => pending.push(printable),
                    Run::Single(_) => doc.extend(print_item(printable.item, printable.value)),
                }
                last = Last::Items(run);
            }
        }
    }
    flush(&mut doc, &mut pending);
    doc
}

/// A run of one-line items: keys padded to the longest first key, `= `, end-of-line comments padded to the
/// longest value. As in the printer, a one-key block in a run is printed as an assignment (`meta = {}`; HCL 1
/// reads both the same), and labels are padded like keys.
fn aligned(items: Vec<Printable>) -> Doc {
    let longest_key = items.iter().map(|p| p.item.keys[0].len()).max().unwrap_or(0);
    let longest_value = items.iter().map(|p| p.value.go_len()).max().unwrap_or(0);
    let mut doc = Doc::default();
    for Printable { item, value, .. } in items {
        doc.extend(comment_lines(&item.lead));
        doc.newline();
        for key in &item.keys {
            doc.push_str(key);
            doc.push_spaces((longest_key + 1).saturating_sub(key.len()));
        }
        if item.keys.len() == 1 {
            doc.push_str("= ");
        }
        let value_len = value.go_len();
        doc.append(value);
        if !item.trailing.is_empty() && doc.lines.last().is_some_and(|line| !line.verbatim) {
            doc.push_spaces(longest_value - value_len);
        }
        push_trailing(&mut doc, &item.trailing);
    }
    doc
}

fn print_list(list: &List) -> Doc {
    let values: Vec<_> = list.values().collect();
    let heredocs = values.iter().filter(|v| matches!(&v.value, Node::Literal(l) if l.heredoc)).count();
    let one_line = !list.has_comments()
        && values.iter().all(|v| matches!(v.value, Node::Literal(_)) && v.line == list.open_line)
        && (heredocs == 0 || values.len() == 1);
    if one_line {
        let mut doc = Doc::text("[");
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                doc.push_str(", ");
            }
            doc.append(value(&v.value));
            if heredocs > 0 {
                doc.newline();
            }
        }
        doc.push_str("]");
        return doc;
    }

    // End-of-line comments after literals are aligned to the longest literal as the printer measures it (a
    // heredoc counts with its final newline).
    let longest = values
        .iter()
        .filter_map(|v| match &v.value {
            Node::Literal(l) => Some(l.text.len() + usize::from(l.heredoc)),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    let mut inner = Doc::default();
    #[derive(Clone, Copy, PartialEq)]
    enum Last {
        Nothing,
        Comments,
        Value,
    }
    let mut last = Last::Nothing;
    for element in &list.elements {
        match element {
            ListElement::Comments(group) => {
                if last == Last::Comments || (last == Last::Value && group.blank_before) {
                    inner.newline();
                }
                inner.extend(comment_lines(&group.comments));
                last = Last::Comments;
            }
            ListElement::Value(v) => {
                if last == Last::Comments || (last == Last::Value && !v.lead.is_empty() && v.lead_blank_before) {
                    inner.newline();
                }
                inner.extend(comment_lines(&v.lead));
                let printed = value(&v.value);
                let printed_len = printed.go_len();
                inner.newline();
                inner.append(printed);
                let heredoc = matches!(&v.value, Node::Literal(l) if l.heredoc);
                if heredoc {
                    inner.newline();
                }
                inner.push_str(",");
                if !v.trailing.is_empty() {
                    if matches!(v.value, Node::Literal(_)) {
                        inner.push_spaces(longest.saturating_sub(printed_len));
                    }
                    push_trailing(&mut inner, &v.trailing);
                }
                last = Last::Value;
            }
        }
    }
    let mut doc = Doc::text("[");
    push_trailing(&mut doc, &list.open_trailing);
    doc.extend(inner.indented());
    doc.newline();
    doc.push_str("]");
    doc
}
