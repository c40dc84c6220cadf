//! The ordered transport: a wrapper around the framework's service that works around how tower-lsp-server 0.23
//! behaves. This is THE list of framework behaviours consul-ls works around (each has a test through the binary
//! in `tests/protocol.rs` or `tests/lsp.rs`):
//!
//! - **Ordering.** The framework calls `Service::call` for each incoming message in the order read, then runs the
//!   returned futures with bounded concurrency (`buffer_unordered(4)`), so two notifications' handler bodies are
//!   not guaranteed to run in arrival order. The state-changing notifications (document sync, watched files,
//!   workspace folders) are therefore applied inside `call` itself, synchronously: that is the only point where
//!   arrival order is known. Requests then see every edit that arrived before them.
//! - **Initialization.** The framework never enters its own "initializing" state, so an `initialized` pipelined
//!   behind `initialize` would be dropped as "not initialized": nothing is dispatched while `initialize` runs.
//! - **Requests before `initialize`.** The framework answers `ServerNotInitialized` (-32002) only for the methods
//!   it knows; an unknown method gets `MethodNotFound` and a `$/` request no answer at all. Every request before
//!   `initialize` is answered -32002 here. (Notifications before it are dropped by the framework, as the spec
//!   asks; `exit` still exits, with code 1.)
//! - **Requests after `shutdown`.** Likewise the framework answers `InvalidRequest` only for known methods: every
//!   request after `shutdown` gets `InvalidRequest` here.
//! - **`$/` requests.** The framework drops every `MethodNotFound` answer to a method starting with `$/` —
//!   right for notifications, but a `$/` *request* must be answered `MethodNotFound`, or the client waits forever.
//!   consul-ls has no `$/` requests, so every one is answered `MethodNotFound` here. `$/` notifications other than
//!   `$/cancelRequest` are ignored (by the framework).
//! - **Concurrency.** The framework runs at most 4 handlers at once (`buffer_unordered(4)`): a fifth request —
//!   even one answered at once, even the answer to a cancelled request — waits until one of the four is done, and
//!   requests wait up to [`super::server::SNAPSHOT_TIMEOUT`] for an analysis. `serve` raises the limit to
//!   [`MAX_CONCURRENT`].
//! - **`$/cancelRequest`.** The framework's cancel handler only runs when its future is polled, in the same
//!   bounded `buffer_unordered` as the requests: with the slots full of requests in flight, a cancel waits behind
//!   the very requests it should cancel. It is run inside `call` here, at once; the cancelled request then answers
//!   `RequestCancelled` (-32800).
//! - **Shutdown.** `shutdown` is recorded on arrival: `exit` may follow before its handler ran (and then aborts
//!   it), and the exit code must still be 0. `exit` without `shutdown` exits with code 1 (`super::run`).
//! - **Panics.** A panic in any handler becomes an error response; the server keeps serving.
//! - **Framing.** The framework's codec (tokio-util's `FramedRead`) ends the session at the first frame it cannot
//!   decode: invalid UTF-8, broken JSON, JSON that is no JSON-RPC message, duplicate keys (`serde_json::Value`
//!   takes them, the framework's untagged `Message` refuses them), a header block without `Content-Length`. A
//!   wrong `Content-Length` desynchronises it. Malformed frames and messages never reach the framework:
//!   [`super::guard`] answers them and finds the next frame.
//! - **Unimplemented requests** (a client's optional feature the server does not offer) are answered
//!   `MethodNotFound` by the framework, which would log each at ERROR; that log is silenced (see
//!   `lsp::init_logging`) and they are logged here at DEBUG: only real errors are logged at ERROR.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::task::{Context, Poll};

use futures::FutureExt;
use futures::future::BoxFuture;
use tower_lsp_server::jsonrpc::{self, Request, Response};
use tower_lsp_server::{ExitedError, LspService};

