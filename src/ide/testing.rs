//! Test helper: an in-memory workspace from `[(path, text)]`, rust-analyzer style, with a `$0` cursor marker in
//! one file. Paths are relative to the workspace folder `/ws`; a `consul-ls.hcl` among them is its manifest.

use std::path::PathBuf;
use std::sync::Arc;

use crate::analysis::{Analysis, AnalysisHost};
use crate::workspace::{FileId, Root, SourceFile};

pub const ROOT: &str = "/ws";

/// The analysis, the file holding `$0` (or the first file), and the cursor's byte offset (or 0).
pub fn fixture(files: &[(&str, &str)]) -> (Analysis, FileId, u32) {
    let (host, file, offset) = fixture_host(files);
    (host.analysis(), file, offset)
}

/// Like [`fixture`], but the host itself, for tests that apply changes.
pub fn fixture_host(files: &[(&str, &str)]) -> (AnalysisHost, FileId, u32) {
    let mut cursor = None;
    let mut sources = Vec::new();
    for (path, text) in files {
        let path = PathBuf::from(ROOT).join(path);
        let text = match text.find("$0") {
            Some(at) => {
                cursor = Some((path.clone(), at as u32));
                text.replacen("$0", "", 1)
            }
            None => text.to_string(),
        };
        sources.push(SourceFile::new(path, Arc::from(text)));
    }
    let first = sources.first().map(|s| s.path.clone());
    let host = AnalysisHost::with_sources(vec![Root { path: PathBuf::from(ROOT), is_dir: true }], sources);
    let ws = host.workspace();
    let (file, offset) = match cursor {
        Some((path, offset)) => (ws.file_id(&path).expect("cursor file"), offset),
        None => (first.and_then(|p| ws.file_id(&p)).unwrap_or_default(), 0),
    };
    (host, file, offset)
}

/// The path of file `file`, relative to the workspace folder.
pub fn rel(analysis: &Analysis, file: FileId) -> String {
    let path = &analysis.workspace().file(file).path;
    path.strip_prefix(ROOT).unwrap_or(path).to_string_lossy().into_owned()
}
