//! Completion: keys valid at the cursor, enum values, peer names, service names, partitions.
use crate::syntax::TextRange;
use crate::workspace::Workspace;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Key,
    Block,
    Value,
    Peer,
    Service,
    Partition,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
    pub documentation: Option<String>,
    /// Snippet syntax (`$1`, `${1|a,b|}`, `$0`); see [`plain_text`] for clients without snippets.
    pub snippet: String,
    /// What the client filters on when it is not the label (the replaced text starts with a quote).
    pub filter_text: Option<String>,
    /// The text the item replaces (the partial word at the cursor).
    pub replace: TextRange,
}

pub fn completions(ws: &Workspace, file: usize, offset: u32) -> Vec<CompletionItem> {
    let _ = (ws, file, offset);
    Vec::new()
}

/// The snippet as plain text, for clients without snippet support: tab stops removed, placeholders and choices
/// replaced by their (first) text.
pub fn plain_text(snippet: &str) -> String {
    let mut out = String::with_capacity(snippet.len());
    let mut chars = snippet.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            '$' if chars.peek().is_some_and(|c| c.is_ascii_digit()) => {
                while chars.peek().is_some_and(|c| c.is_ascii_digit()) {
                    chars.next();
                }
            }
            '$' if chars.peek() == Some(&'{') => {
                chars.next();
                while chars.peek().is_some_and(|c| c.is_ascii_digit()) {
                    chars.next();
                }
                let mut body = String::new();
                let mut depth = 1;
                for c in chars.by_ref() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    body.push(c);
                }
                if let Some(choices) = body.strip_prefix('|') {
                    out.push_str(choices.trim_end_matches('|').split(',').next().unwrap_or(""));
                } else if let Some(placeholder) = body.strip_prefix(':') {
                    out.push_str(&plain_text(placeholder));
                }
            }
            _ => out.push(c),
        }
    }
    out
}
