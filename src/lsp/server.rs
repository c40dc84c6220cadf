//! The language server: state, ordering of edits, analysis worker and the LSP request handlers.
//!
//! Ordering. tower-lsp-server's transport calls `Service::call` for each incoming message in the order read, then
//! runs the returned futures with bounded concurrency (`buffer_unordered(4)`), so two notifications' handler
//! bodies are not guaranteed to run in arrival order. The state-changing notifications (document sync, watched
//! files, workspace folders) are therefore applied inside `call` itself, synchronously, by the [`Ordered`]
//! service that wraps the framework's: that is the only point where arrival order is known. Requests then see
//! every edit that arrived before them. The same wrapper holds back dispatch while `initialize` runs (the
//! framework never enters its "initializing" state, so an `initialized` pipelined behind `initialize` would be
//! dropped as "not initialized"), and turns handler panics into error responses.
//!
//! Analysis. Edits only touch the document store and mark documents dirty. One analysis worker, woken through a
//! generation counter, waits until edits have been quiet for [`DEBOUNCE`], syncs dirty documents into the
//! workspace, and runs the rules on a snapshot (`Arc<Workspace>`; edits copy-on-write) in the blocking pool. A
//! result whose generation was overtaken by a newer edit is dropped; since one worker publishes, an older result
//! never lands after a newer one.

use std::collections::{BTreeMap, HashMap};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Duration;

use futures::FutureExt;
use futures::future::BoxFuture;
use ropey::Rope;
use serde_json::Value;
use tokio::sync::watch;
use tower_lsp_server::jsonrpc::{self, Request, Response};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, ExitedError, LanguageServer, LspService, Server};

use super::config::{self, Scope, Settings};
use super::convert::{self, Encoding};
use super::documents::Documents;
use super::progress::Reporter;
use super::proto;
use crate::ide;
use crate::rules;
use crate::workspace::{SourceFile, Workspace, discover};

/// How long edits must be quiet before the workspace is re-analysed.
pub const DEBOUNCE: Duration = Duration::from_millis(75);

/// How long to wait for the client's answer to a request of ours before going on without it.
pub const CLIENT_TIMEOUT: Duration = Duration::from_secs(10);

/// Notifications that change state and are applied in arrival order (see the module docs).
const ORDERED_NOTIFICATIONS: &[&str] = &[
    "textDocument/didOpen",
    "textDocument/didChange",
    "textDocument/didClose",
    "textDocument/didSave",
    "workspace/didChangeWatchedFiles",
    "workspace/didChangeWorkspaceFolders",
];

const PHASE_UNINITIALIZED: u8 = 0;
const PHASE_RUNNING: u8 = 1;
const PHASE_SHUT_DOWN: u8 = 2;

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
}

impl ClientFlags {
    fn from(caps: &ClientCapabilities) -> ClientFlags {
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
        }
    }
}

/// Everything the handlers share; behind one mutex, never held across an `.await`.
pub struct State {
    pub ws: Arc<Workspace>,
    pub docs: Documents,
    pub encoding: Encoding,
    pub client: ClientFlags,
    pub settings: Settings,
    pub folders: Vec<PathBuf>,
    /// An index of the workspace folders is being built; analysis waits for it.
    pub indexing: bool,
    /// Incremented for each (re-)index, so only the newest one's result is kept.
    pub index_generation: u64,
    /// Files changed on disk while indexing, re-read when the index is in place.
    pub deferred_disk: Vec<PathBuf>,
}

impl Default for State {
    fn default() -> Self {
        State {
            ws: Arc::new(Workspace::default()),
            docs: Documents::default(),
            encoding: Encoding::Utf16,
            client: ClientFlags::default(),
            settings: Settings::default(),
            folders: Vec::new(),
            indexing: false,
            index_generation: 0,
            deferred_disk: Vec::new(),
        }
    }
}

/// An open document as a snapshot sees it.
#[derive(Clone)]
pub struct DocSnapshot {
    pub uri: Uri,
    pub version: i32,
    pub text: Rope,
}

