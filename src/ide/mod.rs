//! IDE features as plain data in byte offsets: quick fixes, hover, completion, navigation, symbols. The language
//! server converts these to protocol types; nothing here knows LSP.
pub mod completion;
pub mod fixes;
pub mod formatting;
pub mod graph;
pub mod hover;
pub mod inlay_hints;
#[cfg(test)]
mod k8s_tests;
pub mod lenses;
pub mod links;
pub mod locate;
pub mod navigation;
pub mod rename;
pub mod semantic_tokens;
pub mod structure;
pub mod symbols;
#[cfg(test)]
pub(crate) mod testing;

use std::path::PathBuf;

use crate::rules::Code;
use crate::syntax::TextRange;
use crate::workspace::FileId;

/// A range in one file of the workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileRange {
    pub file: FileId,
    pub range: TextRange,
}

/// Replace `range` (byte offsets in the file's current text) with `new_text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub range: TextRange,
    pub new_text: String,
}

/// One change a fix makes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileChange {
    /// Edits to an existing file of the workspace.
    Edit { path: PathBuf, edits: Vec<TextEdit> },
    /// A new file with this content (the client may not support it; then the fix is not offered).
    Create { path: PathBuf, text: String },
}

/// A quick fix for one diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    /// The diagnostic it fixes: its code and range in the file the fix was asked for.
    pub code: Code,
    pub diagnostic_range: TextRange,
    pub changes: Vec<FileChange>,
}

impl Fix {
    pub fn creates_files(&self) -> bool {
        self.changes.iter().any(|c| matches!(c, FileChange::Create { .. }))
    }
}

/// Applies non-overlapping edits to a text (used by tests and by the CLI's future `--fix`).
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> String {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0usize;
    for edit in sorted {
        let start = (edit.range.start as usize).clamp(at, text.len());
        out.push_str(&text[at..start]);
        out.push_str(&edit.new_text);
        at = (edit.range.end as usize).clamp(start, text.len());
    }
    out.push_str(&text[at..]);
    out
}
