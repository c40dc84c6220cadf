//! Silencing findings: `# consul-ls-ignore: CODE[, CODE...]` (or `//`) at the end of the finding's line or on
//! the line above, in HCL and YAML files; and the manifest's per-cluster `ignore` list (the only way for JSON
//! files).

use super::Diagnostic;
use crate::syntax::SourceKind;
use crate::workspace::{FileId, Workspace};

const MARKER: &str = "consul-ls-ignore:";

pub fn apply(ws: &Workspace, file: FileId, diagnostics: &mut Vec<Diagnostic>) {
    if diagnostics.is_empty() {
        return;
    }
    let ignored: Vec<&str> =
        ws.clusters_of(file).iter().flat_map(|&c| ws.cluster(c).ignore.iter().map(String::as_str)).collect();
    if !ignored.is_empty() {
        diagnostics.retain(|d| !ignored.contains(&d.code.as_str()));
    }

    let source = ws.file(file);
    if source.source_kind() == SourceKind::Json || source.parse.comments.is_empty() {
        return;
    }
    // (line, codes) for every suppression comment.
    let mut lines: Option<Vec<u32>> = None;
    let mut suppressions: Vec<(usize, Vec<&str>)> = Vec::new();
    for comment in &source.parse.comments {
        let Some(at) = comment.text.find(MARKER) else { continue };
        let codes =
            comment.text[at + MARKER.len()..].split([',', ' ']).map(str::trim).filter(|s| !s.is_empty()).collect();
        let starts = lines.get_or_insert_with(|| line_starts(&source.text));
        suppressions.push((line_of(starts, comment.range.start), codes));
    }
    let Some(starts) = lines else { return };
    diagnostics.retain(|d| {
        let line = line_of(&starts, d.range.start);
        !suppressions
            .iter()
            .any(|(l, codes)| (*l == line || *l + 1 == line) && codes.iter().any(|c| *c == d.code.as_str()))
    });
}

/// The offset of each line's first byte.
fn line_starts(text: &str) -> Vec<u32> {
    std::iter::once(0).chain(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i as u32 + 1)).collect()
}

/// The 0-based line of a byte offset.
fn line_of(starts: &[u32], offset: u32) -> usize {
    starts.partition_point(|&s| s <= offset).saturating_sub(1)
}