/// A consistent view for one request or one analysis: the workspace with every open document's current text.
pub struct Snapshot {
    pub ws: Arc<Workspace>,
    pub docs: HashMap<PathBuf, DocSnapshot>,
    pub encoding: Encoding,
    pub client: ClientFlags,
    pub settings: Settings,
}

impl Snapshot {
    pub fn file_of(&self, uri: &Uri) -> Option<usize> {
        self.ws.file_index(&uri_to_path(uri)?)
    }

    /// The text of workspace file `file` as a rope (the open document's, else built from the file's text).
    pub fn rope(&self, file: usize) -> Rope {
        let source = &self.ws.files[file];
        match self.docs.get(&source.path) {
            Some(doc) => doc.text.clone(),
            None => Rope::from_str(&source.text),
        }
    }

    pub fn uri(&self, path: &Path) -> Option<Uri> {
        match self.docs.get(path) {
            Some(doc) => Some(doc.uri.clone()),
            None => Uri::from_file_path(path),
        }
    }

    /// The file and byte offset of a position in a document.
    pub fn offset(&self, uri: &Uri, position: Position) -> Option<(usize, u32, Rope)> {
        let file = self.file_of(uri)?;
        let rope = self.rope(file);
        let offset = convert::offset(&rope, position, self.encoding);
        Some((file, offset, rope))
    }

    pub fn location(&self, at: ide::FileRange) -> Option<Location> {
        let path = &self.ws.files.get(at.file)?.path;
        let rope = self.rope(at.file);
        Some(Location::new(self.uri(path)?, convert::range(&rope, at.range, self.encoding)))
    }
}

impl State {
    /// Brings every edited document's text into the workspace (re-parsing only those files).
    fn sync_documents(&mut self) {
        let dirty: Vec<(PathBuf, String)> =
            self.docs.iter().filter(|(_, d)| !d.synced).map(|(p, d)| (p.clone(), d.text.to_string())).collect();
        if dirty.is_empty() {
            return;
        }
        let ws = Arc::make_mut(&mut self.ws);
        for (path, text) in dirty {
            ws.set_file(SourceFile::new(path.clone(), Arc::from(text)));
            if let Some(doc) = self.docs.get_mut(&path) {
                doc.synced = true;
            }
        }
    }

    pub fn snapshot(&mut self) -> Snapshot {
        self.sync_documents();
        Snapshot {
            ws: self.ws.clone(),
            docs: self
                .docs
                .iter()
                .map(|(p, d)| (p.clone(), DocSnapshot { uri: d.uri.clone(), version: d.version, text: d.text.clone() }))
                .collect(),
            encoding: self.encoding,
            client: self.client,
            settings: self.settings.clone(),
        }
    }

    /// Whether the workspace should track a file at `path` that is not open: a `*.hcl`/`*.json` file in a
    /// workspace folder, outside skipped folders (`.git`, `node_modules`, `target`, hidden ones).
    fn tracks(&self, path: &Path) -> bool {
        self.folders.iter().any(|root| discover::is_discoverable(root, path))
    }

    /// Re-reads a file from disk after a watched-file event (or removes it if gone). The open document wins.
    fn reload_from_disk(&mut self, path: &Path) {
        if self.docs.is_open(path) {
            return;
        }
        if self.indexing {
            self.deferred_disk.push(path.to_path_buf());
            return;
        }
        let bytes = if self.tracks(path) { std::fs::read(path).ok() } else { None };
        match bytes {
            Some(bytes) => {
                Arc::make_mut(&mut self.ws).set_file(SourceFile::from_bytes(path.to_path_buf(), &bytes));
            }
            None => {
                // A deleted file, or a deleted folder: forget everything under it.
                let gone: Vec<PathBuf> = self
                    .ws
                    .files
                    .iter()
                    .map(|f| f.path.clone())
                    .filter(|p| p.starts_with(path) && !self.docs.is_open(p))
                    .collect();
                if !gone.is_empty() {
                    let ws = Arc::make_mut(&mut self.ws);
                    for p in gone {
                        ws.remove_file(&p);
                    }
                }
            }
        }
    }
}

