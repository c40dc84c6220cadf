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

/// Files of a multi-file fixture, rust-analyzer style: each file starts with a line `//- path` (relative to the
/// workspace folder); a fixture without such a line is one file, `a.hcl`. The common indentation of the text is
/// removed, so fixtures can be indented raw strings.
///
/// ```text
/// //- consul-ls.hcl
/// cluster "c1" { paths = ["c1"] }
/// //- c1/web.hcl
/// service { name = "w$0eb" }
/// ```
pub fn files(fixture: &str) -> Vec<(String, String)> {
    let text = dedent(fixture);
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.split_inclusive('\n') {
        match line.trim_end().strip_prefix("//- ") {
            Some(path) => out.push((path.trim().to_string(), String::new())),
            None => match out.last_mut() {
                Some((_, body)) => body.push_str(line),
                None if line.trim().is_empty() => {}
                None => out.push(("a.hcl".to_string(), line.to_string())),
            },
        }
    }
    out
}

fn dedent(text: &str) -> String {
    let text = text.strip_prefix('\n').unwrap_or(text);
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    text.split_inclusive('\n')
        .map(|l| if l.len() >= indent { &l[indent..] } else { l.trim_start_matches(' ') })
        .collect()
}

/// The analysis of a multi-file fixture (see [`files`]), the file holding `$0` and the cursor's offset.
pub fn analysis(fixture: &str) -> (Analysis, FileId, u32) {
    let (host, file, offset) = host(fixture);
    (host.analysis(), file, offset)
}

/// Like [`analysis`], but the host, for tests that apply changes.
pub fn host(fixture: &str) -> (AnalysisHost, FileId, u32) {
    let files = files(fixture);
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    fixture_host(&borrowed)
}

/// `path:line:column` (1-based) of an offset, the path relative to the workspace folder.
pub fn place(analysis: &Analysis, file: FileId, offset: u32) -> String {
    let text = &analysis.workspace().file(file).text;
    let before = &text[..(offset as usize).min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..].chars().count() + 1;
    format!("{}:{line}:{column}", rel(analysis, file))
}

/// The text of a range, with `path:line:column` in front.
pub fn show_range(analysis: &Analysis, file: FileId, range: crate::syntax::TextRange) -> String {
    let text = &analysis.workspace().file(file).text;
    format!("{} `{}`", place(analysis, file, range.start), text.get(range.as_usize()).unwrap_or(""))
}

/// What a set of changes makes of the workspace: every edited file's whole new text, every created file's text.
pub fn render_changes(analysis: &Analysis, changes: &[super::FileChange]) -> String {
    let ws = analysis.workspace();
    let mut out = String::new();
    for change in changes {
        let (verb, path, text) = match change {
            super::FileChange::Edit { path, edits } => {
                let id = ws.file_id(path).expect("edited file is in the workspace");
                ("edit", path, super::apply_edits(&ws.file(id).text, edits))
            }
            super::FileChange::Create { path, text } => ("create", path, text.clone()),
        };
        let shown = path.strip_prefix(ROOT).unwrap_or(path).to_string_lossy();
        out.push_str(&format!("--- {verb} {shown}\n{text}"));
        if !text.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// Applies changes to a host (incrementally) and checks the result equals a fresh analysis of the same files,
/// related locations included.
pub fn apply(host: &mut AnalysisHost, changes: &[super::FileChange]) {
    let mut change = crate::analysis::Change::default();
    let ws = host.workspace();
    for c in changes {
        match c {
            super::FileChange::Edit { path, edits } => {
                let id = ws.file_id(path).expect("edited file is in the workspace");
                change.set_text(path.clone(), super::apply_edits(&ws.file(id).text, edits));
            }
            super::FileChange::Create { path, text } => change.set_text(path.clone(), text.clone()),
        }
    }
    host.apply_change(change);
    let fresh = AnalysisHost::with_sources(
        host.workspace().roots.clone(),
        host.workspace().files.iter().map(|(_, f)| (**f).clone()).collect(),
    );
    assert_eq!(findings(&host.analysis()), findings(&fresh.analysis()), "incremental analysis equals a fresh one");
}

/// Every finding of the workspace, by path (relative), with its related locations.
pub fn findings(analysis: &Analysis) -> std::collections::BTreeMap<String, Vec<crate::rules::Diagnostic>> {
    analysis
        .workspace()
        .files
        .iter()
        .map(|(id, _)| (rel(analysis, id), analysis.diagnostics(id)))
        .filter(|(_, list)| !list.is_empty())
        .collect()
}

/// Findings as lines: `path:line:column code: message`, with `  related path:line:column: message` under each.
pub fn render_findings(analysis: &Analysis) -> String {
    let ws = analysis.workspace();
    let mut out = String::new();
    for (id, _) in ws.files.iter() {
        for d in analysis.diagnostics(id) {
            out.push_str(&format!("{} {}: {}\n", place(analysis, id, d.range.start), d.code, d.message));
            for r in &d.related {
                out.push_str(&format!("  related {}: {}\n", place(analysis, r.file, r.range.start), r.message));
            }
        }
    }
    out
}
