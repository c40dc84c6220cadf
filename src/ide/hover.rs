//! Hover: schema documentation for keys, resolved topology for values.
use crate::syntax::TextRange;
use crate::workspace::Workspace;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    pub range: TextRange,
    pub markdown: String,
}

pub fn hover(ws: &Workspace, file: usize, offset: u32) -> Option<Hover> {
    let _ = (ws, file, offset);
    None
}
