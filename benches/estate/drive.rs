//! The editor sessions the benchmark times, through the servers' public surface only (LSP over stdio):
//!
//! - **cold index** (consul-ls): `initialize` (workspace folder = the estate) → `initialized` → the server's
//!   work-done progress ends and its `publishDiagnostics` settle. Settled means: every progress token that began has
//!   ended, and no publish arrived for the settle period (500 ms by default). The figure is the time from sending
//!   `initialize` to the *last* publish (or to the progress `end`, if that came later) — not to the end of the quiet
//!   period.
//! - **edit loop**: `didOpen` the edit target (a JSON service definition), wait for its first publish, then
//!   incremental `didChange`s with increasing versions, each timed from just before it is written to the arrival of
//!   the `publishDiagnostics` of that document *for that version*. A server publishes a document only when its
//!   diagnostics change, so every edit is made to change them: the edits cycle through four slots of the target,
//!   each toggled between its original value and a wrong value that is new every time (see
//!   `generate::EditKind`): an upstream's `local_bind_port` quoted (value only), an unknown `destination_peer`, a
//!   `destination_name` the peer does not export, and the service renamed (the file carries a permanent
//!   `upstream-peer-conflict` whose message names the service). The next edit is sent once the previous one is
//!   published.
//! - **big file**: `didOpen` of the ~5 MB JSON file (it has one seeded finding), timed to its first publish for
//!   version 1.
//! - **baseline** (vscode-json-language-server): the same target, the same edits, the generated JSON Schemas
//!   given inline in its `json.schemas` setting. It publishes without a version, once per validation, 500 ms after
//!   the last change (its own debounce); as the driver waits for each publish before the next edit, the first
//!   publish for the document after an edit is that edit's.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::generate::{EditKind, EditTarget};
use crate::lsp::{self, Rss, Server, Timeout};

#[derive(Clone, Debug)]
pub struct Options {
    pub settle: Duration,
    pub index_timeout: Duration,
    pub edit_timeout: Duration,
    pub n_edits: usize,
    /// Stop the edit loop after this long even if fewer edits were made.
    pub edit_budget: Duration,
}

#[derive(Clone, Debug, Default)]
pub struct ColdIndex {
    /// `initialize` → the last publish of the initial indexing.
    pub last_publish: Option<Duration>,
    /// `initialize` → the last progress `end`.
    pub progress_end: Option<Duration>,
    /// The later of the two: when the editor shows everything.
    pub ready: Option<Duration>,
    pub publishes: usize,
    pub timed_out: bool,
    pub rss: Option<Rss>,
}

#[derive(Clone, Debug, Default)]
pub struct EditLoop {
    /// `didOpen` of the target → its first publish.
    pub open: Option<Duration>,
    /// (kind, latency, number of diagnostics published) of every edit that was published.
    pub samples: Vec<(EditKind, Duration, usize)>,
    pub timeouts: usize,
    pub attempted: usize,
}

impl EditLoop {
    pub fn latencies(&self, kind: Option<EditKind>) -> Vec<Duration> {
        let mut v: Vec<Duration> =
            self.samples.iter().filter(|(k, _, _)| kind.is_none_or(|kind| *k == kind)).map(|(_, d, _)| *d).collect();
        v.sort();
        v
    }

    /// Whether the server reported the quoted port of a value edit: the check that a baseline really validates
    /// against the schema (and is not timed doing nothing).
    pub fn reported_value_errors(&self) -> bool {
        self.samples.iter().any(|(kind, _, n)| *kind == EditKind::Value && *n > 0)
    }
}

/// Nearest-rank percentile of sorted samples.
pub fn percentile(sorted: &[Duration], p: f64) -> Option<Duration> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

#[derive(Clone, Debug, Default)]
pub struct Session {
    pub cold: ColdIndex,
    pub edits: EditLoop,
    pub big_open: Option<Result<Duration, String>>,
    /// After the edit loop (and the big file, if any).
    pub rss_end: Option<Rss>,
    pub error: Option<String>,
}

