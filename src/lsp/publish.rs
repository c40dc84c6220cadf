//! Publishing diagnostics: only for the files an analysis says may have changed, and only what differs from what
//! the client already has. An open document is also re-published when its version moved on, so a client always
//! learns which version its diagnostics belong to.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use ropey::Rope;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{Diagnostic, Uri};

use super::config::Scope;
use super::proto;
use super::snapshot::Snapshot;
use crate::workspace::FileId;

/// What was last published for a file.
#[derive(Debug)]
struct Published {
    uri: Uri,
    version: Option<i32>,
    diagnostics: Vec<Diagnostic>,
}

/// Remembers what the client has, per file.
#[derive(Debug, Default)]
pub struct Publisher {
    published: HashMap<PathBuf, Published>,
    /// How many `publishDiagnostics` were sent (for the `consul-ls/idle` test hook).
    pub sent: u64,
}

impl Publisher {
    /// Publishes `files` (ids in the snapshot's workspace) and clears `removed` paths.
    pub async fn publish(&mut self, client: &Client, snapshot: &Snapshot, files: &[FileId], removed: &[PathBuf]) {
        for path in removed {
            self.clear(client, path).await;
        }
        for &file in files {
            self.publish_file(client, snapshot, file).await;
        }
    }

    /// Publishes every file of the snapshot, and clears files published before that are gone.
    pub async fn publish_all(&mut self, client: &Client, snapshot: &Snapshot) {
        let ws = snapshot.analysis.workspace();
        let stale: Vec<PathBuf> = self.published.keys().filter(|p| ws.file_id(p).is_none()).cloned().collect();
        for path in stale {
            self.clear(client, &path).await;
        }
        let files: Vec<FileId> = ws.files.ids().collect();
        for file in files {
            self.publish_file(client, snapshot, file).await;
        }
    }

    async fn clear(&mut self, client: &Client, path: &Path) {
        if let Some(previous) = self.published.remove(path) {
            client.publish_diagnostics(previous.uri, Vec::new(), None).await;
            self.sent += 1;
        }
    }

    async fn publish_file(&mut self, client: &Client, snapshot: &Snapshot, file: FileId) {
        let ws = snapshot.analysis.workspace();
        let Some(source) = ws.files.get(file) else { return };
        let path = &source.path;
        let doc = snapshot.docs.get(path);
        let diagnostics = if snapshot.settings.scope == Scope::OpenFiles && doc.is_none() {
            Vec::new()
        } else {
            snapshot.settings.apply(&snapshot.analysis.diagnostics(file))
        };
        let previous = self.published.get(path);
        if diagnostics.is_empty() && previous.is_none() {
            return;
        }
        let version = doc.map(|d| d.version);
        let rope = match doc {
            Some(doc) => doc.text.clone(),
            None => Rope::from_str(&source.text),
        };
        let mut ropes = HashMap::new();
        let lsp: Vec<Diagnostic> = diagnostics
            .iter()
            .map(|d| {
                let mut diagnostic = proto::diagnostic(d, &rope, snapshot.encoding);
                if snapshot.client.related_information {
                    diagnostic.related_information = proto::related_information(d, snapshot, &mut ropes);
                }
                diagnostic
            })
            .collect();
        if let Some(previous) = previous
            && previous.version == version
            && previous.diagnostics == lsp
        {
            return;
        }
        let Some(uri) = snapshot.uri(path) else { return };
        client.publish_diagnostics(uri.clone(), lsp.clone(), version).await;
        self.sent += 1;
        if lsp.is_empty() {
            self.published.remove(path);
        } else {
            self.published.insert(path.clone(), Published { uri, version, diagnostics: lsp });
        }
    }
}
