//! Document and range formatting for the editor: the [`crate::format`] library on a file of the analysis. Only
//! Consul files and the manifest are formatted; a file with a syntax error, another tool's file, or one the
//! formatter cannot keep unchanged in content gets no edits (and the reason, for the log).

use super::TextEdit;
use crate::analysis::Analysis;
use crate::format::{self, NotFormatted};
use crate::model::FileKind;
use crate::syntax::TextRange;
use crate::workspace::FileId;

/// The edits that format the whole file; empty when it is formatted already.
pub fn format_document(analysis: &Analysis, file: FileId) -> Result<Vec<TextEdit>, NotFormatted> {
    let source = formattable(analysis, file)?;
    Ok(convert(format::document(&source.text, &source.path)?))
}

/// The edits that format the top-level items `range` touches.
pub fn format_range(analysis: &Analysis, file: FileId, range: TextRange) -> Result<Vec<TextEdit>, NotFormatted> {
    let source = formattable(analysis, file)?;
    Ok(convert(format::range(&source.text, &source.path, range)?))
}

/// The file, if the analysis counts it as a Consul file or the manifest. (The formatter classifies the text again
/// itself; this also keeps out a file the analysis holds as not Consul's, whatever its text looks like.)
fn formattable(analysis: &Analysis, file: FileId) -> Result<&crate::workspace::SourceFile, NotFormatted> {
    let source = analysis.workspace().files.get(file).ok_or(NotFormatted::NotConsul)?;
    if !source.kind().is_consul() && source.kind() != FileKind::Manifest {
        return Err(NotFormatted::NotConsul);
    }
    if let Some((message, range)) = &source.content_error {
        return Err(NotFormatted::Syntax(crate::syntax::SyntaxError { message: message.clone(), range: *range }));
    }
    Ok(source)
}

fn convert(edits: Vec<format::TextEdit>) -> Vec<TextEdit> {
    edits.into_iter().map(|e| TextEdit { range: e.range, new_text: e.new_text }).collect()
}
