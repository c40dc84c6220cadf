//! The state-changing notifications, applied synchronously in arrival order (see [`super::transport`]). They only
//! update the session (documents, folders) and queue work for the analysis worker, then wake it.

use std::path::PathBuf;

use serde_json::Value;
use tower_lsp_server::ls_types::*;

use super::server::Shared;
use super::uri_to_path;

pub fn apply(shared: &Shared, method: &str, params: Option<Value>) {
    let params = params.unwrap_or(Value::Null);
    match method {
        "textDocument/didOpen" => {
            let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(params) else { return bad(method) };
            let Some(path) = uri_to_path(&p.text_document.uri) else { return };
            let mut session = shared.lock();
            session.docs.open(path.clone(), p.text_document.uri, p.text_document.version, &p.text_document.text);
            session.pending.documents.insert(path);
        }
        "textDocument/didChange" => {
            let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(params) else { return bad(method) };
            let Some(path) = uri_to_path(&p.text_document.uri) else { return };
            let mut session = shared.lock();
            let encoding = session.encoding;
            if !session.docs.change(&path, p.text_document.version, &p.content_changes, encoding) {
                tracing::warn!(path = %path.display(), "didChange for a document that is not open");
                return;
            }
            session.pending.documents.insert(path);
        }
        "textDocument/didClose" => {
            let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(params) else { return bad(method) };
            let Some(path) = uri_to_path(&p.text_document.uri) else { return };
            let mut session = shared.lock();
            session.docs.close(&path);
            session.pending.documents.remove(&path);
            // The file is what is on disk again (or nothing, for a file outside the folders or never saved).
            session.pending.disk.push(path);
        }
        "textDocument/didSave" => {
            // The buffer already holds the saved text; the watcher's event for the file is ignored while it is
            // open.
            return;
        }
        "workspace/didChangeWatchedFiles" => {
            let Ok(p) = serde_json::from_value::<DidChangeWatchedFilesParams>(params) else { return bad(method) };
            let mut session = shared.lock();
            for change in p.changes {
                if let Some(path) = uri_to_path(&change.uri) {
                    session.pending.disk.push(path);
                }
            }
        }
        "workspace/didChangeWorkspaceFolders" => {
            let Ok(p) = serde_json::from_value::<DidChangeWorkspaceFoldersParams>(params) else {
                return bad(method);
            };
            let mut session = shared.lock();
            let removed: Vec<PathBuf> = p.event.removed.iter().filter_map(|f| uri_to_path(&f.uri)).collect();
            session.folders.retain(|f| !removed.contains(f));
            for folder in p.event.added.iter().filter_map(|f| uri_to_path(&f.uri)) {
                if !session.folders.contains(&folder) {
                    session.folders.push(folder);
                }
            }
            session.pending.reindex = true;
        }
        _ => return,
    }
    shared.request_analysis();
}

fn bad(method: &str) {
    tracing::warn!("ignoring {method} with invalid parameters");
}