/// Shared between the framework's handler object, the ordering service and the analysis worker.
pub struct Shared {
    state: Mutex<State>,
    client: Client,
    generation: watch::Sender<u64>,
    worker: Mutex<Option<watch::Receiver<u64>>>,
    phase: AtomicU8,
    /// `initialize` is being handled; nothing else is dispatched until it is done.
    initializing: AtomicBool,
    initialize_waker: Mutex<Option<std::task::Waker>>,
    shutdown_requested: AtomicBool,
    /// Counts analyses that ran to publication (for the debug log).
    analyses: AtomicU64,
}

impl Shared {
    /// The state, also after a handler panicked while holding it (the panic is reported, serving goes on).
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn request_analysis(&self) {
        self.generation.send_modify(|g| *g += 1);
    }

    fn is_running(&self) -> bool {
        self.phase.load(Ordering::SeqCst) == PHASE_RUNNING
    }

    /// Applies one state-changing notification, synchronously and in arrival order.
    fn apply_notification(self: &Arc<Self>, method: &str, params: Option<Value>) {
        let params = params.unwrap_or(Value::Null);
        match method {
            "textDocument/didOpen" => {
                let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(params) else { return bad(method) };
                let Some(path) = uri_to_path(&p.text_document.uri) else { return };
                self.lock().docs.open(path, p.text_document.uri, p.text_document.version, &p.text_document.text);
            }
            "textDocument/didChange" => {
                let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(params) else { return bad(method) };
                let Some(path) = uri_to_path(&p.text_document.uri) else { return };
                let mut state = self.lock();
                let encoding = state.encoding;
                if !state.docs.change(&path, p.text_document.version, &p.content_changes, encoding) {
                    tracing::warn!(path = %path.display(), "didChange for a document that is not open");
                }
            }
            "textDocument/didClose" => {
                let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(params) else { return bad(method) };
                let Some(path) = uri_to_path(&p.text_document.uri) else { return };
                let mut state = self.lock();
                state.docs.close(&path);
                // The file is what is on disk again (or nothing, for a file outside the folders or never saved).
                state.reload_from_disk(&path);
            }
            "textDocument/didSave" => {
                // The buffer already holds the saved text; the watcher's event for the file is ignored while
                // it is open.
            }
            "workspace/didChangeWatchedFiles" => {
                let Ok(p) = serde_json::from_value::<DidChangeWatchedFilesParams>(params) else { return bad(method) };
                let mut state = self.lock();
                for change in p.changes {
                    if let Some(path) = uri_to_path(&change.uri) {
                        state.reload_from_disk(&path);
                    }
                }
            }
            "workspace/didChangeWorkspaceFolders" => {
                let Ok(p) = serde_json::from_value::<DidChangeWorkspaceFoldersParams>(params) else {
                    return bad(method);
                };
                {
                    let mut state = self.lock();
                    let removed: Vec<PathBuf> = p.event.removed.iter().filter_map(|f| uri_to_path(&f.uri)).collect();
                    state.folders.retain(|f| !removed.contains(f));
                    for folder in p.event.added.iter().filter_map(|f| uri_to_path(&f.uri)) {
                        if !state.folders.contains(&folder) {
                            state.folders.push(folder);
                        }
                    }
                    state.indexing = true;
                }
                let shared = self.clone();
                tokio::spawn(async move { shared.index_workspace().await });
                return;
            }
            _ => return,
        }
        self.request_analysis();
    }

    /// Indexes every Consul file of the workspace folders (in the blocking pool, with progress), then swaps the
    /// new workspace in and re-applies open documents and disk changes that arrived meanwhile.
    async fn index_workspace(self: Arc<Self>) {
        let (folders, progress, generation) = {
            let mut state = self.lock();
            state.indexing = true;
            state.index_generation += 1;
            (state.folders.clone(), state.client.work_done_progress, state.index_generation)
        };
        let mut reporter =
            Reporter::begin(&self.client, progress, &format!("consul-ls/index/{generation}"), "Indexing Consul files")
                .await;
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let task = tokio::task::spawn_blocking(move || {
            let ws = Workspace::from_folders(&folders, &mut |done, total| {
                let _ = tx.send((done, total));
            });
            // Per-file findings are cached in each file; computing them here keeps the first analysis short.
            for file in &ws.files {
                file.local_diagnostics();
            }
            ws
        });
        while let Some((done, total)) = rx.recv().await {
            reporter.report(done, total).await;
        }
        let ws = match task.await {
            Ok(ws) => ws,
            Err(err) => {
                tracing::error!("indexing the workspace failed: {err}");
                Workspace::default()
            }
        };
        let n_files = ws.files.iter().filter(|f| f.kind().is_consul()).count();
        let superseded = {
            let mut state = self.lock();
            // A newer index (workspace folders changed again) may be under way; it will finish the job.
            let superseded = state.index_generation != generation;
            if !superseded {
                install_index(&mut state, ws);
            }
            superseded
        };
        if superseded {
            reporter.finish("superseded".into()).await;
            return;
        }
        tracing::info!(n_files, "workspace indexed");
        reporter.finish(format!("{n_files} Consul files")).await;
        self.request_analysis();
    }

