//! `check` as a library call: load the paths, analyse, return every file with its findings.

use std::path::PathBuf;
use std::sync::Arc;

use super::load::{self, LoadError, Unreadable};
use super::{Analysis, AnalysisHost};
use crate::rules::Diagnostic;

/// One analysed file, as `consul-ls check` reports it.
#[derive(Clone, Debug)]
pub struct CheckedFile {
    /// The path as discovered from the PATH arguments (relative when the argument was relative).
    pub path: PathBuf,
    pub text: Arc<str>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Analyse every Consul file under `paths` (files or folders). `progress(done, total)` is called as files are
/// read. Files come back in discovery order; the caller sorts for output.
pub fn check(paths: &[PathBuf], progress: &mut dyn FnMut(usize, usize)) -> Result<Vec<CheckedFile>, LoadError> {
    let (roots, files) = load::load(paths, Unreadable::Fail, progress)?;
    let host = AnalysisHost::with_sources(roots, files);
    Ok(checked_files(&host.analysis()))
}

/// Every file of an analysis with its findings, in id (discovery) order.
pub fn checked_files(analysis: &Analysis) -> Vec<CheckedFile> {
    let ws = analysis.workspace();
    ws.files
        .iter()
        .map(|(id, file)| CheckedFile {
            path: file.path.clone(),
            text: file.text.clone(),
            diagnostics: analysis.diagnostics(id),
        })
        .collect()
}
