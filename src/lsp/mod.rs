//! `consul-ls serve`: the Language Server Protocol over stdin/stdout. The only module that knows the protocol;
//! everything it shows comes from [`crate::ide`] and [`crate::rules`] as plain data in byte offsets.
//!
//! - [`server`]: shared state, the framework's handler object, `serve_stdio`.
//! - [`transport`]: the ordered transport that works around the framework; [`guard`]: malformed frames.
//! - [`session`]: what the client told us and the work pending for the analysis.
//! - [`notifications`]: state-changing notifications, applied in arrival order.
//! - [`worker`]: the analysis worker (owns the analysis); [`publish`]: diagnostics publishing.
//! - [`requests`]: request handlers on snapshots; [`editing`]: those of the editing features (formatting,
//!   rename, lenses, hints, tokens, folding, selection, links); [`snapshot`]: the view they answer from.
//! - [`capabilities`]: what `initialize` advertises; [`graph`]: the `consul-ls/graph` request (the topology).
//! - [`convert`]: byte offsets ↔ positions in the negotiated encoding; [`proto`]: IDE results → protocol types.
//! - [`documents`]: open documents (ropes) and incremental edits; [`config`]: settings; [`progress`]: progress.
pub mod capabilities;
pub mod config;
pub mod convert;
pub mod documents;
pub mod editing;
pub mod graph;
pub mod guard;
pub mod notifications;
pub mod progress;
pub mod proto;
pub mod publish;
pub mod requests;
pub mod server;
pub mod session;
pub mod snapshot;
pub mod transport;
pub mod worker;

use std::process::ExitCode;
use std::time::Duration;

/// The environment variable that sets the log filter (`warn` by default), e.g. `CONSUL_LS_LOG=debug`.
pub const LOG_ENV: &str = "CONSUL_LS_LOG";

const SILENCED_CODEC: &str = "tower_lsp_server::codec=off";

/// The framework logs every request it has no handler for at ERROR (and unhandled notifications at WARN) from
/// this module, which logs nothing else; the transport logs such requests at DEBUG instead (they are the
/// client's optional features, not errors).
const SILENCED_UNIMPLEMENTED: &str = "tower_lsp_server::server=off";

/// Logs go to stderr only: stdout carries the protocol.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env(LOG_ENV)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"))
        // The framework's codec traces every raw message, file texts included, and so any ACL token written in
        // them: never log those, whatever level is asked for.
        .add_directive(SILENCED_CODEC.parse().expect("valid directive"))
        .add_directive(SILENCED_UNIMPLEMENTED.parse().expect("valid directive"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_target(false)
        .try_init();
}

/// The `file:` URI's path; other schemes (untitled buffers) are not analysed.
pub fn uri_to_path(uri: &tower_lsp_server::ls_types::Uri) -> Option<std::path::PathBuf> {
    if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    uri.to_file_path().map(|p| crate::workspace::normalize(&p))
}

/// Runs the server until the client says `exit` (or closes stdin). Exit code 0 after `shutdown`, else 1.
pub fn run() -> ExitCode {
    init_logging();
    disable_transparent_huge_pages();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => return crate::cli::fail(format!("cannot start the async runtime: {err}")),
    };
    let clean = runtime.block_on(server::serve_stdio());
    // Reading stdin blocks a thread that cannot be interrupted; do not wait for it.
    runtime.shutdown_timeout(Duration::from_millis(200));
    if clean { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

/// Turns transparent huge pages off for this process. The allocator (mimalloc) reserves its arena with
/// `madvise(MADV_HUGEPAGE)`, so each 2 MiB region it touches is faulted in as one huge page, and a region keeps
/// being resident while any small block in it is live. For a server that lives for a whole editing session that
/// is memory that does not return: in `tests/soak.rs` (a 400-file estate, 2-3 MB of live heap) the resident size
/// was 32 MB after indexing and 85 MB after the soak with huge pages; 17 MB and 32-34 MB with this call (the few
/// huge pages faulted before `main` stay). `check` keeps huge pages: it is a short run.
fn disable_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: PR_SET_THP_DISABLE takes a flag and no pointers; it only sets a flag of this process.
        let result = unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
        if result != 0 {
            tracing::debug!("could not turn transparent huge pages off: {}", std::io::Error::last_os_error());
        }
    }
}