    /// Pulls the `consul-ls` settings section (`workspace/configuration`), when the client supports it.
    async fn fetch_settings(&self) {
        if !self.lock().client.configuration {
            return;
        }
        let item = ConfigurationItem { scope_uri: None, section: Some(config::SECTION.to_string()) };
        match tokio::time::timeout(CLIENT_TIMEOUT, self.client.configuration(vec![item])).await {
            Err(_) => tracing::warn!("workspace/configuration got no answer; keeping the current settings"),
            Ok(Err(err)) => tracing::warn!("workspace/configuration failed: {err}"),
            Ok(Ok(values)) => {
                let settings = values.first().map(Settings::from_json).unwrap_or_default();
                self.lock().settings = settings;
            }
        }
    }

    /// Asks the client to watch Consul files and the manifest (`client/registerCapability`).
    async fn register_watchers(&self) {
        if !self.lock().client.watch_registration {
            return;
        }
        let watchers = ["**/*.hcl", "**/*.json", "**/consul-ls.hcl"]
            .into_iter()
            .map(|glob| FileSystemWatcher { glob_pattern: GlobPattern::String(glob.to_string()), kind: None })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "consul-ls/watched-files".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        match tokio::time::timeout(CLIENT_TIMEOUT, self.client.register_capability(vec![registration])).await {
            Ok(Ok(())) => {}
            Ok(Err(err)) => tracing::warn!("could not register file watchers: {err}"),
            Err(_) => tracing::warn!("client/registerCapability got no answer"),
        }
    }

    /// The analysis worker: debounce, snapshot, analyse in the blocking pool, publish unless overtaken.
    async fn analysis_worker(self: Arc<Self>, mut generation: watch::Receiver<u64>) {
        let mut published: HashMap<PathBuf, Published> = HashMap::new();
        while generation.changed().await.is_ok() {
            loop {
                tokio::time::sleep(DEBOUNCE).await;
                if !generation.has_changed().unwrap_or(false) {
                    break;
                }
                generation.borrow_and_update();
            }
            let current = *generation.borrow_and_update();
            let snapshot = {
                let mut state = self.lock();
                if state.indexing {
                    continue;
                }
                state.snapshot()
            };
            let ws = snapshot.ws.clone();
            let started = std::time::Instant::now();
            // A newer edit cancels the running analysis: its result would be dropped anyway.
            let newer = generation.clone();
            let cancelled = move || newer.has_changed().unwrap_or(true);
            let diagnostics = match tokio::task::spawn_blocking(move || ws.diagnostics_cancellable(&cancelled)).await {
                Ok(Some(diagnostics)) => diagnostics,
                Ok(None) => {
                    tracing::debug!(current, "analysis cancelled by a newer edit");
                    continue;
                }
                Err(err) => {
                    tracing::error!("analysis failed: {err}");
                    continue;
                }
            };
            if generation.has_changed().unwrap_or(true) {
                tracing::debug!(current, "analysis overtaken by a newer edit; not publishing it");
                continue;
            }
            let publish = AssertUnwindSafe(publish_diagnostics(&self.client, &snapshot, &diagnostics, &mut published));
            if let Err(panic) = publish.catch_unwind().await {
                tracing::error!("publishing diagnostics panicked: {}", panic_message(&panic));
            }
            let n = self.analyses.fetch_add(1, Ordering::SeqCst) + 1;
            tracing::debug!(
                analysis = n,
                generation = current,
                files = snapshot.ws.files.len(),
                elapsed_ms = started.elapsed().as_millis() as u64,
                "workspace analysed and published"
            );
        }
    }
}