/// A consul-ls session over `root`: cold index, edit loop, then (if given) opening the big file.
pub fn consul_ls(binary: &Path, root: &Path, edit: &EditTarget, big_file: Option<&str>, options: &Options) -> Session {
    let mut session = Session::default();
    let mut command = Command::new(binary);
    command.arg("serve").current_dir(root).env("CONSUL_LS_LOG", "warn");
    let mut server = match Server::spawn(&mut command) {
        Ok(server) => server,
        Err(e) => {
            session.error = Some(format!("cannot start {}: {e}", binary.display()));
            return session;
        }
    };
    server.configuration = Value::Null;
    let start = Instant::now();
    let id = server.request("initialize", lsp::initialize_params(root, json!({})));
    if let Err(e) = server.response(id, start + options.index_timeout) {
        session.error = Some(format!("initialize: {e}; stderr: {}", server.stderr_tail()));
        return session;
    }
    server.notify("initialized", json!({}));
    session.cold = cold_index(&mut server, start, options);
    session.cold.rss = lsp::rss(server.pid());
    if session.cold.timed_out {
        session.error = Some(format!("indexing did not settle within {:?}", options.index_timeout));
        return session;
    }
    session.edits = edit_loop(&mut server, root, edit, true, options);
    if let Some(big) = big_file {
        session.big_open = Some(open_and_time(&mut server, root, big, true, options.index_timeout));
    }
    session.rss_end = lsp::rss(server.pid());
    server.stop();
    session
}

/// Waits for the initial indexing to settle (see the module docs).
fn cold_index(server: &mut Server, start: Instant, options: &Options) -> ColdIndex {
    let mut cold = ColdIndex::default();
    let deadline = start + options.index_timeout;
    let mut open_tokens: Vec<Value> = Vec::new();
    let mut progress_seen = false;
    let mut last_publish: Option<Instant> = None;
    let mut last_end: Option<Instant> = None;
    let initialized = Instant::now();
    loop {
        // Quiet since the last event; a server that reports no progress at all gets a longer quiet period.
        let last_event = [Some(initialized), last_publish, last_end].into_iter().flatten().max().unwrap_or(initialized);
        let quiet = if progress_seen { options.settle } else { options.settle * 4 };
        let wait_until = if open_tokens.is_empty() { (last_event + quiet).min(deadline) } else { deadline };
        match server.recv(wait_until) {
            Ok(message) => match message.method() {
                Some("textDocument/publishDiagnostics") => {
                    cold.publishes += 1;
                    last_publish = Some(message.at);
                }
                Some("$/progress") => {
                    let token = message.params()["token"].clone();
                    match message.params()["value"]["kind"].as_str() {
                        Some("begin") => {
                            progress_seen = true;
                            open_tokens.push(token);
                        }
                        Some("end") => {
                            open_tokens.retain(|t| *t != token);
                            last_end = Some(message.at);
                        }
                        _ => {}
                    }
                }
                _ => {}
            },
            Err(_) if Instant::now() >= deadline => {
                cold.timed_out = true;
                break;
            }
            Err(_) => break,
        }
    }
    cold.last_publish = last_publish.map(|t| t - start);
    cold.progress_end = last_end.map(|t| t - start);
    cold.ready = last_publish.max(last_end).map(|t| t - start);
    cold
}

/// A document open in the driver: its URI, text and version.
struct Document {
    uri: String,
    text: String,
    version: i64,
}

/// Byte offset → LSP position. The estates are ASCII, where UTF-8 and UTF-16 columns agree.
fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let column = offset - before.rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": column})
}

fn open(server: &mut Server, root: &Path, rel: &str) -> std::io::Result<(Document, Instant)> {
    let text = std::fs::read_to_string(root.join(rel))?;
    let uri = lsp::file_uri(&root.join(rel));
    let sent = Instant::now();
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}),
    );
    Ok((Document { uri, text, version: 1 }, sent))
}

/// Waits for the publish of `uri` that answers an edit: for `version` when `versioned`, else the first one.
/// Returns when it arrived and how many diagnostics it carried.
fn wait_publish(
    server: &mut Server,
    uri: &str,
    version: i64,
    versioned: bool,
    deadline: Instant,
) -> Result<(Instant, usize), Timeout> {
    loop {
        let message = server.recv(deadline)?;
        if let Some((published, count)) = message.publish_for(uri)
            && (!versioned || published == Some(version))
        {
            return Ok((message.at, count));
        }
    }
}

