//! The analysis of a small workspace of fuzzed files: the input is split at `0xFF` bytes into a manifest
//! (`consul-ls.hcl`, none when empty), up to four files (the first byte of each picks its folder — cluster `c1`,
//! `c2` or the root — and its syntax: HCL, JSON or YAML), and an edit (file, offset, length to delete, text to
//! insert). Every diagnostic of every file is asked for and every quick fix is built, with hover, completion and
//! navigation at the edit's offset. Then the first fix, and then the edit, are applied incrementally; after each,
//! the findings must equal a fresh analysis of the same files.
#![no_main]

use std::path::PathBuf;
use std::sync::Arc;

use consul_ls::analysis::{AnalysisHost, Change};
use consul_ls::ide::{self, FileChange};
use consul_ls::workspace::{Root, SourceFile};
use libfuzzer_sys::fuzz_target;

const ROOT: &str = "/fuzz";
const DIRS: [&str; 3] = ["c1", "c2", "."];
const EXTS: [&str; 3] = ["hcl", "json", "yaml"];

fn fresh(host: &AnalysisHost) -> AnalysisHost {
    let ws = host.workspace();
    AnalysisHost::with_sources(ws.roots.clone(), ws.files.iter().map(|(_, f)| (**f).clone()).collect())
}

fn assert_same(host: &AnalysisHost, after: &str) {
    let incremental = consul_ls_fuzz::findings(&host.analysis());
    let fresh = consul_ls_fuzz::findings(&fresh(host).analysis());
    assert!(incremental == fresh, "incremental ≠ fresh after {after}:\n{incremental:#?}\n{fresh:#?}");
}

fuzz_target!(|data: &[u8]| {
    let pieces = consul_ls_fuzz::pieces(data);
    if pieces.len() < 2 {
        return;
    }
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    if !pieces[0].is_empty() {
        files.push((PathBuf::from(ROOT).join("consul-ls.hcl"), String::from_utf8_lossy(pieces[0]).into_owned()));
    }
    let n_files = (pieces.len() - 1).min(4);
    for (i, piece) in pieces[1..=n_files].iter().enumerate() {
        let Some((&tag, body)) = piece.split_first() else { continue };
        let dir = DIRS[tag as usize % 3];
        let ext = EXTS[(tag as usize / 3) % 3];
        files.push((PathBuf::from(ROOT).join(dir).join(format!("f{i}.{ext}")), String::from_utf8_lossy(body).into_owned()));
    }
    let edit = pieces.get(n_files + 1).copied().unwrap_or_default();

    let sources = files.iter().map(|(path, text)| SourceFile::new(path.clone(), Arc::from(text.as_str()))).collect();
    let mut host = AnalysisHost::with_sources(vec![Root { path: PathBuf::from(ROOT), is_dir: true }], sources);
    let analysis = host.analysis();
    let ws = analysis.workspace();

    // The edit: which file, where, how much to delete, what to insert.
    let (target, offset, delete, insert) = match edit {
        [file, hi, lo, delete, insert @ ..] => {
            (*file as usize, u16::from_be_bytes([*hi, *lo]) as usize, *delete as usize, String::from_utf8_lossy(insert))
        }
        _ => (0, 0, 0, "".into()),
    };

    let mut first_fix = None;
    for (id, file) in ws.files.iter() {
        let len = file.text.len() as u32;
        for diagnostic in analysis.diagnostics(id) {
            let range = diagnostic.range;
            assert!(range.start <= range.end && range.end <= len, "{diagnostic:?} outside {}", file.path.display());
            for fix in ide::fixes::fixes_for(&analysis, id, &diagnostic) {
                first_fix.get_or_insert(fix);
            }
        }
        let _ = ide::symbols::document_symbols(&analysis, id);
        let at = (offset as u32).min(len);
        let _ = ide::hover::hover(&analysis, id, at);
        let _ = ide::completion::completions(&analysis, id, at);
        let _ = ide::navigation::definition(&analysis, id, at);
        let _ = ide::navigation::references(&analysis, id, at, true);
    }
    let _ = ide::symbols::workspace_symbols(&analysis, "");

    if let Some(fix) = first_fix {
        let mut fixed = host.fork();
        let mut change = Change::default();
        for file_change in &fix.changes {
            match file_change {
                FileChange::Edit { path, edits } => {
                    let Some(id) = ws.file_id(path) else { continue };
                    change.set_text(path.clone(), ide::apply_edits(&ws.file(id).text, edits));
                }
                FileChange::Create { path, text } => change.set_text(path.clone(), text.as_str()),
            }
        }
        fixed.apply_change(change);
        assert_same(&fixed, &format!("the fix {:?}", fix.title));
    }

    if let Some((path, text)) = files.get(target % files.len().max(1)) {
        let mut at = offset.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + delete).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let edited = format!("{}{}{}", &text[..at], insert, &text[end..]);
        let mut change = Change::default();
        change.set_text(path.clone(), edited);
        host.apply_change(change);
        assert_same(&host, "the edit");
    }
});