/// Puts a freshly built index in place and re-applies what arrived while it was built.
fn install_index(state: &mut State, ws: Workspace) {
    state.ws = Arc::new(ws);
    state.indexing = false;
    for (_, doc) in state.docs.iter_mut() {
        doc.synced = false;
    }
    for path in std::mem::take(&mut state.deferred_disk) {
        state.reload_from_disk(&path);
    }
}

fn bad(method: &str) {
    tracing::warn!("ignoring {method} with invalid parameters");
}

/// What was last published for a file, to re-publish only what changed.
struct Published {
    uri: Uri,
    version: Option<i32>,
    text: Arc<str>,
    diagnostics: Vec<rules::Diagnostic>,
}

async fn publish_diagnostics(
    client: &Client,
    snapshot: &Snapshot,
    all: &[Vec<rules::Diagnostic>],
    published: &mut HashMap<PathBuf, Published>,
) {
    let mut seen: Vec<&Path> = Vec::new();
    for (f, file) in snapshot.ws.files.iter().enumerate() {
        let doc = snapshot.docs.get(&file.path);
        if snapshot.settings.scope == Scope::OpenFiles && doc.is_none() {
            continue;
        }
        let diagnostics = snapshot.settings.apply(all.get(f).map_or(&[][..], Vec::as_slice));
        let previous = published.get(&file.path);
        if diagnostics.is_empty() && previous.is_none() {
            continue;
        }
        seen.push(&file.path);
        let version = doc.map(|d| d.version);
        if let Some(previous) = previous
            && previous.version == version
            && Arc::ptr_eq(&previous.text, &file.text)
            && previous.diagnostics == diagnostics
        {
            continue;
        }
        let Some(uri) = snapshot.uri(&file.path) else { continue };
        let rope = snapshot.rope(f);
        let lsp: Vec<Diagnostic> = diagnostics.iter().map(|d| proto::diagnostic(d, &rope, snapshot.encoding)).collect();
        client.publish_diagnostics(uri.clone(), lsp, version).await;
        if diagnostics.is_empty() {
            published.remove(&file.path);
        } else {
            published.insert(file.path.clone(), Published { uri, version, text: file.text.clone(), diagnostics });
        }
    }
    // Files that are gone, or no longer in scope: clear what was published for them.
    let stale: Vec<PathBuf> = published.keys().filter(|p| !seen.contains(&p.as_path())).cloned().collect();
    for path in stale {
        if let Some(previous) = published.remove(&path) {
            client.publish_diagnostics(previous.uri, Vec::new(), None).await;
        }
    }
}

/// The `file:` URI's path; other schemes (untitled buffers) are not analysed.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    uri.to_file_path().map(|p| crate::workspace::normalize(&p))
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// The framework's handler object.
pub struct Backend {
    shared: Arc<Shared>,
}

impl Backend {
    fn new(client: Client) -> Backend {
        let (generation, worker) = watch::channel(0);
        Backend {
            shared: Arc::new(Shared {
                state: Mutex::new(State::default()),
                client,
                generation,
                worker: Mutex::new(Some(worker)),
                phase: AtomicU8::new(PHASE_UNINITIALIZED),
                initializing: AtomicBool::new(false),
                initialize_waker: Mutex::new(None),
                shutdown_requested: AtomicBool::new(false),
                analyses: AtomicU64::new(0),
            }),
        }
    }

    fn snapshot(&self) -> Snapshot {
        self.shared.lock().snapshot()
    }

    /// `consul-ls/documentState`: the server's view of an open document (version and text), for tests and
    /// debugging of edit ordering.
    async fn document_state(&self, params: TextDocumentIdentifier) -> jsonrpc::Result<Value> {
        let path = uri_to_path(&params.uri).ok_or_else(|| jsonrpc::Error::invalid_params("not a file URI"))?;
        let state = self.shared.lock();
        let doc = state.docs.get(&path).ok_or_else(|| jsonrpc::Error::invalid_params("document is not open"))?;
        Ok(serde_json::json!({ "version": doc.version, "text": doc.text.to_string() }))
    }