fn open_and_time(
    server: &mut Server,
    root: &Path,
    rel: &str,
    versioned: bool,
    timeout: Duration,
) -> Result<Duration, String> {
    let (document, sent) = open(server, root, rel).map_err(|e| format!("cannot read {rel}: {e}"))?;
    match wait_publish(server, &document.uri, 1, versioned, sent + timeout) {
        Ok((at, _)) => Ok(at - sent),
        Err(e) => Err(e.to_string()),
    }
}

/// The edit loop (see the module docs). `versioned`: match publishes by version (consul-ls) or take the first
/// publish after the edit (the baseline, which publishes without versions).
pub fn edit_loop(
    server: &mut Server,
    root: &Path,
    target: &EditTarget,
    versioned: bool,
    options: &Options,
) -> EditLoop {
    let mut result = EditLoop::default();
    let Ok((mut document, sent)) = open(server, root, &target.file) else { return result };
    result.open =
        wait_publish(server, &document.uri, 1, versioned, sent + options.edit_timeout).ok().map(|(at, _)| at - sent);
    // Each slot's current value and how many times it was switched on.
    let mut current: Vec<String> = target.slots.iter().map(|slot| slot.original.clone()).collect();
    let mut switched_on = vec![0usize; target.slots.len()];
    let loop_start = Instant::now();
    for step in 0..options.n_edits {
        if loop_start.elapsed() > options.edit_budget || result.timeouts >= 3 {
            break;
        }
        let s = step % target.slots.len();
        let slot = &target.slots[s];
        let new_value = if current[s] == slot.original {
            switched_on[s] += 1;
            slot.wrong_value(step)
        } else {
            slot.original.clone()
        };
        let needle = format!("{}{}", slot.key, current[s]);
        let Some(at) = document.text.find(&needle) else { break };
        let start = at + slot.key.len();
        let end = start + current[s].len();
        let range = json!({"start": position(&document.text, start), "end": position(&document.text, end)});
        document.text.replace_range(start..end, &new_value);
        document.version += 1;
        current[s] = new_value.clone();
        result.attempted += 1;
        let sent = Instant::now();
        server.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": document.uri, "version": document.version},
                "contentChanges": [{"range": range, "text": new_value}],
            }),
        );
        match wait_publish(server, &document.uri, document.version, versioned, sent + options.edit_timeout) {
            Ok((at, count)) => result.samples.push((slot.kind, at - sent, count)),
            Err(_) => result.timeouts += 1,
        }
    }
    result
}

/// The baseline's install: `node_modules` under `dir` (from the committed lock file), the server's entry point.
pub fn baseline_server_js(dir: &Path) -> PathBuf {
    dir.join("node_modules/vscode-langservers-extracted/bin/vscode-json-language-server")
}

/// The baseline session: vscode-json-language-server with the JSON Schemas (`schemas`: fileMatch patterns and
/// schema) in its settings, the same edit loop, then the big file.
pub fn baseline(
    server_js: &Path,
    root: &Path,
    schemas: &[(Vec<String>, Value)],
    edit: &EditTarget,
    big_file: Option<&str>,
    options: &Options,
) -> Session {
    let mut session = Session::default();
    let mut command = Command::new("node");
    command.arg(server_js).arg("--stdio").current_dir(root);
    let mut server = match Server::spawn(&mut command) {
        Ok(server) => server,
        Err(e) => {
            session.error = Some(format!("cannot start node {}: {e}", server_js.display()));
            return session;
        }
    };
    let start = Instant::now();
    let id = server.request("initialize", lsp::initialize_params(root, json!({"provideFormatter": false})));
    if let Err(e) = server.response(id, start + options.index_timeout) {
        session.error = Some(format!("initialize: {e}; stderr: {}", server.stderr_tail()));
        return session;
    }
    server.notify("initialized", json!({}));
    let schemas: Vec<Value> = schemas
        .iter()
        .enumerate()
        .map(|(i, (file_match, schema))| {
            json!({"fileMatch": file_match, "url": format!("consul-ls://schemas/{i}.json"), "schema": schema})
        })
        .collect();
    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"json": {"validate": {"enable": true}, "schemas": schemas}}}),
    );
    session.cold.rss = lsp::rss(server.pid());
    session.edits = edit_loop(&mut server, root, edit, false, options);
    if let Some(big) = big_file {
        session.big_open = Some(open_and_time(&mut server, root, big, false, options.index_timeout));
    }
    session.rss_end = lsp::rss(server.pid());
    server.stop();
    session
}
