//! The server: shared state, the framework's handler object ([`Backend`]) and `serve_stdio`. How the pieces fit:
//!
//! - [`super::transport`]: the ordered transport around the framework (arrival order of edits, initialization,
//!   shutdown, panics); [`super::guard`] answers malformed frames before they reach the framework.
//! - [`super::notifications`]: state-changing notifications update the [`Session`] and queue work.
//! - [`super::worker`]: the analysis worker owns the analysis and publishes ([`super::publish`]).
//! - [`super::requests`]: request handlers, answered from the latest [`Snapshot`].
//! - [`super::capabilities`]: what `initialize` advertises.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::watch;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use super::capabilities::capabilities;
use super::config::{self, Settings};
use super::convert::Encoding;
use super::session::{ClientFlags, Session};
use super::snapshot::Snapshot;
use super::transport::Ordered;
use super::uri_to_path;
use super::worker::Worker;
use super::{editing, requests};
use crate::analysis::AnalysisHost;

/// How long to wait for the client's answer to a request of ours before going on without it.
pub const CLIENT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a request waits for the worker to analyse the edits that came before it.
pub const SNAPSHOT_TIMEOUT: Duration = Duration::from_secs(10);

pub const PHASE_UNINITIALIZED: u8 = 0;
const PHASE_RUNNING: u8 = 1;
const PHASE_SHUT_DOWN: u8 = 2;

/// Shared between the framework's handler object, the ordered transport and the analysis worker.
pub struct Shared {
    session: Mutex<Session>,
    pub client: Client,
    wake: watch::Sender<u64>,
    snapshots: watch::Sender<Arc<Snapshot>>,
    worker: Mutex<Option<Worker>>,
    pub phase: AtomicU8,
    /// `initialize` is being handled; nothing else is dispatched until it is done.
    pub initializing: AtomicBool,
    pub initialize_waker: Mutex<Option<std::task::Waker>>,
    pub shutdown_requested: AtomicBool,
    /// Counts analysis rounds (for the debug log).
    pub analyses: AtomicU64,
    /// The worker has taken work it has not finished (see [`Worker`]'s `take_work`).
    pub worker_busy: AtomicBool,
    /// Diagnostics publications sent, as of the worker's last finished round.
    pub publications: AtomicU64,
}

impl Shared {
    /// The session, also after a handler panicked while holding it (the panic is reported, serving goes on).
    pub fn lock(&self) -> MutexGuard<'_, Session> {
        self.session.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Wakes the analysis worker.
    pub fn request_analysis(&self) {
        self.wake.send_modify(|g| *g += 1);
    }

    pub fn is_running(&self) -> bool {
        self.phase.load(Ordering::SeqCst) == PHASE_RUNNING
    }

    pub fn set_snapshot(&self, snapshot: Snapshot) {
        self.snapshots.send_replace(Arc::new(snapshot));
    }

    /// The latest snapshot that holds the document `uri` at (at least) its current version: requests about a
    /// document answer on the text the client sees. Waits for the worker to analyse a newer edit if needed.
    pub async fn snapshot_for(&self, uri: Option<&Uri>) -> Arc<Snapshot> {
        let wanted = uri.and_then(uri_to_path).and_then(|path| {
            let session = self.lock();
            session.docs.get(&path).map(|d| (path, d.version))
        });
        let mut receiver = self.snapshots.subscribe();
        let ready = |s: &Arc<Snapshot>| match &wanted {
            Some((path, version)) => s.has_version(path, Some(*version)),
            None => true,
        };
        match tokio::time::timeout(SNAPSHOT_TIMEOUT, receiver.wait_for(ready)).await {
            Ok(Ok(snapshot)) => snapshot.clone(),
            _ => {
                tracing::warn!("answering from an older analysis: the latest edits are not analysed yet");
                self.snapshots.borrow().clone()
            }
        }
    }
}

/// The framework's handler object.
pub struct Backend {
    shared: Arc<Shared>,
}