    /// `consul-ls/panic` (only with `CONSUL_LS_TEST_HOOKS` set): panics inside a request handler.
    async fn panic_for_tests(&self) -> jsonrpc::Result<Value> {
        panic!("consul-ls/panic was requested");
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> jsonrpc::Result<InitializeResult> {
        let encoding =
            Encoding::negotiate(params.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_deref()));
        let mut folders: Vec<PathBuf> =
            params.workspace_folders.iter().flatten().filter_map(|f| uri_to_path(&f.uri)).collect();
        #[allow(deprecated)]
        if folders.is_empty()
            && let Some(root) = params.root_uri.as_ref().and_then(uri_to_path)
        {
            folders.push(root);
        }
        {
            let mut state = self.shared.lock();
            state.encoding = encoding;
            state.client = ClientFlags::from(&params.capabilities);
            state.folders = folders;
            state.indexing = true;
            if let Some(options) = &params.initialization_options {
                state.settings = Settings::from_json(options);
            }
        }
        if let Some(worker) = self.shared.worker.lock().unwrap_or_else(|p| p.into_inner()).take() {
            tokio::spawn(self.shared.clone().analysis_worker(worker));
        }
        self.shared.phase.store(PHASE_RUNNING, Ordering::SeqCst);
        Ok(InitializeResult {
            capabilities: capabilities(encoding),
            server_info: Some(ServerInfo {
                name: "consul-ls".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            ..InitializeResult::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        // Spawned rather than awaited here: it waits for client responses, and the transport stops reading them
        // at `exit`, which would leave this handler (and the server's shutdown) waiting forever.
        let shared = self.shared.clone();
        tokio::spawn(async move { shared.register_watchers().await });
        let shared = self.shared.clone();
        tokio::spawn(async move {
            // Settings first, so the first publication already honours them.
            shared.fetch_settings().await;
            shared.index_workspace().await;
        });
    }

    async fn shutdown(&self) -> jsonrpc::Result<()> {
        self.shared.phase.store(PHASE_SHUT_DOWN, Ordering::SeqCst);
        Ok(())
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        if self.shared.lock().client.configuration {
            // Pull the settings (spawned: it waits for the client, see `initialized`).
            let shared = self.shared.clone();
            tokio::spawn(async move {
                shared.fetch_settings().await;
                shared.request_analysis();
            });
        } else {
            self.shared.lock().settings = Settings::from_json(&params.settings);
            self.shared.request_analysis();
        }
    }

    async fn hover(&self, params: HoverParams) -> jsonrpc::Result<Option<Hover>> {
        let snapshot = self.snapshot();
        let at = &params.text_document_position_params;
        let Some((file, offset, rope)) = snapshot.offset(&at.text_document.uri, at.position) else { return Ok(None) };
        let Some(hover) = ide::hover::hover(&snapshot.ws, file, offset) else { return Ok(None) };
        Ok(Some(proto::hover(&hover, &rope, snapshot.encoding, snapshot.client.markdown)))
    }

    async fn completion(&self, params: CompletionParams) -> jsonrpc::Result<Option<CompletionResponse>> {
        let snapshot = self.snapshot();
        let at = &params.text_document_position;
        let Some((file, offset, rope)) = snapshot.offset(&at.text_document.uri, at.position) else { return Ok(None) };
        let items = ide::completion::completions(&snapshot.ws, file, offset);
        if items.is_empty() {
            return Ok(None);
        }
        let items = items
            .iter()
            .map(|item| proto::completion_item(item, &rope, snapshot.encoding, snapshot.client.snippets))
            .collect();
        Ok(Some(CompletionResponse::Array(items)))
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> jsonrpc::Result<Option<GotoDefinitionResponse>> {
        let snapshot = self.snapshot();
        let at = &params.text_document_position_params;
        let Some((file, offset, _)) = snapshot.offset(&at.text_document.uri, at.position) else { return Ok(None) };
        let locations: Vec<Location> = ide::navigation::definition(&snapshot.ws, file, offset)
            .into_iter()
            .filter_map(|target| snapshot.location(target))
            .collect();
        Ok((!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations)))
    }

    async fn references(&self, params: ReferenceParams) -> jsonrpc::Result<Option<Vec<Location>>> {
        let snapshot = self.snapshot();
        let at = &params.text_document_position;
        let Some((file, offset, _)) = snapshot.offset(&at.text_document.uri, at.position) else { return Ok(None) };
        let include_declaration = params.context.include_declaration;
        let locations: Vec<Location> = ide::navigation::references(&snapshot.ws, file, offset, include_declaration)
            .into_iter()
            .filter_map(|target| snapshot.location(target))
            .collect();
        Ok((!locations.is_empty()).then_some(locations))
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> jsonrpc::Result<Option<DocumentSymbolResponse>> {
        let snapshot = self.snapshot();
        let Some(file) = snapshot.file_of(&params.text_document.uri) else { return Ok(None) };
        let symbols = ide::symbols::document_symbols(&snapshot.ws, file);
        let rope = snapshot.rope(file);
        if snapshot.client.hierarchical_symbols {
            let nested = symbols.iter().map(|s| proto::document_symbol(s, &rope, snapshot.encoding)).collect();
            Ok(Some(DocumentSymbolResponse::Nested(nested)))
        } else {
            let uri = params.text_document.uri.clone();
            let mut flat = Vec::new();
            proto::flatten_symbols(&symbols, None, &uri, &rope, snapshot.encoding, &mut flat);
            Ok(Some(DocumentSymbolResponse::Flat(flat)))
        }
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> jsonrpc::Result<Option<WorkspaceSymbolResponse>> {
        let snapshot = self.snapshot();
        let found = ide::symbols::workspace_symbols(&snapshot.ws, &params.query);
        let mut ropes: BTreeMap<usize, Rope> = BTreeMap::new();
        let mut out = Vec::new();
        for item in &found {
            let rope = ropes.entry(item.file).or_insert_with(|| snapshot.rope(item.file));
            let Some(uri) = snapshot.uri(&snapshot.ws.files[item.file].path) else { continue };
            out.push(proto::workspace_symbol(item, uri, rope, snapshot.encoding));
        }
        Ok(Some(WorkspaceSymbolResponse::Flat(out)))
    }

    async fn code_action(&self, params: CodeActionParams) -> jsonrpc::Result<Option<CodeActionResponse>> {
        if let Some(only) = &params.context.only
            && !only.iter().any(|k| k == &CodeActionKind::QUICKFIX || k.as_str() == "")
        {
            return Ok(None);
        }
        let snapshot = self.snapshot();
        let uri = &params.text_document.uri;
        let Some(file) = snapshot.file_of(uri) else { return Ok(None) };
        let rope = snapshot.rope(file);
        let range = convert::text_range(&rope, params.range, snapshot.encoding);
        // Fixes re-analyse the workspace: off the async threads.
        let ws = snapshot.ws.clone();
        let fixes = tokio::task::spawn_blocking(move || ide::fixes::fixes(&ws, file, range))
            .await
            .map_err(|err| internal(format!("computing quick fixes failed: {err}")))?;
        let actions = proto::code_actions(&fixes, &params.context.diagnostics, &snapshot, &rope);
        Ok((!actions.is_empty()).then_some(actions))
    }
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            save: Some(TextDocumentSyncSaveOptions::Supported(true)),
            ..TextDocumentSyncOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["\"".to_string(), "=".to_string()]),
            ..CompletionOptions::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}

/// Wraps the framework's service: applies state-changing notifications in arrival order (module docs) and turns
/// a panic inside any handler into an error response, so the server keeps serving.
struct Ordered {
    inner: LspService<Backend>,
    shared: Arc<Shared>,
}

impl tower_service::Service<Request> for Ordered {
    type Response = Option<Response>;
    type Error = ExitedError;
    type Future = BoxFuture<'static, Result<Option<Response>, ExitedError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        // Nothing is dispatched while `initialize` runs (the framework would drop an `initialized` that a client
        // pipelines behind it, its own "initializing" state is never entered). Register, then re-check, so a
        // completion between the two is not missed.
        if self.shared.initializing.load(Ordering::SeqCst) {
            *self.shared.initialize_waker.lock().unwrap_or_else(|p| p.into_inner()) = Some(cx.waker().clone());
            if self.shared.initializing.load(Ordering::SeqCst) {
                return Poll::Pending;
            }
        }
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        match request.method() {
            // Recorded on arrival: `exit` may follow before the handler ran (and then aborts it).
            "shutdown" if self.shared.is_running() => self.shared.shutdown_requested.store(true, Ordering::SeqCst),
            "initialize" if self.shared.phase.load(Ordering::SeqCst) == PHASE_UNINITIALIZED => {
                self.shared.initializing.store(true, Ordering::SeqCst);
                let shared = self.shared.clone();
                let future = self.call_inner(request);
                return async move {
                    let result = future.await;
                    shared.initializing.store(false, Ordering::SeqCst);
                    if let Some(waker) = shared.initialize_waker.lock().unwrap_or_else(|p| p.into_inner()).take() {
                        waker.wake();
                    }
                    result
                }
                .boxed();
            }
            _ => {}
        }
        if request.id().is_none() && ORDERED_NOTIFICATIONS.contains(&request.method()) && self.shared.is_running() {
            let (method, _, params) = request.into_parts();
            let shared = self.shared.clone();
            if let Err(panic) =
                std::panic::catch_unwind(AssertUnwindSafe(|| shared.apply_notification(&method, params)))
            {
                tracing::error!("{method} panicked: {}", panic_message(&panic));
            }
            return futures::future::ready(Ok(None)).boxed();
        }
        self.call_inner(request)
    }
}

impl Ordered {
    /// Calls the framework's service; a panic (while calling or while the handler runs) becomes an error response.
    fn call_inner(&mut self, request: Request) -> BoxFuture<'static, Result<Option<Response>, ExitedError>> {
        let id = request.id().cloned();
        let method = request.method().to_string();
        let future =
            match std::panic::catch_unwind(AssertUnwindSafe(|| tower_service::Service::call(&mut self.inner, request)))
            {
                Ok(future) => future,
                Err(panic) => return futures::future::ready(Ok(panic_response(id, &method, &panic))).boxed(),
            };
        async move {
            match AssertUnwindSafe(future).catch_unwind().await {
                Ok(result) => result,
                Err(panic) => Ok(panic_response(id, &method, &panic)),
            }
        }
        .boxed()
    }
}

fn internal(message: String) -> jsonrpc::Error {
    let mut error = jsonrpc::Error::internal_error();
    error.message = message.into();
    error
}

fn panic_response(id: Option<jsonrpc::Id>, method: &str, panic: &Box<dyn std::any::Any + Send>) -> Option<Response> {
    let message = panic_message(panic);
    tracing::error!("handler for {method} panicked: {message}");
    let mut error = jsonrpc::Error::internal_error();
    error.message = format!("consul-ls: internal error in {method}: {message}").into();
    id.map(|id| Response::from_error(id, error))
}

/// Serves LSP on stdin/stdout until `exit` (or end of input). Returns whether `shutdown` came first (the exit
/// code is 0 then, 1 otherwise, as the protocol asks).
pub async fn serve_stdio() -> bool {
    let mut builder = LspService::build(Backend::new).custom_method("consul-ls/documentState", Backend::document_state);
    // A request that panics on purpose, only when asked for, so tests can prove a panic does not end the server.
    if std::env::var_os("CONSUL_LS_TEST_HOOKS").is_some() {
        builder = builder.custom_method("consul-ls/panic", Backend::panic_for_tests);
    }
    let (service, socket) = builder.finish();
    let shared = service.inner().shared.clone();
    let service = Ordered { inner: service, shared: shared.clone() };
    let (input, output, written) = super::guard::spawn(tokio::io::stdin(), tokio::io::stdout());
    Server::new(input, output, socket).serve(service).await;
    // Let the last responses (the answer to `shutdown`) reach stdout before the process ends.
    let _ = tokio::time::timeout(std::time::Duration::from_secs(2), written).await;
    shared.shutdown_requested.load(Ordering::SeqCst)
}
