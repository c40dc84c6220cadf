//! Silencing findings: `# consul-ls-ignore: CODE[, CODE...]` (or `//`) at the end of the finding's line or on
//! the line above, in HCL files; and the manifest's per-cluster `ignore` list (the only way for JSON files).

use super::Diagnostic;
use crate::syntax::SourceKind;
use crate::workspace::Workspace;

const MARKER: &str = "consul-ls-ignore:";

pub fn apply(ws: &Workspace, file: usize, diagnostics: &mut Vec<Diagnostic>) {
    let ignored_by_manifest = |code: &str| {
        ws.file_clusters
            .get(file)
            .is_some_and(|clusters| clusters.iter().any(|&c| ws.clusters[c].ignore.iter().any(|i| i == code)))
    };
    diagnostics.retain(|d| !ignored_by_manifest(d.code.as_str()));

    let source = &ws.files[file];
    if source.source_kind() != SourceKind::Hcl || source.parse.comments.is_empty() {
        return;
    }
    let text = &source.text;
    let line_of = |offset: u32| text[..(offset as usize).min(text.len())].bytes().filter(|&b| b == b'\n').count();
    // (line, codes) for every suppression comment.
    let suppressions: Vec<(usize, Vec<&str>)> = source
        .parse
        .comments
        .iter()
        .filter_map(|c| {
            let at = c.text.find(MARKER)?;
            let codes =
                c.text[at + MARKER.len()..].split([',', ' ']).map(str::trim).filter(|s| !s.is_empty()).collect();
            Some((line_of(c.range.start), codes))
        })
        .collect();
    if suppressions.is_empty() {
        return;
    }
    diagnostics.retain(|d| {
        let line = line_of(d.range.start);
        !suppressions
            .iter()
            .any(|(l, codes)| (*l == line || *l + 1 == line) && codes.iter().any(|c| *c == d.code.as_str()))
    });
}