use super::notifications;
use super::server::{Backend, PHASE_UNINITIALIZED, Shared};

/// Notifications that change state and are applied in arrival order.
const ORDERED_NOTIFICATIONS: &[&str] = &[
    "textDocument/didOpen",
    "textDocument/didChange",
    "textDocument/didClose",
    "textDocument/didSave",
    "workspace/didChangeWatchedFiles",
    "workspace/didChangeWorkspaceFolders",
];

/// How many handlers run at once (the framework's default is 4; see the module doc).
pub const MAX_CONCURRENT: usize = 256;

/// The LSP error code of a request before `initialize`.
const SERVER_NOT_INITIALIZED: i64 = -32002;

pub struct Ordered {
    pub inner: LspService<Backend>,
    pub shared: Arc<Shared>,
}

impl tower_service::Service<Request> for Ordered {
    type Response = Option<Response>;
    type Error = ExitedError;
    type Future = BoxFuture<'static, Result<Option<Response>, ExitedError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        // Register, then re-check, so a completion of `initialize` between the two is not missed.
        if self.shared.initializing.load(Ordering::SeqCst) {
            *self.shared.initialize_waker.lock().unwrap_or_else(|p| p.into_inner()) = Some(cx.waker().clone());
            if self.shared.initializing.load(Ordering::SeqCst) {
                return Poll::Pending;
            }
        }
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        if let Some(response) = self.refusal(&request) {
            return futures::future::ready(Ok(Some(response))).boxed();
        }
        if request.method() == "$/cancelRequest" && request.id().is_none() {
            // The framework's handler cancels when first polled, and is ready then: poll it here, at once.
            let mut future = self.call_inner(request);
            return match (&mut future).now_or_never() {
                Some(result) => futures::future::ready(result).boxed(),
                None => future,
            };
        }
        match request.method() {
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
                std::panic::catch_unwind(AssertUnwindSafe(|| notifications::apply(&shared, &method, params)))
            {
                tracing::error!("{method} panicked: {}", panic_message(&panic));
            }
            return futures::future::ready(Ok(None)).boxed();
        }
        self.call_inner(request)
    }
}

impl Ordered {
    /// The error answer to a request the framework would answer wrongly or not at all (see the module doc).
    fn refusal(&self, request: &Request) -> Option<Response> {
        let id = request.id()?.clone();
        let error = if self.shared.phase.load(Ordering::SeqCst) == PHASE_UNINITIALIZED {
            if request.method() == "initialize" {
                return None;
            }
            jsonrpc::Error {
                code: jsonrpc::ErrorCode::ServerError(SERVER_NOT_INITIALIZED),
                message: "Server not initialized".into(),
                data: None,
            }
        } else if self.shared.shutdown_requested.load(Ordering::SeqCst) {
            jsonrpc::Error::invalid_request()
        } else if request.method().starts_with("$/") {
            let mut error = jsonrpc::Error::method_not_found();
            error.data = Some(serde_json::Value::String(request.method().to_string()));
            error
        } else {
            return None;
        };
        Some(Response::from_error(id, error))
    }

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
                Ok(result) => {
                    if let Ok(Some(response)) = &result
                        && response.error().is_some_and(|e| e.code == jsonrpc::ErrorCode::MethodNotFound)
                    {
                        tracing::debug!("{method} is not implemented: answered MethodNotFound");
                    }
                    result
                }
                Err(panic) => Ok(panic_response(id, &method, &panic)),
            }
        }
        .boxed()
    }
}

fn panic_response(id: Option<jsonrpc::Id>, method: &str, panic: &Box<dyn std::any::Any + Send>) -> Option<Response> {
    let message = panic_message(panic);
    tracing::error!("handler for {method} panicked: {message}");
    let mut error = jsonrpc::Error::internal_error();
    error.message = format!("consul-ls: internal error in {method}: {message}").into();
    id.map(|id| Response::from_error(id, error))
}

pub fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}
