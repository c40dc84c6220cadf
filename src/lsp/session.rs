//! Session state: what the client told us (capabilities, settings, folders, open documents) and the work that is
//! pending for the analysis worker. Behind one mutex, held only for short, non-blocking updates.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use tower_lsp_server::ls_types::{ClientCapabilities, MarkupKind, ResourceOperationKind};

use super::config::Settings;
use super::convert::Encoding;
use super::documents::Documents;
use crate::workspace::discover;

/// What the client can do, as far as the server cares.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClientFlags {
    pub work_done_progress: bool,
    pub watch_registration: bool,
    pub configuration: bool,
    pub document_changes: bool,
    pub create_files: bool,
    pub snippets: bool,
    pub hierarchical_symbols: bool,
    pub markdown: bool,
    /// `textDocument.publishDiagnostics.relatedInformation`: diagnostics carry their related locations.
    pub related_information: bool,
}

impl ClientFlags {
    pub fn from(caps: &ClientCapabilities) -> ClientFlags {
        let workspace = caps.workspace.as_ref();
        let edit = workspace.and_then(|w| w.workspace_edit.as_ref());
        let text = caps.text_document.as_ref();
        ClientFlags {
            work_done_progress: caps.window.as_ref().and_then(|w| w.work_done_progress).unwrap_or(false),
            watch_registration: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
            document_changes: edit.and_then(|e| e.document_changes).unwrap_or(false),
            create_files: edit
                .and_then(|e| e.resource_operations.as_ref())
                .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create)),
            snippets: text
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.snippet_support)
                .unwrap_or(false),
            hierarchical_symbols: text
                .and_then(|t| t.document_symbol.as_ref())
                .and_then(|s| s.hierarchical_document_symbol_support)
                .unwrap_or(false),
            markdown: text
                .and_then(|t| t.hover.as_ref())
                .and_then(|h| h.content_format.as_ref())
                .is_none_or(|formats| formats.contains(&MarkupKind::Markdown)),
            related_information: text
                .and_then(|t| t.publish_diagnostics.as_ref())
                .and_then(|p| p.related_information)
                .unwrap_or(false),
        }
    }
}

/// Work waiting for the analysis worker. Edits coalesce here: a document edited ten times while an analysis
/// ran is analysed once, at its latest text.
#[derive(Debug, Default)]
pub struct Pending {
    /// Index the workspace folders from scratch (after `initialized`, or when folders change).
    pub reindex: bool,
    /// Open documents opened or edited since they were last analysed.
    pub documents: BTreeSet<PathBuf>,
    /// Files to read again from disk (closed documents, watched-file events), in arrival order.
    pub disk: Vec<PathBuf>,
    /// Settings changed: publish everything again.
    pub republish: bool,
}

impl Pending {
    pub fn is_empty(&self) -> bool {
        !self.reindex && self.documents.is_empty() && self.disk.is_empty() && !self.republish
    }
}

#[derive(Debug, Default)]
pub struct Session {
    pub docs: Documents,
    pub encoding: Encoding,
    pub client: ClientFlags,
    pub settings: Settings,
    pub folders: Vec<PathBuf>,
    pub pending: Pending,
}

impl Session {
    /// Whether the workspace tracks a file at `path` that is not open: a `*.hcl`/`*.json` file in a workspace
    /// folder, outside skipped folders (`.git`, `node_modules`, `target`, hidden ones).
    pub fn tracks(&self, path: &Path) -> bool {
        self.folders.iter().any(|root| discover::is_discoverable(root, path))
    }
}
