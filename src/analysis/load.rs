//! Loading a workspace from disk: discover the files under the roots, read them, and parse and model them in
//! parallel, reporting progress as chunks complete.

use std::collections::HashSet;
use std::path::PathBuf;

use rayon::prelude::*;

pub use crate::workspace::LoadError;
use crate::workspace::{Root, SourceFile, discover, normalize};

/// How many files are read and parsed between two progress reports.
const CHUNK: usize = 256;

/// What to do with a file that cannot be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unreadable {
    /// Stop with an error naming it (`check`).
    Fail,
    /// Leave it out (the editor reports nothing for it rather than failing the whole index).
    Skip,
}

/// Discovers the files of `paths` (files or folders), reads, parses and models them. `progress(done, total)` is
/// called as files are done. Files come back in discovery order, each path once.
pub fn load(
    paths: &[PathBuf],
    unreadable: Unreadable,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Vec<Root>, Vec<SourceFile>), LoadError> {
    let mut roots = Vec::new();
    let mut found = Vec::new();
    let mut seen = HashSet::new();
    for path in paths {
        let discovered = match discover::discover(std::slice::from_ref(path)) {
            Ok(mut d) => d.remove(0),
            Err(err) if unreadable == Unreadable::Fail => return Err(err),
            Err(_) => {
                roots.push(Root { path: path.clone(), is_dir: true });
                continue;
            }
        };
        roots.push(Root { path: discovered.root.clone(), is_dir: discovered.is_dir });
        for file in discovered.files {
            if seen.insert(normalize(&file)) {
                found.push(file);
            }
        }
    }
    let total = found.len();
    let mut files = Vec::with_capacity(total);
    let mut done = 0;
    for chunk in found.chunks(CHUNK) {
        let read: Vec<Result<Option<SourceFile>, LoadError>> = chunk
            .par_iter()
            .map(|path| match std::fs::read(path) {
                Ok(bytes) => Ok(Some(SourceFile::from_bytes(path.clone(), &bytes))),
                Err(_) if unreadable == Unreadable::Skip => Ok(None),
                Err(err) => {
                    Err(LoadError { message: format!("cannot read '{}': {}", path.display(), io_message(&err)) })
                }
            })
            .collect();
        for file in read {
            if let Some(file) = file? {
                files.push(file);
            }
        }
        done += chunk.len();
        progress(done, total);
    }
    Ok((roots, files))
}

fn io_message(err: &std::io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}
