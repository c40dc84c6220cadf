//! Test helper: an in-memory workspace from `[(path, text)]`, rust-analyzer style, with a `$0` cursor marker in
//! one file. Paths are relative to the workspace folder `/ws`; a `consul-ls.hcl` among them is its manifest.

use std::path::PathBuf;
use std::sync::Arc;

use crate::workspace::{Root, SourceFile, Workspace};

pub const ROOT: &str = "/ws";

/// The workspace, the index of the file holding `$0` (or 0), and the cursor's byte offset (or 0).
pub fn fixture(files: &[(&str, &str)]) -> (Workspace, usize, u32) {
    let mut ws = Workspace::default();
    ws.roots.push(Root { path: PathBuf::from(ROOT), is_dir: true });
    let mut cursor = None;
    for (path, text) in files {
        let path = PathBuf::from(ROOT).join(path);
        let text = match text.find("$0") {
            Some(at) => {
                cursor = Some((path.clone(), at as u32));
                text.replacen("$0", "", 1)
            }
            None => text.to_string(),
        };
        ws.set_file(SourceFile::new(path, Arc::from(text)));
    }
    ws.assign_clusters();
    let (file, offset) = match cursor {
        Some((path, offset)) => (ws.file_index(&path).expect("cursor file"), offset),
        None => (0, 0),
    };
    (ws, file, offset)
}

/// The path of file `file`, relative to the workspace folder.
pub fn rel(ws: &Workspace, file: usize) -> String {
    ws.files[file].path.strip_prefix(ROOT).unwrap_or(&ws.files[file].path).to_string_lossy().into_owned()
}
