//! `consul-ls serve`: the Language Server Protocol over stdin/stdout. The only module that knows the protocol;
//! everything it shows comes from [`crate::ide`] and [`crate::rules`] as plain data in byte offsets.
//!
//! - [`server`]: state, the ordering of edits, the analysis worker, request handlers.
//! - [`convert`]: byte offsets ↔ positions in the negotiated encoding.
//! - [`documents`]: open documents (ropes) and incremental edits.
//! - [`proto`]: IDE results → protocol types.
//! - [`config`]: settings; [`progress`]: work-done progress.
pub mod config;
pub mod convert;
pub mod documents;
mod guard;
pub mod progress;
pub mod proto;
pub mod server;

use std::process::ExitCode;
use std::time::Duration;

/// The environment variable that sets the log filter (`warn` by default), e.g. `CONSUL_LS_LOG=debug`.
pub const LOG_ENV: &str = "CONSUL_LS_LOG";

const SILENCED_CODEC: &str = "tower_lsp_server::codec=off";

/// Logs go to stderr only: stdout carries the protocol.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env(LOG_ENV)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"))
        // The framework's codec traces every raw message, file texts included, and so any ACL token written in
        // them: never log those, whatever level is asked for.
        .add_directive(SILENCED_CODEC.parse().expect("valid directive"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_target(false)
        .try_init();
}

/// Runs the server until the client says `exit` (or closes stdin). Exit code 0 after `shutdown`, else 1.
pub fn run() -> ExitCode {
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => return crate::cli::fail(format!("cannot start the async runtime: {err}")),
    };
    let clean = runtime.block_on(server::serve_stdio());
    // Reading stdin blocks a thread that cannot be interrupted; do not wait for it.
    runtime.shutdown_timeout(Duration::from_millis(200));
    if clean { ExitCode::SUCCESS } else { ExitCode::from(1) }
}
