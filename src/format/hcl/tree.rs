//! The formatter's view of an HCL file: the value structure the printer lays out, with every comment attached to
//! the place it was written — a comment at the end of a line stays at the end of that line (after the item, the
//! list element or the opening bracket it follows), comments on lines of their own stay between the same items or
//! list elements, with the blank lines around them.
//!
//! Built from the lossless token stream of [`crate::syntax::hcl::tokens`]; only called on text the syntax parser
//! accepts without error, so anything unexpected here just means "do not format" (`None`).

use crate::syntax::hcl::{HclToken, HclTokenKind};

/// A comment as written (markers included) and the lines it spans (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub text: String,
    pub start_line: u32,
    pub end_line: u32,
}

/// Comments on lines of their own, each starting on the line after the previous one ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub comments: Vec<Comment>,
    /// A blank line separates the group from what precedes it (a token or another group).
    pub blank_before: bool,
}

impl Group {
    pub fn start_line(&self) -> u32 {
        self.comments.first().map_or(0, |c| c.start_line)
    }
    pub fn end_line(&self) -> u32 {
        self.comments.last().map_or(0, |c| c.end_line)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Literal(Literal),
    Object(Object),
    List(List),
}

/// A string, heredoc, number or boolean, exactly as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Literal {
    pub text: String,
    pub heredoc: bool,
}

/// `key = value`, `key { }`, `key "label" { }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// Comments printed on the lines above the item: the group directly above it, then comments written inside
    /// the item's keys (`key = # comment`).
    pub lead: Vec<Comment>,
    /// Where the item starts counting its comment lines above it: the first line of its lead group, else the
    /// key's line.
    pub top_line: u32,
    pub keys: Vec<String>,
    pub key_line: u32,
    /// Written with `=`.
    pub assign: bool,
    pub value: Node,
    /// Comments at the end of the item's last line.
    pub trailing: Vec<Comment>,
    /// The last line of the item as written, end-of-line comments included.
    pub end_line: u32,
}

/// Items of a body and the comment groups between them, in order. A group directly above an item is that item's
/// `lead`, not an element of its own.
#[derive(Clone, Debug, PartialEq)]
pub enum BodyElement {
    Item(Item),
    Comments(Group),
}

/// `{ ... }`, or the whole file.
#[derive(Clone, Debug, PartialEq)]
pub struct Object {
    /// Comments after `{` on its line.
    pub open_trailing: Vec<Comment>,
    pub elements: Vec<BodyElement>,
}

impl Object {
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.elements.iter().filter_map(|e| match e {
            BodyElement::Item(item) => Some(item),
            BodyElement::Comments(_) => None,
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ListValue {
    pub lead: Vec<Comment>,
    /// A blank line separates the lead comments from what precedes them.
    pub lead_blank_before: bool,
    /// The line the value starts on.
    pub line: u32,
    pub value: Node,
    /// Comments at the end of the element's line (after its comma).
    pub trailing: Vec<Comment>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ListElement {
    Value(ListValue),
    Comments(Group),
}

#[derive(Clone, Debug, PartialEq)]
pub struct List {
    pub open_line: u32,
    /// Comments after `[` on its line.
    pub open_trailing: Vec<Comment>,
    pub elements: Vec<ListElement>,
}

impl List {
    pub fn values(&self) -> impl Iterator<Item = &ListValue> {
        self.elements.iter().filter_map(|e| match e {
            ListElement::Value(v) => Some(v),
            ListElement::Comments(_) => None,
        })
    }
    /// Whether any comment is written inside the brackets.
    pub fn has_comments(&self) -> bool {
        !self.open_trailing.is_empty()
            || self.elements.iter().any(|e| match e {
                ListElement::Comments(_) => true,
                ListElement::Value(v) => !v.lead.is_empty() || !v.trailing.is_empty(),
            })
    }
}

/// The file's top-level body. `text` must use `\n` line ends only.
pub fn build(text: &str) -> Option<Object> {
    let tokens = crate::syntax::hcl::tokens(text);
    let mut builder = Builder { text, tokens, pos: 0, line_starts: line_starts(text), last_line: 0, depth: 0 };
    let body = builder.body(false)?;
    (builder.pos == builder.tokens.len()).then_some(body)
}

fn line_starts(text: &str) -> Vec<u32> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i as u32 + 1)).collect()
}

/// Deeper than the syntax parser allows; a guard so that this recursion never outgrows the stack.
const MAX_DEPTH: u32 = 256;

struct Builder<'a> {
    text: &'a str,
    tokens: Vec<HclToken>,
    pos: usize,
    line_starts: Vec<u32>,
    /// The line on which the last consumed non-comment token ends (0 before the first).
    last_line: u32,
    depth: u32,
}

/// Comments met before a token: those on the line of the previous token, and the groups on lines of their own.
struct Gathered {
    trailing: Vec<Comment>,
    groups: Vec<Group>,
}