impl Backend {
    fn new(client: Client) -> Backend {
        let (wake, wake_receiver) = watch::channel(0);
        let empty = Snapshot {
            analysis: AnalysisHost::new().analysis(),
            docs: Default::default(),
            encoding: Encoding::default(),
            client: ClientFlags::default(),
            settings: Settings::default(),
        };
        let (snapshots, _) = watch::channel(Arc::new(empty));
        let shared = Arc::new_cyclic(|_| Shared {
            session: Mutex::new(Session::default()),
            client,
            wake,
            snapshots,
            worker: Mutex::new(None),
            phase: AtomicU8::new(PHASE_UNINITIALIZED),
            initializing: AtomicBool::new(false),
            initialize_waker: Mutex::new(None),
            shutdown_requested: AtomicBool::new(false),
            analyses: AtomicU64::new(0),
            worker_busy: AtomicBool::new(false),
            publications: AtomicU64::new(0),
        });
        *shared.worker.lock().unwrap_or_else(|p| p.into_inner()) = Some(Worker::new(shared.clone(), wake_receiver));
        Backend { shared }
    }

    /// `consul-ls/documentState`: the server's view of an open document (version and text), for tests and
    /// debugging of edit ordering.
    async fn document_state(&self, params: TextDocumentIdentifier) -> jsonrpc::Result<Value> {
        let path = uri_to_path(&params.uri).ok_or_else(|| jsonrpc::Error::invalid_params("not a file URI"))?;
        let session = self.shared.lock();
        let doc = session.docs.get(&path).ok_or_else(|| jsonrpc::Error::invalid_params("document is not open"))?;
        Ok(serde_json::json!({ "version": doc.version, "text": doc.text.to_string() }))
    }

    /// `consul-ls/graph` (params `{}`, any value is accepted): the topology (see [`super::graph`]), once the
    /// workspace folders are indexed and every open document is analysed at its current version.
    async fn graph(&self, _params: Value) -> jsonrpc::Result<Value> {
        let (indexing, open): (bool, Vec<(PathBuf, i32)>) = {
            let session = self.shared.lock();
            let open = session.docs.iter().map(|(path, doc)| (path.clone(), doc.version)).collect();
            (!session.folders.is_empty(), open)
        };
        let ready: Option<Arc<Snapshot>> = {
            let mut snapshots = self.shared.snapshots.subscribe();
            let current = |s: &Arc<Snapshot>| {
                (!indexing || !s.analysis.workspace().roots.is_empty())
                    && open.iter().all(|(path, version)| s.has_version(path, Some(*version)))
            };
            match tokio::time::timeout(SNAPSHOT_TIMEOUT, snapshots.wait_for(current)).await {
                Ok(Ok(snapshot)) => Some(snapshot.clone()),
                _ => None,
            }
        };
        let snapshot = match ready {
            Some(snapshot) => snapshot,
            None => self.shared.snapshot_for(None).await,
        };
        Ok(super::graph::graph(&snapshot))
    }

    /// `consul-ls/panic` (only with `CONSUL_LS_TEST_HOOKS` set): panics inside a request handler.
    async fn panic_for_tests(&self) -> jsonrpc::Result<Value> {
        panic!("consul-ls/panic was requested");
    }

    /// `consul-ls/sleep` (only with `CONSUL_LS_TEST_HOOKS` set): answers `null` after `ms` milliseconds, so tests
    /// have a request that is surely still running (to cancel it, or to exit while it runs).
    async fn sleep_for_tests(&self, params: Value) -> jsonrpc::Result<Value> {
        let ms = params.get("ms").and_then(Value::as_u64).unwrap_or(0);
        tokio::time::sleep(Duration::from_millis(ms)).await;
        Ok(Value::Null)
    }

    /// `consul-ls/memory` (only with `CONSUL_LS_TEST_HOOKS` set): the bytes live on the heap (see
    /// [`crate::memory`]), for the soak test.
    async fn memory_for_tests(&self) -> jsonrpc::Result<Value> {
        Ok(serde_json::json!({ "live": crate::memory::live_bytes() }))
    }

