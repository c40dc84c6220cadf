//! HCL formatting: the text is re-read as a token stream into the formatter's tree ([`tree`]), which the printer
//! ([`print`]) lays out.
mod print;
pub(crate) mod tree;

pub use print::Printed;

/// Formats HCL text that the syntax parser accepts without error. `text` must use `\n` line ends and carry no
/// byte order mark. `None` when the text has a shape the formatter does not know (not expected for text without
/// syntax errors).
pub fn format(text: &str) -> Option<Formatted> {
    let body = tree::build(text)?;
    let printed = print::file(&body);
    let source_lines = body
        .elements
        .iter()
        .map(|element| match element {
            tree::BodyElement::Item(item) => (item.top_line, item.end_line),
            tree::BodyElement::Comments(group) => (group.start_line(), group.end_line()),
        })
        .collect();
    Some(Formatted { printed, source_lines })
}

/// The formatted text and where each top-level element (item or comment group) is, before and after.
pub struct Formatted {
    pub printed: Printed,
    /// For each top-level element, its first and last line in the source (1-based).
    pub source_lines: Vec<(u32, u32)>,
}