impl Gathered {
    /// Splits off the group directly above a token on `line` (its lead); the rest are standalone.
    fn split_lead(mut self, line: u32) -> (Vec<Group>, Option<Group>) {
        let lead = match self.groups.last() {
            Some(last) if last.end_line() + 1 == line => self.groups.pop(),
            _ => None,
        };
        (self.groups, lead)
    }
}

impl<'a> Builder<'a> {
    /// 1-based line of a byte offset.
    fn line(&self, offset: u32) -> u32 {
        self.line_starts.partition_point(|&start| start <= offset) as u32
    }

    fn peek(&self) -> Option<HclToken> {
        self.tokens.get(self.pos).copied()
    }

    fn text_of(&self, tok: HclToken) -> &'a str {
        &self.text[tok.range.as_usize()]
    }

    fn bump(&mut self) -> HclToken {
        let tok = self.tokens[self.pos];
        self.pos += 1;
        self.last_line = self.line(tok.range.end.saturating_sub(1).max(tok.range.start));
        tok
    }

    /// The comments before the next non-comment token.
    fn gather(&mut self) -> Gathered {
        let mut trailing = Vec::new();
        let mut groups: Vec<Group> = Vec::new();
        // The line the previous thing (token or comment) ended on.
        let mut prev_end = self.last_line;
        while let Some(tok) = self.peek().filter(|t| t.kind == HclTokenKind::Comment) {
            self.pos += 1;
            let start_line = self.line(tok.range.start);
            let end_line = self.line(tok.range.end.saturating_sub(1).max(tok.range.start));
            // Carriage returns at the end of a line comment (before its `\r\n`) are line-end debris: dropped, so
            // formatting is idempotent (`\r\n` becomes `\n` once, not one `\r` per run).
            let text = self.text_of(tok).trim_end_matches('\r').to_string();
            let comment = Comment { text, start_line, end_line };
            if start_line == self.last_line && groups.is_empty() && self.last_line > 0 {
                trailing.push(comment);
            } else {
                match groups.last_mut() {
                    Some(group) if start_line == prev_end + 1 => group.comments.push(comment),
                    _ => groups.push(Group { comments: vec![comment], blank_before: start_line > prev_end + 1 }),
                }
            }
            prev_end = end_line;
        }
        Gathered { trailing, groups }
    }

    /// The next token's line, or one past the last line at the end of the text.
    fn next_line(&self) -> u32 {
        match self.peek() {
            Some(tok) => self.line(tok.range.start),
            None => u32::MAX,
        }
    }

    /// Items until `}` (inside braces) or the end of the text; the `}` is left for the caller.
    fn body(&mut self, in_braces: bool) -> Option<Object> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let mut object = Object { open_trailing: Vec::new(), elements: Vec::new() };
        loop {
            let mut gathered = self.gather();
            let trailing = std::mem::take(&mut gathered.trailing);
            if !trailing.is_empty() {
                // The end of the line of `{` or of the previous item (or the comma after it).
                match object.elements.last_mut() {
                    // After a heredoc (`EOT` newline `, # c`) a comment cannot end the item's line: printed on a
                    // line of its own, it is read as one on the next pass — so it is one now.
                    Some(BodyElement::Item(item)) if matches!(&item.value, Node::Literal(l) if l.heredoc) => {
                        object.elements.push(BodyElement::Comments(Group { comments: trailing, blank_before: false }))
                    }
                    Some(BodyElement::Item(item)) => {
                        item.end_line = trailing.last().map_or(item.end_line, |c| c.end_line);
                        item.trailing.extend(trailing);
                    }
                    None if in_braces => object.open_trailing.extend(trailing),
                    // After a comma that follows a comment (`# c` / `, # d`): keep it on a line of its own.
                    _ => object.elements.push(BodyElement::Comments(Group { comments: trailing, blank_before: false })),
                }
            }
            match self.peek().map(|t| t.kind) {
                None | Some(HclTokenKind::RBrace) => {
                    if self.peek().is_some() != in_braces {
                        return None;
                    }
                    object.elements.extend(gathered.groups.into_iter().map(BodyElement::Comments));
                    self.depth -= 1;
                    return Some(object);
                }
                Some(HclTokenKind::Comma) => {
                    // Commas between items are not printed; comments before one stay where they are.
                    object.elements.extend(gathered.groups.into_iter().map(BodyElement::Comments));
                    self.bump();
                }
                Some(HclTokenKind::Ident | HclTokenKind::String) => {
                    let (standalone, lead) = gathered.split_lead(self.next_line());
                    object.elements.extend(standalone.into_iter().map(BodyElement::Comments));
                    let item = self.item(lead)?;
                    object.elements.push(BodyElement::Item(item));
                }
                Some(_) => return None,
            }
        }
    }

    fn item(&mut self, lead: Option<Group>) -> Option<Item> {
        let first = self.bump();
        let key_line = self.line(first.range.start);
        let top_line = lead.as_ref().map_or(key_line, Group::start_line);
        let mut lead: Vec<Comment> = lead.map(|g| g.comments).unwrap_or_default();
        let mut keys = vec![self.text_of(first).to_string()];
        loop {
            self.inner_comments(&mut lead);
            match self.peek()?.kind {
                HclTokenKind::Equals => {
                    self.bump();
                    self.inner_comments(&mut lead);
                    // `key =` at the very end of the file: HCL 1 accepts it (and drops the key); kept as written.
                    let dangling = self.peek().is_none() && self.depth == 1;
                    // `key = }` inside an object: HCL 1 takes the `}` as the (dropped) value, and the object goes
                    // on to the next `}`; kept as written.
                    let brace_value = self.depth > 1 && self.peek().is_some_and(|t| t.kind == HclTokenKind::RBrace);
                    let value = if dangling {
                        Node::Literal(Literal { text: String::new(), heredoc: false })
                    } else if brace_value {
                        self.bump();
                        Node::Literal(Literal { text: "}".to_string(), heredoc: false })
                    } else {
                        self.value()?
                    };
                    let end_line = self.last_line;
                    return Some(Item {
                        lead,
                        top_line,
                        keys,
                        key_line,
                        assign: true,
                        value,
                        trailing: vec![],
                        end_line,
                    });
                }
                HclTokenKind::LBrace => {
                    let value = Node::Object(self.object()?);
                    let end_line = self.last_line;
                    return Some(Item {
                        lead,
                        top_line,
                        keys,
                        key_line,
                        assign: false,
                        value,
                        trailing: vec![],
                        end_line,
                    });
                }
                HclTokenKind::Ident | HclTokenKind::String => {
                    let label = self.bump();
                    keys.push(self.text_of(label).to_string());
                }
                _ => return None,
            }
        }
    }

    /// Comments written between the parts of an item (`key = # why` / a value on the next line): printed above it.
    fn inner_comments(&mut self, lead: &mut Vec<Comment>) {
        let gathered = self.gather();
        lead.extend(gathered.trailing);
        lead.extend(gathered.groups.into_iter().flat_map(|g| g.comments));
    }

    fn value(&mut self) -> Option<Node> {
        let tok = self.peek()?;
        match tok.kind {
            HclTokenKind::String | HclTokenKind::Number | HclTokenKind::Ident => {
                self.bump();
                Some(Node::Literal(Literal { text: self.text_of(tok).to_string(), heredoc: false }))
            }
            HclTokenKind::Heredoc => {
                self.bump();
                Some(Node::Literal(Literal { text: self.text_of(tok).to_string(), heredoc: true }))
            }
            HclTokenKind::LBrace => Some(Node::Object(self.object()?)),
            HclTokenKind::LBracket => Some(Node::List(self.list()?)),
            _ => None,
        }
    }

    fn object(&mut self) -> Option<Object> {
        self.bump();
        let object = self.body(true)?;
        // `body` stopped at the `}`.
        self.bump();
        Some(object)
    }

    fn list(&mut self) -> Option<List> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let open = self.bump();
        let mut list = List { open_line: self.line(open.range.start), open_trailing: Vec::new(), elements: Vec::new() };
        loop {
            let mut gathered = self.gather();
            let trailing = std::mem::take(&mut gathered.trailing);
            if !trailing.is_empty() {
                match list.elements.last_mut() {
                    Some(ListElement::Value(value)) => value.trailing.extend(trailing),
                    None => list.open_trailing.extend(trailing),
                    Some(ListElement::Comments(_)) => {
                        list.elements.push(ListElement::Comments(Group { comments: trailing, blank_before: false }))
                    }
                }
            }
            match self.peek()?.kind {
                HclTokenKind::RBracket => {
                    list.elements.extend(gathered.groups.into_iter().map(ListElement::Comments));
                    self.bump();
                    self.depth -= 1;
                    return Some(list);
                }
                HclTokenKind::Comma => {
                    // The comma is printed right after its element; comments written before it stay on their lines.
                    list.elements.extend(gathered.groups.into_iter().map(ListElement::Comments));
                    self.bump();
                }
                _ => {
                    let line = self.next_line();
                    let (standalone, lead) = gathered.split_lead(line);
                    list.elements.extend(standalone.into_iter().map(ListElement::Comments));
                    let value = self.value()?;
                    let lead_blank_before = lead.as_ref().is_some_and(|g| g.blank_before);
                    let lead = lead.map(|g| g.comments).unwrap_or_default();
                    let trailing = Vec::new();
                    list.elements.push(ListElement::Value(ListValue {
                        lead,
                        lead_blank_before,
                        line,
                        value,
                        trailing,
                    }));
                }
            }
        }
    }
}