    /// `consul-ls/idle` (only with `CONSUL_LS_TEST_HOOKS` set): answers once everything that arrived before it is
    /// analysed and published, with the number of diagnostics publications sent so far, so a test knows when it
    /// has received all of them.
    async fn idle_for_tests(&self) -> jsonrpc::Result<Value> {
        loop {
            {
                let session = self.shared.lock();
                if session.pending.is_empty() && !self.shared.worker_busy.load(Ordering::SeqCst) {
                    let published = self.shared.publications.load(Ordering::SeqCst);
                    return Ok(serde_json::json!({ "published": published }));
                }
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Pulls the `consul-ls` settings section (`workspace/configuration`), when the client supports it.
    async fn fetch_settings(shared: &Shared) {
        if !shared.lock().client.configuration {
            return;
        }
        let item = ConfigurationItem { scope_uri: None, section: Some(config::SECTION.to_string()) };
        match tokio::time::timeout(CLIENT_TIMEOUT, shared.client.configuration(vec![item])).await {
            Err(_) => tracing::warn!("workspace/configuration got no answer; keeping the current settings"),
            Ok(Err(err)) => tracing::warn!("workspace/configuration failed: {err}"),
            Ok(Ok(values)) => {
                let settings = values.first().map(Settings::from_json).unwrap_or_default();
                shared.lock().settings = settings;
            }
        }
    }

    /// Asks the client to watch Consul files and the manifest (`client/registerCapability`).
    async fn register_watchers(shared: &Shared) {
        if !shared.lock().client.watch_registration {
            return;
        }
        let watchers = ["**/*.hcl", "**/*.json", "**/*.yaml", "**/*.yml", "**/consul-ls.hcl"]
            .into_iter()
            .map(|glob| FileSystemWatcher { glob_pattern: GlobPattern::String(glob.to_string()), kind: None })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "consul-ls/watched-files".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        match tokio::time::timeout(CLIENT_TIMEOUT, shared.client.register_capability(vec![registration])).await {
            Ok(Ok(())) => {}
            Ok(Err(err)) => tracing::warn!("could not register file watchers: {err}"),
            Err(_) => tracing::warn!("client/registerCapability got no answer"),
        }
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
            let mut session = self.shared.lock();
            session.encoding = encoding;
            session.client = ClientFlags::from(&params.capabilities);
            session.folders = folders;
            if let Some(options) = &params.initialization_options {
                session.settings = Settings::from_json(options);
            }
        }
        if let Some(worker) = self.shared.worker.lock().unwrap_or_else(|p| p.into_inner()).take() {
            tokio::spawn(worker.run());
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
        // Spawned rather than awaited here: they wait for client responses, and the transport stops reading them
        // at `exit`, which would leave this handler (and the server's shutdown) waiting forever.
        let shared = self.shared.clone();
        tokio::spawn(async move { Backend::register_watchers(&shared).await });
        let shared = self.shared.clone();
        tokio::spawn(async move {
            // Settings first, so the first publication already honours them.
            Backend::fetch_settings(&shared).await;
            shared.lock().pending.reindex = true;
            shared.request_analysis();
        });
    }

    async fn shutdown(&self) -> jsonrpc::Result<()> {
        self.shared.phase.store(PHASE_SHUT_DOWN, Ordering::SeqCst);
        Ok(())
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let shared = self.shared.clone();
        if shared.lock().client.configuration {
            // Pull the settings (spawned: it waits for the client, see `initialized`).
            tokio::spawn(async move {
                Backend::fetch_settings(&shared).await;
                shared.lock().pending.republish = true;
                shared.request_analysis();
            });
        } else {
            let mut session = shared.lock();
            session.settings = Settings::from_json(&params.settings);
            session.pending.republish = true;
            drop(session);
            shared.request_analysis();
        }
    }

    async fn hover(&self, params: HoverParams) -> jsonrpc::Result<Option<Hover>> {
        let snapshot = self.shared.snapshot_for(Some(&params.text_document_position_params.text_document.uri)).await;
        Ok(requests::hover(&snapshot, &params))
    }

    async fn completion(&self, params: CompletionParams) -> jsonrpc::Result<Option<CompletionResponse>> {
        let snapshot = self.shared.snapshot_for(Some(&params.text_document_position.text_document.uri)).await;
        Ok(requests::completion(&snapshot, &params))
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> jsonrpc::Result<Option<GotoDefinitionResponse>> {
        let snapshot = self.shared.snapshot_for(Some(&params.text_document_position_params.text_document.uri)).await;
        Ok(requests::definition(&snapshot, &params))
    }

    async fn references(&self, params: ReferenceParams) -> jsonrpc::Result<Option<Vec<Location>>> {
        let snapshot = self.shared.snapshot_for(Some(&params.text_document_position.text_document.uri)).await;
        Ok(requests::references(&snapshot, &params))
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> jsonrpc::Result<Option<DocumentSymbolResponse>> {
        let snapshot = self.shared.snapshot_for(Some(&params.text_document.uri)).await;
        Ok(requests::document_symbol(&snapshot, &params))
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> jsonrpc::Result<Option<WorkspaceSymbolResponse>> {
        let snapshot = self.shared.snapshot_for(None).await;
        Ok(Some(requests::workspace_symbol(&snapshot, &params)))
    }

    async fn code_action(&self, params: CodeActionParams) -> jsonrpc::Result<Option<CodeActionResponse>> {
        let snapshot = self.shared.snapshot_for(Some(&params.text_document.uri)).await;
        requests::code_action(&snapshot, &params)
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> jsonrpc::Result<Option<Vec<TextEdit>>> {
        let snapshot = self.shared.snapshot_for(Some(&params.text_document.uri)).await;
        Ok(editing::formatting(&snapshot, &params))
    }

    async fn range_formatting(&self, params: DocumentRangeFormattingParams) -> jsonrpc::Result<Option<Vec<TextEdit>>> {
        let snapshot = self.shared.snapshot_for(Some(&params.text_document.uri)).await;
        Ok(editing::range_formatting(&snapshot, &params))
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> jsonrpc::Result<Option<PrepareRenameResponse>> {
        let snapshot = self.shared.snapshot_for(Some(&params.text_document.uri)).await;
        editing::prepare_rename(&snapshot, &params)
    }

    async fn rename(&self, params: RenameParams) -> jsonrpc::Result<Option<WorkspaceEdit>> {
        let snapshot = self.shared.snapshot_for(Some(&params.text_document_position.text_document.uri)).await;
        editing::rename(&snapshot, &params)
    }

    async fn code_lens(&self, params: CodeLensParams) -> jsonrpc::Result<Option<Vec<CodeLens>>> {
        let snapshot = self.shared.snapshot_for(Some(&params.text_document.uri)).await;
        Ok(editing::code_lens(&snapshot, &params))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> jsonrpc::Result<Option<Vec<InlayHint>>> {
        let snapshot = self.shared.snapshot_for(Some(&params.text_document.uri)).await;
        Ok(editing::inlay_hint(&snapshot, &params))
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> jsonrpc::Result<Option<SemanticTokensResult>> {
        let snapshot = self.shared.snapshot_for(Some(&params.text_document.uri)).await;
        Ok(editing::semantic_tokens_full(&snapshot, &params))
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> jsonrpc::Result<Option<SemanticTokensRangeResult>> {
        let snapshot = self.shared.snapshot_for(Some(&params.text_document.uri)).await;
        Ok(editing::semantic_tokens_range(&snapshot, &params))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> jsonrpc::Result<Option<Vec<FoldingRange>>> {
        let snapshot = self.shared.snapshot_for(Some(&params.text_document.uri)).await;
        Ok(editing::folding_range(&snapshot, &params))
    }

    async fn selection_range(&self, params: SelectionRangeParams) -> jsonrpc::Result<Option<Vec<SelectionRange>>> {
        let snapshot = self.shared.snapshot_for(Some(&params.text_document.uri)).await;
        Ok(editing::selection_range(&snapshot, &params))
    }

    async fn document_link(&self, params: DocumentLinkParams) -> jsonrpc::Result<Option<Vec<DocumentLink>>> {
        let snapshot = self.shared.snapshot_for(Some(&params.text_document.uri)).await;
        Ok(editing::document_link(&snapshot, &params))
    }
}

/// Serves LSP on stdin/stdout until `exit` (or end of input). Returns whether `shutdown` came first (the exit
/// code is 0 then, 1 otherwise, as the protocol asks).
pub async fn serve_stdio() -> bool {
    let mut builder = LspService::build(Backend::new)
        .custom_method("consul-ls/documentState", Backend::document_state)
        .custom_method(super::graph::METHOD, Backend::graph);
    // Requests that panic or take long on purpose, only when asked for, so tests can prove a panic does not end
    // the server and cancel a request that is surely running.
    if std::env::var_os("CONSUL_LS_TEST_HOOKS").is_some() {
        builder = builder
            .custom_method("consul-ls/panic", Backend::panic_for_tests)
            .custom_method("consul-ls/sleep", Backend::sleep_for_tests)
            .custom_method("consul-ls/idle", Backend::idle_for_tests)
            .custom_method("consul-ls/memory", Backend::memory_for_tests);
    }
    let (service, socket) = builder.finish();
    let shared = service.inner().shared.clone();
    let service = Ordered { inner: service, shared: shared.clone() };
    let (input, output, written) = super::guard::spawn(tokio::io::stdin(), tokio::io::stdout());
    Server::new(input, output, socket).concurrency_level(super::transport::MAX_CONCURRENT).serve(service).await;
    // Let the last responses (the answer to `shutdown`) reach stdout before the process ends.
    let _ = tokio::time::timeout(std::time::Duration::from_secs(2), written).await;
    shared.shutdown_requested.load(Ordering::SeqCst)
}
